"""The prepared stage: one year and horizon of the dataset -> what the LP and the results both need.

``ZoneData`` (one year, one horizon: :func:`gezopt.data.select_horizon`) ->
:class:`Prepared`, computed once per run by :func:`prepare_inputs`.  The model
families (:mod:`gezopt.model`) read it and write only Pyomo components; the
results (:mod:`gezopt.results`) read the same object and the solution.  Nothing
here knows Pyomo.

=============================  ==================  =================================================
field                          unit                from
=============================  ==================  =================================================
``weights_h``                  h per snapshot      snapshot_hours (resolution)
``fixed_demand_mw``            MW, t x bus         loads, street lighting, cooling, uncontrolled EVs
``renewable_available_mw``     MW, t x generator   availability profile x p_nom x in service (an
                                                   extendable generator at its maximum)
``rivers``                     m3/s                :func:`gezopt.rivers.build_river_system`
``release_upper_m3s`` / lower  m3/s, t x plant     turbine limits, usable inflow, low-water floor
``reservoir_volumes``          million m3          start and end volume: seasonal curve, else fixed
``heat_demand_mw_th``          MW_th, t x heat bus space heat and hot water
``heat_unit_cop``              MW_th per MW        heat pump COP, boiler efficiency, 0 waste heat
``scheduled_fleets``           MW, MWh             fleets in smart or v2g mode (charging by the LP)
``uncontrolled_fleets``        MW, MWh             fleets in uncontrolled mode, their fixed profile
``expansion``                  MW, MWh, AZN        the candidates the LP may build (:mod:`gezopt.expansion`)
=============================  ==================  =================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import repeat

import numpy as np
import pandas as pd

from gezopt.config import ChargingMode
from gezopt.data import ZoneData
from gezopt.demand import (
    district_temperature_c,
    fixed_demand_mw,
    fleet_arrays,
    heat_demand_mw_th,
    heat_pump_cop,
    uncontrolled_ev_mw,
    uncontrolled_fleets,
)
from gezopt.expansion import ExpansionCandidates, expansion_candidates
from gezopt.reservoir_volumes import ReservoirVolumes, reservoir_volumes
from gezopt.rivers import RiverSystem, build_river_system

SCHEDULED_MODES = (ChargingMode.SMART.value, ChargingMode.V2G.value)  # EV charging modes the LP schedules


@dataclass(frozen=True)
class FleetArrays:
    """EV fleets of one charging regime, with their arrays (snapshots x fleets, fleets in table order)."""

    table: pd.DataFrame
    charge_limit_mw: np.ndarray
    driving_mw: np.ndarray
    capacity_mwh: np.ndarray
    charge_mw: np.ndarray | None = None  # fixed charging profile (uncontrolled fleets only)
    energy_mwh: np.ndarray | None = None
    bus_shares: dict[str, tuple[tuple[str, float], ...]] | None = None  # fleet -> (bus, share) it draws from;
    # None: each fleet at its own bus (a fleet of several buses: gezopt.fleet_groups)

    @property
    def ids(self) -> list[str]:
        return list(self.table.index)

    def buses_and_shares(self) -> dict[str, tuple[tuple[str, float], ...]]:
        """Where each fleet charges and discharges: (bus, share of its power) pairs, the shares summing to 1."""
        if self.bus_shares is not None:
            return self.bus_shares
        return {fleet: ((bus, 1.0),) for fleet, bus in self.table["bus"].items()}


@dataclass(frozen=True)
class Prepared:
    """Everything computed from the data once per run; see the module's table."""

    zone: ZoneData
    weights_h: np.ndarray
    fixed_demand_mw: pd.DataFrame
    renewable_available_mw: pd.DataFrame
    rivers: RiverSystem
    release_upper_m3s: pd.DataFrame
    release_lower_m3s: pd.DataFrame
    reservoir_volumes: ReservoirVolumes
    heat_demand_mw_th: pd.DataFrame
    heat_unit_cop: pd.DataFrame
    scheduled_fleets: FleetArrays
    uncontrolled_fleets: FleetArrays
    expansion: ExpansionCandidates

    @cached_property
    def demand_by_bus_snapshot_mw(self) -> dict[tuple[str, int], float]:
        """Fixed demand :math:`D_{b,t} > 0` by (bus, snapshot index), MW: the balance's right-hand side."""
        demand = self.fixed_demand_mw
        by_key: dict[tuple[str, int], float] = {}
        for bus in demand.columns:  # each bus's snapshots of demand found at once, in time
            values = demand[bus].to_numpy(dtype=float)
            snapshots = np.flatnonzero(values > 0)
            by_key.update(zip(zip(repeat(bus), snapshots.tolist()), values[snapshots].tolist()))
        return by_key

    @property
    def snapshots(self) -> pd.DatetimeIndex:
        return self.zone.snapshots

    @property
    def reservoir_ids(self) -> list[str]:
        return list(self.rivers.reservoirs)


