"""Quantities the plots draw, derived from a results folder's long tables.

Each function returns a wide frame or series indexed by snapshot (or by hour
of day), in MW.  Total demand is what the zone consumes: fixed demand
(including uncontrolled EV charging), scheduled EV charging net of v2g, and
the electricity of heat pumps and boilers - the same sum as the
``consumption_mwh`` KPI.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gezopt.report.results_folder import MissingDataError, ResultsFolder
from gezopt.report.style import CARRIER_ORDER

LONG_HORIZON_DAYS = 31  # longer horizons are drawn as daily means
ZERO_MW = 1e-6


def snapshot_hours(results: ResultsFolder) -> float:
    """Hours each snapshot stands for (the run's horizon over its number of snapshots)."""
    snapshots = results.table("demand")["snapshot"].nunique()
    return float(results.kpis.get("hours", snapshots)) / snapshots if snapshots else 1.0


def _by_snapshot(table: pd.DataFrame, column: str) -> pd.Series:
    return table.groupby("snapshot", sort=True)[column].sum()


def total_demand_mw(results: ResultsFolder) -> pd.Series:
    """Demand incl. scheduled EV charging and heat electricity, summed over buses, per snapshot."""
    demand = results.table("demand")
    parts = [c for c in ("demand_mw", "ev_scheduled_mw", "heat_electricity_mw") if c in demand.columns]
    return demand.groupby("snapshot", sort=True)[parts].sum().sum(axis=1).rename("demand_mw")


def has_local_generation(results: ResultsFolder) -> bool:
    """Whether any local unit generated in any snapshot of the run."""
    return bool((results.table("dispatch")["p_mw"].abs() > ZERO_MW).any())


def generation_by_carrier_mw(results: ResultsFolder) -> pd.DataFrame:
    """Local generation per technology (columns, in the report's fixed order) and snapshot."""
    dispatch = results.table("dispatch")
    wide = dispatch.pivot_table(index="snapshot", columns="carrier", values="p_mw", aggfunc="sum", sort=True)
    order = [c for c in CARRIER_ORDER if c in wide.columns] + sorted(c for c in wide.columns if c not in CARRIER_ORDER)
    return wide[order].fillna(0.0)


def net_imports_mw(results: ResultsFolder) -> pd.Series:
    """Imports minus exports over all national-grid connections, per snapshot."""
    national = results.table("national_grid")
    return (national["import_mw"] - national["export_mw"]).groupby(national["snapshot"], sort=True).sum()


def supply_stack_mw(results: ResultsFolder) -> pd.DataFrame:
    """What meets demand per snapshot: each technology, storage (net discharge), the national grid
    (net imports; exports negative) and load shed; columns that are zero throughout are dropped.  Every
    snapshot of the demand table is a row, also in a run without local generators."""
    snapshots = total_demand_mw(results).index
    stack = generation_by_carrier_mw(results).reindex(snapshots, fill_value=0.0)
    if results.has_table("storage"):
        storage = results.table("storage")
        if len(storage):
            net = (storage["discharge_mw"] - storage["charge_mw"]).groupby(storage["snapshot"]).sum()
            stack["storage"] = net.reindex(stack.index, fill_value=0.0)
    stack["national grid"] = net_imports_mw(results).reindex(stack.index, fill_value=0.0)
    demand = results.table("demand")
    if "shed_mw" in demand.columns:
        stack["load shed"] = _by_snapshot(demand, "shed_mw").reindex(stack.index, fill_value=0.0)
    return stack.loc[:, (stack.abs() > ZERO_MW).any(axis=0)]


def in_local_time(frame: pd.DataFrame | pd.Series, utc_offset_hours: int) -> pd.DataFrame | pd.Series:
    """The frame indexed by local time (its UTC snapshots plus the offset), as every time axis shows it."""
    shifted = frame.copy()
    shifted.index = pd.DatetimeIndex(frame.index) + pd.Timedelta(hours=utc_offset_hours)
    return shifted


def for_display(frame: pd.DataFrame | pd.Series, utc_offset_hours: int) -> tuple[pd.DataFrame | pd.Series, str]:
    """The frame as drawn, in local time: daily means (of local days) when the horizon is longer than a
    month, with a note saying so."""
    local = in_local_time(frame, utc_offset_hours)
    if len(local.index) < 2 or local.index[-1] - local.index[0] <= pd.Timedelta(days=LONG_HORIZON_DAYS):
        return local, ""
    return local.resample("D").mean(), "daily means"


def prices_by_bus(results: ResultsFolder) -> pd.DataFrame:
    """Nodal price per snapshot (rows) and bus (columns, in the table's order), AZN/MWh."""
    prices = results.table("prices")
    buses = list(dict.fromkeys(prices["bus"]))
    return prices.pivot_table(index="snapshot", columns="bus", values="price_azn_per_mwh", sort=True)[buses]


def load_duration_mw(results: ResultsFolder) -> tuple[np.ndarray, np.ndarray]:
    """(hours at or above the load, load sorted from the highest): the load duration curve."""
    load = np.sort(total_demand_mw(results).to_numpy())[::-1]
    hours = np.arange(1, len(load) + 1) * snapshot_hours(results)
    return hours, load


def local_hour(snapshots: pd.Series | pd.Index, utc_offset_hours: int) -> np.ndarray:
    """Hour of day in local time of UTC snapshots."""
    return ((pd.DatetimeIndex(snapshots).hour + utc_offset_hours) % 24).to_numpy()


def ev_charging_by_hour_mw(results: ResultsFolder) -> pd.DataFrame:
    """Mean EV charging per hour of day (the run's local time), all fleets summed, split into
    ``uncontrolled`` (fixed profile) and ``scheduled`` (by the LP) charging and ``v2g`` (discharge, negative).

    Scheduled charging is the demand table's ``ev_scheduled_mw`` (net of v2g) plus the discharge;
    the rest of the fleets' charging is uncontrolled.
    """
    ev = results.table("ev")
    if ev.empty:
        raise MissingDataError(f"{results.label}: no EV fleets in this run")
    charge = _by_snapshot(ev, "charge_mw")
    discharge = _by_snapshot(ev, "discharge_mw")
    demand = results.table("demand")
    if "ev_scheduled_mw" in demand.columns:
        scheduled = (_by_snapshot(demand, "ev_scheduled_mw").reindex(charge.index, fill_value=0.0) + discharge)
        scheduled = scheduled.clip(lower=0.0)
    else:
        scheduled = pd.Series(0.0, index=charge.index)
    uncontrolled = (charge - scheduled).clip(lower=0.0)
    frame = pd.DataFrame({"uncontrolled": uncontrolled, "scheduled": scheduled, "v2g": -discharge})
    hourly = frame.groupby(local_hour(frame.index, results.utc_offset_hours)).mean()
    return hourly.reindex(range(24), fill_value=0.0)


def ev_net_charging_by_hour_mw(results: ResultsFolder) -> pd.Series:
    """Mean net EV charging (charging minus v2g discharge) per hour of day, local time."""
    return ev_charging_by_hour_mw(results).sum(axis=1)


def energy_by_source_mwh(results: ResultsFolder) -> pd.Series:
    """Energy over the horizon by technology (kpis.json), plus imports and exports (negative)."""
    energy = pd.Series(results.kpi("energy_by_technology_mwh"), dtype=float)
    order = [c for c in CARRIER_ORDER if c in energy.index] + sorted(c for c in energy.index if c not in CARRIER_ORDER)
    energy = energy[order]
    energy["imports"] = float(results.kpis.get("imports_mwh", 0.0))
    energy["exports"] = -float(results.kpis.get("exports_mwh", 0.0))
    return energy
