"""Solved model -> tidy tables and KPIs; written atomically by :mod:`gezopt.results.writing`.

Every table comes from an explicit mapping of Pyomo components to columns
(no parsing of names).  Tables are long ("tidy"): one row per snapshot and
object.  Energies are MWh over the horizon of the run; prices are AZN/MWh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.core as pyo

from gezopt.carriers import RENEWABLE_CARRIERS
from gezopt.costs import FullCost, asset_costs, full_cost
from gezopt.data import ZoneData
from gezopt.model.balance import balance_duals
from gezopt.model_index import IndexedModel, IndexedPositions
from gezopt.network import Network
from gezopt.output import OutFolder
from gezopt.prepared import Prepared
from gezopt.results.capacities import (
    BuiltCapacity,
    built_asset_costs,
    built_capacities,
    capacities_table,
    expansion_kpis,
    scale_dispatch_to_capacity,
    scale_flows_to_capacity,
)
from gezopt.results.demand_side import (
    demand_side_tables,
    ev_results,
    flexible_demand_by_bus,
    heat_results,
    long_table,
    matrix,
    street_lighting_energy_mwh,
    tiled_labels,
)
from gezopt.results.exports import export_benefits
from gezopt.results.writing import write_folder
from gezopt.rivers import inflow_m3s
from gezopt.solve import Solution


@dataclass(frozen=True)
class Results:
    """The tables and KPIs of one run, and its full cost (:mod:`gezopt.costs`) for the tariffs' finances."""

    tables: dict[str, pd.DataFrame]
    kpis: dict[str, object]
    full_cost: FullCost


def extract(m: IndexedModel, inputs: Prepared, net: Network, solution: Solution) -> Results:
    """All result tables and KPIs of a solved model, from its prepared inputs and the solution."""
    return with_key_figures(result_tables(m, inputs, net, solution), m, inputs, solution)


@dataclass(frozen=True)
class ResultTables:
    """The tables of a solved model, final (nothing changes them after: they may be written at once), and what
    the key figures read besides them (:func:`with_key_figures`)."""

    tables: dict[str, pd.DataFrame]
    prices: np.ndarray  # AZN/MWh, snapshots x buses
    consumption: np.ndarray  # MW, snapshots x buses
    ev: dict
    heat: dict
    capacities: tuple[BuiltCapacity, ...]
    trade_azn: dict[str, float]


def result_tables(m: IndexedModel, inputs: Prepared, net: Network, solution: Solution,
                  final: Callable[[dict[str, pd.DataFrame]], None] = lambda tables: None) -> ResultTables:
    """Every table but ``asset_costs`` (the key figures' own), at the capacities built; ``final`` is handed
    the tables made so far each time more are final (a run writes each from then: :func:`gezopt.pipeline.run`)."""
    zone = inputs.zone
    capacities = built_capacities(m, inputs, solution)
    tables = _dispatch_and_hydro_tables(m, inputs, solution)
    scale_dispatch_to_capacity(tables["dispatch"], capacities)
    final(tables)  # the two largest: written while the others are made
    storage_and_grid, trade_azn = _storage_national_grid_and_flow_tables(m, inputs, net, solution)
    scale_flows_to_capacity(storage_and_grid["flows"], capacities, net)
    tables.update(storage_and_grid)
    final(tables)
    prices = _nodal_prices(m, inputs, solution)
    tables["prices"] = long_table(prices, zone.snapshots, list(zone.buses.index), "bus", "price_azn_per_mwh")
    demand_tables, consumption, ev, heat = _demand_tables(m, inputs, solution)
    tables.update(demand_tables)
    tables["capacities"] = capacities_table(capacities, inputs, net)
    final(tables)
    return ResultTables(tables=tables, prices=prices, consumption=consumption, ev=ev, heat=heat,
                        capacities=capacities, trade_azn=trade_azn)


def with_key_figures(extracted: ResultTables, m: IndexedModel, inputs: Prepared, solution: Solution) -> Results:
    """The KPIs of the tables (and the ``asset_costs`` table, added to them) and the zone's full cost."""
    zone, tables, capacities, trade_azn = inputs.zone, extracted.tables, extracted.capacities, extracted.trade_azn
    weights = inputs.weights_h
    kpis = key_figures(zone, solution, tables, weights, extracted.prices, extracted.consumption) | trade_azn
    investment_azn = sum(result.annualised_cost_azn for result in capacities)
    kpis["local_supply_cost_azn"] = (solution.objective_azn - investment_azn
                                     - trade_azn["import_cost_azn"] + trade_azn["export_revenue_azn"])
    kpis.update(expansion_kpis(m, solution, capacities, kpis))
    kpis.update(demand_side_kpis(zone, extracted.ev, extracted.heat, extracted.prices, extracted.consumption,
                                 weights))
    kpis.update(export_benefits(zone, tables, weights))
    costs = asset_costs(zone).with_built(built_asset_costs(capacities))
    tables["asset_costs"] = costs.table()
    zone_cost = full_cost(costs, kpis, zone.parameters)
    kpis.update(zone_cost.kpis())
    return Results(tables=tables, kpis=kpis, full_cost=zone_cost)


