"""Rows given as arrays (gezopt.model.array_rows): Pyomo reads them as the rows a rule would build, and the
compiler reads their arrays to the same LP, or their expressions once one is replaced."""

from __future__ import annotations

import math

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.core.base.constraint import ConstraintData

from gezopt.model.array_rows import ArrayRows, RowArrays, RowTerms
from gezopt.model.terms import linear
from gezopt.model_index import PositionsById
from gezopt.standard_form import _compile_linear_expressions, _compile_with_pyomo

LOWER = [1.0, -math.inf, 0.5, -2.0]
UPPER = [1.0, 4.0, math.inf, 3.0]  # an equality, a <=, a >= and a ranged row


def terms(m: pyo.ConcreteModel) -> list[list[tuple[float, object]]]:
    """Row i of the test blocks: x[i] - 2 y[i] (+ 0.5 x[i+1] in row 1)."""
    rows = [[(1.0, m.x[i]), (-2.0, m.y[i])] for i in range(4)]
    rows[1].append((0.5, m.x[2]))
    return rows


def model(as_arrays: bool) -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.objects = pyo.Set(initialize=["a", "b"], ordered=True)
    m.snapshots = pyo.Set(initialize=range(2), ordered=True)
    m.x = pyo.Var(range(4), bounds=(0, 10))
    m.y = pyo.Var(range(4), bounds=(-1, 1))
    rows = terms(m)
    if as_arrays:
        block = RowTerms.concatenated([RowTerms(starts=np.array([0, 2, 5]), coefficients=np.array(
            [c for row in rows[:2] for c, _ in row]), variables=[v for row in rows[:2] for _, v in row]),
            RowTerms.of_columns((1.0, [m.x[2], m.x[3]]), (np.array([-2.0, -2.0]), [m.y[2], m.y[3]]))])
        m.rows = ArrayRows(m.objects, m.snapshots, arrays=block.bounded(LOWER, UPPER), doc="test rows")
    else:
        position = {key: i for i, key in enumerate([("a", 0), ("a", 1), ("b", 0), ("b", 1)])}

        def rule(_, o, t):
            i = position[o, t]
            return pyo.inequality(None if LOWER[i] == -math.inf else LOWER[i], linear(rows[i]),
                                  None if UPPER[i] == math.inf else UPPER[i])
        m.rows = pyo.Constraint(m.objects, m.snapshots, rule=rule)
    m.cost = pyo.Objective(expr=linear([(1.0, m.x[0]), (3.0, m.y[3])]))
    return m


def test_pyomo_reads_each_row_as_a_rule_would_write_it():
    arrays, rule = model(True), model(False)
    assert list(arrays.rows.keys()) == list(rule.rows.keys()) == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]
    for key in rule.rows:
        built, written = arrays.rows[key], rule.rows[key]
        assert str(built.body) == str(written.body)
        assert (built.lb, built.ub, built.equality) == (written.lb, written.ub, written.equality)
        assert built.name == written.name
    assert arrays.rows["a", 1].expr.to_string() == "x[1] - 2.0*y[1] + 0.5*x[2]  <=  4.0"
    assert isinstance(arrays.rows["b", 1], ConstraintData)


def dense(matrix) -> np.ndarray:
    table = np.zeros(matrix.shape)
    np.add.at(table, (matrix.entry_rows(), matrix.columns), matrix.values)
    return table


@pytest.mark.parametrize("compile_", [_compile_linear_expressions, _compile_with_pyomo])
def test_the_arrays_compile_to_the_lp_of_the_rules(compile_):
    with_arrays, with_rules = model(True), model(False)  # kept: a collected model leaves its columns unnamed
    built, written = compile_(with_arrays), compile_(with_rules)
    assert [c.name for c in built.columns] == [c.name for c in written.columns]
    assert [r.name for r in built.rows] == [r.name for r in written.rows]
    np.testing.assert_array_equal(dense(built.matrix), dense(written.matrix))
    for field in ("row_lower", "row_upper", "column_lower", "column_upper", "cost"):
        np.testing.assert_array_equal(getattr(built, field), getattr(written, field))


def test_a_replaced_or_deactivated_row_is_read_as_it_now_stands():
    m = model(True)
    assert m.rows.as_arrays() is not None
    low, body, high = m.rows["a", 0].to_bounded_expression()
    assert m.rows.as_arrays() is not None  # reading a row leaves the arrays as they are
    m.rows["a", 0].set_value((low - 0.25, body, high + 0.25))
    m.rows["b", 1].deactivate()
    assert m.rows.as_arrays() is None
    form = _compile_linear_expressions(m)
    assert [r.name for r in form.rows] == ["rows[a,0]", "rows[a,1]", "rows[b,0]"]
    assert form.row_lower.tolist() == [0.75, -math.inf, 0.5]
    assert form.row_upper.tolist() == [1.25, 4.0, math.inf]


def test_deactivating_a_row_alone_keeps_the_lp_right():
    m = model(True)
    m.rows["a", 1].deactivate()
    form = _compile_linear_expressions(m)
    assert [r.name for r in form.rows] == ["rows[a,0]", "rows[b,0]", "rows[b,1]"]
    assert form.row_upper.tolist() == [1.0, math.inf, 3.0]


