"""gezopt's dataset for one horizon as plain CSV files a PyPSA network can be built from.

    python benchmarks/pypsa_export.py --hours 2190 --out benchmarks/output/pypsa-2190 [--scenario scenarios/base.yaml]

Runs in gezopt's environment: the data come from gezopt's own pipeline
(:func:`gezopt.pipeline.prepare`, :func:`gezopt.prepared.prepare_inputs`).
Each PyPSA component gets ``<Component>.csv`` (one row per object, static
attributes as columns) and ``<Component>-<attribute>.csv`` per time series
(snapshots x objects); ``pypsa_build.py`` reads them back in PyPSA's own
environment.  PyPSA is not imported here.

Approximations (the two LPs are comparable, not equal):

* branches: lines and transformers as PyPSA Lines with ``x`` = gezopt's per-unit reactance on buses of
  ``v_nom = 1`` (the DC flow depends only on the reactances' ratios); rating ``s_nom`` as in gezopt;
* hydro plants not below a reservoir: Generators with ``p_max_pu`` / ``p_min_pu`` = the turbined-flow bounds
  of :func:`gezopt.prepared.release_limits` x MW per m3/s (as gezopt's variable bounds);
* Sarsang (the reservoir) and the plants below it: water buses in m3/s (:func:`add_reservoir`): the lake a
  StorageUnit (cyclic state of charge, where gezopt fixes start and end volume), a Link carrying at least the
  environmental flow, the turbine a two-output Link (power and water on down the river), spill a Link, and
  the river a multi-output Link passing all of the outflow to every plant below; the river's lag (2-4 h) is
  dropped;
* waste-to-energy plants: Generators whose daily waste limit is spread evenly over the day;
  their recovered heat is dropped;
* EV fleets in smart or v2g mode: their driving energy / charging efficiency as a fixed load (no scheduling);
  uncontrolled fleets are in the fixed demand as in gezopt;
* hot-water tanks: StorageUnits (they have a power limit) with gezopt's standing loss, cyclic;
* load and heat shedding: Generators at the value of lost load up to the demand, as gezopt's shedding.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
MCM = 1e6 / 3600.0  # (m3/s) x h per million m3: 1 million m3 at k MW per m3/s is k x MCM MWh


class Components:
    """PyPSA components under construction: static rows and time series, written as CSV files."""

    def __init__(self, snapshots: pd.DatetimeIndex) -> None:
        self.snapshots = snapshots
        self.static: dict[str, list[dict]] = {}
        self.series: dict[tuple[str, str], dict[str, np.ndarray]] = {}

    def add(self, component: str, name: str, series: dict[str, np.ndarray] | None = None, **static) -> None:
        """One object of ``component`` with its static attributes and time series."""
        self.static.setdefault(component, []).append({"name": name, **static})
        for attribute, values in (series or {}).items():
            self.series.setdefault((component, attribute), {})[name] = np.asarray(values, dtype=float)

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.csv"):
            old.unlink()
        for component, rows in self.static.items():
            pd.DataFrame(rows).to_csv(folder / f"{component}.csv", index=False)
        for (component, attribute), columns in self.series.items():
            frame = pd.DataFrame(columns, index=self.snapshots).rename_axis("snapshot")
            frame.to_csv(folder / f"{component}-{attribute}.csv")


def convert(inputs, net) -> Components:
    """The PyPSA components of gezopt's prepared inputs (see the module's approximations)."""
    parts = Components(inputs.snapshots)
    co2_price = float(inputs.zone.parameters["co2_price_azn_per_t"])
    add_buses(parts, inputs)
    add_branches(parts, net)
    add_renewables(parts, inputs, co2_price)
    add_hydro(parts, inputs)
    add_waste(parts, inputs, co2_price)
    add_storage(parts, inputs)
    add_national_grid(parts, inputs, co2_price)
    add_demand(parts, inputs)
    add_heat(parts, inputs)
    return parts


def add_buses(parts: Components, inputs) -> None:
    for bus in inputs.zone.buses.index:
        parts.add("Bus", bus, carrier="AC", v_nom=1.0)
    for heat_bus in inputs.zone.heat_buses.index:
        parts.add("Bus", heat_bus, carrier="heat", v_nom=1.0)


def add_branches(parts: Components, net) -> None:
    for branch_id, row in net.branches.iterrows():
        parts.add("Line", branch_id, bus0=row["bus0"], bus1=row["bus1"], x=float(row["x_pu"]), r=0.0,
                  s_nom=float(row["s_nom_mw"]))


def add_renewables(parts: Components, inputs, co2_price: float) -> None:
    units = inputs.zone.generators
    for unit, row in units.iterrows():
        p_nom = float(row["p_nom_mw"])
        if p_nom <= 0:
            continue
        parts.add("Generator", unit, {"p_max_pu": inputs.renewable_available_mw[unit].to_numpy() / p_nom},
                  bus=row["bus"], p_nom=p_nom, carrier=row["carrier"],
                  marginal_cost=float(row["marginal_cost_azn_per_mwh"] + co2_price * row["co2_t_per_mwh"]))


def add_hydro(parts: Components, inputs) -> None:
    """River plants as Generators; each reservoir and the plants below it as water buses and Links."""
    plants, rivers = inputs.zone.hydro_plants, inputs.rivers
    for plant, row in plants.iterrows():
        if plant in rivers.reservoirs or rivers.inflow_terms[plant]:
            continue
        k, p_nom = float(rivers.power_per_flow[plant]), float(row["p_nom_mw"])
        upper = inputs.release_upper_m3s[plant].to_numpy() * k / p_nom
        if upper.max() > 0:
            lower = inputs.release_lower_m3s[plant].to_numpy() * k / p_nom
            parts.add("Generator", plant, {"p_max_pu": upper, "p_min_pu": lower}, bus=row["bus"], p_nom=p_nom,
                      carrier="ror", marginal_cost=float(row["marginal_cost_azn_per_mwh"]))
    for reservoir in rivers.reservoirs:
        add_reservoir(parts, inputs, reservoir)


def add_reservoir(parts: Components, inputs, reservoir: str) -> None:
    """A reservoir and the plants its outflow reaches, in m3/s on water buses (lags dropped).

    ``<r>_lake`` holds the StorageUnit (state of charge in m3/s x h) whose dispatch is the outflow; the
    Link ``<r>_outflow`` to ``<r>_dam`` carries at least the environmental flow; from the dam the turbine
    (to the grid, efficiency MW per m3/s, and on down the river) or the spill take the water to
    ``<r>_river``, which passes all of it to every plant below (``<p>_water``, a multi-output Link).
    """
    plants, rivers = inputs.zone.hydro_plants, inputs.rivers
    row = plants.loc[reservoir]
    volume = inputs.zone.reservoirs.set_index("plant_id").loc[reservoir]
    inflow = rivers.usable_share[reservoir].to_numpy() * rivers.inflow_constant_m3s[reservoir].to_numpy()
    turbine = float(row["p_nom_mw"] / rivers.power_per_flow[reservoir])
    big = float(10 * max(inflow.max(), turbine))  # no limit in gezopt: spill and outflow are unbounded
    lake, dam, river = f"{reservoir}_lake", f"{reservoir}_dam", f"{reservoir}_river"
    for bus in (lake, dam, river):
        parts.add("Bus", bus, carrier="water", v_nom=1.0)
    parts.add("StorageUnit", reservoir, {"inflow": inflow}, bus=lake, p_nom=big, p_min_pu=0.0,
              max_hours=float((volume["volume_max_mcm"] - volume["volume_min_mcm"]) * MCM / big),
              state_of_charge_initial=float((volume["volume_start_mcm"] - volume["volume_min_mcm"]) * MCM),
              cyclic_state_of_charge=True, carrier="water")
    parts.add("Link", f"{reservoir}_outflow", bus0=lake, bus1=dam, p_nom=big, carrier="water",
              p_min_pu=float(min(row["min_environmental_flow_m3s"], big) / big))
    add_turbine(parts, inputs, reservoir, dam, {"bus2": river, "efficiency2": 1.0})
    parts.add("Link", f"{reservoir}_spill", bus0=dam, bus1=river, p_nom=big, carrier="water")
    below = {plant: next(term for term in terms if term.reservoir == reservoir)
             for plant, terms in rivers.inflow_terms.items() if any(t.reservoir == reservoir for t in terms)}
    below = {plant: term for plant, term in below.items() if inputs.release_upper_m3s[plant].max() > 0}
    outputs = {}
    for number, (plant, term) in enumerate(below.items(), start=1):
        share = rivers.usable_share[plant].to_numpy()
        water = f"{plant}_water"
        parts.add("Bus", water, carrier="water", v_nom=1.0)
        suffix = "" if number == 1 else str(number)
        outputs[f"bus{number}"] = water
        outputs[f"efficiency{suffix}"] = float(term.coefficient[-1] * share.mean())
        reserved = np.minimum(plants.at[plant, "min_environmental_flow_m3s"], rivers.natural_outflow_m3s[plant])
        local = share * rivers.inflow_constant_m3s[plant].to_numpy() - reserved.to_numpy()
        scale = float(max(np.abs(local).max(), 1e-6))
        parts.add("Generator", f"{plant}_local", {"p_min_pu": local / scale, "p_max_pu": local / scale}, bus=water,
                  p_nom=scale, carrier="water")
        parts.add("Generator", f"{plant}_bypass", bus=water, p_nom=big, p_min_pu=-1.0, p_max_pu=0.0, carrier="water")
        add_turbine(parts, inputs, plant, water, {})
    if outputs:
        parts.add("Link", river, bus0=river, p_nom=big, carrier="water", **outputs)
    else:
        parts.add("Generator", f"{river}_sink", bus=river, p_nom=big, p_min_pu=-1.0, p_max_pu=0.0, carrier="water")


def add_turbine(parts: Components, inputs, plant: str, water_bus: str, outputs: dict) -> None:
    """A plant's turbine: m3/s from ``water_bus`` to its grid bus at MW per m3/s, within its flow bounds."""
    row = inputs.zone.hydro_plants.loc[plant]
    k = float(inputs.rivers.power_per_flow[plant])
    turbine = float(row["p_nom_mw"] / k)
    parts.add("Link", plant, {"p_max_pu": inputs.release_upper_m3s[plant].to_numpy() / turbine,
                              "p_min_pu": inputs.release_lower_m3s[plant].to_numpy() / turbine},
              bus0=water_bus, bus1=row["bus"], efficiency=k, p_nom=turbine, carrier="hydro",
              marginal_cost=float(row["marginal_cost_azn_per_mwh"] * k), **outputs)


