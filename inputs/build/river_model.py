"""The calibration's river simulation: each plant's local inflow so that its full-year energy meets its target.

Used by hydrology.py; the plants, links and irrigation come from the fleet step's tables.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
from common import assumptions

H = assumptions()["hydro"]
TURBINE_EFFICIENCY = H["turbine_efficiency"]
ENVIRONMENTAL_FLOW_SHARE = H["environmental_flow_share"]
SARSANG_TOTAL_INFLOW_M3S = H["sarsang_total_inflow_m3s"]
DESIGNED_PLANTS = H["designed_plants"]
MIN_OUTPUT_SHARES = H["min_output_shares"]
WATER_DENSITY_KG_PER_M3 = 1000.0
GRAVITY_M_PER_S2 = 9.81
MCM_PER_M3S_HOUR = 3600.0 / 1e6  # 0.0036 million m3 per m3/s and hour


def hydro_power_per_flow(head_m: float | None, mw_per_m3s: float | None) -> float:
    """k in MW per m3/s: the published value, else rho g H eta / 1e6."""
    if mw_per_m3s is not None:
        return mw_per_m3s
    return WATER_DENSITY_KG_PER_M3 * GRAVITY_M_PER_S2 * head_m * TURBINE_EFFICIENCY / 1e6


class RiverModel:
    """The zone's rivers over the reference year, with the LP's semantics (issue 3), for calibration.

    inflow = local x profile + outflow of the plants upstream (travel time later; before the first hour
    the upstream plant's outflow at the same hour); usable = (1 - irrigation share) x inflow; a
    run-of-river plant turbines min(p_nom/k, usable - min(environmental flow, usable)) and passes all
    its usable water on; the reservoir passes its usable inflow on (its natural outflow) and turbines
    it over the year less any forced spill.
    """

    def __init__(self, plants: dict[str, dict[str, object]], links: list[tuple[str, str, int]],
                 profile: np.ndarray, months: np.ndarray) -> None:
        self.plants = plants
        self.profile = profile
        self.months = months
        graph = nx.DiGraph()
        graph.add_nodes_from(plants)
        self.upstream: dict[str, list[tuple[str, int]]] = {p: [] for p in plants}
        for upstream, downstream, lag in links:
            graph.add_edge(upstream, downstream)
            self.upstream[downstream].append((upstream, lag))
        self.order = list(nx.lexicographical_topological_sort(graph))
        self.share = {p: np.ones(len(profile)) for p in plants}
        self.outflow: dict[str, np.ndarray] = {}

    def set_withdrawal(self, plant_id: str, month: int, share: float) -> None:
        self.share[plant_id][self.months == month] = 1.0 - share

    def upstream_inflow(self, plant_id: str) -> np.ndarray:
        flow = np.zeros(len(self.profile))
        for upstream, lag in self.upstream[plant_id]:
            outflow = self.outflow[upstream]
            flow = flow + (np.concatenate([outflow[:lag], outflow[:len(outflow) - lag]]) if lag else outflow)
        return flow

    def turbined(self, plant_id: str, inflow: np.ndarray, environmental: float,
                 in_service: np.ndarray | None = None) -> np.ndarray:
        """Turbined flow m3/s: as much as the water, the environmental flow and the turbines allow."""
        plant = self.plants[plant_id]
        usable = self.share[plant_id] * inflow
        q_max = plant["p_nom_mw"] / plant["k"] * (np.ones(len(inflow)) if in_service is None else in_service)
        if plant["reservoir"]:
            return self.reservoir_turbined(plant_id, usable, q_max, environmental)
        available = np.maximum(usable - np.minimum(environmental, usable), 0.0)
        upper = np.minimum(q_max, available)
        # min_output_share * q_max is a floor only where the water allows it: never binding at maximal output
        return upper

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

    def settle(self, plant_id: str, local_m3s: float, environmental: float) -> np.ndarray:
        """Fix a plant's local inflow and environmental flow; its natural outflow goes downstream."""
        plant = self.plants[plant_id]
        plant["local_inflow_m3s"], plant["min_environmental_flow_m3s"] = local_m3s, environmental
        inflow = local_m3s * self.profile + self.upstream_inflow(plant_id)
        plant["inflow"] = inflow
        self.outflow[plant_id] = self.share[plant_id] * inflow
        return inflow


def calibrate_hydro(model: RiverModel, targets_mwh: dict[str, float],
                    caps_m3s: dict[str, float]) -> dict[str, str]:
    """Local inflows upstream first, by bisection, so that each run-of-river plant's full-year energy meets its
    target (up to a cap on its mean natural inflow); the reservoir gets a total mean inflow. Returns notes."""
    notes = {}
    for plant_id in model.order:
        plant = model.plants[plant_id]
        from_upstream = model.upstream_inflow(plant_id)
        upstream_mean = float(from_upstream.mean())

        def energy(local: float, plant_id: str = plant_id, from_upstream: np.ndarray = from_upstream) -> float:
            inflow = local * model.profile + from_upstream
            return model.energy_mwh(plant_id, inflow, ENVIRONMENTAL_FLOW_SHARE * float(inflow.mean()))

        if plant_id in DESIGNED_PLANTS:
            local, note = DESIGNED_PLANTS[plant_id]
            inflow = local * model.profile + from_upstream
            usable = model.share[plant_id] * inflow
            environmental = round(ENVIRONMENTAL_FLOW_SHARE * float(inflow.mean()), 3)
            available = np.maximum(usable - np.minimum(environmental, usable), 0.0)
            per_metre = WATER_DENSITY_KG_PER_M3 * GRAVITY_M_PER_S2 * TURBINE_EFFICIENCY / 1e6
            plant["head_m"] = float(math.ceil(plant["p_nom_mw"] / available.max() / per_metre))
            plant["k"] = hydro_power_per_flow(plant["head_m"], None)
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
            note += f"; {upstream_mean:.3f} m3/s arrive from the plants upstream"
        elif plant["reservoir"]:
            local = SARSANG_TOTAL_INFLOW_M3S - upstream_mean
            if local < 0:
                raise ValueError(f"{plant_id}: the plants upstream bring more than {SARSANG_TOTAL_INFLOW_M3S} m3/s")
            note = (f"total mean inflow {SARSANG_TOTAL_INFLOW_M3S:g} m3/s (ASSUMPTION, Tartar at Sarsang) - "
                    f"{upstream_mean:.3f} m3/s from the plants upstream")
        else:
            target = targets_mwh[plant_id]
            cap = caps_m3s.get(plant_id)
            high = (cap - upstream_mean) if cap is not None else 1.0
            while cap is None and energy(high) < target:
                high *= 2.0
            if energy(0.0) > target * (1 + 1e-4):
                raise ValueError(f"{plant_id}: the inflow from upstream alone gives {energy(0.0) / 1e3:.2f} GWh, "
                                 f"above the target {target / 1e3:.2f} GWh; lower the head or raise the capacity")
            if energy(high) < target:
                local = high
                note = (f"capped: mean natural inflow at most {cap:g} m3/s, giving {energy(high) / 1e3:.2f} GWh "
                        f"of the {target / 1e3:.2f} GWh target")
            else:
                low = 0.0
                for _ in range(100):
                    middle = 0.5 * (low + high)
                    low, high = (middle, high) if energy(middle) < target else (low, middle)
                local = 0.5 * (low + high)
                note = f"bisection: full-year energy = {target / 1e3:.3f} GWh"
            note += f"; {upstream_mean:.3f} m3/s arrive from the plants upstream" if model.upstream[plant_id] else ""
        local = round(local, 3)
        inflow_mean = local * float(model.profile.mean()) + upstream_mean
        environmental = round(ENVIRONMENTAL_FLOW_SHARE * inflow_mean, 3)
        model.settle(plant_id, local, environmental)
        notes[plant_id] = note
    return notes


def simulate_year(model: RiverModel, stamps: pd.DatetimeIndex, year: int) -> dict[str, float]:
    """GWh per plant in ``year``: the reference-year flows relabelled to it, turbines from commissioning on."""
    relabelled = pd.DatetimeIndex(pd.to_datetime(stamps.strftime(f"{year}-%m-%d %H:%M"), format="%Y-%m-%d %H:%M"))
    energy = {}
    for plant_id, plant in model.plants.items():
        in_service = np.asarray(relabelled >= pd.Timestamp(plant["commissioned"]), dtype=float)
        energy[plant_id] = model.energy_mwh(plant_id, plant["inflow"], plant["min_environmental_flow_m3s"],
                                            in_service) / 1e3
    return energy
