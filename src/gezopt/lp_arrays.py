"""An LP passed to HiGHS as arrays: the one ``passModel`` call of the hand-off and of the blocks.

HiGHS takes an LP as its costs, bounds and compressed matrix (``starts``,
``indices``, ``values``: vector :math:`j`'s entries at
``starts[j]:starts[j + 1]``), column by column (each entry's index its row)
or row by row (its column), without a copy into a ``HighsLp``'s vectors
first.  It keeps the matrix column-wise: one given row-wise it transposes as
it takes it (in C++, rows ascending within each column), after checking that
no row repeats a column.  Bounds beyond HiGHS's infinity are passed as its
infinity; every column is continuous.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np


@dataclass(frozen=True)
class LpArrays:
    """An LP: costs, bounds and compressed columns (or rows, where ``row_wise``), in the order HiGHS is to hold
    them."""

    cost: np.ndarray
    column_lower: np.ndarray
    column_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    starts: np.ndarray  # column (row) j's entries at starts[j]:starts[j + 1]
    indices: np.ndarray  # each entry's row (column)
    values: np.ndarray
    cost_offset: float = 0.0
    row_wise: bool = False

    def pass_to(self, highs: highspy.Highs) -> highspy.HighsStatus:
        """Pass the LP to ``highs`` (minimised)."""
        infinity = highspy.kHighsInf
        column_count, row_count = len(self.cost), len(self.row_lower)
        layout = highspy.MatrixFormat.kRowwise if self.row_wise else highspy.MatrixFormat.kColwise
        return highs.passModel(
            column_count, row_count, len(self.values), int(layout),
            int(highspy.ObjSense.kMinimize), self.cost_offset, self.cost,
            np.maximum(self.column_lower, -infinity), np.minimum(self.column_upper, infinity),
            np.maximum(self.row_lower, -infinity), np.minimum(self.row_upper, infinity),
            self.starts.astype(np.int32), self.indices.astype(np.int32), self.values,
            np.zeros(column_count, dtype=np.int32))  # every column continuous
