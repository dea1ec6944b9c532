"""What an expansion candidate extends: the asset's current size, its technology, and the costs rows that price it.

A candidate (``expansion_candidates.csv``, :mod:`gezopt.data.specs.expansion`) names one capacity of one
asset.  Its **existing** capacity is read off the asset's row:

====================  ===============  ==============================================  =======================
asset table           capacity unit    existing capacity                               costs priced per
====================  ===============  ==============================================  =======================
generators            MW               p_nom_mw                                        MW
waste_plants          MW               p_nom_mw                                        MW
storage               MW / MWh         p_nom_mw / e_nom_mwh                            MW / MWh
lines                 MW               s_nom_mva_per_circuit x circuits                MW km (x length_km)
transformers          MW               s_nom_mva                                       MVA
grid_connections      MW               the larger of import_max_mw and export_max_mw   MW, MVA, MW km (x the
                                                                                       candidate's length_km)
====================  ===============  ==============================================  =======================

The capacity built is priced by the candidate's ``cost_id`` row if it names one, else by the asset's own
costs rows per one of those units, else by its technology's (:mod:`gezopt.data.assets`); a national-grid
connection has no technology in the costs table and needs a ``cost_id``.  :func:`candidate_problems` checks
all of it; :func:`cost_rows` returns the rows with the factor from the candidate's unit to each row's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gezopt.data.assets import ASSET_KINDS
from gezopt.data.specs import CAPACITY_UNITS, EXPANSION_TABLES
from gezopt.errors import quoted

CONNECTION_TECHNOLOGY = "national_grid_connection"


COMMISSIONED_COLUMN = "_asset_commissioned"  # a candidate's asset's own commissioning date, kept by the scenario


def committed_later(candidates: pd.DataFrame, year: int | None) -> set[tuple[str, str]]:
    """(asset table, asset id) of the candidates' assets commissioned after ``year``: in a run of that year they
    have no existing size yet (the plan may build on their site; from their year on they stand, at no cost)."""
    if year is None or COMMISSIONED_COLUMN not in candidates or candidates.empty:
        return set()
    dates = pd.to_datetime(candidates[COMMISSIONED_COLUMN])
    later = dates.dt.year > year
    return {(str(t), str(a)) for t, a in zip(candidates["asset_table"][later], candidates["asset_id"][later])}


def existing_capacity(table: str, unit: str, asset: pd.Series) -> float:
    """The asset's current capacity in the candidate's unit (see the module's table)."""
    if table == "storage":
        return float(asset["e_nom_mwh"] if unit == "MWh" else asset["p_nom_mw"])
    if table == "lines":
        return float(asset["s_nom_mva_per_circuit"] * asset["circuits"])
    if table == "transformers":
        return float(asset["s_nom_mva"])
    if table == "grid_connections":
        return float(max(asset["import_max_mw"], asset["export_max_mw"]))
    return float(asset["p_nom_mw"])


def technology(table: str, asset_id: str, tables: dict[str, pd.DataFrame]) -> str:
    """The asset's technology as the costs table names it (a connection: ``national_grid_connection``)."""
    if table == "grid_connections":
        return CONNECTION_TECHNOLOGY
    kind = ASSET_KINDS[table]
    return str(kind.technology_of(tables[table], tables)[asset_id])


def cost_factors(table: str, unit: str, asset: pd.Series, length_km: float | None) -> dict[str, float]:
    """Units of a costs row per unit of the candidate's capacity, by the costs row's capacity unit."""
    if table == "lines":
        return {"MW km": float(asset["length_km"])}
    if table == "transformers":
        return {"MVA": 1.0}
    if table == "grid_connections":
        factors = {"MW": 1.0, "MVA": 1.0}
        return factors | ({"MW km": float(length_km)} if length_km is not None and not np.isnan(length_km) else {})
    return {unit: 1.0}


def cost_rows(candidate: pd.Series, tables: dict[str, pd.DataFrame]) -> list[tuple[str, pd.Series, float]]:
    """(cost_id, costs row, factor) of every row pricing the candidate's capacity (empty: none does)."""
    costs = tables["costs"]
    table, asset_id = candidate["asset_table"], candidate["asset_id"]
    factors = cost_factors(table, candidate["capacity_unit"], tables[table].loc[asset_id], candidate["length_km"])
    named = candidate["cost_id"]
    if isinstance(named, str) and named:
        row = costs.loc[named]
        return [(named, row, factors[row["capacity_unit"]])] if row["capacity_unit"] in factors else []
    rows = costs[(costs["asset_table"] == table) & costs["capacity_unit"].isin(list(factors))]
    own_asset = rows["asset_id"].map(lambda value: isinstance(value, str) and value != "")
    chosen = rows[own_asset & (rows["asset_id"] == asset_id)]
    if chosen.empty and table in ASSET_KINDS:
        chosen = rows[~own_asset & (rows["technology"] == technology(table, asset_id, tables))]
    return [(str(cost_id), row, factors[row["capacity_unit"]]) for cost_id, row in chosen.iterrows()]


def candidate_problems(tables: dict[str, pd.DataFrame]) -> list[tuple[pd.Series, str, str]]:
    """(row, column, message) for each candidate that does not name an asset of an extendable table, a capacity
    it has, bounds around its current size and a cost, or extends a capacity another candidate extends."""
    found: list[tuple[pd.Series, str, str]] = []
    first_given: dict[tuple[str, str, str], str] = {}
    for _, row in tables["expansion_candidates"].iterrows():
        message = _asset_problem(row, tables)
        if message is not None:
            found.append((row, *message))
            continue
        key = (row["asset_table"], row["asset_id"], row["capacity_unit"])
        if key in first_given:
            found.append((row, "asset_id", (
                f"{row['asset_table']} {quoted(row['asset_id'])} is extended in {row['capacity_unit']} again "
                f"(candidate {quoted(first_given[key])} already does); give each capacity one candidate")))
            continue
        first_given[key] = str(row.name)
        found.extend((row, column, text) for column, text in _bound_problems(row, tables))
        named = row["cost_id"]
        if isinstance(named, str) and named and named not in tables["costs"].index:
            continue  # an unknown costs id: reported by the reference check
        if not cost_rows(row, tables):
            found.append((row, "cost_id", _missing_cost(row, tables)))
    return found


def _asset_problem(row: pd.Series, tables: dict[str, pd.DataFrame]) -> tuple[str, str] | None:
    """(column, message) if the candidate's table, asset or capacity unit is not one it can extend."""
    table, unit = row["asset_table"], row["capacity_unit"]
    if table not in EXPANSION_TABLES:
        return "asset_table", f"{quoted(table)} cannot be extended; expected one of {', '.join(EXPANSION_TABLES)}"
    if row["asset_id"] not in tables[table].index:
        return "asset_id", f"unknown {table} id {quoted(row['asset_id'])}"
    if unit not in CAPACITY_UNITS:
        return "capacity_unit", f"{quoted(unit)} is not a capacity unit; expected {' or '.join(CAPACITY_UNITS)}"
    if unit == "MWh" and table != "storage":
        return "capacity_unit", f"MWh is the energy of a storage unit; {table} are extended in MW"
    return None


def _bound_problems(row: pd.Series, tables: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    """The minimum not below the current size, the maximum not below the minimum."""
    existing = existing_capacity(row["asset_table"], row["capacity_unit"], tables[row["asset_table"]].loc[row["asset_id"]])
    minimum = existing if np.isnan(row["minimum_capacity"]) else float(row["minimum_capacity"])
    unit = row["capacity_unit"]
    found = []
    if minimum < existing:
        found.append(("minimum_capacity", (f"{minimum:g} {unit} is below the asset's current {existing:g} {unit}; "
                                           "an expansion builds on what exists (remove the asset to retire it)")))
    if row["maximum_capacity"] < max(minimum, existing):
        found.append(("maximum_capacity", (f"{row['maximum_capacity']:g} {unit} is below the minimum of "
                                           f"{max(minimum, existing):g} {unit}")))
    return found


def _missing_cost(row: pd.Series, tables: dict[str, pd.DataFrame]) -> str:
    """Why no costs row prices the candidate."""
    table = row["asset_table"]
    units = ", ".join(cost_factors(table, row["capacity_unit"], tables[table].loc[row["asset_id"]], row["length_km"]))
    named = row["cost_id"]
    if isinstance(named, str) and named:
        unit = tables["costs"].loc[named, "capacity_unit"]
        return f"costs row {quoted(named)} is per {unit}; this candidate's capacity is priced per {units}"
    if table == "grid_connections":
        return "a national-grid connection has no technology in the costs table; name the costs row that prices it"
    return (f"no costs row prices {table} {quoted(row['asset_id'])} ({technology(table, row['asset_id'], tables)}) "
            f"per {units}; add one or name one here")
