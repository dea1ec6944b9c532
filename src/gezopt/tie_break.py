"""One optimum: a deterministic tie-break cost on every non-negative column.

A dispatch LP of this zone has many optima: hydro water costs nothing, many
hours share one export price, tanks and reservoirs can shift energy between
hours of equal value.  Which optimum a solver returns then depends on its
path (version, method, threads), and so would every KPI read off it.

Following PyPSA-Eur's ``noisy_costs`` (random small costs that make the
optimum unique), but deterministic, every column :math:`j` with a lower bound
of at least zero gets a small cost

.. math::

    \\delta_j = \\varepsilon \\, (1 + u_j), \\qquad u_j = H(\\text{component}_j, \\text{object}_j, t_j) \\in [0, 1)

where :math:`H` is a fixed integer hash (CRC-32 of the component and object
names, then SplitMix64 mixed with the snapshot index) scaled to [0, 1), and
:math:`\\varepsilon` = :data:`TIE_BREAK_AZN` AZN per unit of the column
(MW, MWh, m3/s, million m3) per snapshot.  With costs in general position the
LP has a single optimal vertex; since every :math:`\\delta_j > 0` the
perturbation also prefers less of every activity where it costs nothing
(no spill, no simultaneous charging and discharging, lower stored energy).
Columns that may be negative (line flows, determined by Kirchhoff's voltage
law from the injections) are left out: a linear cost on them would push loop
flows to their limits under the transport model.

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


def _splitmix64(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, elementwise on uint64 (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = values + _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _MIX1
        z = (z ^ (z >> np.uint64(27))) * _MIX2
        return z ^ (z >> np.uint64(31))


def units_of(codes: np.ndarray, snapshots: np.ndarray) -> np.ndarray:
    """:math:`u \\in [0, 1)` from object codes and snapshots (SplitMix64 of both, 53 bits)."""
    mixed = _splitmix64((codes.astype(np.uint64) << np.uint64(32)) ^ snapshots.astype(np.int64).astype(np.uint64))
    return (mixed >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def hash_units(component_name: str, keys: Iterable[Hashable]) -> np.ndarray:
    """:math:`u \\in [0, 1)` for each key of a component: the same for the same names on any machine."""
    return units_of(*key_codes(component_name, keys))


def tie_break_costs(keys: ColumnKeys, column_lower: np.ndarray, epsilon: float = TIE_BREAK_AZN) -> np.ndarray:
    """:math:`\\delta` per column of the standard form (0 where the column may be negative)."""
    costs = epsilon * (1.0 + units_of(keys.object_codes, keys.snapshots))
    costs[~(column_lower >= 0)] = 0.0
    return costs
