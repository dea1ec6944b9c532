"""The fast standard-form compiler gives the same LP as Pyomo's LinearStandardFormCompiler."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest
from conftest import DEFAULT_INPUTS, run_settings_for
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from gezopt.config import SolverSettings
from gezopt.data import load_zone, select_horizon
from gezopt.model import build_model
from gezopt.model.terms import linear
from gezopt.model_index import NO_POSITION, object_ids
from gezopt.network import build_network
from gezopt.prepared import prepare_inputs
from gezopt.solve import solve
from gezopt.standard_form import (
    _column_bounds,
    _Columns,
    _compile_linear_expressions,
    _compile_with_pyomo,
    _NotLinearForm,
    compile_model,
    key_codes,
    object_code,
)


def _entries(form) -> dict[tuple[str, str], float]:
    matrix, entries = form.matrix, {}
    for r, c, v in zip(matrix.entry_rows(), matrix.columns, matrix.values):  # a repeated entry adds up
        key = (form.rows[r].name, form.columns[c].name)
        entries[key] = entries.get(key, 0.0) + v
    return {key: v for key, v in entries.items() if v}


def _by_name(names, values) -> dict[str, float]:
    return dict(zip(names, np.asarray(values, dtype=float)))


def test_fast_compiler_matches_pyomo():
    # one day of the default dataset in 2026: every family has objects (reservoir, battery, waste plant)
    settings = run_settings_for(DEFAULT_INPUTS, hours=24, year=2026)
    zone = select_horizon(load_zone(DEFAULT_INPUTS), 2026, "07-01 00:00", 24)
    assert len(zone.storage) and len(zone.reservoirs) and len(zone.waste_plants)
    model = build_model(prepare_inputs(zone), build_network(zone), settings.model)
    fast, reference = _compile_linear_expressions(model), _compile_with_pyomo(model)
    assert _entries(fast) == pytest.approx(_entries(reference))
    fast_rows = [r.name for r in fast.rows]
    reference_rows = [r.name for r in reference.rows]
    assert _by_name(fast_rows, fast.row_lower) == _by_name(reference_rows, reference.row_lower)
    assert _by_name(fast_rows, fast.row_upper) == _by_name(reference_rows, reference.row_upper)
    fast_columns = [c.name for c in fast.columns]
    reference_columns = [c.name for c in reference.columns]
    assert _by_name(fast_columns, fast.cost) == _by_name(reference_columns, reference.cost)
    assert _by_name(fast_columns, fast.column_upper) == _by_name(reference_columns, reference.column_upper)


def three_columns() -> pyo.ConcreteModel:
    """x + 2y >= 3 by operators (a bare variable and a monomial), 1 + x <= 4 with its constant first (as
    LinearExpression lays it out), z twice in one row, and 3 y in the objective."""
    m = pyo.ConcreteModel()
    m.x, m.y, m.z = pyo.Var(bounds=(0, 5)), pyo.Var(bounds=(0, None)), pyo.Var(bounds=(-1, 1))
    m.operators = pyo.Constraint(expr=m.x + 2 * m.y >= 3)
    m.constant_first = pyo.Constraint(expr=LinearExpression([1.0, MonomialTermExpression((1.0, m.x))]) <= 4.0)
    m.repeated = pyo.Constraint(expr=linear([(1.0, m.z), (2.0, m.z), (1.0, m.x)]) <= 2.0)
    m.cost = pyo.Objective(expr=linear([(1.0, m.x), (1.0, m.z), (3.0, m.y)]))
    return m


def test_operator_built_rows_constants_and_repeated_columns_are_read_by_the_fast_compiler():
    m = three_columns()
    form, reference = _compile_linear_expressions(m), _compile_with_pyomo(m)
    assert _entries(form) == pytest.approx(_entries(reference))
    assert _entries(form)[("repeated", "z")] == 3.0  # 1 z + 2 z
    rows = [r.name for r in form.rows]
    assert _by_name(rows, form.row_lower) == {"operators": 3.0, "constant_first": -np.inf, "repeated": -np.inf}
    assert _by_name(rows, form.row_upper) == {"operators": np.inf, "constant_first": 3.0, "repeated": 2.0}
    columns = [c.name for c in form.columns]
    assert _by_name(columns, form.cost) == {"x": 1.0, "y": 3.0, "z": 1.0}
    assert _by_name(columns, form.column_lower) == {"x": 0.0, "y": 0.0, "z": -1.0}


def test_a_coefficient_that_is_a_pyomo_expression_is_left_to_pyomos_compiler():
    m = three_columns()
    m.price = pyo.Param(initialize=3.0, mutable=True)
    m.cost.set_value(linear([(1.0, m.x), (1.0, m.z)]) + m.price * m.y)
    with pytest.raises(_NotLinearForm):
        _compile_linear_expressions(m)
    form, reference = compile_model(m), _compile_with_pyomo(m)
    assert _entries(form) == pytest.approx(_entries(reference))
    columns = [c.name for c in form.columns]
    assert _by_name(columns, form.cost) == {"x": 1.0, "y": 3.0, "z": 1.0}


def test_key_codes_read_object_snapshot_pairs_as_split_key_does():
    """The families' (object, t) keys take a fast path; any other key is split one by one: both give each key
    the code of split_key's object and its snapshot."""
    pairs = [("WIND_A", 0), ("WIND_B", 0), ("WIND_A", 1)]
    codes, snapshots = key_codes("renewable_dispatch", pairs)
    assert codes.tolist() == [object_code("renewable_dispatch", ("WIND_A",)), object_code("renewable_dispatch", ("WIND_B",)),
                              object_code("renewable_dispatch", ("WIND_A",))]
    assert snapshots.tolist() == [0, 0, 1]
    mixed = [("A", 1), ("B", "C", 3), 4, "D", ("E", True)]  # a triple, a bare snapshot, no snapshot, a bool
    codes, snapshots = key_codes("x", mixed)
    assert codes.tolist() == [object_code("x", key) for key in [("A",), ("B", "C"), (), "D", ("E",)]]
    assert snapshots.tolist() == [1, 3, 4, 0, 1]


