"""The rivers as a directed networkx graph, and each plant's inflow as an affine function of reservoir outflows.

Plants are nodes; a river link ``u -> p`` with travel time :math:`d` (whole
hours; at n-hour resolution rounded to the nearest snapshot) carries the outflow of ``u`` to ``p``.  A run-of-river plant
passes on everything it gets in the same snapshot, so its outflow is fixed by
nature; only reservoirs decide when water leaves.  Walking the graph
upstream-first, each plant's inflow is therefore

.. math::

    I_{p,t} = c_{p,t} + \\sum_{(r, \\ell)} a_{p,r,\\ell,t} \\, (q_{r,t-\\ell} + \\sigma_{r,t-\\ell})

with :math:`c` the natural part (local inflows, passed through the plants
between), and one term per reservoir :math:`r` upstream whose release
:math:`q` and spill :math:`\\sigma` reach :math:`p` after :math:`\\ell`
snapshots, scaled by what irrigation leaves on the way
(:math:`a = \\prod (1 - \\omega)`).  Water that left a plant before the first
snapshot is taken as that plant's natural outflow (the flow had nothing been
stored).  Irrigation takes :math:`\\omega_{p,m}` of the inflow of plant
:math:`p` in month :math:`m` before its turbines: usable inflow is
:math:`(1-\\omega) I`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from gezopt.data import ZoneData
from gezopt.data.checks import locate
from gezopt.errors import InputError

WATER_DENSITY_KG_PER_M3 = 1000.0
GRAVITY_M_PER_S2 = 9.81


@dataclass(frozen=True)
class ReservoirTerm:
    """Outflow of ``reservoir``, ``lag`` snapshots earlier, times ``coefficient`` (per snapshot)."""

    reservoir: str
    lag: int
    coefficient: np.ndarray


@dataclass(frozen=True)
class RiverSystem:
    """Plants, their river graph and the inflow decomposition over the snapshots of a run."""

    graph: nx.DiGraph
    order: tuple[str, ...]  # upstream first
    reservoirs: tuple[str, ...]
    power_per_flow: dict[str, float]  # MW per m3/s
    usable_share: pd.DataFrame  # 1 - irrigation withdrawal share, snapshots x plants
    local_inflow_m3s: pd.DataFrame  # snapshots x plants
    natural_outflow_m3s: pd.DataFrame  # outflow had no reservoir stored water, snapshots x plants
    inflow_constant_m3s: pd.DataFrame  # c_{p,t}
    inflow_terms: dict[str, tuple[ReservoirTerm, ...]]  # plant -> terms


def power_per_flow(plants: pd.DataFrame) -> pd.Series:
    """k = mw_per_m3s, or rho g head efficiency / 1e6 where it is empty (MW per m3/s)."""
    from_head = WATER_DENSITY_KG_PER_M3 * GRAVITY_M_PER_S2 * plants["head_m"] * plants["efficiency"] / 1e6
    return plants["mw_per_m3s"].where(plants["mw_per_m3s"].notna(), from_head).astype(float)


def river_graph(zone: ZoneData) -> nx.DiGraph:
    """Plants as nodes, links as edges with their travel time in hours."""
    graph = nx.DiGraph()
    graph.add_nodes_from(zone.hydro_plants.index)
    for link_id, link in zone.river_links.iterrows():
        graph.add_edge(link["upstream_plant"], link["downstream_plant"], link_id=link_id,
                       travel_time_h=float(link["travel_time_h"]))
    return graph


def build_river_system(zone: ZoneData) -> RiverSystem:
    """The river graph of the run and every plant's inflow decomposition; raises on a bad travel time."""
    plants = zone.hydro_plants
    graph = river_graph(zone)
    _set_lags(zone, graph)
    usable = _usable_shares(zone)
    local = pd.DataFrame(
        zone.profile_matrix(plants["inflow_profile"]) * plants["local_inflow_m3s"].to_numpy(),
        index=zone.snapshots, columns=plants.index,
    )
    reservoirs = tuple(p for p in zone.reservoirs["plant_id"] if p in plants.index)
    order = tuple(nx.lexicographical_topological_sort(graph))
    natural_outflow, constant, terms = _decompose_inflows(graph, order, reservoirs, local, usable)

    def frame(values: dict[str, np.ndarray]) -> pd.DataFrame:
        return pd.DataFrame({p: values[p] for p in plants.index}, index=zone.snapshots)

    return RiverSystem(
        graph=graph, order=order, reservoirs=reservoirs, power_per_flow=power_per_flow(plants).to_dict(),
        usable_share=usable, local_inflow_m3s=local, natural_outflow_m3s=frame(natural_outflow),
        inflow_constant_m3s=frame(constant), inflow_terms=terms,
    )


