"""Checks across tables: references, topology basics and physical consistency.

Each check appends :class:`~gezopt.errors.Problem` entries located at the
line and column of the offending cell (or, for a row a scenario added, at
the scenario's key path); none of them raises.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from gezopt.config import ChargingMode
from gezopt.data.assets import ASSET_KINDS, known_technologies
from gezopt.data.candidates import candidate_problems
from gezopt.data.pv_checks import check_pv_plants
from gezopt.data.reader import FIRST_DATA_LINE, bound_problems, report_unknown_name
from gezopt.data.reservoir_checks import check_reservoir_curves
from gezopt.data.specs import (
    OWNERS,
    PARAMETER_COLUMNS_BY_NAME,
    PROFILES_FILE,
    REQUIRED_PARAMETERS,
    TABLES,
)
from gezopt.data.target_checks import check_hydro_targets
from gezopt.errors import Problem, quoted


def parameters_from_table(table: pd.DataFrame, file_label: str, problems: list[Problem]) -> dict[str, float]:
    """The parameters table as a dict, defaults filled in.

    Every required parameter must be present and every value within its
    parameter's range; an unknown name is reported like an unknown column.
    """
    values = {name: column.default for name, column in PARAMETER_COLUMNS_BY_NAME.items() if column.default is not None}
    values.update({str(name): float(value) for name, value in zip(table["parameter"], table["value"])})
    for name, unit in REQUIRED_PARAMETERS.items():
        if name not in values:
            problems.append(Problem(file_label, None, "parameter", f"parameter '{name}' ({unit}) is missing"))
    for name, value, line in zip(table["parameter"], table["value"], table["_line"]):
        column = PARAMETER_COLUMNS_BY_NAME.get(name)
        if column is None:
            report_unknown_name(Problem(file_label, int(line), "parameter", ""), str(name), PARAMETER_COLUMNS_BY_NAME,
                                "parameter", problems)
            continue
        for problem in bound_problems(np.array([value]), np.array([line]), column, file_label):
            problems.append(Problem(file_label, problem.row, "value", f"{name} {problem.message}"))
    return values


def check_dataset(directory: Path, tables: dict[str, pd.DataFrame], profiles: pd.DataFrame,
                  problems: list[Problem]) -> None:
    """Every cross-table check of a freshly read dataset."""
    check_references(directory, tables, problems)
    check_profile_names(directory, tables, profiles, problems)
    check_profile_ranges(directory, tables, profiles, problems)
    check_branches(directory, tables, problems)
    check_hydro_plants(directory, tables, problems)
    check_reservoirs(directory, tables, problems)
    check_reservoir_curves(directory, tables["reservoirs"], tables["reservoir_curves"], problems)
    check_hydro_targets(directory, tables["hydro_targets"], problems)
    check_pv_plants(directory, tables["pv_plants"], tables["generators"], problems)
    check_waste_plants(directory, tables, problems)
    check_demand_side(directory, tables, problems)
    check_costs(directory, tables, problems)
    check_expansion_candidates(directory, tables, problems)
    check_floor_area_owners(directory, tables, problems)
    problems.extend(check_river_links(str(directory / "river_links.csv"), tables["hydro_plants"], tables["river_links"]))


def locate(file_label: str, row: pd.Series, column: str, message: str) -> Problem:
    """A problem at one cell of a row: its line in the CSV, or the scenario key path of a row a scenario added."""
    added_by = row.get("_added_by")
    if isinstance(added_by, tuple):
        scenario_file, key = added_by
        return Problem(scenario_file, None, f"{key}.{column}", message)
    line = row.get("_line")
    return Problem(file_label, None if pd.isna(line) else int(line), column, message)


def _where(row: pd.Series) -> str:
    """Where a row was given, for a message: its line, or the scenario key that added it."""
    added_by = row.get("_added_by")
    return f"{added_by[1]} of {added_by[0]}" if isinstance(added_by, tuple) else f"line {int(row['_line'])}"


def _cell(directory: Path, table: str, frame: pd.DataFrame, row_id: str, column: str, message: str) -> Problem:
    return locate(str(directory / f"{table}.csv"), frame.loc[row_id], column, message)


def check_references(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Every column that names another table's id must hold an existing id."""
    for spec in TABLES:
        frame = tables.get(spec.name)
        if frame is None:
            continue
        for column in spec.columns:
            if column.references is None or column.name not in frame:
                continue
            known = set(tables[column.references].index)
            for row_id, value in frame[column.name].items():
                if value is not None and value != "" and value not in known:
                    problems.append(_cell(directory, spec.name, frame, row_id, column.name,
                                          f"unknown {column.references} id {quoted(value)}"))


