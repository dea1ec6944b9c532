"""EV fleets that differ only in size, scheduled as one, and the price check that proves nothing was lost.

Fleets :math:`f` of a group :math:`g` have every array a multiple :math:`s_f` of the group's total (charging
limit :math:`P_{f,t} = s_f P_{g,t}`, driving draw :math:`D_{f,t} = s_f D_{g,t}`, capacity
:math:`E_f = s_f E_g`, :math:`\\sum_{f \\in g} s_f = 1`) and every other figure of :mod:`gezopt.model.ev`
equal (charging efficiency, departure hour and state of charge, charging mode, the v2g share where it
discharges).  Each fleet's feasible schedules are then :math:`Y_f = s_f Z_g`, :math:`Z_g` the group's.

**The grouped LP** :math:`R` schedules one fleet per group, its charge drawn from (its discharge fed to) the
members' buses in the shares :math:`s_f`: every schedule of :math:`R` is one of the LP :math:`P` with
:math:`y_f = s_f z_g`, so :math:`C_R \\ge C_P`.  It holds one chain in time per group instead of one per fleet.

**The check.**  With :math:`\\lambda_{b,t}` the duals of :math:`R`'s nodal balance at its optimum, relaxing
:math:`P`'s balances by them bounds :math:`C_P` from below, and the fleets' part of that bound differs from
:math:`R`'s by at most

.. math::

    \\Delta = \\sum_g \\sum_{f \\in g} \\sum_t \\left|\\lambda_{b(f),t} - \\bar\\lambda_{g,t}\\right|
    \\max(1, v_f) P_{f,t}, \\qquad \\bar\\lambda_{g,t} = \\sum_{f \\in g} s_f \\lambda_{b(f),t}

(each fleet priced at its own bus against the group at the shares' mean), so
:math:`C_R - \\Delta \\le C_P \\le C_R`.  Where the members' buses see one price in every snapshot (a grid
that does not bind between them), :math:`\\Delta = 0` and :math:`C_P = C_R`.  Only the optimal cost is
certified this way, not a schedule: :mod:`gezopt.benchmark` uses it for the ``response: system``
benchmark's cost alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

from gezopt.config import ChargingMode
from gezopt.prepared import FleetArrays

PROPORTIONAL_TOLERANCE = 1e-9  # relative: arrays within this of a multiple of another fleet's are proportional
SAME_FIGURES = ("charging_efficiency", "departure_hour_utc", "departure_state_of_charge", "charging_mode")


@dataclasses.dataclass(frozen=True)
class FleetGroups:
    """The scheduled fleets as read, and their groups: each a tuple of the members' positions in
    ``fleets``' order (a fleet proportional to none other is a group of one).  A group is named after its
    first member."""

    fleets: FleetArrays
    members: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, fleets: FleetArrays) -> FleetGroups:
        """Group the fleets: each joins the first group whose first member it is proportional to."""
        groups: list[list[int]] = []
        for position in range(len(fleets.ids)):
            joined = next((group for group in groups if _proportional(fleets, group[0], position)), None)
            if joined is None:
                groups.append([position])
            else:
                joined.append(position)
        return cls(fleets=fleets, members=tuple(tuple(group) for group in groups))

    @property
    def merges_any(self) -> bool:
        """Whether any group has two fleets or more (otherwise the grouped LP is the LP)."""
        return any(len(group) > 1 for group in self.members)

    def shares(self, group: tuple[int, ...]) -> np.ndarray:
        """:math:`s_f` of the group's members: each one's capacity over the group's."""
        capacity = self.fleets.capacity_mwh[list(group)]
        return capacity / capacity.sum()

    def grouped(self) -> FleetArrays:
        """One fleet per group: its arrays the members' sums, its other figures its first member's, its
        charge drawn from the members' buses in their shares (:attr:`FleetArrays.bus_shares`)."""
        fleets, table = self.fleets, self.fleets.table
        if not self.merges_any:
            return fleets
        buses = table["bus"].to_numpy()

        def summed(array: np.ndarray) -> np.ndarray:
            return np.column_stack([array[:, list(group)].sum(axis=1) for group in self.members])

        return FleetArrays(
            table=table.iloc[[group[0] for group in self.members]],
            charge_limit_mw=summed(fleets.charge_limit_mw),
            driving_mw=summed(fleets.driving_mw),
            capacity_mwh=np.array([fleets.capacity_mwh[list(group)].sum() for group in self.members]),
            bus_shares={table.index[group[0]]: tuple(zip(buses[list(group)].tolist(), self.shares(group).tolist()))
                        for group in self.members},
        )

    def price_gap_bound_azn(self, balance_duals: Mapping[str, np.ndarray]) -> float:
        """:math:`\\Delta` of the module's check, AZN: ``balance_duals`` holds the grouped LP's nodal-balance
        duals per bus (one per snapshot, in the objective's units)."""
        table = self.fleets.table
        discharges = (table["charging_mode"] == ChargingMode.V2G.value).to_numpy()
        reach = np.where(discharges, np.maximum(1.0, table["v2g_share"].to_numpy(dtype=float)), 1.0)
        buses = table["bus"].to_numpy()
        bound = 0.0
        for group in self.members:
            if len(group) == 1:
                continue
            prices = np.column_stack([balance_duals[bus] for bus in buses[list(group)]])  # snapshots x members
            spread = np.abs(prices - (prices @ self.shares(group))[:, None])
            bound += float(np.sum(spread * self.fleets.charge_limit_mw[:, list(group)] * reach[list(group)]))
        return bound


def _proportional(fleets: FleetArrays, first: int, other: int) -> bool:
    """Whether fleet ``other`` is fleet ``first`` scaled: the same figures, every array the same multiple."""
    table = fleets.table
    one, two = table.iloc[first], table.iloc[other]
    if any(one[name] != two[name] for name in SAME_FIGURES):
        return False
    if one["charging_mode"] == ChargingMode.V2G.value and one["v2g_share"] != two["v2g_share"]:
        return False
    capacity_one, capacity_two = fleets.capacity_mwh[first], fleets.capacity_mwh[other]
    if not (capacity_one > 0 and capacity_two > 0):
        return False
    scale = capacity_two / capacity_one
    return all(np.allclose(array[:, other], scale * array[:, first], rtol=PROPORTIONAL_TOLERANCE, atol=0.0)
               for array in (fleets.charge_limit_mw, fleets.driving_mw))