def _dispatch_and_hydro_tables(m: IndexedModel, inputs: Prepared, solution: Solution) -> dict[str, pd.DataFrame]:
    """``dispatch`` (variable renewables, hydro and waste plants) and ``hydro`` (each plant's water)."""
    zone = inputs.zone
    snapshots = zone.snapshots
    count = len(snapshots)
    # variable renewables: sparse variables -> dense (snapshots x units)
    units = zone.generators
    unit_ids = list(units.index)
    renewable_output = _sparsematrix(solution, m.renewable_dispatch, unit_ids, count)
    renewable_available = inputs.renewable_available_mw[unit_ids].to_numpy()

    hydro = hydro_flows(m, inputs, solution)
    plants = zone.hydro_plants
    plant_ids = list(plants.index)
    carriers = pd.Series(["reservoir_hydro" if p in inputs.rivers.reservoirs else "run_of_river" for p in plant_ids],
                         index=plant_ids)

    waste_ids = list(zone.waste_plants.index)
    waste_output = matrix(solution, m.waste_dispatch, waste_ids, count)

    frames = [
        _unit_frame(snapshots, unit_ids, units["carrier"], units["bus"], renewable_output, renewable_available),
        _unit_frame(snapshots, plant_ids, carriers, plants["bus"], hydro["power_mw"], hydro["available_mw"]),
        _unit_frame(snapshots, waste_ids, pd.Series("waste", index=waste_ids), zone.waste_plants["bus"],
                    waste_output, None),
    ]
    # a kind without units adds no row: its labels (none, so of no inferred type) would turn the others' strings
    # into objects, which pyarrow converts one by one when the table is written (0.06-0.13 s on a year)
    dispatch = pd.concat([frame for frame in frames if len(frame)] or frames[:1], ignore_index=True)

    hydro_table = long_table(hydro["inflow_m3s"], snapshots, plant_ids, "plant_id", "inflow_m3s")
    for column in ("withdrawal_m3s", "release_m3s", "spill_m3s", "volume_mcm", "power_mw"):
        hydro_table[column] = hydro[column].reshape(-1)
    return {"dispatch": dispatch, "hydro": hydro_table}


def _storage_national_grid_and_flow_tables(m: IndexedModel, inputs: Prepared, net: Network,
                                           solution: Solution) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """``storage``, ``national_grid`` and ``flows``, and the cost of imports and revenue of exports, AZN."""
    zone = inputs.zone
    snapshots = zone.snapshots
    count = len(snapshots)
    weights = inputs.weights_h
    tables: dict[str, pd.DataFrame] = {}
    storage_ids = list(zone.storage.index)
    charge = matrix(solution, m.storage_charge, storage_ids, count)
    discharge = matrix(solution, m.storage_discharge, storage_ids, count)
    energy = matrix(solution, m.storage_energy, storage_ids, count)
    storage = long_table(charge, snapshots, storage_ids, "storage_id", "charge_mw")
    storage["discharge_mw"] = discharge.reshape(-1)
    storage["energy_mwh"] = energy.reshape(-1)
    tables["storage"] = storage

    connection_ids = list(zone.grid_connections.index)
    imports = matrix(solution, m.grid_import, connection_ids, count)
    exports = matrix(solution, m.grid_export, connection_ids, count)
    national = long_table(imports, snapshots, connection_ids, "connection_id", "import_mw")
    national["export_mw"] = exports.reshape(-1)
    tables["national_grid"] = national
    connections = zone.grid_connections
    import_price = zone.profile_matrix(connections["import_price_profile"]) * connections["import_price_azn_per_mwh"].to_numpy()
    export_price = zone.profile_matrix(connections["export_price_profile"]) * connections["export_price_azn_per_mwh"].to_numpy()
    trade_azn = {
        "import_cost_azn": float((imports * import_price * weights[:, None]).sum()),
        "export_revenue_azn": float((exports * export_price * weights[:, None]).sum()),
    }

    branch_ids = list(net.branches.index)
    flows = matrix(solution, m.line_flow, branch_ids, count)
    flow_table = long_table(flows, snapshots, branch_ids, "branch_id", "flow_mw")
    rating = np.tile(net.branches["s_nom_mw"].to_numpy(dtype=float), count)
    flow_table["loading"] = np.abs(flow_table["flow_mw"].to_numpy()) / np.where(rating > 0, rating, np.nan)
    tables["flows"] = flow_table
    return tables, trade_azn


