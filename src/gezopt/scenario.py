"""Scenario files: YAML naming the inputs, year, horizon and simple overrides.

.. code-block:: yaml

    description: The zone in 2025, a typical weather year
    inputs: ../inputs/zone          # relative to this file
    year: 2025
    horizon: {start: "2025-01-01 00:00", hours: 8760}
    grid_model: dc                  # or transport
    solver: {time_limit_s: 3600, threads: 2, method: simplex}
    overrides:
      parameters: {co2_price_azn_per_t: 20}
      hydro_plants: {SARSANG: {p_nom_mw: 40}}

Overrides are applied by :func:`apply_overrides`, a pure function that
returns a new :class:`~gezopt.data.ZoneData`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from gezopt.config import GridModel, ModelSettings, RunSettings, SolverSettings
from gezopt.data import ZoneData
from gezopt.data.specs import TABLES_BY_NAME
from gezopt.data.checks import CHARGING_MODES
from gezopt.data.zone import parse_start
from gezopt.errors import InputError, Problem

ALLOWED_KEYS = {"description", "inputs", "year", "horizon", "grid_model", "solver", "overrides", "hydrology",
                "ev_charging"}
HYDROLOGY_KEYS = {"inflow_scale", "inflow_profiles"}
HORIZON_KEYS = {"start", "hours"}
SOLVER_KEYS = {"time_limit_s", "threads", "method"}


@dataclass(frozen=True)
class Scenario:
    """A scenario file, read and checked."""

    name: str
    path: Path
    description: str
    inputs: Path
    year: int
    start: str | None
    hours: int | None
    grid_model: GridModel
    solver: dict[str, object] = field(default_factory=dict)
    overrides: dict[str, dict] = field(default_factory=dict)
    hydrology: dict[str, object] = field(default_factory=dict)
    ev_charging: str | None = None
    raw: dict[str, object] = field(default_factory=dict)


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario YAML; every problem is reported as ``file:-:key.path: message``."""
    path = Path(path)
    label = str(path)
    if not path.is_file():
        raise InputError([Problem(label, None, None, "scenario file does not exist")])
    try:
        document = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError([Problem(label, line, None, f"is not valid YAML: {getattr(error, 'problem', error)}")]) from None
    if not isinstance(document, dict):
        raise InputError([Problem(label, None, None, "must be a mapping of keys to values")])

    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(label, None, key, message))

    for key in sorted(set(document) - ALLOWED_KEYS):
        problem(key, f"unknown key; expected one of {', '.join(sorted(ALLOWED_KEYS))}")
    horizon = _mapping(document.get("horizon", {}), "horizon", HORIZON_KEYS, problem)
    solver = _mapping(document.get("solver", {}), "solver", SOLVER_KEYS, problem)
    hydrology = _mapping(document.get("hydrology", {}), "hydrology", HYDROLOGY_KEYS, problem)
    scale = hydrology.get("inflow_scale", 1.0)
    if not _is_number(scale) or scale < 0:
        problem("hydrology.inflow_scale", f"{scale!r} is not a non-negative number")
    swaps = hydrology.get("inflow_profiles", {})
    if not isinstance(swaps, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in swaps.items()):
        problem("hydrology.inflow_profiles", "must map profile names to profile names")
    overrides = document.get("overrides", {}) or {}
    if not isinstance(overrides, dict):
        problem("overrides", "must be a mapping of table names to overrides")
        overrides = {}

    inputs_text = document.get("inputs")
    inputs = path.parent / "../inputs/zone" if inputs_text is None else path.parent / str(inputs_text)
    inputs = Path(os.path.normpath(inputs))  # collapse '..' so messages show a path the user would type
    if not inputs.is_dir():
        problem("inputs", f"input folder '{inputs}' does not exist")

    year = document.get("year", 2025)
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
        problem("year", f"{year!r} is not a year; expected a whole number such as 2025")
        year = 2025
    hours = horizon.get("hours")
    if hours is not None and (not isinstance(hours, int) or isinstance(hours, bool) or hours < 1):
        problem("horizon.hours", f"{hours!r} is not a positive whole number of hours")
        hours = None
    start = horizon.get("start")
    if start is not None:
        start = str(start)
        if parse_start(start, year) is None:
            problem("horizon.start", f"'{start}' is not a timestamp; expected MM-DD HH:MM or YYYY-MM-DD HH:MM")
    ev_charging = document.get("ev_charging")
    if ev_charging is not None and ev_charging not in CHARGING_MODES:
        problem("ev_charging", f"'{ev_charging}' is not a charging mode; expected {', '.join(CHARGING_MODES)}")
    grid_text = document.get("grid_model", GridModel.DC.value)
    try:
        grid_model = GridModel(grid_text)
    except ValueError:
        problem("grid_model", f"'{grid_text}' is not a grid model; expected dc or transport")
        grid_model = GridModel.DC
    if problems:
        raise InputError(problems)
    return Scenario(
        name=path.stem, path=path, description=str(document.get("description", "")), inputs=inputs,
        year=year, start=start, hours=hours, grid_model=grid_model, solver=solver, overrides=overrides,
        hydrology=hydrology, ev_charging=ev_charging, raw=document,
    )


