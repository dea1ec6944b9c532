"""The grid as a networkx multigraph: branches, islands and a cycle basis.

Branches are the in-service lines and transformers.  Per-unit reactance on
the system base :math:`S_b` (``base_power_mva``):

.. math::

    x^{pu}_l = \\frac{x_l^{\\Omega/km} \\, L_l / n_l}{V_l^2 / S_b}, \\qquad
    x^{pu}_k = x_k^{pu,own} \\, \\frac{S_b}{S_k}

for a line of length :math:`L_l` with :math:`n_l` parallel circuits and a
transformer of rating :math:`S_k`.  Ratings are :math:`s_l = n_l \\, s^{circuit}_l`
(MVA taken as MW at unity power factor).

The cycle basis has one cycle per branch outside a spanning forest: the
branch plus the forest path between its ends, so two parallel branches give
their own 2-cycle.  Each cycle is a list of ``(branch_id, sign)`` with sign
+1 where the cycle runs from ``bus0`` to ``bus1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from gezopt.data import ZoneData
from gezopt.data.checks import locate
from gezopt.errors import InputError


@dataclass(frozen=True)
class Network:
    """Buses, branches (lines + transformers) and the cycles for Kirchhoff's voltage law."""

    graph: nx.MultiGraph
    branches: pd.DataFrame  # index branch_id; columns kind, bus0, bus1, x_pu, s_nom_mw
    cycles: tuple[tuple[tuple[str, int], ...], ...]
    islands: tuple[frozenset[str], ...]


def build_network(zone: ZoneData) -> Network:
    """Graph of the in-service grid; raises InputError for an unsupplied island."""
    branches = branch_table(zone)
    check_buses_in_service(zone, branches)
    graph = nx.MultiGraph()
    graph.add_nodes_from(zone.buses.index)
    for branch_id, row in branches.iterrows():
        graph.add_edge(row["bus0"], row["bus1"], key=branch_id)
    islands = tuple(frozenset(c) for c in sorted(nx.connected_components(graph), key=lambda c: sorted(c)))
    check_islands(zone, branches, islands)
    return Network(graph=graph, branches=branches, cycles=cycle_basis(graph, branches), islands=islands)


def branch_table(zone: ZoneData) -> pd.DataFrame:
    """Lines and transformers as one table of per-unit reactances and MW ratings."""
    base_power_mva = zone.parameters["base_power_mva"]
    lines = zone.lines
    line_impedance_ohm = lines["x_ohm_per_km"] * lines["length_km"] / lines["circuits"]
    line_rows = pd.DataFrame({
        "kind": "line",
        "bus0": lines["bus0"],
        "bus1": lines["bus1"],
        "x_pu": line_impedance_ohm / (lines["voltage_kv"] ** 2 / base_power_mva),
        "s_nom_mw": lines["s_nom_mva_per_circuit"] * lines["circuits"],
    }, index=lines.index)
    transformers = zone.transformers
    transformer_rows = pd.DataFrame({
        "kind": "transformer",
        "bus0": transformers["bus0"],
        "bus1": transformers["bus1"],
        "x_pu": transformers["x_pu"] * base_power_mva / transformers["s_nom_mva"],
        "s_nom_mw": transformers["s_nom_mva"],
    }, index=transformers.index)
    frames = [frame for frame in (line_rows, transformer_rows) if len(frame)]
    if not frames:
        return pd.DataFrame(columns=["kind", "bus0", "bus1", "x_pu", "s_nom_mw"])
    return pd.concat(frames).rename_axis("branch_id")