def add_waste(parts: Components, inputs, co2_price: float) -> None:
    """Waste-to-energy: must-run share, and the day's waste as an even hourly limit."""
    zone = inputs.zone
    plants = zone.waste_plants
    on = zone.in_service(plants).astype(float)
    for position, (plant, row) in enumerate(plants.iterrows()):
        daily_mw = row["waste_t_per_day"] * row["energy_mwh_per_t"] * row["electrical_efficiency"] / 24.0
        limit = min(1.0, daily_mw / row["p_nom_mw"])
        parts.add("Generator", plant, {"p_max_pu": on[:, position] * limit,
                                       "p_min_pu": on[:, position] * min(row["must_run_share"], limit)},
                  bus=row["bus"], p_nom=float(row["p_nom_mw"]), carrier="waste",
                  marginal_cost=float(row["marginal_cost_azn_per_mwh"] + co2_price * row["co2_t_per_mwh"]))


def add_storage(parts: Components, inputs) -> None:
    zone = inputs.zone
    units = zone.storage
    on = zone.in_service(units).astype(float)
    for position, (unit, row) in enumerate(units.iterrows()):
        parts.add("StorageUnit", unit, {"p_max_pu": on[:, position], "p_min_pu": -on[:, position]},
                  bus=row["bus"], p_nom=float(row["p_nom_mw"]), max_hours=float(row["e_nom_mwh"] / row["p_nom_mw"]),
                  efficiency_store=float(row["efficiency_charge"]),
                  efficiency_dispatch=float(row["efficiency_discharge"]),
                  standing_loss=float(row["standing_loss_per_hour"]), cyclic_state_of_charge=True,
                  carrier="battery", marginal_cost=float(row["marginal_cost_azn_per_mwh"]))