def test_blocks_of_the_wrong_shape_are_refused_with_their_counts():
    block = RowTerms(starts=np.array([0, 1, 3]), coefficients=np.ones(3), variables=["v"] * 3)
    with pytest.raises(ValueError, match=r"^2 rows need 2 lower and upper bounds; got 3 and 2$"):
        block.bounded([0.0, 0.0, 0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"^the rows' starts begin with 0; got \[1\]$"):
        RowTerms(starts=np.array([1, 2]), coefficients=np.ones(1), variables=["v"]).bounded([0.0], [1.0])
    with pytest.raises(ValueError, match=r"^the rows' 3 terms need as many coefficients and variables; got 3 and 2$"):
        RowArrays(terms=RowTerms(starts=np.array([0, 3]), coefficients=np.ones(3), variables=["v"] * 2),
                  lower=np.zeros(1), upper=np.zeros(1))
    m = pyo.ConcreteModel()
    m.labels = pyo.Set(initialize=[1, 2, 3])
    with pytest.raises(ValueError, match=r"^rows: 3 index keys for 2 rows$"):
        m.rows = ArrayRows(m.labels, arrays=block.bounded([0.0, 0.0], [1.0, 1.0]))


def test_columns_interleave_into_rows_and_blocks_follow_each_other():
    rows = RowTerms.of_columns((1.0, ["a0", "a1"]), (np.array([2.0, 3.0]), ["b0", "b1"]))
    assert rows.starts.tolist() == [0, 2, 4]
    assert rows.row(1) == [(1.0, "a1"), (3.0, "b1")]
    both = RowTerms.concatenated([rows, RowTerms(starts=np.array([0, 1]), coefficients=np.array([5.0]),
                                                 variables=["c"])])
    assert both.starts.tolist() == [0, 2, 4, 5]
    assert [both.row(i) for i in range(3)] == [[(1.0, "a0"), (2.0, "b0")], [(1.0, "a1"), (3.0, "b1")], [(5.0, "c")]]
    assert RowTerms.concatenated([]).starts.tolist() == [0]


def test_widened_rows_keep_the_arrays_and_read_their_new_bounds():
    m = model(True)
    m.rows["a", 0].to_bounded_expression()  # an expression read before widening is read again after it
    m.rows.widen([True, True, False, False], 0.25)
    assert m.rows.as_arrays() is not None
    assert (m.rows["a", 0].lb, m.rows["a", 0].ub, m.rows["a", 1].lb, m.rows["a", 1].ub) == (0.75, 1.25, None, 4.25)
    form, before = _compile_linear_expressions(m), _compile_linear_expressions(model(True))
    assert form.row_lower.tolist() == [0.75, -math.inf, 0.5, -2.0]
    assert form.row_upper.tolist() == [1.25, 4.25, math.inf, 3.0]
    np.testing.assert_array_equal(dense(form.matrix), dense(before.matrix))


def test_equalities_and_one_sided_rows_take_a_number_for_all_or_one_per_row():
    rows = RowTerms.of_columns((1.0, ["a0", "a1"]))
    assert rows.equal_to(0.0).lower.tolist() == [0.0, 0.0] == rows.equal_to(0.0).upper.tolist()
    assert rows.equal_to([1.0, 2.0]).upper.tolist() == [1.0, 2.0]
    assert (rows.at_least([3.0, 4.0]).lower.tolist(), rows.at_least([3.0, 4.0]).upper.tolist()) == (
        [3.0, 4.0], [math.inf, math.inf])
    assert (rows.at_most(5.0).lower.tolist(), rows.at_most(5.0).upper.tolist()) == ([-math.inf] * 2, [5.0] * 2)


def test_rows_are_made_only_when_read_and_the_compiled_rows_number_them_as_their_objects_would():
    m = model(True)
    m.more = pyo.Constraint(expr=m.x[0] + m.y[0] >= 0.5)  # a row read from its expression, after the block
    form = _compile_linear_expressions(m)
    assert not m.rows.rows_made()  # compiled from the arrays: no ConstraintData made
    assert len(form.rows) == 5
    numbering = form.rows.numbering()
    assert numbering.found(m.rows)[0].tolist() == [0, 1, 2, 3] and numbering.found(m.rows)[1]
    assert numbering.found(m.more)[0].tolist() == [4]
    assert not m.rows.rows_made()
    assert form.rows[-1] is m.more and form.rows[2] is m.rows["b", 0]  # reading a row makes the block's rows
    assert m.rows.rows_made()
    assert [row.name for row in form.rows] == ["rows[a,0]", "rows[a,1]", "rows[b,0]", "rows[b,1]", "more"]
    by_object = PositionsById.of(list(form.rows))
    for component in (m.rows, m.more):
        np.testing.assert_array_equal(by_object.found(component)[0], numbering.found(component)[0])
    with pytest.raises(IndexError, match=r"^row 5 of 5$"):
        form.rows[5]


def test_widening_and_cloning_before_any_row_is_made():
    m = model(True)
    m.rows.widen([False, True, False, False], 0.5)
    assert not m.rows.rows_made()
    assert len(m.rows) == 4 and m.rows.rows_made()  # Pyomo's len reads the rows: made
    copy = m.clone()
    assert (copy.rows["a", 1].lb, copy.rows["a", 1].ub) == (None, 4.5)
    assert copy.rows["a", 1].parent_component() is copy.rows