def check_profile_names(directory: Path, tables: dict[str, pd.DataFrame], profiles: pd.DataFrame,
                        problems: list[Problem]) -> None:
    """Every profile named by an object must be a column of profiles.csv."""
    known = set(profiles.columns)
    for spec in TABLES:
        frame = tables.get(spec.name)
        if frame is None:
            continue
        for column in spec.columns:
            if not column.profile:
                continue
            for row_id, value in frame[column.name].items():
                if isinstance(value, str) and value and value not in known:
                    problems.append(_cell(directory, spec.name, frame, row_id, column.name,
                                          f"profile {quoted(value)} is not a column of profiles.csv"))


def check_profile_ranges(directory: Path, tables: dict[str, pd.DataFrame], profiles: pd.DataFrame,
                         problems: list[Problem]) -> None:
    """Each profile within the range of its kind (a share in [0, 1], a shape never negative, ...).

    The kind is the one of the column that names the profile; a profile out of range gives one
    problem at its first value out of range, in profiles.csv.
    """
    file_label = profiles.attrs.get("file", str(directory / PROFILES_FILE))
    for spec in TABLES:
        frame = tables.get(spec.name)
        if frame is None:
            continue
        for column in spec.columns:
            kind = column.profile
            if kind is None:
                continue
            for name in sorted({v for v in frame[column.name] if isinstance(v, str) and v in profiles.columns}):
                values = profiles[name].to_numpy()
                outside = np.flatnonzero((values < kind.minimum) | (values > kind.maximum))
                if not len(outside):
                    continue
                first = outside[0]
                unit = "" if kind.unit == "-" else f" {kind.unit}"
                hours = f"{len(outside)} hour{'s' if len(outside) > 1 else ''}"
                problems.append(Problem(
                    file_label, FIRST_DATA_LINE + int(first), name,
                    f"{values[first]:g} is outside [{kind.minimum:g}, {kind.maximum:g}]{unit}, the range of a "
                    f"{kind.name} profile (named by {column.name} in {spec.file_name}); {hours} out of range",
                ))


