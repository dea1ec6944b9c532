"""The calibration's simulation rules: each plant's local inflow so that its full-year energy meets its target.

The rivers are gezopt's own (:mod:`gezopt.rivers` on the step's tables, read with gezopt's reader): the
river graph and its order, the travel lags, each plant's inflow as a constant plus the reservoirs' outflows
upstream (before the first hour: the upstream plant's natural outflow), the usable share after irrigation
and the power per flow.  What stays here has no equivalent in the runtime, whose plants are dispatched by
the LP: how a plant turbines in the calibration, the reservoir's rule over the year, the bisection on the
local inflow, the designed plants' head and the simulation of a year.  Used by hydrology.py.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from common import assumptions

from gezopt.calibration import cumulative_energy_gwh
from gezopt.data import ZoneData
from gezopt.data.checks import check_river_links
from gezopt.data.reader import read_profiles, read_table
from gezopt.data.specs import PROFILES_FILE, TABLES
from gezopt.errors import InputError
from gezopt.rivers import GRAVITY_M_PER_S2, WATER_DENSITY_KG_PER_M3, build_river_system, inflow_m3s, power_per_flow

H = assumptions()["hydro"]
TURBINE_EFFICIENCY = H["turbine_efficiency"]
ENVIRONMENTAL_FLOW_SHARE = H["environmental_flow_share"]
SARSANG_TOTAL_INFLOW_M3S = H["sarsang_total_inflow_m3s"]
DESIGNED_PLANTS = H["designed_plants"]
MIN_OUTPUT_SHARES = H["min_output_shares"]
MCM_PER_M3S_HOUR = 3600.0 / 1e6  # 0.0036 million m3 per m3/s and hour
RIVER_TABLES = ("hydro_plants", "river_links", "irrigation", "reservoirs")


def river_zone(folder: Path) -> ZoneData:
    """The river tables and profiles.csv of ``folder`` read with gezopt's reader, as a ZoneData whose other
    tables are empty (the hydrology step comes before the demand's); raises InputError on a problem."""
    problems, elsewhere = [], []  # the tables of later steps are missing here: not this step's problem
    tables = {spec.name: read_table(folder, spec, problems if spec.name in RIVER_TABLES else elsewhere)
              for spec in TABLES}
    profiles = read_profiles(folder / PROFILES_FILE, problems)
    problems += check_river_links(str(folder / "river_links.csv"), tables["hydro_plants"], tables["river_links"])
    if problems:
        raise InputError(problems)
    tables.pop("parameters")
    snapshots = pd.DatetimeIndex(profiles.index)
    return ZoneData(directory=folder, parameters={}, profiles=profiles, snapshots=snapshots,
                    snapshot_hours=np.ones(len(snapshots)), **tables)


class RiverModel:
    """The zone's rivers over the reference year (gezopt.rivers), with the calibration's operating rules.

    A plant's inflow is gezopt's decomposition with every reservoir passing its usable inflow on (its natural
    outflow, travel times included); usable = (1 - irrigation share) x inflow; a run-of-river plant turbines
    min(p_nom/k, usable - min(environmental flow, usable)); the reservoir turbines its inflow over the year
    less any forced spill.  Local inflows are settled upstream first; a plant not yet settled has none.
    """

    def __init__(self, plants: dict[str, dict[str, object]], zone: ZoneData) -> None:
        self.plants = plants
        self.zone = zone
        self.settled: set[str] = set()
        self._build()
        self.order = list(self.rivers.order)
        for plant_id, plant in plants.items():
            plant["k"] = None if plant_id in DESIGNED_PLANTS else self.rivers.power_per_flow[plant_id]

    def _build(self) -> None:
        self.rivers = build_river_system(self.zone)
        self.share = {p: self.rivers.usable_share[p].to_numpy() for p in self.plants}
        self.outflow: dict[str, np.ndarray] = {}  # every reservoir passes its usable inflow on
        for reservoir in (p for p in self.rivers.order if p in self.rivers.reservoirs):
            self.outflow[reservoir] = self.share[reservoir] * inflow_m3s(self.rivers, reservoir, self.outflow)
        self.stale = False

    def profile(self, plant_id: str) -> np.ndarray:
        return self.zone.profiles[self.zone.hydro_plants.at[plant_id, "inflow_profile"]].to_numpy()

    def has_upstream(self, plant_id: str) -> bool:
        return self.rivers.graph.in_degree(plant_id) > 0

    def upstream_inflow(self, plant_id: str) -> np.ndarray:
        """What arrives from the plants upstream (the plant's inflow before its own local inflow is settled)."""
        if plant_id in self.settled:
            raise ValueError(f"{plant_id}: already settled")
        if self.stale:
            self._build()
        return inflow_m3s(self.rivers, plant_id, self.outflow)

    def set_head(self, plant_id: str, head_m: float) -> None:
        """A designed plant's head: its power per flow follows (gezopt.rivers.power_per_flow)."""
        self._set(plant_id, head_m=head_m, efficiency=TURBINE_EFFICIENCY)
        self.plants[plant_id]["head_m"] = head_m
        self.plants[plant_id]["k"] = float(power_per_flow(self.zone.hydro_plants.loc[[plant_id]]).iloc[0])

    def settle(self, plant_id: str, local_m3s: float, environmental: float) -> np.ndarray:
        """Fix a plant's local inflow and environmental flow; its natural outflow goes downstream."""
        inflow = local_m3s * self.profile(plant_id) + self.upstream_inflow(plant_id)
        plant = self.plants[plant_id]
        plant.update(local_inflow_m3s=local_m3s, min_environmental_flow_m3s=environmental, inflow=inflow)
        self._set(plant_id, local_inflow_m3s=local_m3s, min_environmental_flow_m3s=environmental)
        self.settled.add(plant_id)
        return inflow

    def _set(self, plant_id: str, **values: float) -> None:
        frame = self.zone.hydro_plants.copy()
        for column, value in values.items():
            frame.loc[plant_id, column] = value
        self.zone = dataclasses.replace(self.zone, hydro_plants=frame)
        self.stale = True

    def turbined(self, plant_id: str, inflow: np.ndarray, environmental: float,
                 in_service: np.ndarray | None = None) -> np.ndarray:
        """Turbined flow m3/s: as much as the water, the environmental flow and the turbines allow."""
        plant = self.plants[plant_id]
        usable = self.share[plant_id] * inflow
        q_max = plant["p_nom_mw"] / plant["k"] * (np.ones(len(inflow)) if in_service is None else in_service)
        if plant["reservoir"]:
            return self.reservoir_turbined(plant_id, usable, q_max, environmental)
        available = np.maximum(usable - np.minimum(environmental, usable), 0.0)
        # min_output_share * q_max is a floor only where the water allows it: never binding at maximal output
        return np.minimum(q_max, available)

    def reservoir_turbined(self, plant_id: str, usable: np.ndarray, q_max: np.ndarray,
                           environmental: float) -> np.ndarray:
        """Turbine the inflow and any storage above the start volume; store what the turbines cannot take;
        spill only above the full supply level (forced spill). Cyclic if the year ends at the start volume."""
        reservoir = self.plants[plant_id]["reservoir"]
        volume = start = reservoir["volume_start_mcm"]
        turbined = np.zeros(len(usable))
        spill = 0.0
        for t in range(len(usable)):
            q = min(q_max[t], max(0.0, usable[t] + (volume - start) / MCM_PER_M3S_HOUR))
            volume += MCM_PER_M3S_HOUR * (usable[t] - q)
            released = q
            if volume > reservoir["volume_max_mcm"]:
                spilled = (volume - reservoir["volume_max_mcm"]) / MCM_PER_M3S_HOUR
                spill += spilled
                released += spilled
                volume = reservoir["volume_max_mcm"]
            if released < environmental and volume > reservoir["volume_min_mcm"]:
                extra = min(environmental - released, (volume - reservoir["volume_min_mcm"]) / MCM_PER_M3S_HOUR)
                spill += extra
                volume -= MCM_PER_M3S_HOUR * extra
            turbined[t] = q
        self.plants[plant_id]["forced_spill_mcm"] = spill * MCM_PER_M3S_HOUR
        self.plants[plant_id]["end_volume_mcm"] = volume
        return turbined

    def energy_mwh(self, plant_id: str, inflow: np.ndarray, environmental: float,
                   in_service: np.ndarray | None = None) -> float:
        return float(self.plants[plant_id]["k"] * self.turbined(plant_id, inflow, environmental, in_service).sum())


def designed_plant(model: RiverModel, plant_id: str, from_upstream: np.ndarray) -> tuple[float, str]:
    """A plant whose design is published: its set local inflow, and its head from p_nom / high-water flow."""
    plant = model.plants[plant_id]
    local, note = DESIGNED_PLANTS[plant_id]
    inflow = local * model.profile(plant_id) + from_upstream
    usable = model.share[plant_id] * inflow
    environmental = round(ENVIRONMENTAL_FLOW_SHARE * float(inflow.mean()), 3)
    available = np.maximum(usable - np.minimum(environmental, usable), 0.0)
    per_metre = WATER_DENSITY_KG_PER_M3 * GRAVITY_M_PER_S2 * TURBINE_EFFICIENCY / 1e6
    model.set_head(plant_id, float(math.ceil(plant["p_nom_mw"] / available.max() / per_metre)))
    design_flow = plant["p_nom_mw"] / plant["k"]
    floor = MIN_OUTPUT_SHARES.get(plant_id, (0.0,))[0] * design_flow
    if floor > available.min() + 1e-9:
        raise ValueError(f"{plant_id}: minimum output needs {floor:.2f} m3/s, low water gives "
                         f"{available.min():.2f} m3/s")
    plant["head_note"] = (
        f"design flow = high-water flow (100 % output in high water [R17]): {available.max():.2f} m3/s "
        f"available (natural inflow less environmental flow) -> {plant['p_nom_mw']:g} MW / "
        f"{available.max():.2f} m3/s / (rho g eta) = {plant['p_nom_mw'] / available.max() / per_metre:.1f} m, "
        f"rounded up; low water then gives {available.min() / design_flow:.0%} output (25 % [R17])")
    return local, f"{note}; {float(from_upstream.mean()):.3f} m3/s arrive from the plants upstream"


def reservoir_plant(plant_id: str, upstream_mean: float) -> tuple[float, str]:
    """The reservoir's local inflow: its total mean inflow less what the plants upstream bring."""
    local = SARSANG_TOTAL_INFLOW_M3S - upstream_mean
    if local < 0:
        raise ValueError(f"{plant_id}: the plants upstream bring more than {SARSANG_TOTAL_INFLOW_M3S} m3/s")
    return local, (f"total mean inflow {SARSANG_TOTAL_INFLOW_M3S:g} m3/s (ASSUMPTION, Tartar at Sarsang) - "
                   f"{upstream_mean:.3f} m3/s from the plants upstream")


@dataclasses.dataclass(frozen=True)
class PlantTarget:
    """What a plant's local inflow is calibrated to: MWh in a year in service all year (annual) or in total over
    ``period`` (cumulative, counted as gezopt.calibration counts it); ``published`` False for the default factor."""

    energy_mwh: float
    period: tuple[pd.Timestamp, pd.Timestamp] | None = None
    published: bool = True


def target_energy_mwh(model: RiverModel, plant_id: str, target: PlantTarget) -> Callable[[np.ndarray], float]:
    """The energy a target counts, as a function of the plant's inflow (environmental flow 10 % of its mean)."""
    def energy(inflow: np.ndarray) -> float:
        environmental = ENVIRONMENTAL_FLOW_SHARE * float(inflow.mean())
        if target.period is None:
            return model.energy_mwh(plant_id, inflow, environmental)
        start, end = target.period
        months = plant_months_gwh(model, plant_id, inflow, environmental, range(start.year, end.year + 1))
        return 1e3 * cumulative_energy_gwh(months, start, end)
    return energy


def calibrated_plant(model: RiverModel, plant_id: str, from_upstream: np.ndarray, target: PlantTarget,
                     cap: float | None) -> tuple[float, str]:
    """A run-of-river plant's local inflow by bisection on the energy its target counts (up to a cap on its
    mean natural inflow).  Where the water from upstream alone gives more than a default (unpublished)
    target, the plant gets no local inflow; for a published target that is an error."""
    profile, upstream_mean = model.profile(plant_id), float(from_upstream.mean())
    counted = target_energy_mwh(model, plant_id, target)

    def energy(local: float) -> float:
        return counted(local * profile + from_upstream)

    high = (cap - upstream_mean) if cap is not None else 1.0
    while cap is None and energy(high) < target.energy_mwh:
        high *= 2.0
    upstream_suffix = (f"; {upstream_mean:.3f} m3/s arrive from the plants upstream"
                       if model.has_upstream(plant_id) else "")
    if energy(0.0) > target.energy_mwh * (1 + 1e-4):
        if target.published:
            raise ValueError(f"{plant_id}: the inflow from upstream alone gives {energy(0.0) / 1e3:.2f} GWh, "
                             f"above the target {target.energy_mwh / 1e3:.2f} GWh; lower the head or raise the "
                             "capacity")
        return 0.0, (f"the water from upstream alone gives {energy(0.0) / 1e3:.2f} GWh/yr, more than the default "
                     f"factor's {target.energy_mwh / 1e3:.2f}: no local inflow") + upstream_suffix
    if energy(high) < target.energy_mwh:
        local = high
        note = (f"capped: mean natural inflow at most {cap:g} m3/s, giving {energy(high) / 1e3:.2f} GWh "
                f"of the {target.energy_mwh / 1e3:.2f} GWh target")
    else:
        low = 0.0
        for _ in range(100):
            middle = 0.5 * (low + high)
            low, high = (middle, high) if energy(middle) < target.energy_mwh else (low, middle)
        local = 0.5 * (low + high)
        note = (f"bisection: full-year energy = {target.energy_mwh / 1e3:.3f} GWh" if target.period is None else
                f"bisection: energy from {target.period[0]:%Y-%m-%d} to {target.period[1]:%Y-%m-%d} = "
                f"{target.energy_mwh / 1e3:.3f} GWh (months pro rata, gezopt.calibration)")
    return local, note + upstream_suffix


def calibrate_hydro(model: RiverModel, targets: dict[str, PlantTarget], caps_m3s: dict[str, float],
                    fleet_residuals: dict[str, tuple[int, float]]) -> dict[str, str]:
    """Local inflows upstream first, by bisection, so that each run-of-river plant's energy meets its target
    (up to a cap on its mean natural inflow); the reservoir gets a total mean inflow.  The rows of
    ``fleet_residuals`` (plant -> year, fleet GWh; off every river) come last: each closes the fleet's figure
    of its year.  Returns notes."""
    notes = {}
    for plant_id in (p for p in model.order if p not in fleet_residuals):
        from_upstream = model.upstream_inflow(plant_id)
        if plant_id in DESIGNED_PLANTS:
            local, notes[plant_id] = designed_plant(model, plant_id, from_upstream)
        elif model.plants[plant_id]["reservoir"]:
            local, notes[plant_id] = reservoir_plant(plant_id, float(from_upstream.mean()))
        else:
            local, notes[plant_id] = calibrated_plant(model, plant_id, from_upstream, targets[plant_id],
                                                      caps_m3s.get(plant_id))
        _settle(model, plant_id, local, from_upstream)
    for plant_id, (year, fleet_gwh) in sorted(fleet_residuals.items(), key=lambda item: item[1][0]):
        if model.has_upstream(plant_id) or model.rivers.graph.out_degree(plant_id):
            raise ValueError(f"{plant_id}: a row closing the fleet's figure must lie on no river")
        others_gwh = sum(float(plant_months_gwh(model, p, model.plants[p]["inflow"],
                                                model.plants[p]["min_environmental_flow_m3s"], [year]).sum())
                         for p in model.settled)
        period = (pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year + 1}-01-01"))
        target = PlantTarget((fleet_gwh - others_gwh) * 1e3, period)
        from_upstream = model.upstream_inflow(plant_id)
        local, note = calibrated_plant(model, plant_id, from_upstream, target, caps_m3s.get(plant_id))
        notes[plant_id] = (f"closes the fleet's {fleet_gwh:g} GWh of {year}: the other plants give "
                           f"{others_gwh:.2f} GWh, this row {target.energy_mwh / 1e3:.2f} GWh; {note}")
        _settle(model, plant_id, local, from_upstream)
    return notes


def _settle(model: RiverModel, plant_id: str, local: float, from_upstream: np.ndarray) -> None:
    """Settle a plant's local inflow (rounded to 0.001 m3/s) and its environmental flow, 10 % of its mean inflow."""
    local = round(local, 3)
    inflow_mean = local * float(model.profile(plant_id).mean()) + float(from_upstream.mean())
    model.settle(plant_id, local, round(ENVIRONMENTAL_FLOW_SHARE * inflow_mean, 3))


def relabelled(stamps: pd.DatetimeIndex, year: int) -> pd.DatetimeIndex:
    """The reference-year timestamps moved to ``year`` (month, day and hour kept)."""
    return pd.DatetimeIndex(pd.to_datetime(stamps.strftime(f"{year}-%m-%d %H:%M"), format="%Y-%m-%d %H:%M"))


def plant_months_gwh(model: RiverModel, plant_id: str, inflow: np.ndarray, environmental: float,
                     years: range | list[int]) -> pd.Series:
    """GWh of one plant by calendar month (index: the month's first hour) of each of ``years``: the reference-year
    flows relabelled to the year, turbines from commissioning on."""
    stamps = model.zone.snapshots
    commissioned = pd.Timestamp(model.plants[plant_id]["commissioned"])
    months = []
    for year in years:
        hours = relabelled(stamps, year)
        in_service = np.asarray(hours >= commissioned, dtype=float)
        power_mw = model.plants[plant_id]["k"] * model.turbined(plant_id, inflow, environmental, in_service)
        months.append(pd.Series(power_mw / 1e3, index=hours).groupby(hours.to_period("M").to_timestamp()).sum())
    return pd.concat(months)


def simulate_months(model: RiverModel, years: list[int]) -> pd.DataFrame:
    """GWh by month (rows) and plant (columns) over ``years``, as gezopt.calibration sums a run's dispatch."""
    return pd.DataFrame({plant_id: plant_months_gwh(model, plant_id, plant["inflow"],
                                                    plant["min_environmental_flow_m3s"], years)
                         for plant_id, plant in model.plants.items()})
