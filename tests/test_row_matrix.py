"""The compiler's row-ordered matrix, its row-wise and column-wise copies for HiGHS, and positions looked up by id."""

from __future__ import annotations

import highspy
import numpy as np

from gezopt.lp_arrays import LpArrays
from gezopt.model_index import NO_POSITION, PositionsById
from gezopt.row_matrix import RowMatrix


def dense(starts, rows, values, shape):
    matrix = np.zeros(shape)
    for column in range(shape[1]):
        for k in range(starts[column], starts[column + 1]):
            matrix[rows[k], column] += values[k]
    return matrix


def test_column_wise_permutes_rows_and_columns_and_adds_repeated_entries():
    # row 0: 2 x0 + 3 x2 - 1 x0 (x0 repeated: 1 x0); row 1: 5 x1; row 2: empty; row 3: 7 x2 + 4 x1
    matrix = RowMatrix.from_row_lengths(np.array([3, 1, 0, 2]), np.array([0, 2, 0, 1, 2, 1]),
                                        np.array([2.0, 3.0, -1.0, 5.0, 7.0, 4.0]), 3)
    by_column = matrix.column_wise(row_order=np.array([3, 0, 2, 1]), column_order=np.array([2, 0, 1]))
    assert by_column.starts.tolist() == [0, 2, 3, 5]
    assert len(by_column.values) == 5  # the repeated x0 of row 0 is one entry
    for column in range(3):  # rows ascending within each column, as HiGHS takes them
        rows = by_column.rows[by_column.starts[column]:by_column.starts[column + 1]]
        assert rows.tolist() == sorted(set(rows.tolist()))
    # position i holds row (column) order[i]: row 3 first, then 0, 2, 1; columns x2, x0, x1
    assert dense(by_column.starts, by_column.rows, by_column.values, (4, 3)).tolist() == [
        [7.0, 0.0, 4.0],
        [3.0, 1.0, 0.0],
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 5.0],
    ]


def test_row_wise_permutes_rows_and_columns_keeping_each_rows_entries_and_highs_takes_it_as_the_column_wise():
    matrix = RowMatrix.from_row_lengths(np.array([2, 1, 0, 2]), np.array([0, 2, 1, 2, 1]),
                                        np.array([2.0, 3.0, 5.0, 7.0, 4.0]), 3)
    row_order, column_order = np.array([3, 0, 2, 1]), np.array([2, 0, 1])
    by_row = matrix.row_wise(row_order, column_order)
    # position i holds row (column) order[i]: row 3 (7 x2 + 4 x1) first, then 0, 2, 1; columns x2, x0, x1
    assert by_row.row_starts.tolist() == [0, 2, 4, 4, 5]
    assert by_row.columns.tolist() == [0, 2, 1, 0, 2]
    assert by_row.values.tolist() == [7.0, 4.0, 2.0, 3.0, 5.0]
    passed = []
    for lp in (_lp(by_row.row_starts, by_row.columns, by_row.values, row_wise=True),
               _lp(*_column_arrays(matrix.column_wise(row_order, column_order)), row_wise=False)):
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        assert lp.pass_to(highs) == highspy.HighsStatus.kOk
        held = highs.getLp().a_matrix_
        passed.append((held.format_, list(held.start_), list(held.index_), list(held.value_)))
    assert passed[0] == passed[1]  # HiGHS holds the row-wise matrix as the column-wise one, column by column
    assert passed[0][0] == highspy.MatrixFormat.kColwise


def test_highs_refuses_a_row_that_repeats_a_column_given_row_wise():
    # the hand-off then passes the LP column-wise, each repeat summed (gezopt.solve._hand_over)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    lp = _lp(np.array([0, 2, 3, 3, 3]), np.array([0, 0, 1]), np.array([1.0, 1.0, 1.0]), row_wise=True)
    assert lp.pass_to(highs) == highspy.HighsStatus.kError


def _column_arrays(by_column) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return by_column.starts, by_column.rows, by_column.values


def _lp(starts: np.ndarray, indices: np.ndarray, values: np.ndarray, row_wise: bool) -> LpArrays:
    """An LP of 3 columns and 4 rows around the given matrix: costs 1, bounds [0, 1], rows at most 10."""
    return LpArrays(cost=np.ones(3), column_lower=np.zeros(3), column_upper=np.ones(3), row_lower=np.full(4, -np.inf),
                    row_upper=np.full(4, 10.0), starts=starts, indices=indices, values=values, row_wise=row_wise)


def test_column_wise_orders_columns_beyond_16_bits_as_one_sort_would():
    # 70,000 columns and 300 rows, random entries with repeats: each column's (row, summed value) pairs, rows
    # ascending, against the order np.lexsort gives (column first, then row)
    generator = np.random.default_rng(7)
    rows, columns = generator.integers(0, 300, 200_000), generator.integers(0, 70_000, 200_000)
    values = generator.integers(1, 9, 200_000).astype(float)
    matrix = RowMatrix.from_entries(rows, columns, values, (300, 70_000))
    row_order, column_order = generator.permutation(300), generator.permutation(70_000)
    by_column = matrix.column_wise(row_order, column_order)
    row_position, column_position = np.argsort(row_order), np.argsort(column_order)
    new_rows, new_columns = row_position[rows], column_position[columns]
    order = np.lexsort((new_rows, new_columns))
    keys = new_columns[order] * 300 + new_rows[order]
    distinct, first = np.unique(keys, return_index=True)
    assert by_column.rows.tolist() == (distinct % 300).tolist()
    assert by_column.values.tolist() == np.add.reduceat(values[order], first).tolist()
    assert by_column.starts.tolist() == [0, *np.cumsum(np.bincount(distinct // 300, minlength=70_000)).tolist()]


def test_from_entries_keeps_each_rows_entries_in_order():
    matrix = RowMatrix.from_entries(np.array([1, 0, 1, 0]), np.array([0, 1, 2, 0]), np.array([1.0, 2.0, 3.0, 4.0]),
                                    (3, 3))
    assert matrix.row_starts.tolist() == [0, 2, 4, 4]
    assert matrix.columns.tolist() == [1, 0, 0, 2]
    assert matrix.entry_rows().tolist() == [0, 0, 1, 1]


def test_positions_by_id_find_numbered_objects_and_no_position_for_others():
    numbered, other = [object() for _ in range(4)], object()
    lookup = PositionsById.of(numbered)
    ids = np.array([id(numbered[2]), id(other), id(numbered[0]), id(numbered[3])], dtype=np.int64)
    assert lookup.find(ids).tolist() == [2, NO_POSITION, 0, 3]
    assert PositionsById.of([]).find(ids).tolist() == [NO_POSITION] * 4
