"""Reading scenario files: YAML, ``extends`` chains, ``--set`` values, schema validation, and run settings.

A scenario may ``extends:`` another by name, looked for in the file's own
folder, then in the project's ``scenarios/`` (:data:`PROJECT_SCENARIOS`), so a
scenario kept anywhere can extend the committed ones; chains are resolved
parent first and merged key by key (mappings merge, everything else is
replaced), and a cycle is an error.  Command-line assignments
(:mod:`.assignments`) go over the merged document, which is then validated
against :mod:`.schema`; every problem is reported as ``file:-:key.path: message``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from gezopt.config import (
    GridModel,
    ModelSettings,
    PolicyTargets,
    RunSettings,
    SolverMethod,
    SolverSettings,
)
from gezopt.data.specs import TABLES_BY_NAME
from gezopt.data.zone import start_problem
from gezopt.errors import InputError, Problem, excerpt, quoted
from gezopt.scenario.assignments import (
    COMMAND_LINE,
    Assignment,
    assign,
    located_problems,
    merge_documents,
    option_label,
)
from gezopt.scenario.schema import (
    Expansion,
    Pathway,
    ScenarioFile,
    Targets,
    Tariffs,
    tariff_problems,
)

PROJECT_SCENARIOS = Path("scenarios")  # the project's scenarios, relative to the working directory


@dataclass(frozen=True)
class Scenario:
    """A scenario, resolved through its ``extends`` chain and validated."""

    name: str
    path: Path
    description: str
    inputs: Path
    year: int
    start: str | None
    hours: int | None
    grid_model: GridModel
    resolution_hours: int = 1
    parent: str | None = None
    solver: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, dict] = field(default_factory=dict)
    hydrology: dict[str, Any] = field(default_factory=dict)
    ev_charging: str | None = None
    scale_profiles: dict[str, float] = field(default_factory=dict)
    add: dict[str, list] = field(default_factory=dict)
    remove: dict[str, list] = field(default_factory=dict)
    regression: dict[str, Any] = field(default_factory=dict)
    tariffs: Tariffs | None = None  # typed, as validated (None: no tariffs, no bills)
    expansion: Expansion | None = None  # None: no capacity expansion
    targets: Targets | None = None  # None: no policy targets
    pathway: Pathway | None = None  # None: a single-year run (gezopt solve)
    raw: dict[str, Any] = field(default_factory=dict)
    assignments: tuple[Assignment, ...] = ()  # --set values, in raw already; recorded in run.json
    command_line_keys: tuple[str, ...] = ()  # key paths whose problems are the command line's (.assignments)

    @property
    def digest(self) -> str:
        """SHA-256 of the resolved scenario (what the run will do), for baselines and run.json."""
        return hashlib.sha256(json.dumps(self.raw, sort_keys=True, default=str).encode()).hexdigest()


MAXIMUM_YAML_NODES = 100_000  # a scenario has hundreds; aliases expanding beyond this are a "billion laughs"


class AliasExpansionError(yaml.YAMLError):
    """A document whose aliases expand it beyond MAXIMUM_YAML_NODES nodes, or into itself."""

    def __init__(self, problem: str, mark: yaml.Mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class BoundedSafeLoader(yaml.SafeLoader):
    """The safe loader, refusing documents whose aliases (``*name``) would expand them without bound.

    Aliases are allowed, but the document as its users see it, every alias
    expanded, may hold at most :data:`MAXIMUM_YAML_NODES` nodes, and an alias
    may not refer to a node that contains it.
    """

    def compose_document(self) -> yaml.Node:
        node = super().compose_document()
        _expanded_size(node, {}, set())
        return node


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """Nodes of ``node`` with every alias expanded (each shared node counted once per use, computed once)."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_nodes:
        raise AliasExpansionError("an alias refers to a node that contains it", node.start_mark)
    open_nodes.add(id(node))
    children = node.value if isinstance(node, yaml.SequenceNode) else (
        [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else [])
    size = 1
    for child in children:
        size += _expanded_size(child, sizes, open_nodes)
        if size > MAXIMUM_YAML_NODES:
            raise AliasExpansionError(f"its aliases expand it beyond {MAXIMUM_YAML_NODES} nodes; write the values out",
                                      node.start_mark)
    open_nodes.discard(id(node))
    sizes[id(node)] = size
    return size


def read_yaml_mapping(path: Path, kind: str = "scenario file") -> dict[str, Any]:
    """The YAML mapping in ``path`` (a ``kind``: a scenario or a sweep file), read with the bounded loader;
    an :class:`InputError` for a missing file, bytes that are not UTF-8, bad YAML or anything but a mapping."""
    label = str(path)
    if not path.is_file():
        raise InputError([Problem(label, None, None, f"{kind} does not exist")])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError([Problem(label, line, None, f"byte 0x{data[error.start]:02X} is not UTF-8; "
                                                     "save the file as UTF-8")]) from None
    try:
        document = yaml.load(text, Loader=BoundedSafeLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = "is refused" if isinstance(error, AliasExpansionError) else "is not valid YAML"
        raise InputError([Problem(label, line, None,
                                  f"{what}: {excerpt(getattr(error, 'problem', error), 200)}")]) from None
    except RecursionError:
        raise InputError([Problem(label, None, None, "is not valid YAML: nested too deeply")]) from None
    if not isinstance(document, dict):
        raise InputError([Problem(label, None, None, "must be a mapping of keys to values")])
    return document


def scenario_search_path(path: Path) -> list[Path]:
    """Where ``extends`` names are looked for from the file ``path``: its folder, then the project's scenarios."""
    folders = [path.parent]
    if PROJECT_SCENARIOS.resolve() != path.parent.resolve():
        folders.append(PROJECT_SCENARIOS)
    return folders


def find_scenario(path: Path, name: str, key: str = "extends") -> Path:
    """The scenario file that ``key: name`` in the file ``path`` names: the first on the search path that
    exists (``extends`` in a scenario; ``base`` in a sweep file, :mod:`gezopt.sweep.definition`)."""
    file_name = name if name.endswith(".yaml") else f"{name}.yaml"
    candidates = [folder / file_name for folder in scenario_search_path(path)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(candidate) for candidate in candidates)
    raise InputError([Problem(str(path), None, key, f"scenario '{name}' not found (looked for {looked})")])


def resolve_document(path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The file merged over its ``extends`` chain; ``inputs`` made relative to the current directory."""
    document = read_yaml_mapping(path)
    if "inputs" in document and isinstance(document["inputs"], str):
        document["inputs"] = os.path.normpath(str(path.parent / document["inputs"]))
    parent_name = document.get("extends")
    if parent_name is None:
        return document
    parent_path = find_scenario(path, str(parent_name))
    seen = (*chain, path.resolve())
    if parent_path.resolve() in seen:
        names = " -> ".join([*(p.stem for p in seen), parent_path.stem])
        raise InputError([Problem(str(path), None, "extends", f"extends chain forms a cycle: {names}")])
    parent = resolve_document(parent_path, seen)
    parent.pop("description", None)  # a description belongs to its own file
    merged = merge_documents(parent, document)
    merged["extends"] = parent_name
    return merged


def _with_assignments(document: dict[str, Any], assignments: tuple[Assignment, ...]
                      ) -> tuple[dict[str, Any], tuple[str, ...], list[Problem]]:
    """The document with every ``--set`` value in place (values parsed as YAML), the key paths whose
    problems are the command line's, and a problem at its option for each value that cannot be placed."""
    problems, keys = [], []
    for assignment in assignments:
        try:
            value = yaml.load(assignment.text, Loader=BoundedSafeLoader) if assignment.text else None
            document, created = assign(document, assignment, value)
        except yaml.YAMLError as error:
            problems.append(Problem(COMMAND_LINE, None, option_label(assignment.key),
                                    f"is not valid YAML: {excerpt(getattr(error, 'problem', error), 200)}"))
            continue
        except ValueError as error:
            problems.append(Problem(COMMAND_LINE, None, option_label(assignment.key), str(error)))
            continue
        keys.append(created)
    return document, tuple(keys), problems


def _describe_error(error: dict[str, Any]) -> tuple[str, str]:
    """(key path, message) for one pydantic error."""
    key = ".".join(excerpt(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        if len(error["loc"]) == 1 and (error["loc"][0] == "parameters" or error["loc"][0] in TABLES_BY_NAME):
            return key, f"unknown key; values of a table or a parameter are set under overrides.{key}"
        return key, "unknown key"
    if error["type"] == "missing":
        return key, "is required"
    value = error.get("input")
    shown = quoted(value) if isinstance(value, str) else excerpt(repr(value))
    return key, f"{excerpt(error['msg'], 200)} (got {shown})"


def load_scenario(path: str | Path, assignments: tuple[Assignment, ...] = ()) -> Scenario:
    """Read, resolve and validate a scenario file, with any ``--set`` values put over it."""
    path = Path(path)
    document, command_line_keys, problems = _with_assignments(resolve_document(path), assignments)
    label = str(path)
    try:
        model = ScenarioFile.model_validate(document)
        problems += _scenario_problems(model, label)
    except ValidationError as error:
        problems += [Problem(label, None, *_describe_error(e)) for e in error.errors()]
    if problems:
        raise InputError(located_problems(problems, label, command_line_keys))
    inputs = Path(model.inputs)
    resolved = model.model_dump(mode="json")
    for section in ("expansion", "targets", "pathway"):  # left out when absent: the digests of older scenarios stay
        if resolved[section] is None:
            del resolved[section]
    if resolved["solver"]["hold_slacks"]:  # the default, left out likewise (gezopt.held_slacks)
        del resolved["solver"]["hold_slacks"]
    resolved["inputs"] = os.path.relpath(inputs, path.parent)  # as written in a file here: same on any machine
    return Scenario(
        name=path.stem, path=path, description=model.description, inputs=inputs, year=model.year,
        start=model.horizon.start, hours=model.horizon.hours, resolution_hours=model.horizon.resolution_hours,
        grid_model=GridModel(model.grid_model), parent=model.extends, solver=resolved["solver"],
        overrides=model.overrides, hydrology=resolved["hydrology"], ev_charging=model.ev_charging,
        scale_profiles=model.scale_profiles, add=model.add, remove=model.remove,
        regression=resolved["regression"], tariffs=model.tariffs, expansion=model.expansion,
        targets=model.targets, pathway=model.pathway, raw=resolved, assignments=tuple(assignments), command_line_keys=command_line_keys,
    )


def _scenario_problems(model: ScenarioFile, label: str) -> list[Problem]:
    """What the schema cannot say of a valid document: the start's date, the tariffs, the input folder."""
    problems = []
    if model.horizon.start is not None and (message := start_problem(model.horizon.start, model.year)) is not None:
        problems.append(Problem(label, None, "horizon.start", message))
    if model.tariffs is not None:
        problems.extend(Problem(label, None, key, message) for key, message in tariff_problems(model.tariffs))
    if model.pathway is not None:
        problems.extend(Problem(label, None, key, message) for key, message in pathway_problems(model.pathway))
    inputs = Path(model.inputs)
    if not inputs.is_dir():
        problems.append(Problem(label, None, "inputs", f"input folder '{inputs}' does not exist"))
    return problems


def pathway_problems(pathway: Pathway) -> list[tuple[str, str]]:
    """(key path, message) for periods out of order and target periods that are not periods."""
    periods = pathway.periods
    problems = []
    if any(later <= earlier for earlier, later in pairwise(periods)):
        problems.append(("pathway.periods", f"{periods}: the years must increase"))
    if pathway.base_year is not None and pathway.base_year > periods[0]:
        problems.append(("pathway.base_year", f"{pathway.base_year} is after the first period {periods[0]}"))
    unknown = sorted(set(pathway.target_periods or ()) - set(periods))
    if unknown:
        problems.append(("pathway.target_periods", f"{unknown} are not periods of {periods}"))
    return problems


def list_scenarios(folder: Path) -> list[tuple[str, str, str | None]]:
    """(name, description, parent) of every scenario file in a folder, without validating them."""
    rows = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            document = read_yaml_mapping(path)
        except InputError:
            rows.append((path.stem, "(unreadable)", None))
            continue
        rows.append((path.stem, str(document.get("description", "")), document.get("extends")))
    return rows


def run_settings(scenario: Scenario, inputs: Path | None = None, year: int | None = None, start: str | None = None,
                 hours: int | None = None, out: Path | None = None, time_limit_s: float | None = None,
                 threads: int | None = None, grid_model: GridModel | None = None,
                 solver_method: str | None = None, diagnose: bool = False) -> RunSettings:
    """The scenario's settings with any command-line values put over them."""
    solver = scenario.solver
    return RunSettings(
        name=scenario.name,
        inputs=inputs if inputs is not None else scenario.inputs,
        year=year if year is not None else scenario.year,
        start=start if start is not None else scenario.start,
        hours=hours if hours is not None else scenario.hours,
        out=out if out is not None else Path("results") / scenario.name,
        model=ModelSettings(grid_model=grid_model if grid_model is not None else scenario.grid_model,
                            targets=policy_targets(scenario.targets)),
        solver=SolverSettings(
            time_limit_s=time_limit_s if time_limit_s is not None else solver.get("time_limit_s"),
            threads=threads if threads is not None else solver.get("threads"),
            method=SolverMethod(solver_method or solver.get("method") or SolverMethod.AUTO.value),
            crossover=solver.get("crossover", True),
            hold_slacks=solver.get("hold_slacks", True),
        ),
        resolution_hours=scenario.resolution_hours,
        command_line=tuple(name for name, value in (("start", start), ("hours", hours)) if value is not None),
        diagnose=diagnose,
    )


def policy_targets(targets: Targets | None) -> PolicyTargets:
    """The scenario's ``targets:`` section as the model's typed settings."""
    if targets is None:
        return PolicyTargets()
    return PolicyTargets(
        co2_cap_t_per_year=targets.co2_cap_t_per_year, minimum_renewable_share=targets.minimum_renewable_share,
        minimum_self_sufficiency=targets.minimum_self_sufficiency,
        maximum_import_share=targets.maximum_import_share,
        minimum_capacity_mw=tuple(sorted(targets.minimum_capacity_mw.items())),
    )
