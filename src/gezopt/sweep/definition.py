"""What a sweep is: a base scenario, the values every case shares, and the cases, read from a sweep file or
from ``gezopt sweep``'s options, checked before anything is solved.

A sweep file (YAML)::

    description: Kalbajar wind's marginal cost, a winter week of 2028   # optional
    base: base-week                  # the scenario every case changes: a name or a file (as ``extends`` finds it)
    set: {year: 2028}                # optional: key paths every case sets
    grid:                            # every combination of these values (a cartesian product) ...
      overrides.generators.KALBAJAR_WIND.marginal_cost_azn_per_mwh: [0, 10, 20, 40]
    # cases:                         # ... or a list of cases, each a mapping of key paths to values
    #   - {overrides.parameters.co2_price_azn_per_t: 0, hydrology.inflow_scale: 0.7}
    plot: [system_cost_azn, curtailment_mwh]   # optional: the KPIs to plot against each parameter

Each key path is a ``--set`` key path (:mod:`gezopt.scenario.assignments`); a case is the base scenario with
its values put over it as ``--set`` values are, so it gets the scenario file's checks.  Problems of the file
itself (its shape, key paths that are not paths, values given twice) are every one reported at once as
``file:-:key: message`` (an :class:`~gezopt.errors.InputError`, exit code 3) before anything is solved.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gezopt.errors import InputError, Problem, excerpt, quoted
from gezopt.scenario.assignments import COMMAND_LINE, Assignment, key_path_problem, parse_assignment
from gezopt.scenario.loading import BoundedSafeLoader, find_scenario, read_yaml_mapping

DEFAULT_PLOTS = ("system_cost_azn", "emissions_t", "imports_mwh", "exports_mwh", "curtailment_mwh",
                 "demand_weighted_price_azn_per_mwh")
MAXIMUM_CASES = 10_000  # a grid beyond this is a typo more often than a plan
SWEEP_KEYS = ("description", "base", "set", "grid", "cases", "plot")
LONGEST_CASE_NAME = 120  # characters; longer names become case-<hash>
UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._=,+-]")


@dataclass(frozen=True)
class Setting:
    """One key path set to a value, and where it was written: problems found at or below its key path are
    reported as ``file:-:<prefix><key path>`` (``sweep.yaml:-:grid.<key>``, ``command line:-:--vary <key>``)."""

    key: str
    value: Any
    file: str
    prefix: str

    @property
    def text(self) -> str:
        """The value as YAML text, as a ``--set`` value would be typed."""
        return yaml_text(self.value)

    @property
    def assignment(self) -> Assignment:
        return Assignment(key=self.key, text=self.text)


@dataclass(frozen=True)
class Case:
    """One case: its name (its values, or ``case-<hash>`` when they do not make a short, unique name) and the
    values it sets, in parameter order."""

    name: str
    settings: tuple[Setting, ...]


@dataclass(frozen=True)
class SweepDefinition:
    """A checked sweep: the base scenario's file, the settings every case shares, the parameters (key paths
    the cases vary, in order), the cases and the KPIs to plot."""

    label: str  # the sweep file, or "command line"
    description: str
    base: Path
    shared: tuple[Setting, ...]
    parameters: tuple[str, ...]
    cases: tuple[Case, ...]
    plots: tuple[str, ...]


def yaml_text(value: Any) -> str:
    """``value`` as one line of YAML that reads back as the same value (``25``, ``'2025-01-01'``, ``[1, 2]``)."""
    text = yaml.safe_dump(value, default_flow_style=True, width=10**9).strip()
    return text.removesuffix("...").strip()


def parameter_labels(keys: Sequence[str]) -> dict[str, str]:
    """Each key path's shortest dotted tail that no other key path ends with (``co2_price_azn_per_t``;
    ``KALBAJAR_WIND.marginal_cost_azn_per_mwh`` beside ``LACHIN_WIND.marginal_cost_azn_per_mwh``)."""
    labels = {}
    for key in keys:
        segments = key.split(".")
        for length in range(1, len(segments) + 1):
            tail = ".".join(segments[-length:])
            if not any(other != key and (other == tail or other.endswith("." + tail)) for other in keys):
                break
        labels[key] = tail
    return labels


def _case_names(cases: Sequence[tuple[Setting, ...]], parameters: Sequence[str]) -> list[str]:
    """A folder name for each case: ``label=value`` joined by commas, safe characters only; ``case-<hash>`` of
    the values for a name that is too long or that another case would share."""
    labels = parameter_labels(parameters)
    readable = []
    for settings in cases:
        text = ",".join(f"{labels[s.key]}={s.value if isinstance(s.value, str) else s.text}" for s in settings)
        readable.append(UNSAFE_IN_NAME.sub("_", text))
    names = []
    for name, settings in zip(readable, cases):
        if len(name) > LONGEST_CASE_NAME or readable.count(name) > 1 or name.startswith("."):
            digest = hashlib.sha256("\n".join(str(s.assignment) for s in settings).encode()).hexdigest()
            name = f"case-{digest[:12]}"
        names.append(name)
    return names


def make_cases(cases: Sequence[tuple[Setting, ...]]) -> tuple[tuple[str, ...], tuple[Case, ...]]:
    """The parameters (key paths in order of first use) and the named cases."""
    parameters = tuple(dict.fromkeys(setting.key for settings in cases for setting in settings))
    names = _case_names(cases, parameters)
    return parameters, tuple(Case(name=name, settings=settings) for name, settings in zip(names, cases))


def grid_cases(parameters: Sequence[Sequence[Setting]]) -> list[tuple[Setting, ...]]:
    """Every combination of the parameters' values (the first parameter varies slowest)."""
    return [tuple(combination) for combination in itertools.product(*parameters)]


