"""The LP's rows as the Pyomo objects they stand for, and each kept constraint's row positions.

The compiler (:mod:`gezopt.standard_form`) reads the constraints one
component after the other.  A component read from its expressions gives its
active rows as ``ConstraintData``; an :class:`~gezopt.model.array_rows.ArrayRows`
read as arrays gives a block of rows :math:`s, s + 1, \\dots, s + n - 1` in its
index order, and no object: its rows' ``ConstraintData`` are made only if
something reads them (:class:`CompiledRows` as a sequence: the model file's
names, the diagnosis of an infeasible model).  The positions of a kept
constraint's rows (its duals: :func:`gezopt.model_index.index_model`) are
that range for a block, and are looked up by ``id`` for the rows read as
objects (:class:`RowNumbering`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pyomo.core as pyo

from gezopt.component_data import data_objects
from gezopt.model.array_rows import ArrayRows
from gezopt.model_index import PositionsById, object_ids


class CompiledRows(Sequence):
    """The rows in the compiler's order: ``rows[r]`` is row ``r``'s ``ConstraintData``, an array block's made
    when first read."""

    def __init__(self) -> None:
        self._blocks: list[list | ArrayRows] = []
        self._starts: list[int] = [0]  # block b holds rows _starts[b] .. _starts[b + 1] - 1

    @classmethod
    def of(cls, constraints: list) -> CompiledRows:
        """Rows that are these ``ConstraintData``, in order."""
        rows = cls()
        rows.add_objects(constraints)
        return rows

    def add_objects(self, constraints: list) -> None:
        """Rows read from their expressions: ``constraints`` in order (the list kept as given)."""
        if constraints:
            self._add(constraints, len(constraints))

    def add_block(self, component: ArrayRows) -> None:
        """An :class:`ArrayRows` read as arrays: one row per key, in its index order."""
        if len(component.arrays.lower):
            self._add(component, len(component.arrays.lower))

    def _add(self, block: list | ArrayRows, count: int) -> None:
        self._blocks.append(block)
        self._starts.append(self._starts[-1] + count)

    def __len__(self) -> int:
        return self._starts[-1]

    def __getitem__(self, position: int):
        if not -len(self) <= position < len(self):
            raise IndexError(f"row {position} of {len(self)}")
        position %= len(self)
        block = bisect_right(self._starts, position) - 1
        return self._objects(block)[position - self._starts[block]]

    def __iter__(self) -> Iterator:
        return chain.from_iterable(map(self._objects, range(len(self._blocks))))

    def _objects(self, block: int) -> list:
        held = self._blocks[block]
        if isinstance(held, ArrayRows):  # made by the component when first read, then kept
            held = self._blocks[block] = data_objects(held)
        return held

    def numbering(self) -> RowNumbering:
        """Each row's position, found by component (:class:`RowNumbering`)."""
        blocks, objects, positions = {}, [], []
        for block, (start, end) in enumerate(zip(self._starts, self._starts[1:])):
            held = self._blocks[block]
            if isinstance(held, ArrayRows):
                blocks[id(held)] = (start, end)
            else:
                objects.extend(held)
                positions.append(np.arange(start, end, dtype=np.int64))
        by_id = PositionsById.numbering(object_ids(objects))
        if positions:  # numbered 0, 1, ... among the objects: their rows' positions
            by_id = PositionsById(sorted_ids=by_id.sorted_ids, positions=np.concatenate(positions)[by_id.positions])
        return RowNumbering(blocks=blocks, by_id=by_id)


@dataclass(frozen=True)
class RowNumbering:
    """The rows' positions: an array block's as its range, every other row's by its object's ``id``."""

    blocks: dict[int, tuple[int, int]]  # id of an ArrayRows read as arrays -> its rows' start and end
    by_id: PositionsById  # the rows read as objects

    def found(self, component: pyo.Component) -> tuple[np.ndarray, bool]:
        """The row of each of ``component``'s elements in its index order (:data:`~gezopt.model_index.NO_POSITION`
        for one that has none), and whether it has an element for every key of its index."""
        block = self.blocks.get(id(component))
        if block is not None:
            return np.arange(*block, dtype=np.int64), True
        return self.by_id.found(component)
