"""One optimum: a deterministic tie-break cost on every non-negative column.

A dispatch LP of this zone has many optima: hydro water costs nothing, many
hours share one export price, tanks and reservoirs can shift energy between
hours of equal value.  Which optimum a solver returns then depends on its
path (version, method, threads), and so would every KPI read off it.

Following PyPSA-Eur's ``noisy_costs`` (random small costs that make the
optimum unique), but deterministic, every column :math:`j` with a lower bound
of at least zero gets a small cost

.. math::

    \\delta_j = \\varepsilon \\, (1 + u_j), \\qquad
    u_j = \\frac{r_j + v_j / 2}{n_{t_j}} \\in [0, 1)

where :math:`H` is a fixed integer hash (CRC-32 of the component and object
names, then SplitMix64 mixed with the snapshot index) scaled to [0, 1),
:math:`n_t` is the number of such columns in snapshot :math:`t`,
:math:`r_j \\in \\{0, \\dots, n_t - 1\\}` is the rank of
:math:`H(\\text{component}_j, \\text{object}_j, t_j)` among them, :math:`v_j`
in [0, 1) from the hash's other bits, and :math:`\\varepsilon` =
:data:`TIE_BREAK_AZN` AZN per unit of the column (MW, MWh, m3/s, million m3)
per snapshot.  With costs in general position the LP has a single optimal
vertex; since every :math:`\\delta_j > 0` the perturbation also prefers less
of every activity where it costs nothing (no spill, no simultaneous charging
and discharging, lower stored energy).

The ranks space the columns of one snapshot at least
:math:`\\varepsilon / (2 n_t)` apart (3.8e-6 AZN on the zone's full year, at
most 133 columns an hour), well above HiGHS's optimality tolerance (1e-7):
two units that are exact substitutes in an hour (two grid connections
exporting at one price, two run-of-river plants at one bus) are always told
apart.  Plain hashes in [0, 1) were not: on the default full year 7,829 pairs
of one hour's columns had costs within 1e-7 AZN of each other (none within
1e-6 with the ranks), and two grid connections' exports, 3e-8 AZN per MWh
apart, swapped 11.6 MW between two presolves of HiGHS.  The jitter :math:`v_j` keeps
one object's costs in different hours apart (without it they would be equal
whenever its ranks are).  The order within a snapshot is the order of
:math:`H`, as before the ranks.  Columns that may be negative (line flows,
determined by Kirchhoff's voltage law from the injections) are left out: a
linear cost on them would push loop flows to their limits under the
transport model.

The terms are not part of the system cost: :func:`gezopt.solve.solve`
reports the objective without them and their total apart
(``tie_break_azn``).  For the unperturbed optimum :math:`x^0` and the
perturbed one :math:`x^*`,
:math:`0 \\le c^\\top x^* - c^\\top x^0 \\le \\delta^\\top x^0 - \\delta^\\top x^*`:
the system cost is above the true minimum by at most what the tie-break
saved (tested), which on the zone is below 1e-6 of the cost.  Prices (duals)
carry the tie-break terms, a shift of the order of :math:`\\varepsilon` per MWh.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

from gezopt.standard_form import ColumnKeys, key_codes

TIE_BREAK_AZN = 1e-3  # epsilon: AZN per unit of a column and snapshot

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_JITTER_BITS = (1 << 24) - 1  # v: the mixed bits below the 40 the rank is taken from


def _splitmix64(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, elementwise on uint64 (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = values + _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _MIX1
        z = (z ^ (z >> np.uint64(27))) * _MIX2
        return z ^ (z >> np.uint64(31))


def _mixed(codes: np.ndarray, snapshots: np.ndarray) -> np.ndarray:
    """SplitMix64 of object codes and snapshots: 64 well-mixed bits per key."""
    return _splitmix64((codes.astype(np.uint64) << np.uint64(32)) ^ snapshots.astype(np.int64).astype(np.uint64))


def units_of(codes: np.ndarray, snapshots: np.ndarray) -> np.ndarray:
    """:math:`H \\in [0, 1)` from object codes and snapshots (the mixed bits' leading 53)."""
    return (_mixed(codes, snapshots) >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def hash_units(component_name: str, keys: Iterable[Hashable]) -> np.ndarray:
    """:math:`H \\in [0, 1)` for each key of a component: the same for the same names on any machine."""
    return units_of(*key_codes(component_name, keys))


def spaced_units(codes: np.ndarray, snapshots: np.ndarray) -> np.ndarray:
    """:math:`u = (r + v/2) / n_t`: the rank :math:`r` of :math:`H` among the ``n_t`` keys of its snapshot
    (by the leading 40 bits, which order as :math:`H`; equal ones, if any, in the keys' order), jittered by
    :math:`v`, the mixed bits' last 24."""
    mixed = _mixed(codes, snapshots)
    group = snapshots - snapshots.min() if len(snapshots) else snapshots  # 0, 1, ...: any int may be a key's last
    count = np.bincount(group)  # n_t
    by_snapshot = np.argsort((group.astype(np.uint64) << np.uint64(40)) | (mixed >> np.uint64(24)), kind="stable")
    rank = np.empty(len(mixed))
    rank[by_snapshot] = np.arange(len(mixed)) - (np.cumsum(count) - count)[group[by_snapshot]]
    jitter = (mixed & np.uint64(_JITTER_BITS)).astype(np.float64) / float(_JITTER_BITS + 1)
    return (rank + 0.5 * jitter) / count[group]


def tie_break_costs(keys: ColumnKeys, column_lower: np.ndarray, epsilon: float = TIE_BREAK_AZN) -> np.ndarray:
    """:math:`\\delta` per column of the standard form (0 where the column may be negative)."""
    broken = column_lower >= 0
    costs = np.zeros(len(column_lower))
    costs[broken] = epsilon * (1.0 + spaced_units(keys.object_codes[broken], keys.snapshots[broken]))
    return costs
