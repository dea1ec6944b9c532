"""Result tables of the demand side: EV fleets, heat buses and units, and demand by end use.

Scheduled fleets come from the LP's variables; uncontrolled fleets from the
fixed charging profile (:func:`gezopt.demand.uncontrolled_ev_mw`).  Heat-unit
electricity is heat / COP (heat pumps) or heat / efficiency (boilers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.core as pyo

from gezopt.data import ZoneData
from gezopt.demand import street_lighting_mw, sum_by_label
from gezopt.model_index import IndexedModel, IndexedPositions
from gezopt.prepared import Prepared
from gezopt.solve import Solution


def matrix(solution: Solution, component: IndexedPositions | pyo.Var, objects: list, snapshot_count: int) -> np.ndarray:
    """Values of an (object, t)-indexed variable as (snapshots x objects)."""
    values = solution.values(component)
    return values.reshape(len(objects), snapshot_count).T if len(objects) else np.zeros((snapshot_count, 0))


def long_table(values: np.ndarray, snapshots: pd.DatetimeIndex, objects: list, object_column: str,
               value_column: str) -> pd.DataFrame:
    """A (snapshots x objects) array as a long table."""
    return pd.DataFrame({
        "snapshot": np.repeat(snapshots.to_numpy(), len(objects)),
        object_column: tiled_labels(objects, len(snapshots)),
        value_column: values.reshape(-1),
    })


def tiled_labels(labels, count: int) -> pd.api.extensions.ExtensionArray:
    """``labels`` repeated ``count`` times (``l0 l1 ... l0 l1 ...``) as pandas infers a column of them: the few
    labels are inferred once and taken by position (arrow's take for its strings), about three times as fast
    as inferring every one of a full year's values."""
    distinct = pd.Series(np.asarray(labels, dtype=object)).array
    return distinct.take(np.tile(np.arange(len(distinct)), count))


def ev_results(m: IndexedModel, inputs: Prepared, solution: Solution) -> dict[str, np.ndarray | list]:
    """Charging, discharging, battery energy, driving and unserved energy of every fleet (snapshots x fleets)."""
    count = len(inputs.snapshots)
    scheduled, fixed = inputs.scheduled_fleets, inputs.uncontrolled_fleets
    fixed_charge, fixed_energy = fixed.charge_mw, fixed.energy_mwh
    ids = scheduled.ids + fixed.ids
    driving = np.hstack([scheduled.driving_mw, fixed.driving_mw])
    scheduled_ids = scheduled.ids
    return {
        "fleet_ids": ids,
        "charge_mw": np.hstack([matrix(solution, m.ev_charge, scheduled_ids, count), fixed_charge]),
        "discharge_mw": np.hstack([matrix(solution, m.ev_discharge, scheduled_ids, count), np.zeros_like(fixed_charge)]),
        "energy_mwh": np.hstack([matrix(solution, m.ev_energy, scheduled_ids, count), fixed_energy]),
        "driving_mw": driving,
        "unserved_mw": np.hstack([matrix(solution, m.ev_unserved, scheduled_ids, count), np.zeros_like(fixed_charge)]),
    }


def heat_results(m: IndexedModel, inputs: Prepared, solution: Solution) -> dict[str, np.ndarray]:
    """Heat output, electricity and COP of every heat unit; demand, shed and price of every heat bus."""
    zone = inputs.zone
    count = len(zone.snapshots)
    weights = inputs.weights_h
    unit_ids, bus_ids, store_ids = list(zone.heat_units.index), list(zone.heat_buses.index), list(zone.thermal_storage.index)
    output = matrix(solution, m.heat_output, unit_ids, count)
    cop = inputs.heat_unit_cop[unit_ids].to_numpy()
    electricity = np.divide(output, cop, out=np.zeros_like(output), where=cop > 0)
    demand = inputs.heat_demand_mw_th[bus_ids].to_numpy()
    return {
        "heat_mw_th": output, "electricity_mw": electricity, "cop": cop,
        "demand_mw_th": demand, "shed_mw_th": matrix(solution, m.heat_shed, bus_ids, count),
        "price_azn_per_mwh_th": solution.duals(m.heat_balance).reshape(len(bus_ids), count).T / weights[:, None]
        if bus_ids else np.zeros((count, 0)),
        "store_charge_mw_th": matrix(solution, m.heat_store_charge, store_ids, count),
        "store_discharge_mw_th": matrix(solution, m.heat_store_discharge, store_ids, count),
        "store_energy_mwh_th": matrix(solution, m.heat_store_energy, store_ids, count),
    }


def by_bus(values: np.ndarray, buses: pd.Series, bus_ids: list[str], snapshots: pd.DatetimeIndex) -> np.ndarray:
    """Sum (snapshots x objects) into (snapshots x buses) by each object's bus, every bus a column."""
    return sum_by_label(values, buses, snapshots).reindex(columns=bus_ids, fill_value=0.0).to_numpy()


def demand_side_tables(zone: ZoneData, ev: dict, heat: dict) -> dict[str, pd.DataFrame]:
    """The ev, heat, heat_units and heat_storage tables."""
    snapshots = zone.snapshots
    ev_table = long_table(ev["charge_mw"], snapshots, ev["fleet_ids"], "fleet_id", "charge_mw")
    for column in ("discharge_mw", "energy_mwh", "driving_mw", "unserved_mw"):
        ev_table[column] = ev[column].reshape(-1)
    heat_ids = list(zone.heat_buses.index)
    heat_table = long_table(heat["demand_mw_th"], snapshots, heat_ids, "heat_bus", "demand_mw_th")
    heat_table["shed_mw_th"] = heat["shed_mw_th"].reshape(-1)
    heat_table["price_azn_per_mwh_th"] = heat["price_azn_per_mwh_th"].reshape(-1)
    unit_ids = list(zone.heat_units.index)
    unit_table = long_table(heat["heat_mw_th"], snapshots, unit_ids, "unit_id", "heat_mw_th")
    unit_table.insert(2, "kind", tiled_labels(zone.heat_units["kind"].to_numpy(dtype=object), len(snapshots)))
    unit_table["electricity_mw"] = heat["electricity_mw"].reshape(-1)
    unit_table["cop"] = heat["cop"].reshape(-1)
    store_ids = list(zone.thermal_storage.index)
    store_table = long_table(heat["store_charge_mw_th"], snapshots, store_ids, "storage_id", "charge_mw_th")
    store_table["discharge_mw_th"] = heat["store_discharge_mw_th"].reshape(-1)
    store_table["energy_mwh_th"] = heat["store_energy_mwh_th"].reshape(-1)
    return {"ev": ev_table, "heat": heat_table, "heat_units": unit_table, "heat_storage": store_table}


def flexible_demand_by_bus(inputs: Prepared, ev: dict, heat: dict, bus_ids: list[str]) -> dict[str, np.ndarray]:
    """Scheduled EV charging (net of v2g) and heat-unit electricity per bus, snapshots x buses."""
    zone = inputs.zone
    scheduled = inputs.scheduled_fleets.table
    count = len(scheduled)
    net_ev = ev["charge_mw"][:, :count] - ev["discharge_mw"][:, :count]
    unit_bus = zone.heat_units["heat_bus"].map(zone.heat_buses["bus"])
    return {
        "ev_scheduled_mw": by_bus(net_ev, scheduled["bus"], bus_ids, zone.snapshots),
        "heat_electricity_mw": by_bus(heat["electricity_mw"], unit_bus, bus_ids, zone.snapshots),
    }


def street_lighting_energy_mwh(zone: ZoneData) -> tuple[float, float]:
    """(grid street lighting, lighting taken off the grid by solar LED units) over the horizon, MWh."""
    weights = np.asarray(zone.snapshot_hours, dtype=float)[:, None]
    grid, solar = street_lighting_mw(zone)
    return float((grid * weights).sum()), float((solar * weights).sum())