# ---------------------------------------------------------------- the sweep file


class _Checker:
    """Collects the problems of one sweep file."""

    def __init__(self, label: str):
        self.label = label
        self.problems: list[Problem] = []

    def add(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.label, None, column, message))

    def key_paths(self, mapping: dict, column: str) -> list[str]:
        """The mapping's keys that are key paths; a problem for each that is not."""
        keys = []
        for key in mapping:
            if not isinstance(key, str):
                self.add(f"{column}.{excerpt(key)}", f"a key path must be text (got {excerpt(repr(key))})")
            elif (problem := key_path_problem(key)) is not None:
                self.add(f"{column}.{key}", problem)
            else:
                keys.append(key)
        return keys

    def mapping(self, value: Any, column: str, what: str) -> dict | None:
        if isinstance(value, dict) and value:
            return value
        self.add(column, f"must be a mapping of {what} (got {excerpt(repr(value))})")
        return None


def _shared(checker: _Checker, document: dict) -> tuple[Setting, ...]:
    if "set" not in document:
        return ()
    mapping = checker.mapping(document["set"], "set", "key paths to the values every case shares")
    if mapping is None:
        return ()
    return tuple(Setting(key, mapping[key], checker.label, "set.") for key in checker.key_paths(mapping, "set"))


def _grid(checker: _Checker, grid: Any) -> list[tuple[Setting, ...]]:
    mapping = checker.mapping(grid, "grid", "key paths to lists of values")
    if mapping is None:
        return []
    parameters = []
    for key in checker.key_paths(mapping, "grid"):
        values, column = mapping[key], f"grid.{key}"
        if not isinstance(values, list) or not values:
            checker.add(column, f"must be a list of one or more values (got {excerpt(repr(values))})")
            continue
        texts = [yaml_text(value) for value in values]
        for text in dict.fromkeys(t for t in texts if texts.count(t) > 1):
            checker.add(column, f"value {quoted(text)} is given twice")
        parameters.append([Setting(key, value, checker.label, "grid.") for value in values])
    count = 1
    for values in parameters:
        count *= len(values)
    if count > MAXIMUM_CASES:
        checker.add("grid", f"makes {count:,} cases; a sweep runs at most {MAXIMUM_CASES:,}")
        return []
    return grid_cases(parameters)


def _listed_cases(checker: _Checker, cases: Any) -> list[tuple[Setting, ...]]:
    if not isinstance(cases, list) or not cases:
        checker.add("cases", f"must be a list of one or more cases (got {excerpt(repr(cases))})")
        return []
    if len(cases) > MAXIMUM_CASES:
        checker.add("cases", f"lists {len(cases):,} cases; a sweep runs at most {MAXIMUM_CASES:,}")
        return []
    result, seen = [], {}
    for position, case in enumerate(cases):
        column = f"cases.{position}"
        mapping = checker.mapping(case, column, "key paths to values")
        if mapping is None:
            continue
        settings = tuple(Setting(key, mapping[key], checker.label, f"{column}.")
                         for key in checker.key_paths(mapping, column))
        identity = tuple(str(setting.assignment) for setting in settings)
        if identity in seen:
            checker.add(column, f"sets the same values as cases.{seen[identity]}")
            continue
        seen[identity] = position
        result.append(settings)
    return result


def _plots(checker: _Checker, plots: Any) -> tuple[str, ...]:
    if isinstance(plots, str):
        plots = [plots]
    if not isinstance(plots, list) or not plots or not all(isinstance(p, str) and p.strip() for p in plots):
        checker.add("plot", f"must be a list of KPI names, as in kpis.json (got {excerpt(repr(plots))})")
        return DEFAULT_PLOTS
    return tuple(plot.strip() for plot in plots)