def _pyomo_bounds(variables) -> tuple[list[float], list[float]]:
    lower = [-np.inf if v.bounds[0] is None else v.bounds[0] for v in variables]
    upper = [np.inf if v.bounds[1] is None else v.bounds[1] for v in variables]
    return lower, upper


def test_column_bounds_are_pyomos_bounds_tightened_by_each_domain():
    m = pyo.ConcreteModel()
    m.free = pyo.Var(bounds=(None, None))
    m.boxed = pyo.Var(bounds=(-2.0, 3))  # an int bound stays as it is
    m.non_negative = pyo.Var([0, 1], domain=pyo.NonNegativeReals)
    m.non_negative[1].setlb(-1.0)  # below the domain's 0: the domain's holds
    m.unit = pyo.Var(domain=pyo.UnitInterval, bounds=(0.25, 5.0))  # above the domain's 1: the domain's holds
    m.infinite = pyo.Var(bounds=(float("-inf"), float("inf")))  # infinite bounds are no bounds
    variables = [m.free, m.boxed, m.non_negative[0], m.non_negative[1], m.unit, m.infinite]
    lower, upper = _column_bounds(variables)
    assert (lower.tolist(), upper.tolist()) == _pyomo_bounds(variables)
    assert lower.tolist() == [-np.inf, -2.0, 0.0, 0.0, 0.25, -np.inf]
    assert upper.tolist() == [np.inf, 3.0, np.inf, np.inf, 1.0, np.inf]
    assert [len(bounds) for bounds in _column_bounds([])] == [0, 0]


def test_column_bounds_that_are_params_are_evaluated_and_a_nan_bound_refused_as_pyomo_does():
    m = pyo.ConcreteModel()
    m.limit = pyo.Param(initialize=4.0, mutable=True)
    m.x, m.y = pyo.Var(bounds=(0.0, m.limit)), pyo.Var(bounds=(0.0, 1.0))
    assert [bounds.tolist() for bounds in _column_bounds([m.x, m.y])] == [[0.0, 0.0], [4.0, 1.0]]
    m.y.setub(float("nan"))
    with pytest.raises(ValueError, match="invalid non-finite upper bound"):
        _column_bounds([m.x, m.y])


