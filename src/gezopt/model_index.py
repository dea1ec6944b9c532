"""What the results read of a Pyomo model once HiGHS holds its LP: each component's keys and positions.

After the hand-off (:func:`gezopt.solve.hand_over`) the results need, of the
model, only each indexed variable's keys in index order with the column of
each element, and the same for the constraints whose duals are kept (their
rows).  :class:`ModelIndex` holds exactly that, and nothing of Pyomo but the
keys, so the model itself (a year's model is about 800 MB of Python objects,
the largest part of a run's memory besides HiGHS's own) can be freed before
the solve (README, Speed).  The results read a :class:`ModelIndex` as they
would read the model: ``index.load_shed.keys()``, ``solution.values(index.load_shed)``.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import product
from typing import Protocol

import numpy as np
import pyomo.core as pyo
from pyomo.core.base.set import SetProduct
from pyomo.core.base.var import VarData

from gezopt.component_data import data_objects

NO_POSITION = -1  # an element HiGHS never saw (a variable in no row and no cost, a row that was not kept)


@dataclass(frozen=True)
class PositionsById:
    """LP positions of Pyomo objects (VarData as columns, ConstraintData as rows) looked up by ``id()``, whole
    arrays at a time: the ids sorted, with the position of each (no dict of a million entries)."""

    sorted_ids: np.ndarray  # int64, ascending
    positions: np.ndarray  # int64, the position of each id in ``sorted_ids``

    @classmethod
    def numbering(cls, ids: np.ndarray) -> PositionsById:
        """Positions 0, 1, ... of distinct ``ids`` in the order given."""
        order = np.argsort(ids, kind="stable")
        return cls(sorted_ids=ids[order], positions=order.astype(np.int64))

    @classmethod
    def of(cls, objects: Iterable[object]) -> PositionsById:
        """Positions 0, 1, ... of distinct objects in the order given."""
        return cls.numbering(object_ids(objects))

    def found(self, component: pyo.Component) -> tuple[np.ndarray, bool]:
        """The position of each of ``component``'s elements in its index order (:data:`NO_POSITION` for one not
        numbered), and whether it has an element for every key of its index."""
        elements = data_objects(component)
        return self.find(object_ids(elements)), len(elements) == len(component.index_set())

    def find(self, ids: np.ndarray) -> np.ndarray:
        """The position of each id, :data:`NO_POSITION` for one not numbered."""
        if not len(self.sorted_ids):
            return np.full(len(ids), NO_POSITION, dtype=np.int64)
        where = np.minimum(np.searchsorted(self.sorted_ids, ids), len(self.sorted_ids) - 1)
        return np.where(self.sorted_ids[where] == ids, self.positions[where], NO_POSITION)


def object_ids(objects: Iterable[object]) -> np.ndarray:
    """``id()`` of each object, as int64 (CPython's ids are addresses, below 2**63).

    In CPython an object's id is its address, and a numpy array of objects holds exactly those addresses (one
    pointer per element): the objects are put in such an array and its pointers read as integers at once,
    without a Python int made per object by ``id`` (the full year's 2.7 million matrix entries: 0.06-0.10 s
    against 0.14-0.22 s).  Elsewhere than CPython, ``id`` is called on each."""
    if sys.implementation.name != "cpython":
        return np.fromiter(map(id, objects), dtype=np.int64)
    held = np.fromiter(objects, dtype=object)  # each object an element, a sequence too (never unpacked)
    if not len(held):
        return np.zeros(0, dtype=np.int64)
    pointers = (ctypes.c_void_p * len(held)).from_address(held.ctypes.data)
    return np.frombuffer(pointers, dtype=np.uintp).astype(np.int64)  # a copy: read while ``held`` holds them


@dataclass(frozen=True)
class IndexedPositions:
    """One indexed variable or constraint: its keys in the component's index order and the LP position (column
    or row) of each element, :data:`NO_POSITION` where it has none."""

    name: str  # the full name, ``period[2026].ev_charge`` inside a block
    local_name: str  # the name within its block, ``ev_charge``
    positions: np.ndarray  # int64, one per element in index order
    # (objects, snapshots) where the index is every pair of two one-dimensional sets, the second of ints, in
    # that order (the keys are then their product, object-major); None for any other index
    factors: tuple[list[Hashable], list[int]] | None = None
    listed_keys: list[Hashable] | None = None  # the keys in index order, where ``factors`` is None

    def keys(self) -> list[Hashable]:
        """The index keys, in index order (as a Pyomo component's ``keys()``); where the index is a product
        (``factors``), made from it when first asked: most are never read (the hand-off reads the factors, the
        results a few variables), and a year's 981,000 such keys took 0.06 s and 70 MB through the solve."""
        return self.listed_keys if self.listed_keys is not None else self._product_keys

    @cached_property
    def _product_keys(self) -> list[Hashable]:
        objects, snapshots = self.factors
        return list(product(objects, snapshots))

    def __len__(self) -> int:
        return len(self.positions)


class ModelIndex:
    """A model's variables and kept constraints as :class:`IndexedPositions`, by name; attribute access as on the
    model (``index.nodal_balance``)."""

    def __init__(self, variables: dict[str, IndexedPositions], constraints: dict[str, IndexedPositions]) -> None:
        self.variables, self.constraints = variables, constraints
        self._by_name = variables | constraints
        self._column_by_key: dict[str, dict[Hashable, int]] = {}  # filled on demand by :meth:`columns`

    def __getattr__(self, name: str) -> IndexedPositions:  # only for names that are not attributes of the index
        found = self.__dict__.get("_by_name", {}).get(name)
        if found is None:
            raise AttributeError(f"the model has no variable or kept constraint {name!r}")
        return found

    def component(self, name: str) -> IndexedPositions:
        """The variable or kept constraint ``name`` (as ``model.component(name)``)."""
        return getattr(self, name)

    @property
    def variable_count(self) -> int:
        """The model's variables, whether or not HiGHS saw them."""
        return sum(len(variable) for variable in self.variables.values())

    def column_positions(self, component: IndexedPositions | pyo.Var) -> np.ndarray:
        """The column of each element of a variable (its index order)."""
        return _positions_of(self.variables, component)

    def row_positions(self, component: IndexedPositions | pyo.Constraint) -> np.ndarray:
        """The row of each element of a constraint (its index order); :data:`NO_POSITION` for one not kept."""
        return _positions_of(self.constraints, component)

    def columns(self, variables: Iterable[VarData]) -> np.ndarray:
        """The column of each of the model's variables (as Pyomo objects, while the model still exists)."""
        found = []
        for variable in variables:
            name = variable.parent_component().name
            column_by_key = self._column_by_key.get(name)
            if column_by_key is None:
                component = self.variables[name]
                column_by_key = self._column_by_key[name] = dict(zip(component.keys(), component.positions.tolist()))
            found.append(column_by_key[variable.index()])
        return np.asarray(found, dtype=np.int64)


def _positions_of(components: dict[str, IndexedPositions], component: IndexedPositions | pyo.Component) -> np.ndarray:
    indexed = components.get(component.name)
    return indexed.positions if indexed is not None else np.full(len(component), NO_POSITION, dtype=np.int64)


class Numbering(Protocol):
    """LP positions of a component's elements: :class:`PositionsById`, or the compiled rows'
    (:class:`gezopt.compiled_rows.RowNumbering`)."""

    def found(self, component: pyo.Component) -> tuple[np.ndarray, bool]: ...


def index_model(model: pyo.Block, columns: PositionsById, kept: list[pyo.Constraint],
                rows: Numbering) -> ModelIndex:
    """The :class:`ModelIndex` of a model whose variables are numbered by ``columns`` and whose kept
    constraints by ``rows``."""
    variables = {component.name: _indexed(component, columns)
                 for component in model.component_objects(pyo.Var, descend_into=True)}
    return ModelIndex(variables, {component.name: _indexed(component, rows) for component in kept})


def _indexed(component: pyo.Component, numbered: Numbering) -> IndexedPositions:
    # the keys as the index set makes them (Pyomo's keys() of a component with every element), not the
    # component's own: those were made with its elements, and keeping them would keep the memory around the
    # freed elements from going back (about 190 MB on a year); read without Pyomo's dict of the elements
    # (which an ElementwiseVar makes only when asked: gezopt.model.variables)
    positions, whole = numbered.found(component)
    factors = _object_snapshot_factors(component) if whole else None
    keys = None if factors is not None else list(component.index_set() if whole else component.keys())
    return IndexedPositions(name=component.name, local_name=component.local_name,
                            positions=positions, factors=factors, listed_keys=keys)


def _object_snapshot_factors(component: pyo.Component) -> tuple[list[Hashable], list[int]] | None:
    """The (objects, snapshots) whose product is the index of a component with every element, where it is one:
    a Pyomo product of two one-dimensional sets, the second of ints."""
    index = component.index_set()
    sets = list(index.subsets()) if isinstance(index, SetProduct) else []
    if len(sets) != 2 or any(factor.dimen != 1 for factor in sets):
        return None
    objects, snapshots = list(sets[0]), list(sets[1])
    return (objects, snapshots) if set(map(type, snapshots)) <= {int} else None


IndexedModel = ModelIndex | pyo.Block  # what the results read: the index, or a model still whole (a pathway's period)
