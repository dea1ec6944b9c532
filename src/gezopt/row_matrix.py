"""The LP's matrix as the compiler reads it: entries row after row, and HiGHS's column-wise copy of it.

The compiler (:mod:`gezopt.standard_form`) reads the constraints one after the
other, so their entries come in row order: :class:`RowMatrix` keeps them as
they come (a compressed-row layout whose rows may repeat a column; repeated
entries add up).  HiGHS takes the matrix column by column in the order the
hand-off chooses (:mod:`gezopt.ordering`); :meth:`RowMatrix.column_wise` makes
that copy with one sort.  numpy only: importing SciPy costs a run half a
second before it starts (Pyomo's import hook then loads ``scipy.stats``).

With :math:`\\pi_r` the position of row :math:`r` and :math:`\\sigma_c` that
of column :math:`c` in HiGHS's order, entry :math:`(r, c, a)` goes to column
:math:`\\sigma_c`, row :math:`\\pi_r`; the entries are sorted by the key
:math:`\\sigma_c \\cdot R + \\pi_r` (:math:`R` rows) and equal keys summed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ColumnWise:
    """A matrix in compressed-column form, as HiGHS takes it: column ``j`` holds entries
    ``starts[j]:starts[j + 1]`` of ``rows`` and ``values``, rows ascending and distinct."""

    starts: np.ndarray  # int64, columns + 1
    rows: np.ndarray  # int64
    values: np.ndarray  # float


@dataclass(frozen=True)
class RowMatrix:
    """A sparse matrix as its entries in row order: row ``r`` holds entries ``row_starts[r]:row_starts[r + 1]``
    of ``columns`` and ``values`` (a row may repeat a column: the entries add up)."""

    row_starts: np.ndarray  # int64, rows + 1
    columns: np.ndarray  # int64
    values: np.ndarray  # float
    column_count: int

    @classmethod
    def from_row_lengths(cls, row_lengths: np.ndarray, columns: np.ndarray, values: np.ndarray,
                         column_count: int) -> RowMatrix:
        """The matrix whose rows hold ``row_lengths`` entries each, in order."""
        row_starts = np.zeros(len(row_lengths) + 1, dtype=np.int64)
        np.cumsum(row_lengths, out=row_starts[1:])
        return cls(row_starts=row_starts, columns=np.asarray(columns, dtype=np.int64),
                   values=np.asarray(values, dtype=float), column_count=column_count)

    def longest_column(self) -> int:
        """The most entries any column holds (0 for an empty matrix)."""
        return int(np.bincount(self.columns, minlength=1).max())

    @classmethod
    def from_entries(cls, rows: np.ndarray, columns: np.ndarray, values: np.ndarray,
                     shape: tuple[int, int]) -> RowMatrix:
        """The matrix of entries ``(rows[k], columns[k], values[k])`` in any order (kept in order within a row)."""
        order = np.argsort(rows, kind="stable")
        return cls.from_row_lengths(np.bincount(rows, minlength=shape[0]), np.asarray(columns)[order],
                                    np.asarray(values, dtype=float)[order], shape[1])

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_starts) - 1, self.column_count

    def entry_rows(self) -> np.ndarray:
        """The row of every entry."""
        return np.repeat(np.arange(self.shape[0]), np.diff(self.row_starts))

    def column_wise(self, row_order: np.ndarray, column_order: np.ndarray) -> ColumnWise:
        """The matrix with its rows in ``row_order`` and its columns in ``column_order`` (``row_order[i]`` is
        the row put at position ``i``), column by column, repeated entries summed."""
        row_count, column_count = self.shape
        row_position = np.empty(row_count, dtype=np.int64)
        row_position[row_order] = np.arange(row_count)
        column_position = np.empty(column_count, dtype=np.int64)
        column_position[column_order] = np.arange(column_count)
        rows = max(row_count, 1)
        keys = column_position[self.columns] * rows + row_position[self.entry_rows()]
        order = np.argsort(keys)
        keys, values = keys[order], self.values[order]
        repeated = np.flatnonzero(keys[1:] == keys[:-1]) + 1  # an entry of the same row and column as the one before
        if len(repeated):
            first = np.ones(len(keys), dtype=bool)
            first[repeated] = False
            starts_of_key = np.flatnonzero(first)
            keys, values = keys[starts_of_key], np.add.reduceat(values, starts_of_key)
        starts = np.zeros(column_count + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // rows, minlength=column_count), out=starts[1:])
        return ColumnWise(starts=starts, rows=keys % rows, values=values)