def test_rows_come_in_pyomos_order_with_pyomos_bounds_blocks_and_deactivated_rows_included():
    m = pyo.ConcreteModel()
    m.T = pyo.Set(initialize=[3, 1, 2], ordered=True)
    m.x = pyo.Var(m.T, bounds=(0, 10))
    m.equal = pyo.Constraint(m.T, rule=lambda m, t: linear([(1.0, m.x[t]), (2.0, m.x[1])]) == float(t))
    m.upper = pyo.Constraint(m.T, rule=lambda m, t: linear([(1.0, m.x[t])]) <= 4)  # an int bound
    m.upper[1].deactivate()
    m.mixed = pyo.Constraint(m.T, rule=lambda m, t: linear([(1.0, m.x[t])]) <= 5 if t == 3 else m.x[t] >= 1)
    m.ranged = pyo.Constraint(expr=(1.0, linear([(1.0, m.x[2])]), None))  # a tuple
    m.period = pyo.Block([2030, 2026])
    m.period[2026].row = pyo.Constraint(expr=linear([(3.0, m.x[3])]) == 6.0)
    m.period[2030].row = pyo.Constraint(expr=linear([(3.0, m.x[2])]) == 6.0)
    m.period[2030].deactivate()
    m.cost = pyo.Objective(expr=linear([(1.0, m.x[3])]))
    form, reference = _compile_linear_expressions(m), _compile_with_pyomo(m)
    names = [row.name for row in form.rows]
    assert names == [row.name for row in m.component_data_objects(pyo.Constraint, active=True, descend_into=True)]
    assert names == ["equal[3]", "equal[1]", "equal[2]", "upper[3]", "upper[2]", "mixed[3]", "mixed[1]", "mixed[2]",
                     "ranged", "period[2026].row"]
    assert _entries(form) == pytest.approx(_entries(reference))
    reference_names = [row.name for row in reference.rows]
    assert _by_name(names, form.row_lower) == _by_name(reference_names, reference.row_lower)
    assert _by_name(names, form.row_upper) == _by_name(reference_names, reference.row_upper)
    assert form.row_lower.tolist()[:5] == [3.0, 1.0, 2.0, -np.inf, -np.inf]
    assert form.row_upper.tolist()[:5] == [3.0, 1.0, 2.0, 4.0, 4.0]


def test_columns_are_numbered_in_the_order_their_variables_are_first_met():
    model = pyo.ConcreteModel()
    model.x = pyo.Var(range(5))
    x = model.x
    entries = [x[3], x[1], x[3], x[4], x[1], x[0], x[4], x[3]]  # x[2] in no entry
    columns = _Columns.numbering(entries)
    assert [variable.index() for variable in columns.variables] == [3, 1, 4, 0]
    assert columns.of_entry.tolist() == [0, 1, 0, 2, 1, 3, 2, 0]
    assert columns.lookup.find(object_ids([x[0], x[1], x[2], x[3], x[4]])).tolist() == [3, 1, NO_POSITION, 0, 2]
    empty = _Columns.numbering([])
    assert (empty.of_entry.tolist(), empty.variables, len(empty.lookup.sorted_ids)) == ([], [], 0)


def test_a_row_that_repeats_a_column_is_handed_over_column_wise_and_solves_to_its_optimum():
    # min x + z + 3y: x + 2y >= 3, x <= 3, 3z + x <= 2 (z twice in its row, which HiGHS refuses row-wise):
    # x = 3 (a unit of x costs 1, of the row's 2y 1.5), y = 0, z = -1, objective 2
    m = three_columns()
    solution = solve(m, SolverSettings(tie_break=False))
    assert solution.objective_azn == pytest.approx(2.0, abs=1e-9)
    assert sorted(solution.column_values.tolist()) == pytest.approx([-1.0, 0.0, 3.0], abs=1e-9)  # z, y, x