def _nodal_prices(m: IndexedModel, inputs: Prepared, solution: Solution) -> np.ndarray:
    """The price at each bus (snapshots x buses): the dual of its balance row per hour of the snapshot, AZN/MWh."""
    zone = inputs.zone
    duals = balance_duals(m.nodal_balance.keys(), solution.duals(m.nodal_balance), list(zone.buses.index),
                          len(zone.snapshots))
    return duals / inputs.weights_h[:, None]


def _demand_tables(m: IndexedModel, inputs: Prepared, solution: Solution
                   ) -> tuple[dict[str, pd.DataFrame], np.ndarray, dict, dict]:
    """``demand`` by bus and the demand side's tables; the consumption (snapshots x buses, MW) and the EV
    and heat results the KPIs need."""
    zone = inputs.zone
    snapshots = zone.snapshots
    count = len(snapshots)
    bus_ids = list(zone.buses.index)
    tables: dict[str, pd.DataFrame] = {}
    demand = inputs.fixed_demand_mw.reindex(columns=bus_ids, fill_value=0.0).to_numpy()
    shed = np.zeros((count, len(bus_ids)))
    shed_keys = list(m.load_shed.keys())  # (bus, t) with demand, each once (a Pyomo block gives an iterator)
    shed[np.fromiter(map(itemgetter(1), shed_keys), dtype=np.int64, count=len(shed_keys)),
         pd.Index(bus_ids).get_indexer(list(map(itemgetter(0), shed_keys)))] = solution.values(m.load_shed)
    ev, heat = ev_results(m, inputs, solution), heat_results(m, inputs, solution)
    flexible = flexible_demand_by_bus(inputs, ev, heat, bus_ids)
    demand_table = long_table(demand, snapshots, bus_ids, "bus", "demand_mw")
    demand_table["ev_scheduled_mw"] = flexible["ev_scheduled_mw"].reshape(-1)
    demand_table["heat_electricity_mw"] = flexible["heat_electricity_mw"].reshape(-1)
    demand_table["shed_mw"] = shed.reshape(-1)
    tables["demand"] = demand_table
    tables.update(demand_side_tables(zone, ev, heat))

    consumption = demand + flexible["ev_scheduled_mw"] + flexible["heat_electricity_mw"]
    return tables, consumption, ev, heat


def demand_side_kpis(zone: ZoneData, ev: dict, heat: dict, prices: np.ndarray, consumption: np.ndarray,
                     weights: np.ndarray) -> dict[str, object]:
    """EV charging cost per vehicle, EV and heat contributions to the peak, heat-pump electricity, lighting."""
    bus_ids = list(zone.buses.index)
    column = {b: i for i, b in enumerate(bus_ids)}
    fleets = zone.ev_fleets.loc[ev["fleet_ids"]]
    fleet_price = prices[:, [column[b] for b in fleets["bus"]]] if len(fleets) else np.zeros((len(weights), 0))
    net_ev = ev["charge_mw"] - ev["discharge_mw"]
    vehicles = float(fleets["vehicles"].sum())
    ev_cost = float((net_ev * fleet_price * weights[:, None]).sum())
    total = consumption.sum(axis=1)
    peak = int(np.argmax(total)) if len(total) else 0
    kinds = zone.heat_units["kind"].to_numpy()
    heat_electricity = heat["electricity_mw"]
    grid_lighting_mwh, solar_lighting_mwh = street_lighting_energy_mwh(zone)
    return {
        "ev_charging_mwh": float((ev["charge_mw"] * weights[:, None]).sum()),
        "ev_discharge_mwh": float((ev["discharge_mw"] * weights[:, None]).sum()),
        "ev_unserved_mwh": float((ev["unserved_mw"] * weights[:, None]).sum()),
        "ev_charging_cost_azn_per_vehicle": ev_cost / vehicles if vehicles else None,
        "ev_peak_contribution_mw": float(net_ev[peak].sum()) if len(total) else 0.0,
        "heat_peak_contribution_mw": float(heat_electricity[peak].sum()) if len(total) else 0.0,
        "peak_load_mw": float(total.max()) if len(total) else 0.0,
        "heat_demand_mwh_th": float((heat["demand_mw_th"] * weights[:, None]).sum()),
        "heat_shed_mwh_th": float((heat["shed_mw_th"] * weights[:, None]).sum()),
        "heat_pump_electricity_mwh": float((heat_electricity[:, kinds == "heat_pump"] * weights[:, None]).sum()),
        "heat_electricity_mwh": float((heat_electricity * weights[:, None]).sum()),
        "street_lighting_grid_mwh": grid_lighting_mwh,
        "street_lighting_solar_led_mwh": solar_lighting_mwh,
    }