def _set_lags(zone: ZoneData, graph: nx.DiGraph) -> None:
    """Give every link its ``lag`` in snapshots; raise if a travel time is not a whole number of hours."""
    snapshot_hours = float(np.asarray(zone.snapshot_hours)[0]) if len(zone.snapshot_hours) else 1.0
    problems = []
    for upstream, downstream, data in graph.edges(data=True):
        travel = data["travel_time_h"]
        if abs(travel - round(travel)) > 1e-9:  # the data's own time step is the hour
            problems.append(locate(zone.file("river_links"), zone.river_links.loc[data["link_id"]], "travel_time_h",
                                   f"{travel:g} h is not a whole number of 1-hour snapshots"))
        data["lag"] = round(travel / snapshot_hours)  # n-hour snapshots: nearest whole snapshot
    if problems:
        raise InputError(problems)


def _usable_shares(zone: ZoneData) -> pd.DataFrame:
    """1 - the irrigation withdrawal share of each plant's inflow, snapshots x plants."""
    plants = zone.hydro_plants
    months = zone.snapshots.month.to_numpy()
    usable = pd.DataFrame(1.0, index=zone.snapshots, columns=plants.index)
    for _, withdrawal in zone.irrigation.iterrows():
        if withdrawal["plant_id"] in usable.columns:
            usable.loc[months == withdrawal["month"], withdrawal["plant_id"]] = 1.0 - withdrawal["withdrawal_share"]
    return usable


def _decompose_inflows(graph: nx.DiGraph, order: tuple[str, ...], reservoirs: tuple[str, ...], local: pd.DataFrame,
                       usable: pd.DataFrame
                       ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, tuple[ReservoirTerm, ...]]]:
    """Walking the graph upstream-first: each plant's natural outflow, inflow constant :math:`c` and
    reservoir terms :math:`a` (see the module's docstring)."""
    count = len(local.index)
    natural_outflow: dict[str, np.ndarray] = {}
    constant: dict[str, np.ndarray] = {}
    terms: dict[str, tuple[ReservoirTerm, ...]] = {}
    outflow_constant: dict[str, np.ndarray] = {}
    outflow_terms: dict[str, tuple[ReservoirTerm, ...]] = {}
    for plant in order:
        natural_inflow = local[plant].to_numpy().copy()
        plant_constant = local[plant].to_numpy().copy()
        plant_terms: list[ReservoirTerm] = []
        for upstream in graph.predecessors(plant):
            lag = graph.edges[upstream, plant]["lag"]
            natural_inflow += natural_outflow[upstream]
            before = np.arange(count) < lag  # water that left upstream before the first snapshot
            plant_constant += np.where(before, natural_outflow[upstream], _shift(outflow_constant[upstream], lag))
            plant_terms.extend(
                ReservoirTerm(term.reservoir, term.lag + lag, np.where(before, 0.0, _shift(term.coefficient, lag)))
                for term in outflow_terms[upstream]
            )
        share = usable[plant].to_numpy()
        natural_outflow[plant] = share * natural_inflow
        constant[plant], terms[plant] = plant_constant, tuple(plant_terms)
        if plant in reservoirs:
            outflow_constant[plant] = np.zeros(count)
            outflow_terms[plant] = (ReservoirTerm(plant, 0, np.ones(count)),)
        else:
            outflow_constant[plant] = share * plant_constant
            outflow_terms[plant] = tuple(ReservoirTerm(t.reservoir, t.lag, share * t.coefficient) for t in plant_terms)
    return natural_outflow, constant, terms


def inflow_m3s(rivers: RiverSystem, plant: str, reservoir_outflow: Mapping[str, np.ndarray]) -> np.ndarray:
    """A plant's inflow per snapshot given each reservoir's outflow (release + spill, m3/s) per snapshot:
    :math:`c_{p,t} + \\sum a_{p,r,\\ell,t} \\, o_{r,t-\\ell}` (only the reservoirs upstream of ``plant`` are read)."""
    inflow = rivers.inflow_constant_m3s[plant].to_numpy().copy()
    for term in rivers.inflow_terms[plant]:
        inflow += term.coefficient * _shift(np.asarray(reservoir_outflow[term.reservoir], dtype=float), term.lag)
    return inflow


def _shift(values: np.ndarray, lag: int) -> np.ndarray:
    """values[t - lag] (zeros before the start)."""
    if lag == 0:
        return values
    return np.concatenate([np.zeros(lag), values[:-lag]]) if lag < len(values) else np.zeros(len(values))
