"""An LP whose rows and columns fall into independent blocks, solved block by block.

The consumers' model of a tariff response (:func:`gezopt.response.consumer_schedules`)
holds every device apart: a fleet, a heat bus with its units and tank, a home
battery share no row with another.  Its LP is block diagonal once its rows and
columns are permuted,

.. math::

    \\min \\sum_k c_k^\\top x_k \\quad \\text{s.t.} \\quad
    l_k \\le A_k x_k \\le u_k, \\quad
    \\underline{x}_k \\le x_k \\le \\overline{x}_k \\qquad (k = 1, \\dots, K),

and since the objective separates and no row links two blocks, :math:`x` is
optimal exactly where every :math:`x_k` is optimal for its own block, with
the same duals.  The blocks are the connected components of the graph whose
nodes are the rows and columns and whose edges are A's entries; components of
a single row or column (a column in no row, an empty row) are gathered into
one block.  Each block is solved by the method the whole LP would have had,
one after another.  Dual simplex's work grows faster than the LP
(README, Speed): the full year's consumers' model (24 blocks, 1.06 million
columns) took 27 s of HiGHS as one LP and 10 s block by block, to the same solution
(6e-15 apart).  With the tie-break's costs (:mod:`gezopt.tie_break`) every
block has one optimum, so the answer is the whole LP's.

SciPy (its sparse matrices and ``csgraph``) is imported where blocks are
found, not with this module: ``gezopt.solve`` imports it on every run's path,
and importing SciPy after Pyomo costs half a second or more (Pyomo's import hook
then loads ``scipy.stats``), which a run that solves no blocks need not pay.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy
import numpy as np

from gezopt.lp_arrays import LpArrays

if TYPE_CHECKING:
    from scipy import sparse


@dataclass(frozen=True)
class Answer:
    """What a HiGHS run ended with: its model status, and the columns' values and the rows' and columns'
    duals in the order HiGHS holds the LP."""

    status: highspy.HighsModelStatus
    column_values: np.ndarray
    row_duals: np.ndarray
    column_duals: np.ndarray

    @classmethod
    def of(cls, highs: highspy.Highs) -> Answer:
        """The answer of a HiGHS that has run."""
        solution = highs.getSolution()
        return cls(status=highs.getModelStatus(), column_values=np.asarray(solution.col_value, dtype=float),
                   row_duals=np.asarray(solution.row_dual, dtype=float),
                   column_duals=np.asarray(solution.col_dual, dtype=float))


@dataclass(frozen=True)
class Blocks:
    """The independent blocks of an LP: its columns and rows sorted by block (``columns``, ``rows``: positions
    in the LP), block ``k`` holding ``columns[column_starts[k]:column_starts[k + 1]]`` and the rows likewise."""

    columns: np.ndarray
    rows: np.ndarray
    column_starts: np.ndarray
    row_starts: np.ndarray

    @property
    def count(self) -> int:
        return len(self.column_starts) - 1

    @classmethod
    def of(cls, matrix: sparse.csc_matrix) -> Blocks:
        """The connected components of ``matrix``'s rows and columns; those of one row or one column together
        as the last block."""
        from scipy import sparse  # here, not at the top: see the module's docstring
        from scipy.sparse.csgraph import connected_components

        row_count = matrix.shape[0]
        pattern = sparse.csc_matrix((np.ones(matrix.nnz, dtype=np.int8), matrix.indices, matrix.indptr),
                                    shape=matrix.shape)
        graph = sparse.bmat([[None, pattern], [pattern.T, None]], format="csr")  # rows first, then columns
        _, labels = connected_components(graph, directed=False)
        sizes = np.bincount(labels)
        loose = sizes[labels] == 1  # a row or column with no entry: one block for them all
        labels = np.where(loose, labels.max() + 1, labels)
        _, labels = np.unique(labels, return_inverse=True)  # blocks numbered 0..K-1, the loose one last
        row_labels, column_labels = labels[:row_count], labels[row_count:]
        columns = np.argsort(column_labels, kind="stable")
        rows = np.argsort(row_labels, kind="stable")
        bounds = np.arange(labels.max() + 2)
        return cls(columns=columns, rows=rows,
                   column_starts=np.searchsorted(column_labels[columns], bounds),
                   row_starts=np.searchsorted(row_labels[rows], bounds))


def solve_by_blocks(lp: LpArrays, new_highs: Callable[[], highspy.Highs],
                    run: Callable[[highspy.Highs], None], time_limit_s: float | None) -> Answer:
    """Solve ``lp`` (column-wise) block by block, each in a HiGHS from ``new_highs`` run by ``run``, within ``time_limit_s``
    in all; the answer in ``lp``'s order, its status the first block's that is not optimal (then the values
    are those reached so far)."""
    from scipy import sparse  # here, not at the top: see the module's docstring

    started = time.perf_counter()
    row_count, column_count = len(lp.row_lower), len(lp.cost)
    matrix = sparse.csc_matrix((lp.values, lp.indices, lp.starts), shape=(row_count, column_count))
    blocks = Blocks.of(matrix)
    permuted = matrix[:, blocks.columns]
    position_of_row = np.empty(row_count, dtype=np.int64)
    position_of_row[blocks.rows] = np.arange(row_count)
    values, column_duals = np.zeros(column_count), np.zeros(column_count)
    row_duals = np.zeros(row_count)
    status = highspy.HighsModelStatus.kOptimal
    for block in range(blocks.count):
        first_column, end_column = blocks.column_starts[block], blocks.column_starts[block + 1]
        first_row, end_row = blocks.row_starts[block], blocks.row_starts[block + 1]
        columns, rows = blocks.columns[first_column:end_column], blocks.rows[first_row:end_row]
        entries = slice(permuted.indptr[first_column], permuted.indptr[end_column])
        highs = new_highs()
        if time_limit_s is not None:
            highs.setOptionValue("time_limit", max(time_limit_s - (time.perf_counter() - started), 1e-3))
        LpArrays(cost=lp.cost[columns], column_lower=lp.column_lower[columns],
                 column_upper=lp.column_upper[columns], row_lower=lp.row_lower[rows], row_upper=lp.row_upper[rows],
                 starts=permuted.indptr[first_column:end_column + 1] - entries.start,
                 indices=position_of_row[permuted.indices[entries]] - first_row,
                 values=permuted.data[entries]).pass_to(highs)
        run(highs)
        answer = Answer.of(highs)
        values[columns], column_duals[columns], row_duals[rows] = (
            answer.column_values, answer.column_duals, answer.row_duals)
        if answer.status != highspy.HighsModelStatus.kOptimal:
            status = answer.status
            break
    return Answer(status=status, column_values=values, row_duals=row_duals, column_duals=column_duals)