def _sparsematrix(solution: Solution, component: IndexedPositions | pyo.Var, objects: list[str], snapshot_count: int) -> np.ndarray:
    """Values of a variable indexed by a sparse (object, t) set, as dense (snapshots x objects), 0 elsewhere."""
    dense = np.zeros((snapshot_count, len(objects)))
    column_of = {o: i for i, o in enumerate(objects)}
    keys = list(component.keys())
    if keys:
        rows = np.fromiter((t for _, t in keys), dtype=np.int64, count=len(keys))
        columns = np.fromiter((column_of[o] for o, _ in keys), dtype=np.int64, count=len(keys))
        dense[rows, columns] = solution.values(component)
    return dense


def hydro_flows(m: IndexedModel, inputs: Prepared, solution: Solution) -> dict[str, np.ndarray]:
    """Water and power of every plant and snapshot, rebuilt from the released and spilled flows.

    Inflow = c + sum of a x (release + spill) of the reservoirs upstream, lagged
    (:mod:`gezopt.rivers`); withdrawal = inflow - usable; a run-of-river plant
    spills what it does not turbine; volume only for reservoirs (NaN elsewhere).
    """
    zone, rivers = inputs.zone, inputs.rivers
    plants = zone.hydro_plants
    plant_ids = list(plants.index)
    count = len(zone.snapshots)
    release = _sparsematrix(solution, m.hydro_release, plant_ids, count)
    reservoir_ids = list(rivers.reservoirs)
    reservoir_spill = matrix(solution, m.reservoir_spill, reservoir_ids, count)
    reservoir_volume = matrix(solution, m.reservoir_volume, reservoir_ids, count)
    column = {p: i for i, p in enumerate(plant_ids)}
    outflow = {r: release[:, column[r]] + reservoir_spill[:, i] for i, r in enumerate(reservoir_ids)}
    inflow = np.zeros((count, len(plant_ids)))
    for plant in plant_ids:
        inflow[:, column[plant]] = inflow_m3s(rivers, plant, outflow)
    usable = inflow * rivers.usable_share[plant_ids].to_numpy()
    spill = usable - release
    volume = np.full((count, len(plant_ids)), np.nan)
    for i, r in enumerate(reservoir_ids):
        spill[:, column[r]] = reservoir_spill[:, i]
        volume[:, column[r]] = reservoir_volume[:, i]
    power_per_flow = np.array([rivers.power_per_flow[p] for p in plant_ids])
    power = release * power_per_flow
    upper = inputs.release_upper_m3s
    environmental = np.minimum(plants["min_environmental_flow_m3s"].to_numpy(), rivers.natural_outflow_m3s[plant_ids].to_numpy())
    turbinable = np.minimum(upper[plant_ids].to_numpy(), np.maximum(usable - environmental, 0.0))
    is_reservoir = np.array([p in rivers.reservoirs for p in plant_ids])
    available = np.where(is_reservoir, power, np.maximum(turbinable * power_per_flow, power))
    return {"inflow_m3s": inflow, "withdrawal_m3s": inflow - usable, "release_m3s": release,
            "spill_m3s": np.maximum(spill, 0.0), "volume_mcm": volume, "power_mw": power, "available_mw": available}


def _unit_frame(snapshots: pd.DatetimeIndex, ids: list[str], carrier: pd.Series, bus: pd.Series,
                output: np.ndarray, available: np.ndarray | None) -> pd.DataFrame:
    frame = long_table(output, snapshots, ids, "unit", "p_mw")
    frame.insert(2, "carrier", tiled_labels(carrier.loc[ids].to_numpy(dtype=object), len(snapshots)))
    frame.insert(3, "bus", tiled_labels(bus.loc[ids].to_numpy(dtype=object), len(snapshots)))
    if available is None:
        frame["available_mw"] = frame["p_mw"]
    else:
        frame["available_mw"] = available.reshape(-1)
    frame["curtailed_mw"] = np.maximum(frame["available_mw"] - frame["p_mw"], 0.0)
    return frame