def _mapping(value: object, key: str, allowed: set[str], problem) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem(key, "must be a mapping")
        return {}
    for unknown in sorted(set(value) - allowed):
        problem(f"{key}.{unknown}", f"unknown key; expected one of {', '.join(sorted(allowed))}")
    return {k: v for k, v in value.items() if k in allowed}


def apply_overrides(zone: ZoneData, overrides: dict[str, dict], scenario_label: str) -> ZoneData:
    """A new dataset with the scenario's values put in place (the input is not changed).

    ``overrides`` maps a table name to ``{id: {column: value}}``, or for
    ``parameters`` to ``{parameter: value}``.
    """
    problems: list[Problem] = []
    changes: dict[str, object] = {}
    for table_name, rows in overrides.items():
        key = f"overrides.{table_name}"
        if table_name == "parameters":
            parameters = dict(zone.parameters)
            for name, value in (rows or {}).items():
                if name not in parameters:
                    problems.append(Problem(scenario_label, None, f"{key}.{name}", "unknown parameter"))
                elif not _is_number(value):
                    problems.append(Problem(scenario_label, None, f"{key}.{name}", f"{value!r} is not a number"))
                else:
                    parameters[name] = float(value)
            changes["parameters"] = parameters
            continue
        spec = TABLES_BY_NAME.get(table_name)
        if spec is None or table_name in ("sources", "demand_growth"):
            problems.append(Problem(scenario_label, None, key, "unknown table"))
            continue
        frame = zone.table(table_name).copy()
        for row_id, columns in (rows or {}).items():
            row_key = f"{key}.{row_id}"
            if row_id not in frame.index:
                problems.append(Problem(scenario_label, None, row_key, f"no {table_name} row with id '{row_id}'"))
                continue
            if not isinstance(columns, dict):
                problems.append(Problem(scenario_label, None, row_key, "must be a mapping of columns to values"))
                continue
            for column_name, value in columns.items():
                column_key = f"{row_key}.{column_name}"
                names = [c.name for c in spec.columns]
                if column_name not in names or column_name == spec.id_column:
                    problems.append(Problem(scenario_label, None, column_key, f"unknown column of {table_name}"))
                    continue
                column = spec.column(column_name)
                if column.dtype in ("float", "int") and not _is_number(value):
                    problems.append(Problem(scenario_label, None, column_key, f"{value!r} is not a number"))
                    continue
                if column.dtype in ("float", "int") and column.minimum is not None and value < column.minimum:
                    problems.append(Problem(scenario_label, None, column_key,
                                            f"{value:g} is below the minimum {column.minimum:g}"))
                    continue
                frame.loc[row_id, column_name] = pd.Timestamp(value) if column.dtype == "date" else value
        changes[table_name] = frame
    if problems:
        raise InputError(problems)
    return dataclasses.replace(zone, **changes)


def apply_hydrology(zone: ZoneData, hydrology: dict[str, object], scenario_label: str) -> ZoneData:
    """A new dataset with the scenario's hydrology: every local inflow scaled (wet or dry year) and
    inflow profiles swapped by name (``inflow_profiles: {hydro_snowmelt: my_series}``)."""
    plants = zone.hydro_plants.copy()
    plants["local_inflow_m3s"] = plants["local_inflow_m3s"] * float(hydrology.get("inflow_scale", 1.0))
    swaps = dict(hydrology.get("inflow_profiles", {}) or {})
    unknown = sorted(name for name in swaps.values() if name not in zone.profiles.columns)
    if unknown:
        raise InputError([Problem(scenario_label, None, "hydrology.inflow_profiles",
                                  f"profile '{name}' is not a column of profiles.csv") for name in unknown])
    plants["inflow_profile"] = plants["inflow_profile"].replace(swaps)
    return dataclasses.replace(zone, hydro_plants=plants)


def apply_ev_charging(zone: ZoneData, mode: str | None) -> ZoneData:
    """A new dataset with every EV fleet in the scenario's charging mode (unchanged when None)."""
    if mode is None:
        return zone
    return dataclasses.replace(zone, ev_fleets=zone.ev_fleets.assign(charging_mode=mode))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def run_settings(scenario: Scenario, inputs: Path | None = None, year: int | None = None, start: str | None = None,
                 hours: int | None = None, out: Path | None = None, time_limit_s: float | None = None,
                 threads: int | None = None, grid_model: GridModel | None = None) -> RunSettings:
    """The scenario's settings with any command-line values put over them."""
    solver = scenario.solver
    return RunSettings(
        name=scenario.name,
        inputs=inputs if inputs is not None else scenario.inputs,
        year=year if year is not None else scenario.year,
        start=start if start is not None else scenario.start,
        hours=hours if hours is not None else scenario.hours,
        out=out if out is not None else Path("results") / scenario.name,
        model=ModelSettings(grid_model=grid_model if grid_model is not None else scenario.grid_model),
        solver=SolverSettings(
            time_limit_s=time_limit_s if time_limit_s is not None else solver.get("time_limit_s"),
            threads=threads if threads is not None else solver.get("threads"),
            method=str(solver.get("method", "simplex")),
        ),
    )