def prepare_inputs(zone: ZoneData) -> Prepared:
    """The prepared inputs of a run; ``zone`` must be narrowed to its year and horizon."""
    if zone.year is None:
        raise ValueError("prepare_inputs needs a dataset narrowed to one year and horizon (select_horizon)")
    rivers = build_river_system(zone)
    upper, lower = release_limits(zone, rivers)
    fleets = zone.ev_fleets
    charge, energy = uncontrolled_ev_mw(zone)
    expansion = expansion_candidates(zone)
    weights_h = np.asarray(zone.snapshot_hours, dtype=float)
    return Prepared(
        zone=zone,
        weights_h=weights_h,
        fixed_demand_mw=fixed_demand_mw(zone, charge),
        renewable_available_mw=renewable_available_mw(zone, expansion),
        rivers=rivers,
        release_upper_m3s=upper,
        release_lower_m3s=lower,
        reservoir_volumes=reservoir_volumes(zone, rivers.reservoirs, weights_h),
        heat_demand_mw_th=heat_demand_mw_th(zone),
        heat_unit_cop=heat_unit_cop(zone),
        scheduled_fleets=_fleet_arrays(zone, fleets[fleets["charging_mode"].isin(SCHEDULED_MODES)]),
        uncontrolled_fleets=_fleet_arrays(zone, uncontrolled_fleets(zone), charge, energy),
        expansion=expansion,
    )


def _fleet_arrays(zone: ZoneData, fleets: pd.DataFrame, charge: np.ndarray | None = None,
                  energy: np.ndarray | None = None) -> FleetArrays:
    arrays = fleet_arrays(zone, fleets)
    return FleetArrays(table=fleets, charge_limit_mw=arrays["charge_limit_mw"], driving_mw=arrays["driving_mw"],
                       capacity_mwh=arrays["capacity_mwh"], charge_mw=charge, energy_mwh=energy)


def renewable_available_mw(zone: ZoneData, expansion: ExpansionCandidates) -> pd.DataFrame:
    """Available output :math:`a_{g,t} P_g u_{g,t}` per generator (columns) and snapshot (rows), MW; an
    extendable generator's at its maximum (the expansion family limits it to the capacity built)."""
    generators = zone.generators
    share = zone.profile_matrix(generators["availability_profile"])
    rating = expansion.maximum_ratings("generators", generators["p_nom_mw"])
    return pd.DataFrame(share * rating.to_numpy() * zone.in_service(generators),
                        index=zone.snapshots, columns=generators.index)


def heat_unit_cop(zone: ZoneData) -> pd.DataFrame:
    """Heat per unit of electricity of every heat unit (snapshots x units); 0 for waste heat."""
    units = zone.heat_units
    temperature = district_temperature_c(zone)
    columns = {}
    for unit_id, unit in units.iterrows():
        if unit["kind"] == "heat_pump":
            source = temperature[unit["heat_bus"]].to_numpy()
            columns[unit_id] = heat_pump_cop(unit["sink_temperature_c"] - source)
        elif unit["kind"] == "boiler":
            columns[unit_id] = np.full(len(zone.snapshots), float(unit["efficiency"]))
        else:
            columns[unit_id] = np.zeros(len(zone.snapshots))
    return pd.DataFrame(columns, index=zone.snapshots, columns=units.index)


def release_limits(zone: ZoneData, rivers: RiverSystem) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Upper and lower bounds of the turbined flow (m3/s); for plants below a reservoir only the turbine limits."""
    plants = zone.hydro_plants
    in_service = pd.DataFrame(zone.in_service(plants), index=zone.snapshots, columns=plants.index)
    turbine = in_service * (plants["p_nom_mw"] / pd.Series(rivers.power_per_flow)).reindex(plants.index)
    upper = turbine.copy()
    for plant in plants.index:
        if plant in rivers.reservoirs or rivers.inflow_terms[plant]:
            continue
        usable = rivers.usable_share[plant] * rivers.inflow_constant_m3s[plant]
        environmental = np.minimum(plants.at[plant, "min_environmental_flow_m3s"], usable)
        upper[plant] = np.minimum(turbine[plant], np.maximum(usable - environmental, 0.0))
    # the low-water floor holds where the natural river could carry it (not in a drier year than that)
    natural = rivers.natural_outflow_m3s[plants.index].to_numpy()
    environmental = plants["min_environmental_flow_m3s"].to_numpy()
    natural_room = np.maximum(natural - np.minimum(environmental, natural), 0.0)
    floor = (turbine * plants["min_output_share"]).to_numpy()
    lower = pd.DataFrame(np.minimum(np.minimum(floor, upper.to_numpy()), natural_room),
                         index=upper.index, columns=upper.columns)
    return upper, lower