def key_figures(zone: ZoneData, solution: Solution, tables: dict[str, pd.DataFrame],
                weights: np.ndarray, prices: np.ndarray, demand: np.ndarray) -> dict[str, object]:
    """Headline numbers of the run (energies in MWh over the horizon)."""
    hours = float(weights.sum())

    def row_weights(frame: pd.DataFrame) -> np.ndarray:
        return weights[zone.snapshots.get_indexer(frame["snapshot"])]

    def energy(frame: pd.DataFrame, column: str) -> float:
        return float((frame[column].to_numpy() * row_weights(frame)).sum())

    dispatch = tables["dispatch"]
    dispatch_weights = row_weights(dispatch)
    weighted = dispatch.assign(energy_mwh=dispatch["p_mw"] * dispatch_weights,
                               curtailed_mwh=dispatch["curtailed_mw"] * dispatch_weights)
    by_carrier = weighted.groupby("carrier")["energy_mwh"].sum().sort_index()
    consumption_mwh = float((demand * weights[:, None]).sum())
    shed_mwh = energy(tables["demand"], "shed_mw")
    imports_mwh = energy(tables["national_grid"], "import_mw")
    exports_mwh = energy(tables["national_grid"], "export_mw")
    local_generation_mwh = float(by_carrier.sum())
    renewable_mwh = float(by_carrier[by_carrier.index.isin(RENEWABLE_CARRIERS)].sum())
    national = tables["national_grid"]
    net_import_mw = (national["import_mw"] - national["export_mw"]).groupby(national["snapshot"]).sum()
    emissions_t = emissions(zone, dispatch, national, dispatch_weights, row_weights(national))
    storage = tables["storage"]
    served_mwh = consumption_mwh - shed_mwh
    demand_by_snapshot = demand.sum(axis=1)
    weighted_price = float((prices * demand * weights[:, None]).sum() / consumption_mwh) if consumption_mwh else 0.0
    return {
        "year": zone.year,
        "start": f"{zone.snapshots[0]:%Y-%m-%d %H:%M}",
        "hours": hours,
        "system_cost_azn": solution.objective_azn,
        "tie_break_azn": solution.tie_break_azn,
        "cost_per_mwh_served_azn": solution.objective_azn / served_mwh if served_mwh else None,
        "consumption_mwh": consumption_mwh,
        "peak_demand_mw": float(demand_by_snapshot.max()),
        "local_generation_mwh": local_generation_mwh,
        "energy_by_technology_mwh": {str(k): float(v) for k, v in by_carrier.items()},
        "imports_mwh": imports_mwh,
        "exports_mwh": exports_mwh,
        "peak_import_mw": float(max(net_import_mw.max(), 0.0)) if len(net_import_mw) else 0.0,
        "peak_export_mw": float(max(-net_import_mw.min(), 0.0)) if len(net_import_mw) else 0.0,
        "emissions_t": emissions_t,
        "emissions_t_per_mwh_consumed": emissions_t / consumption_mwh if consumption_mwh else None,
        "renewable_share": renewable_mwh / (local_generation_mwh + imports_mwh)
        if local_generation_mwh + imports_mwh else None,
        "self_sufficiency": (local_generation_mwh - exports_mwh) / consumption_mwh if consumption_mwh else None,
        "curtailment_mwh": float(weighted["curtailed_mwh"].sum()),
        "load_shed_mwh": shed_mwh,
        "storage_discharge_mwh": energy(storage, "discharge_mw"),
        "storage_charge_mwh": energy(storage, "charge_mw"),
        "demand_weighted_price_azn_per_mwh": weighted_price,
    }


def emissions(zone: ZoneData, dispatch: pd.DataFrame, national: pd.DataFrame, dispatch_weights: np.ndarray,
              national_weights: np.ndarray) -> float:
    """t CO2 of the horizon: local units at their intensity plus imports at the national grid's."""
    intensity = pd.concat([zone.generators["co2_t_per_mwh"], zone.waste_plants["co2_t_per_mwh"]])
    codes, units = pd.factorize(dispatch["unit"], use_na_sentinel=False)  # each distinct unit looked up once
    local = intensity.reindex(units).fillna(0.0).to_numpy()[codes] * dispatch["p_mw"].to_numpy() * dispatch_weights
    imported = (national["connection_id"].map(zone.grid_connections["co2_t_per_mwh"]).to_numpy()
                * national["import_mw"].to_numpy() * national_weights)
    return float(local.sum() + imported.sum())


def write_results(results: Results, run_info: dict[str, object], out_dir: Path | OutFolder) -> Path:
    """Write a run's tables, kpis.json and run.json into ``out_dir`` (:func:`write_folder`)."""
    return write_folder(results.tables, results.kpis, run_info, out_dir)
