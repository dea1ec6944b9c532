"""A scenario's changes to a dataset, as pure functions: each returns a new ZoneData.

Order: rows removed, rows added, values overridden, profiles scaled,
hydrology, EV charging modes, the expansion candidates (:mod:`.expansion`).  The changed dataset is checked again like a
freshly read one (references, river graph, ...), so a scenario cannot
produce what a CSV could not.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from gezopt.data import ZoneData, checks
from gezopt.data.reader import _parse_column, closest_name
from gezopt.data.specs import PARAMETER_COLUMNS_BY_NAME, TABLES_BY_NAME, Column
from gezopt.errors import InputError, Problem, quoted
from gezopt.scenario.expansion import apply_expansion
from gezopt.scenario.loading import Scenario

# pv_plants documents how the dataset's solar profiles were built: changing it would not change them
EDITABLE_TABLES = tuple(name for name in TABLES_BY_NAME
                        if name not in ("sources", "parameters", "demand_growth", "pv_plants"))


def _parse_value(column: Column, value: object, label: str, key: str, problems: list[Problem]) -> object:
    """One scenario value parsed exactly like a CSV cell of that column (type, bounds, default)."""
    cell_problems: list[Problem] = []
    text = "" if value is None else str(value)  # YAML's .inf and .nan become 'inf' and 'nan': not finite
    parsed = _parse_column(np.array([text], dtype=object), np.array([0]), column, label, cell_problems)
    problems.extend(Problem(label, None, key, p.message) for p in cell_problems)
    return parsed.iloc[0]


def _unknown(what: str, name: str, known: list[str]) -> str:
    """Message for an unknown column or parameter, naming the closest known one."""
    closest, _ = closest_name(name, known)
    return f"unknown {what}" + (f"; did you mean '{closest}'?" if closest is not None else "")


def _table_frame(zone: ZoneData, name: str, label: str, key: str, problems: list[Problem]) -> pd.DataFrame | None:
    if name not in EDITABLE_TABLES:
        problems.append(Problem(label, None, key, f"unknown table {quoted(name)}; expected one of {', '.join(EDITABLE_TABLES)}"))
        return None
    return zone.table(name).copy()


def remove_rows(zone: ZoneData, remove: dict[str, list[str]], label: str) -> ZoneData:
    problems: list[Problem] = []
    changes = {}
    for name, ids in remove.items():
        frame = _table_frame(zone, name, label, f"remove.{name}", problems)
        if frame is None:
            continue
        for row_id in ids:
            if row_id not in frame.index:
                problems.append(Problem(label, None, f"remove.{name}", f"no {name} row with id {quoted(row_id)}"))
        changes[name] = frame.drop(index=[i for i in ids if i in frame.index])
    if problems:
        raise InputError(problems)
    return dataclasses.replace(zone, **changes)


def add_rows(zone: ZoneData, add: dict[str, list[dict]], label: str) -> ZoneData:
    problems: list[Problem] = []
    changes = {}
    for name, rows in add.items():
        frame = _table_frame(zone, name, label, f"add.{name}", problems)
        if frame is None:
            continue
        spec = TABLES_BY_NAME[name]
        new_rows = []
        for position, row in enumerate(rows):
            key = f"add.{name}.{position}"
            unknown = sorted(set(row) - {c.name for c in spec.columns})
            for column_name in unknown:
                problems.append(Problem(label, None, f"{key}.{column_name}",
                                        _unknown(f"column of {name}", column_name, [c.name for c in spec.columns])))
            values = {c.name: _parse_value(c, row.get(c.name), label, f"{key}.{c.name}", problems) for c in spec.columns}
            row_id = values[spec.id_column]
            if row_id in frame.index or any(r[spec.id_column] == row_id for r in new_rows):
                problems.append(Problem(label, None, f"{key}.{spec.id_column}", f"duplicate id {quoted(row_id)}"))
            new_rows.append({**values, "_line": np.nan, "_added_by": (label, key)})  # where checks report the row
        if new_rows:
            added = pd.DataFrame(new_rows)
            added.index = added[spec.id_column].to_numpy()
            frame = pd.concat([frame, added[[*frame.columns.drop("_added_by", errors="ignore"), "_added_by"]]])
        changes[name] = frame
    if problems:
        raise InputError(problems)
    return dataclasses.replace(zone, **changes)


def override_values(zone: ZoneData, overrides: dict[str, dict], label: str) -> ZoneData:
    """``{table: {id: {column: value}}}`` and ``{parameters: {name: value}}`` put in place."""
    problems: list[Problem] = []
    changes: dict[str, object] = {}
    for name, rows in overrides.items():
        key = f"overrides.{name}"
        if name == "parameters":
            parameters = dict(zone.parameters)
            for parameter, value in (rows or {}).items():
                if parameter not in PARAMETER_COLUMNS_BY_NAME:
                    problems.append(Problem(label, None, f"{key}.{parameter}",
                                            _unknown("parameter", parameter, list(PARAMETER_COLUMNS_BY_NAME))))
                elif isinstance(value, bool) or value is None:
                    problems.append(Problem(label, None, f"{key}.{parameter}", f"{quoted(value)} is not a number"))
                else:
                    parsed = _parse_value(PARAMETER_COLUMNS_BY_NAME[parameter], value, label, f"{key}.{parameter}",
                                          problems)
                    parameters[parameter] = float(parsed)
            changes["parameters"] = parameters
            continue
        frame = _table_frame(zone, name, label, key, problems)
        if frame is None:
            continue
        spec = TABLES_BY_NAME[name]
        for row_id, columns in (rows or {}).items():
            row_key = f"{key}.{row_id}"
            if row_id not in frame.index:
                problems.append(Problem(label, None, row_key, f"no {name} row with id {quoted(row_id)}"))
                continue
            if not isinstance(columns, dict):
                problems.append(Problem(label, None, row_key, "must be a mapping of columns to values"))
                continue
            for column_name, value in columns.items():
                column_key = f"{row_key}.{column_name}"
                if column_name not in {c.name for c in spec.columns} or column_name == spec.id_column:
                    problems.append(Problem(label, None, column_key, _unknown(
                        f"column of {name}", column_name, [c.name for c in spec.columns[1:]])))
                    continue
                frame.at[row_id, column_name] = _parse_value(spec.column(column_name), value, label, column_key, problems)
        changes[name] = frame
    if problems:
        raise InputError(problems)
    return dataclasses.replace(zone, **changes)


def scale_profiles(zone: ZoneData, factors: dict[str, float], label: str) -> ZoneData:
    unknown = sorted(set(factors) - set(zone.profiles.columns))
    if unknown:
        raise InputError([Problem(label, None, f"scale_profiles.{name}", "not a column of profiles.csv")
                          for name in unknown])
    profiles = zone.profiles.copy()
    for name, factor in factors.items():
        profiles[name] = profiles[name] * float(factor)
    profiles.attrs = zone.profiles.attrs
    return dataclasses.replace(zone, profiles=profiles)


def apply_hydrology(zone: ZoneData, hydrology: dict[str, object], label: str) -> ZoneData:
    """Every local inflow scaled (wet or dry year) and inflow profiles swapped by name."""
    plants = zone.hydro_plants.copy()
    plants["local_inflow_m3s"] = plants["local_inflow_m3s"] * float(hydrology.get("inflow_scale", 1.0))
    swaps = dict(hydrology.get("inflow_profiles") or {})
    unknown = sorted(name for name in swaps.values() if name not in zone.profiles.columns)
    if unknown:
        raise InputError([Problem(label, None, "hydrology.inflow_profiles",
                                  f"profile '{name}' is not a column of profiles.csv") for name in unknown])
    plants["inflow_profile"] = plants["inflow_profile"].replace(swaps)
    return dataclasses.replace(zone, hydro_plants=plants)


def apply_ev_charging(zone: ZoneData, mode: str | None) -> ZoneData:
    """Every EV fleet in the scenario's charging mode (unchanged when None)."""
    if mode is None:
        return zone
    return dataclasses.replace(zone, ev_fleets=zone.ev_fleets.assign(charging_mode=mode))


def apply_scenario(zone: ZoneData, scenario: Scenario) -> ZoneData:
    """The dataset as the scenario changes it, checked again."""
    label = str(scenario.path)
    zone = remove_rows(zone, scenario.remove, label)
    zone = add_rows(zone, scenario.add, label)
    zone = override_values(zone, scenario.overrides, label)
    zone = scale_profiles(zone, scenario.scale_profiles, label)
    zone = apply_hydrology(zone, scenario.hydrology, label)
    zone = apply_ev_charging(zone, scenario.ev_charging)
    zone = apply_expansion(zone, scenario.expansion, label)
    if scenario.remove or scenario.add or scenario.overrides or scenario.scale_profiles:
        problems: list[Problem] = []
        tables = {name: zone.table(name) for name in TABLES_BY_NAME if name not in ("parameters",)}
        tables["demand_growth"] = zone.demand_growth
        checks.check_dataset(Path(zone.directory), tables, zone.profiles, problems)
        if problems:  # a problem of a row the scenario added is already at the scenario's key path
            raise InputError([p if p.file == label else Problem(label, None, None, f"after the scenario's changes: {p}")
                              for p in problems])
    return zone