def check_branches(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Lines and transformers connect two different buses and have a reactance."""
    for name in ("lines", "transformers"):
        frame = tables[name]
        for row_id, row in frame.iterrows():
            if row["bus0"] is not None and row["bus0"] == row["bus1"]:
                problems.append(_cell(directory, name, frame, row_id, "bus1",
                                      f"connects bus '{row['bus0']}' to itself; a branch needs two different buses"))
        reactance_column = "x_ohm_per_km" if name == "lines" else "x_pu"
        for row_id in frame.index[frame[reactance_column] == 0]:
            problems.append(_cell(directory, name, frame, row_id, reactance_column,
                                  "is zero; DC power flow needs a positive reactance"))
        if name == "lines":
            for row_id in frame.index[frame["length_km"] == 0]:
                problems.append(_cell(directory, name, frame, row_id, "length_km", "is zero; a line needs a length"))


def check_hydro_plants(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Each plant needs its power per flow; irrigation months unique per plant; targets name known plants."""
    plants = tables["hydro_plants"]
    for row_id, row in plants.iterrows():
        if pd.isna(row["mw_per_m3s"]) and pd.isna(row["head_m"]):
            problems.append(_cell(directory, "hydro_plants", plants, row_id, "mw_per_m3s",
                                  "is empty and so is head_m; give the power per flow or the head"))
        elif (row["mw_per_m3s"] == 0) or (pd.isna(row["mw_per_m3s"]) and row["head_m"] * row["efficiency"] == 0):
            problems.append(_cell(directory, "hydro_plants", plants, row_id, "mw_per_m3s",
                                  "gives zero power per flow; the plant could turbine water without producing power"))
    irrigation = tables["irrigation"]
    repeated = irrigation.duplicated(subset=["plant_id", "month"], keep="first")
    for _, row in irrigation[repeated].iterrows():
        problems.append(locate(str(directory / "irrigation.csv"), row, "month",
                               f"month {row['month']:g} of plant '{row['plant_id']}' is given twice"))
    targets = tables["hydro_targets"]
    for row_id, row in targets.iterrows():
        named = [] if row["plants"] in (None, "*") else str(row["plants"]).split()
        for plant in named:
            if plant not in plants.index:
                problems.append(_cell(directory, "hydro_targets", targets, row_id, "plants",
                                      f"unknown hydro_plants id {quoted(plant)}"))


CHARGING_MODES = tuple(mode.value for mode in ChargingMode)
HEAT_UNIT_KINDS = ("heat_pump", "boiler", "waste_heat")


def check_demand_side(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Known charging modes and heat-unit kinds; recovered heat names its waste plant."""
    fleets = tables["ev_fleets"]
    for row_id, row in fleets.iterrows():
        if row["charging_mode"] not in CHARGING_MODES:
            problems.append(_cell(directory, "ev_fleets", fleets, row_id, "charging_mode",
                                  f"{quoted(row['charging_mode'])} is not a charging mode; expected {', '.join(CHARGING_MODES)}"))
    units = tables["heat_units"]
    for row_id, row in units.iterrows():
        if row["kind"] not in HEAT_UNIT_KINDS:
            problems.append(_cell(directory, "heat_units", units, row_id, "kind",
                                  f"{quoted(row['kind'])} is not a heat unit kind; expected {', '.join(HEAT_UNIT_KINDS)}"))
        elif row["kind"] == "waste_heat" and not row["waste_plant"]:
            problems.append(_cell(directory, "heat_units", units, row_id, "waste_plant",
                                  "is empty; a waste_heat unit recovers the heat of a waste-to-energy plant"))
        elif row["kind"] == "boiler" and row["efficiency"] == 0:
            problems.append(_cell(directory, "heat_units", units, row_id, "efficiency", "is zero for a boiler"))


def check_costs(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Each cost row prices a known table, technology and capacity, or one existing asset of that technology,
    and no two rows price the same assets in the same unit (which of them would count?)."""
    costs, file_label = tables["costs"], str(directory / "costs.csv")
    first_given: dict[tuple, str] = {}
    for _, row in costs.iterrows():
        kind = ASSET_KINDS.get(row["asset_table"])
        if kind is None:
            problems.append(locate(file_label, row, "asset_table", f"{quoted(row['asset_table'])} is not a table of "
                                   f"assets; expected one of {', '.join(ASSET_KINDS)}"))
            continue
        assets = tables[kind.table]
        technologies = known_technologies(kind, assets, tables)
        asset_id = row["asset_id"] if isinstance(row["asset_id"], str) and row["asset_id"] else None
        if row["technology"] not in technologies:
            problems.append(locate(file_label, row, "technology", f"{quoted(row['technology'])} is not a technology "
                                   f"of {kind.table}; expected one of {', '.join(technologies)}"))
        elif asset_id is not None and asset_id not in assets.index:
            problems.append(locate(file_label, row, "asset_id", f"unknown {kind.table} id {quoted(asset_id)}"))
        elif asset_id is not None and kind.technology_of(assets, tables)[asset_id] != row["technology"]:
            problems.append(locate(file_label, row, "technology", (
                f"{kind.table} {quoted(asset_id)} is {kind.technology_of(assets, tables)[asset_id]}, "
                f"not {quoted(row['technology'])}")))
        if row["capacity_unit"] not in kind.capacity_units:
            problems.append(locate(file_label, row, "capacity_unit", f"{quoted(row['capacity_unit'])} is not a "
                                   f"capacity of {kind.table}; expected one of {', '.join(kind.capacity_units)}"))
        if row["owner"] not in OWNERS:
            problems.append(locate(file_label, row, "owner", f"{quoted(row['owner'])} is not an owner; expected "
                                   f"{' or '.join(OWNERS)}"))
        priced = (kind.table, row["technology"], asset_id, row["capacity_unit"])
        if priced in first_given:
            what = f"{kind.table} {quoted(asset_id)}" if asset_id else f"{row['technology']} {kind.table}"
            problems.append(locate(file_label, row, "capacity_unit", (
                f"prices {what} per {row['capacity_unit']} again ({first_given[priced]} already does); "
                "give each cost once")))
        else:
            first_given[priced] = _where(row)


def check_expansion_candidates(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Each expansion candidate extends a capacity of an existing asset, within bounds, at a cost
    (:func:`gezopt.data.candidates.candidate_problems`)."""
    file_label = str(directory / "expansion_candidates.csv")
    problems.extend(locate(file_label, row, column, message) for row, column, message in candidate_problems(tables))


SHARE_SUM_TOLERANCE = 1e-6


def check_floor_area_owners(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """A heat bus's floor-area shares sum to 1, one row per class (the heat electricity is split by them)."""
    owners = tables["floor_area_owners"]
    file_label = str(directory / "floor_area_owners.csv")
    for heat_bus, group in owners.groupby("heat_bus", sort=True):
        for consumer_class, rows in group.groupby("consumer_class", sort=True):
            if len(rows) > 1:
                places = ", ".join(_where(row) for _, row in rows.iterrows())
                problems.append(locate(file_label, rows.iloc[1], "consumer_class", (
                    f"heat bus '{heat_bus}' gives class '{consumer_class}' {len(rows)} shares ({places}); "
                    "give each class one share")))
        total = float(group["floor_area_share"].sum())
        if abs(total - 1.0) > SHARE_SUM_TOLERANCE:
            problems.append(locate(file_label, group.iloc[0], "floor_area_share", (
                f"the shares of heat bus '{heat_bus}' sum to {total:g} ({len(group)} rows); the classes owning a "
                "heat bus's floor area must sum to 1")))


def check_reservoirs(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Volumes ordered min <= start, end <= max."""
    frame = tables["reservoirs"]
    for row_id, row in frame.iterrows():
        low, high = row["volume_min_mcm"], row["volume_max_mcm"]
        if low > high:
            problems.append(_cell(directory, "reservoirs", frame, row_id, "volume_min_mcm",
                                  f"{low:g} is above volume_max_mcm {high:g}"))
        for column in ("volume_start_mcm", "volume_end_mcm"):
            value = row[column]
            if pd.notna(value) and not low <= value <= high:
                problems.append(_cell(directory, "reservoirs", frame, row_id, column,
                                      f"{value:g} is outside the volume bounds [{low:g}, {high:g}] million m3"))


def check_waste_plants(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """The must-run output must fit in the electricity the day's waste can give."""
    frame = tables["waste_plants"]
    for row_id, row in frame.iterrows():
        daily_energy_mwh = row["waste_t_per_day"] * row["energy_mwh_per_t"] * row["electrical_efficiency"]
        must_run_mwh = row["must_run_share"] * row["p_nom_mw"] * 24.0
        if must_run_mwh > daily_energy_mwh + 1e-9:
            problems.append(_cell(
                directory, "waste_plants", frame, row_id, "must_run_share",
                f"must-run output {must_run_mwh:.3g} MWh/day exceeds the {daily_energy_mwh:.3g} MWh/day "
                "the delivered waste can give",
            ))


def check_river_links(directory_file: str, plants: pd.DataFrame, links: pd.DataFrame) -> list[Problem]:
    """Links from a plant to itself, a plant flowing into two plants, cycles.

    Links naming a plant that does not exist are reported by :func:`check_references` and left out here.
    """
    problems = []
    known = links[links["upstream_plant"].isin(plants.index) & links["downstream_plant"].isin(plants.index)]
    for _, link in known.iterrows():
        if link["upstream_plant"] == link["downstream_plant"]:
            problems.append(locate(directory_file, link, "downstream_plant",
                                   f"plant {quoted(link['upstream_plant'])} flows into itself"))
    for plant, group in known.groupby("upstream_plant"):
        if len(group) > 1:
            targets = ", ".join(f"'{row['downstream_plant']}' ({_where(row)})" for _, row in group.iterrows())
            problems.append(locate(directory_file, group.iloc[1], "upstream_plant",
                                   f"plant '{plant}' flows into {len(group)} plants ({targets}); "
                                   "a plant lies on one river and sends its water to one plant downstream"))
    graph = nx.DiGraph()
    link_of = {}
    for _, link in known.iterrows():
        if link["upstream_plant"] != link["downstream_plant"]:
            graph.add_edge(link["upstream_plant"], link["downstream_plant"])
            link_of[link["upstream_plant"], link["downstream_plant"]] = link
    for cycle in nx.simple_cycles(graph):
        first = cycle.index(min(cycle))
        cycle = cycle[first:] + cycle[:first]  # start at the first plant by name: a stable message
        path = " -> ".join([*cycle, cycle[0]])
        cycle_links = [link_of[cycle[i], cycle[(i + 1) % len(cycle)]] for i in range(len(cycle))]
        first_link = min(cycle_links, key=lambda link: np.inf if pd.isna(link["_line"]) else link["_line"])
        problems.append(locate(directory_file, first_link, "downstream_plant",
                               f"river links form a cycle: {path}; water must flow downhill"))
    return problems
