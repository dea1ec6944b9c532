"""Indexed variables whose bounds differ by element, given as arrays prepared outside Pyomo.

Pyomo calls a ``bounds=`` rule once per element through its initializer
machinery, about 1 µs an element.  :func:`bounded_variable` builds the variable
with constant bounds and then stores each element's own bound in one C-level
pass: a plain float, which is what Pyomo's ``setlb``/``setub`` store as they are
(they only check that a bound is a number or a fixed expression), so the bound is
written to the element's ``_lb``/``_ub`` directly, without the setter's call and
check per element (README, Speed).  The variable is an :class:`ElementwiseVar`:
Pyomo's dict of its elements by key is filled only when something reads it.  A
bound is a number (the same for every element, or ``None`` for none) or an array
in the variable's index order; for
``bounded_variable(units, snapshots, ...)`` that is unit-major, ``array[unit, t]``
flattened.  An infinite bound is no bound, as in Pyomo.
"""

from __future__ import annotations

from collections import deque
from itertools import repeat

import numpy as np
import pyomo.core as pyo
from numpy.typing import ArrayLike
from pyomo.core.base.var import IndexedVar, VarData

from gezopt.component_data import FilledWhenRead, data_objects

Bound = float | ArrayLike | None


def bounded_variable(*index: pyo.Set, lower: Bound, upper: Bound, doc: str) -> pyo.Var:
    """A constructed ``Var`` over ``index`` with :math:`l_i \\le x_i \\le u_i`, ``lower`` and ``upper`` a number
    (or ``None``) for every element or one value per element in index order."""
    constant = tuple(float(bound) if isinstance(bound, (int, float)) else None for bound in (lower, upper))
    built = ElementwiseVar(*index, bounds=constant, dense=False, doc=doc)
    built.construct()  # not dense: no element yet
    elements = _every_element(built)
    for bound, stored_as in ((lower, "_lb"), (upper, "_ub")):
        if _is_constant(bound):
            continue
        values = np.asarray(bound, dtype=float).ravel()
        if len(values) != len(elements):
            raise ValueError(f"{len(values)} bounds for the {len(elements)} elements of a variable ({doc})")
        # Python floats, as setlb keeps them; one C-level pass, nothing kept
        deque(map(setattr, elements, repeat(stored_as), values.tolist()), maxlen=0)
    return built


class ElementwiseVar(FilledWhenRead, IndexedVar):
    """An indexed variable whose elements are made at once (:func:`bounded_variable`) and held as (keys,
    elements) lists, which fill Pyomo's dict of elements by key, ``_data``, when something first reads it
    (:class:`~gezopt.component_data.FilledWhenRead`).

    Keying the full year's 1.36 million elements costs 0.44-0.75 s (a tuple's hash and an insertion each) and
    about 100 MB, and a run reads almost none of them by key (only ``reservoir_volume``'s): the families, the
    compiler and the model's index read a variable's elements as lists in index order (:func:`gezopt.component_data.keys_and_data`, through
    :meth:`unkeyed_elements`).
    """

    def hold_elements(self, keys: list, elements: list[VarData]) -> None:
        """Hold every element, ``keys[k]`` -> ``elements[k]`` in index order, keyed when ``_data`` is first read."""
        self._fill_when_read((keys, elements))

    def unkeyed_elements(self) -> tuple[list, list[VarData]] | None:
        """The keys and elements as held, while ``_data`` has not been read since (else None)."""
        return self._unread_source()

    def _elements_from(self, source: tuple[list, list[VarData]]):
        return zip(*source)


def _every_element(variable: ElementwiseVar) -> list[VarData]:
    """Every element of a constructed, not yet dense ``variable``, in index order, as Pyomo's dense construction
    makes them: the first by Pyomo (its domain and constant bounds set by the variable's rules), every other a
    ``VarData.copy`` of it given its own index; the copies made and indexed in C-level passes, not Pyomo's loop
    (0.44 against 0.56 s for 613,000 elements), and held unkeyed (:class:`ElementwiseVar`)."""
    keys = list(variable.index_set())
    variable._dense = True
    if not keys:
        return []
    first = variable._getitem_when_not_present(keys[0])
    elements = [first, *map(type(first).copy, repeat(first, len(keys) - 1))]
    deque(map(setattr, elements, repeat("_index"), keys), maxlen=0)
    variable.hold_elements(keys, elements)
    return elements


def by_object(variable: pyo.Var, objects: list, snapshot_count: int) -> dict[object, list[VarData]]:
    """The elements of a variable indexed by ``objects`` x snapshots (every pair, object-major), as each
    object's list in time: ``by_object(v, objects, T)[o][t] is v[o, t]``, read without indexing each element."""
    elements = data_objects(variable)
    if len(elements) != len(objects) * snapshot_count:
        raise ValueError(f"{variable.name} has {len(elements)} elements, not {len(objects)} x {snapshot_count}")
    return {obj: elements[k * snapshot_count:(k + 1) * snapshot_count] for k, obj in enumerate(objects)}


def previous_in_cycle(series: list) -> list:
    """Each snapshot's previous element of a cyclic horizon: ``series[t - 1]``, the last one for ``t = 0``."""
    return series[-1:] + series[:-1]


def _is_constant(bound: Bound) -> bool:
    return bound is None or isinstance(bound, (int, float))