def cycle_basis(graph: nx.MultiGraph, branches: pd.DataFrame) -> tuple[tuple[tuple[str, int], ...], ...]:
    """Independent cycles: each non-forest branch closed by the forest path between its ends."""
    forest = nx.Graph()
    forest.add_nodes_from(graph.nodes)
    parent: dict[str, tuple[str, str] | None] = {}  # bus -> (parent bus, branch id)
    depth: dict[str, int] = {}
    tree_branches: set[str] = set()
    for root in sorted(graph.nodes):
        if root in parent:
            continue
        parent[root], depth[root] = None, 0
        queue = [root]
        while queue:
            bus = queue.pop(0)
            for _, neighbour, branch_id in sorted(graph.edges(bus, keys=True), key=lambda e: (str(e[1]), str(e[2]))):
                if neighbour not in parent:
                    parent[neighbour], depth[neighbour] = (bus, branch_id), depth[bus] + 1
                    tree_branches.add(branch_id)
                    queue.append(neighbour)

    def step_sign(branch_id: str, from_bus: str) -> int:
        return 1 if branches.at[branch_id, "bus0"] == from_bus else -1

    cycles = []
    for branch_id in branches.index:
        if branch_id in tree_branches:
            continue
        start, end = branches.at[branch_id, "bus0"], branches.at[branch_id, "bus1"]
        cycle = [(branch_id, 1)]  # start -> end along the closing branch
        # path end -> ... -> start through the forest: climb from both ends to their common ancestor
        up_from_end, up_from_start = [], []
        a, b = end, start
        while depth[a] > depth[b]:
            parent_bus, tree_id = parent[a]
            up_from_end.append((tree_id, step_sign(tree_id, a)))
            a = parent_bus
        while depth[b] > depth[a]:
            parent_bus, tree_id = parent[b]
            up_from_start.append((tree_id, -step_sign(tree_id, b)))
            b = parent_bus
        while a != b:
            parent_a, tree_a = parent[a]
            up_from_end.append((tree_a, step_sign(tree_a, a)))
            a = parent_a
            parent_b, tree_b = parent[b]
            up_from_start.append((tree_b, -step_sign(tree_b, b)))
            b = parent_b
        cycle.extend(up_from_end)
        cycle.extend(reversed(up_from_start))
        cycles.append(tuple(cycle))
    return tuple(cycles)


def check_islands(zone: ZoneData, branches: pd.DataFrame, islands: tuple[frozenset[str], ...]) -> None:
    """An island with demand needs a local unit or a national-grid connection."""
    supplied = (
        set(zone.generators["bus"]) | set(hydro_in_service(zone)["bus"]) | set(zone.waste_plants["bus"])
        | set(zone.grid_connections["bus"])
    )
    with_demand = set(zone.loads["bus"][zone.loads["annual_energy_mwh"] > 0])
    problems = []
    for island in islands:
        if island & with_demand and not island & supplied:
            for bus in sorted(island & with_demand):
                problems.append(locate(
                    zone.file("buses"), zone.buses.loc[bus], "bus_id",
                    f"bus '{bus}' has demand but its island ({', '.join(sorted(island))}) has neither a "
                    "generating unit nor a national-grid connection in service",
                ))
    if problems:
        raise InputError(problems)


def hydro_in_service(zone: ZoneData) -> pd.DataFrame:
    """Hydro plants that can produce at some snapshot of the run (the others only pass water on)."""
    plants = zone.hydro_plants
    return plants[zone.in_service(plants).any(axis=0)] if len(zone.snapshots) else plants


def check_buses_in_service(zone: ZoneData, branches: pd.DataFrame) -> None:
    """Every unit, load and branch of the run must sit on buses in service in the scenario year."""
    problems = []
    for table in ("loads", "generators", "hydro_plants", "waste_plants", "storage", "grid_connections"):
        frame = hydro_in_service(zone) if table == "hydro_plants" else zone.table(table)
        for row_id in frame.index[~frame["bus"].isin(zone.buses.index)]:
            problems.append(locate(zone.file(table), frame.loc[row_id], "bus",
                                   f"bus '{frame.at[row_id, 'bus']}' is not in service in {zone.year}"))
    for branch_id, row in branches.iterrows():
        table = "lines" if row["kind"] == "line" else "transformers"
        for end in ("bus0", "bus1"):
            if row[end] not in zone.buses.index:
                problems.append(locate(zone.file(table), zone.table(table).loc[branch_id], end,
                                       f"bus '{row[end]}' is not in service in {zone.year}"))
    if problems:
        raise InputError(problems)