def add_national_grid(parts: Components, inputs, co2_price: float) -> None:
    """Import as a Generator at the import price; export as a Generator running negative (p_min_pu = -1)."""
    zone = inputs.zone
    connections = zone.grid_connections
    import_factor = zone.profile_matrix(connections["import_price_profile"])
    export_factor = zone.profile_matrix(connections["export_price_profile"])
    for position, (k, row) in enumerate(connections.iterrows()):
        import_cost = import_factor[:, position] * row["import_price_azn_per_mwh"] + co2_price * row["co2_t_per_mwh"]
        parts.add("Generator", f"{k}_import", {"marginal_cost": import_cost}, bus=row["bus"],
                  p_nom=float(row["import_max_mw"]), carrier="import")
        parts.add("Generator", f"{k}_export", {"marginal_cost": export_factor[:, position]
                                               * row["export_price_azn_per_mwh"]},
                  bus=row["bus"], p_nom=float(row["export_max_mw"]), p_min_pu=-1.0, p_max_pu=0.0, carrier="export")


def add_demand(parts: Components, inputs) -> None:
    """Fixed demand per bus, shedding at the value of lost load, smart EV fleets as their driving energy."""
    value_of_lost_load = float(inputs.zone.parameters["value_of_lost_load_azn_per_mwh"])
    demand = inputs.fixed_demand_mw
    for bus in demand.columns:
        values = demand[bus].to_numpy()
        if values.max() <= 0:
            continue
        parts.add("Load", f"{bus}_demand", {"p_set": values}, bus=bus, carrier="AC")
        parts.add("Generator", f"{bus}_shed", {"p_max_pu": values / values.max()}, bus=bus, p_nom=float(values.max()),
                  marginal_cost=value_of_lost_load, carrier="shed")
    fleets = inputs.scheduled_fleets
    for position, fleet in enumerate(fleets.ids):
        row = fleets.table.loc[fleet]
        parts.add("Load", f"{fleet}_driving", {"p_set": fleets.driving_mw[:, position] / row["charging_efficiency"]},
                  bus=row["bus"], carrier="AC")