def _conflicts(shared: Iterable[Setting], cases: Iterable[tuple[Setting, ...]]) -> list[Problem]:
    """A problem for each varied key path also among the shared ones (one place each, please)."""
    shared_keys = {setting.key for setting in shared}
    varied = {(setting.file, setting.prefix, setting.key) for settings in cases for setting in settings}
    return [Problem(file, None, f"{prefix}{key}", "is also in set; give a key path in one place")
            for file, prefix, key in sorted(varied) if key in shared_keys]


def _base_path(checker: _Checker, document: dict, path: Path) -> Path | None:
    base = document.get("base")
    if base is None:
        checker.add("base", "is required: the scenario the cases change (a name in scenarios/ or a file)")
        return None
    if not isinstance(base, str) or not base.strip():
        checker.add("base", f"must be a scenario name or file (got {excerpt(repr(base))})")
        return None
    try:
        return find_scenario(path, base.strip(), key="base")
    except InputError as error:
        checker.problems.extend(error.problems)
        return None


def read_sweep_file(path: Path) -> SweepDefinition:
    """The sweep file ``path``, checked (see the module's docstring); every problem at once otherwise."""
    document = read_yaml_mapping(path, "sweep file")
    checker = _Checker(str(path))
    for key in document:
        if key not in SWEEP_KEYS:
            checker.add(excerpt(key), f"unknown key; a sweep file has {', '.join(SWEEP_KEYS)}")
    base = _base_path(checker, document, path)
    description = document.get("description", "")
    if not isinstance(description, str):
        checker.add("description", f"must be one line of text (got {excerpt(repr(description))})")
    shared = _shared(checker, document)
    if ("grid" in document) == ("cases" in document):
        checker.add(None, "give grid (values of each key path: every combination is a case) or cases (a list "
                          "of cases), one of the two")
        cases: list[tuple[Setting, ...]] = []
    else:
        cases = _grid(checker, document["grid"]) if "grid" in document else _listed_cases(checker, document["cases"])
    plots = _plots(checker, document["plot"]) if "plot" in document else DEFAULT_PLOTS
    problems = checker.problems + _conflicts(shared, cases)
    if problems:
        raise InputError(problems)
    parameters, named = make_cases(cases)
    return SweepDefinition(label=str(path), description=str(description), base=base, shared=shared,
                           parameters=parameters, cases=named, plots=plots)


# ---------------------------------------------------------------- the options


def parse_variation(text: str) -> tuple[Setting, ...]:
    """``--vary KEY=V1,V2,...``: the key path with each value (YAML, read as a flow list: ``0,25,50``,
    ``[1, 2],[3, 4]``); a :class:`ValueError` saying what is expected otherwise."""
    assignment = parse_assignment(text)
    try:
        values = yaml.load(f"[{assignment.text}]", Loader=BoundedSafeLoader)
    except yaml.YAMLError as error:
        raise ValueError(f"{quoted(assignment.text)} is not a list of YAML values separated by commas: "
                         f"{excerpt(getattr(error, 'problem', error), 200)}") from None
    if not values or any(value is None for value in values):
        raise ValueError(f"{quoted(text)} needs values after '=' separated by commas (e.g. "
                         "overrides.parameters.co2_price_azn_per_t=0,25,50)")
    texts = [yaml_text(value) for value in values]
    for value_text in texts:
        if texts.count(value_text) > 1:
            raise ValueError(f"{assignment.key}: value {quoted(value_text)} is given twice")
    return tuple(Setting(assignment.key, value, COMMAND_LINE, "--vary ") for value in values)


def sweep_from_options(base: Path, variations: Sequence[tuple[Setting, ...]], plots: Sequence[str]) -> SweepDefinition:
    """The sweep of ``--base`` and ``--vary`` options: every combination of the varied values."""
    keys = [values[0].key for values in variations]
    for key in dict.fromkeys(k for k in keys if keys.count(k) > 1):
        raise InputError([Problem(COMMAND_LINE, None, f"--vary {key}", "is given twice; list its values once")])
    cases = grid_cases(variations)
    if len(cases) > MAXIMUM_CASES:
        raise InputError([Problem(COMMAND_LINE, None, "--vary",
                                  f"makes {len(cases):,} cases; a sweep runs at most {MAXIMUM_CASES:,}")])
    parameters, named = make_cases(cases)
    return SweepDefinition(label=COMMAND_LINE, description="", base=base, shared=(), parameters=parameters,
                           cases=named, plots=tuple(plots) or DEFAULT_PLOTS)
