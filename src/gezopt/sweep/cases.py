"""Each case as its own scenario: the base with the sweep's values put over it as ``--set`` values are, checked
like a scenario file, with the hash of everything its results depend on.

A case's problems are reported where its values were written: a problem at a key path a case set is moved
from ``command line:-:--set <key>`` (where :mod:`gezopt.scenario.assignments` puts the problems of ``--set``
values) to ``sweep.yaml:-:grid.<key>``, ``sweep.yaml:-:cases.3.<key>`` or ``command line:-:--vary <key>``
(:func:`located`), on the machine that loads the case and on the worker that solves it alike.

The inputs hash of a case (:func:`inputs_sha256`) covers the resolved scenario with the case's values (its
SHA-256, :attr:`gezopt.scenario.Scenario.digest`), every file of the dataset and gezopt's version: a case
whose results folder records the same hash is not solved again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gezopt import __version__
from gezopt.config import RunSettings
from gezopt.errors import InputError, Problem
from gezopt.pipeline import input_hashes
from gezopt.scenario import Scenario, load_scenario, run_settings
from gezopt.scenario.assignments import COMMAND_LINE, Assignment, option_label, within
from gezopt.sweep.definition import Case, Setting, SweepDefinition

SINGLE_THREAD = 1  # each case's solve: the cluster's workers give the parallelism


@dataclass(frozen=True)
class Origin:
    """Where the value at ``key`` was written: problems at or below it are reported as ``file:-:<prefix><key>``."""

    key: str
    file: str
    prefix: str


@dataclass(frozen=True)
class CaseTask:
    """One case, loaded and checked, with what its worker needs to solve it and to check it sees the same
    dataset and gezopt as the machine that planned it."""

    case: Case
    scenario: Scenario
    settings: RunSettings
    origins: tuple[Origin, ...]
    dataset_sha256: str
    gezopt_version: str

    @property
    def inputs_sha256(self) -> str:
        return inputs_sha256(self.scenario.digest, self.dataset_sha256, self.gezopt_version)


def inputs_sha256(scenario_digest: str, dataset_sha256: str, version: str) -> str:
    """SHA-256 of what a case's results depend on: the resolved scenario, the dataset's files, gezopt's version."""
    document = {"scenario": scenario_digest, "dataset": dataset_sha256, "gezopt": version}
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def dataset_sha256(inputs: Path) -> str:
    """SHA-256 of the dataset folder's files (their names and their own SHA-256, as ``run.json`` lists them)."""
    return hashlib.sha256(json.dumps(input_hashes(inputs), sort_keys=True).encode()).hexdigest()


def located(problems: Sequence[Problem], origins: Sequence[Origin]) -> list[Problem]:
    """The problems, each one at a ``--set`` key path put where the value that set it was written: the last of
    ``origins`` (in the order they were applied) whose key path holds it or lies below it."""
    result = []
    for problem in problems:
        option = option_label("")
        key = problem.column[len(option):] if (problem.file == COMMAND_LINE and problem.column is not None
                                               and problem.column.startswith(option)) else None
        origin = None if key is None else next(
            (o for o in reversed(origins) if within(key, o.key) or within(o.key, key)), None)
        result.append(problem if origin is None else Problem(origin.file, None, origin.prefix + key, problem.message))
    return result


def setting_origin(setting: Setting) -> Origin:
    return Origin(key=setting.key, file=setting.file, prefix=setting.prefix)


def command_line_origin(assignment: Assignment) -> Origin:
    return Origin(key=assignment.key, file=COMMAND_LINE, prefix=option_label(""))


def _load(base: Path, assignments: Sequence[Assignment], origins: Sequence[Origin]) -> Scenario:
    """The base scenario with ``assignments`` over it; problems located by ``origins``."""
    try:
        return load_scenario(base, tuple(assignments))
    except InputError as error:
        raise InputError(located(error.problems, origins)) from None


@dataclass(frozen=True)
class SharedValues:
    """What every case of a sweep puts over the base, in order: the sweep file's ``set``, then ``--set``."""

    assignments: tuple[Assignment, ...]
    origins: tuple[Origin, ...]


def shared_values(definition: SweepDefinition, command_line: Sequence[Assignment]) -> SharedValues:
    return SharedValues(
        assignments=(*(s.assignment for s in definition.shared), *command_line),
        origins=(*(setting_origin(s) for s in definition.shared), *(command_line_origin(a) for a in command_line)))


def check_base(definition: SweepDefinition, shared: SharedValues) -> Scenario:
    """The base scenario with the shared values, checked before any case: its problems stop the sweep."""
    return _load(definition.base, shared.assignments, shared.origins)


def load_case(definition: SweepDefinition, shared: SharedValues, case: Case, out: Path,
              datasets: dict[Path, str]) -> CaseTask:
    """The case as a task: its scenario (named after the case) and settings (one thread, its results folder
    ``out``); an :class:`InputError` with the case's problems where they were written.  ``datasets`` caches
    each dataset folder's hash between cases."""
    origins = (*shared.origins, *(setting_origin(s) for s in case.settings))
    loaded = _load(definition.base, (*shared.assignments, *(s.assignment for s in case.settings)), origins)
    scenario = dataclasses.replace(loaded, name=case.name)
    settings = run_settings(scenario, out=out, threads=SINGLE_THREAD)
    if settings.inputs not in datasets:
        datasets[settings.inputs] = dataset_sha256(settings.inputs)
    return CaseTask(case=case, scenario=scenario, settings=settings, origins=origins,
                    dataset_sha256=datasets[settings.inputs], gezopt_version=__version__)
