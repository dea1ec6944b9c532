"""Checks across tables: references, topology basics and physical consistency.

Each check appends :class:`~gezopt.errors.Problem` entries located at the
line and column of the offending cell; none of them raises.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from gezopt.data.specs import OPTIONAL_PARAMETERS, REQUIRED_PARAMETERS, TABLES
from gezopt.errors import Problem


def parameters_from_table(table: pd.DataFrame, file_label: str, problems: list[Problem]) -> dict[str, float]:
    """The parameters table as a dict; every required parameter must be present."""
    values = dict(OPTIONAL_PARAMETERS)
    values.update({str(name): float(value) for name, value in zip(table["parameter"], table["value"])})
    for name, unit in REQUIRED_PARAMETERS.items():
        if name not in values:
            problems.append(Problem(file_label, None, "parameter", f"parameter '{name}' ({unit}) is missing"))
    return values


def check_dataset(directory: Path, tables: dict[str, pd.DataFrame], profiles: pd.DataFrame,
                  problems: list[Problem]) -> None:
    """Every cross-table check of a freshly read dataset."""
    check_references(directory, tables, problems)
    check_profile_names(directory, tables, profiles, problems)
    check_branches(directory, tables, problems)
    check_hydro_plants(directory, tables, problems)
    check_reservoirs(directory, tables, problems)
    check_waste_plants(directory, tables, problems)
    check_demand_side(directory, tables, problems)
    problems.extend(check_river_links(str(directory / "river_links.csv"), tables["hydro_plants"], tables["river_links"]))


def _cell(directory: Path, table: str, frame: pd.DataFrame, row_id: str, column: str, message: str) -> Problem:
    line = frame.loc[row_id, "_line"]  # NaN for a row a scenario added
    return Problem(str(directory / f"{table}.csv"), None if pd.isna(line) else int(line), column, message)


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
                                          f"unknown {column.references} id '{value}'"))


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
                                          f"profile '{value}' is not a column of profiles.csv"))


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
        problems.append(Problem(str(directory / "irrigation.csv"), int(row["_line"]), "month",
                                f"month {row['month']:g} of plant '{row['plant_id']}' is given twice"))
    targets = tables["hydro_targets"]
    for row_id, row in targets.iterrows():
        named = [] if row["plants"] in (None, "*") else str(row["plants"]).split()
        for plant in named:
            if plant not in plants.index:
                problems.append(_cell(directory, "hydro_targets", targets, row_id, "plants",
                                      f"unknown hydro_plants id '{plant}'"))


CHARGING_MODES = ("uncontrolled", "smart", "v2g")
HEAT_UNIT_KINDS = ("heat_pump", "boiler", "waste_heat")


def check_demand_side(directory: Path, tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Known charging modes and heat-unit kinds; recovered heat names its waste plant."""
    fleets = tables["ev_fleets"]
    for row_id, row in fleets.iterrows():
        if row["charging_mode"] not in CHARGING_MODES:
            problems.append(_cell(directory, "ev_fleets", fleets, row_id, "charging_mode",
                                  f"'{row['charging_mode']}' is not a charging mode; expected {', '.join(CHARGING_MODES)}"))
    units = tables["heat_units"]
    for row_id, row in units.iterrows():
        if row["kind"] not in HEAT_UNIT_KINDS:
            problems.append(_cell(directory, "heat_units", units, row_id, "kind",
                                  f"'{row['kind']}' is not a heat unit kind; expected {', '.join(HEAT_UNIT_KINDS)}"))
        elif row["kind"] == "waste_heat" and not row["waste_plant"]:
            problems.append(_cell(directory, "heat_units", units, row_id, "waste_plant",
                                  "is empty; a waste_heat unit recovers the heat of a waste-to-energy plant"))
        elif row["kind"] == "boiler" and row["efficiency"] == 0:
            problems.append(_cell(directory, "heat_units", units, row_id, "efficiency", "is zero for a boiler"))


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
    """Links from a plant to itself, a plant flowing into two plants, cycles."""
    problems = []
    for link_id, link in links.iterrows():
        if link["upstream_plant"] == link["downstream_plant"]:
            problems.append(Problem(directory_file, int(link["_line"]), "downstream_plant",
                                    f"plant '{link['upstream_plant']}' flows into itself"))
    for plant, group in links.groupby("upstream_plant"):
        if len(group) > 1:
            targets = ", ".join(f"'{row['downstream_plant']}' (line {int(row['_line'])})" for _, row in group.iterrows())
            problems.append(Problem(directory_file, int(group["_line"].iloc[1]), "upstream_plant",
                                    f"plant '{plant}' flows into {len(group)} plants ({targets}); "
                                    "a plant lies on one river and sends its water to one plant downstream"))
    graph = nx.DiGraph()
    line_of = {}
    for link_id, link in links.iterrows():
        if link["upstream_plant"] != link["downstream_plant"]:
            graph.add_edge(link["upstream_plant"], link["downstream_plant"])
            line_of[link["upstream_plant"], link["downstream_plant"]] = int(link["_line"])
    for cycle in nx.simple_cycles(graph):
        first = cycle.index(min(cycle))
        cycle = cycle[first:] + cycle[:first]  # start at the first plant by name: a stable message
        path = " -> ".join([*cycle, cycle[0]])
        first_line = min(line_of[cycle[i], cycle[(i + 1) % len(cycle)]] for i in range(len(cycle)))
        problems.append(Problem(directory_file, first_line, "downstream_plant",
                                f"river links form a cycle: {path}; water must flow downhill"))
    return problems