def add_heat(parts: Components, inputs) -> None:
    """Heat demand and shedding, heat pumps and boilers as Links (efficiency = COP), tanks as StorageUnits."""
    zone = inputs.zone
    value_of_lost_load = float(zone.parameters["value_of_lost_load_azn_per_mwh"])
    for heat_bus in zone.heat_buses.index:
        values = inputs.heat_demand_mw_th[heat_bus].to_numpy()
        if values.max() <= 0:
            continue
        parts.add("Load", f"{heat_bus}_demand", {"p_set": values}, bus=heat_bus, carrier="heat")
        parts.add("Generator", f"{heat_bus}_shed", {"p_max_pu": values / values.max()}, bus=heat_bus,
                  p_nom=float(values.max()), marginal_cost=value_of_lost_load, carrier="shed")
    units = zone.heat_units
    on = zone.in_service(units).astype(float)
    electric_bus = zone.heat_buses["bus"].to_dict()
    for position, (unit, row) in enumerate(units.iterrows()):
        cop = inputs.heat_unit_cop[unit].to_numpy()
        if row["kind"] == "waste_heat" or row["p_nom_mw_th"] <= 0:
            continue  # recovered heat: dropped (see the module's approximations)
        # the heat output q = COP x p0 is limited to p_nom_mw_th: p0 <= p_nom_mw_th / COP
        parts.add("Link", unit, {"efficiency": cop, "p_max_pu": on[:, position] / cop,
                                 "marginal_cost": cop * row["marginal_cost_azn_per_mwh"]},
                  bus0=electric_bus[row["heat_bus"]], bus1=row["heat_bus"], p_nom=float(row["p_nom_mw_th"]),
                  carrier=row["kind"])
    stores = zone.thermal_storage
    on = zone.in_service(stores).astype(float)
    for position, (store, row) in enumerate(stores.iterrows()):
        parts.add("StorageUnit", store, {"p_max_pu": on[:, position], "p_min_pu": -on[:, position]},
                  bus=row["heat_bus"], p_nom=float(row["p_nom_mw_th"]),
                  max_hours=float(row["e_nom_mwh_th"] / row["p_nom_mw_th"]),
                  standing_loss=float(row["standing_loss_per_hour"]), cyclic_state_of_charge=True, carrier="tank")


def export(scenario: str, hours: int, out: Path) -> dict:
    """Write the PyPSA files of ``scenario`` at ``hours`` to ``out``; return a summary."""
    from gezopt.pipeline import prepare
    from gezopt.prepared import prepare_inputs
    from gezopt.scenario import load_scenario, run_settings

    loaded = load_scenario(scenario)
    zone, net = prepare(run_settings(loaded, hours=hours, out=out / "unused"), loaded)
    inputs = prepare_inputs(zone)
    parts = convert(inputs, net)
    parts.write(out)
    summary = {"hours": hours, "snapshots": len(inputs.snapshots),
               "weights_h": sorted(set(inputs.weights_h.tolist())),
               "components": {name: len(rows) for name, rows in parts.static.items()}}
    (out / "meta.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "base.yaml"))
    arguments = parser.parse_args()
    print(json.dumps(export(arguments.scenario, arguments.hours, arguments.out)))


if __name__ == "__main__":
    main()
