"""An LP passed to HiGHS as arrays: the one ``passModel`` call of the hand-off and of the blocks.

HiGHS takes an LP column-wise as its costs, bounds and compressed columns
(``starts``, ``rows``, ``values``: column :math:`j`'s entries at
``starts[j]:starts[j + 1]``), without a copy into a ``HighsLp``'s vectors
first.  Bounds beyond HiGHS's infinity are passed as its infinity; every
column is continuous.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np


@dataclass(frozen=True)
class LpArrays:
    """An LP column-wise: costs, bounds and compressed columns, in the order HiGHS is to hold them."""

    cost: np.ndarray
    column_lower: np.ndarray
    column_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    starts: np.ndarray  # column j's entries at starts[j]:starts[j + 1]
    rows: np.ndarray
    values: np.ndarray
    cost_offset: float = 0.0

    def pass_to(self, highs: highspy.Highs) -> highspy.HighsStatus:
        """Pass the LP to ``highs`` (minimised)."""
        infinity = highspy.kHighsInf
        column_count, row_count = len(self.cost), len(self.row_lower)
        return highs.passModel(
            column_count, row_count, len(self.values), int(highspy.MatrixFormat.kColwise),
            int(highspy.ObjSense.kMinimize), self.cost_offset, self.cost,
            np.maximum(self.column_lower, -infinity), np.minimum(self.column_upper, infinity),
            np.maximum(self.row_lower, -infinity), np.minimum(self.row_upper, infinity),
            self.starts.astype(np.int32), self.rows.astype(np.int32), self.values,
            np.zeros(column_count, dtype=np.int32))  # every column continuous
