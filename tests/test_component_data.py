"""Components' keys and data objects read from their dict (gezopt.component_data) are Pyomo's, in Pyomo's order,
and so are the rows the compiler reads component by component with them."""

from __future__ import annotations

import pyomo.environ as pyo
from conftest import DEFAULT_INPUTS, run_settings_for

from gezopt.component_data import keys_and_data
from gezopt.data import load_zone, select_horizon
from gezopt.model import build_model
from gezopt.model_index import PositionsById, index_model
from gezopt.network import build_network
from gezopt.prepared import prepare_inputs
from gezopt.standard_form import _compile_linear_expressions, indexed_key_codes, key_codes


def test_every_component_of_the_default_model_reads_as_pyomo_reads_it():
    settings = run_settings_for(DEFAULT_INPUTS, hours=24, year=2026)
    zone = select_horizon(load_zone(DEFAULT_INPUTS), 2026, "07-01 00:00", 24)
    model = build_model(prepare_inputs(zone), build_network(zone), settings.model)
    components = list(model.component_objects((pyo.Var, pyo.Constraint)))
    assert len(components) > 20
    for component in components:
        assert keys_and_data(component) == (list(component.keys()), list(component.values())), component.name
    assert list(_compile_linear_expressions(model).rows) == list(
        model.component_data_objects(pyo.Constraint, active=True, descend_into=True))


def test_a_sparse_component_a_deactivated_row_and_a_block_are_read_as_pyomo_reads_them():
    m = pyo.ConcreteModel()
    m.T = pyo.Set(initialize=[3, 1, 2], ordered=True)  # not sorted: the order is the set's
    m.x = pyo.Var(m.T)
    m.odd = pyo.Constraint(m.T, rule=lambda m, t: m.x[t] >= 0 if t % 2 else pyo.Constraint.Skip)
    m.all = pyo.Constraint(m.T, rule=lambda m, t: m.x[t] <= 5)
    m.all[1].deactivate()
    m.period = pyo.Block([2030, 2026])
    m.period[2026].y = pyo.Var()
    m.period[2026].row = pyo.Constraint(expr=m.period[2026].y >= 1)
    m.period[2030].deactivate()
    m.period[2030].row = pyo.Constraint(expr=m.x[3] >= 1)
    assert [list(part) for part in keys_and_data(m.odd)] == [[3, 1], [m.odd[3], m.odd[1]]]
    assert keys_and_data(m.x)[0] == [3, 1, 2]
    m.cost = pyo.Objective(expr=m.x[3])
    rows = _compile_linear_expressions(m).rows
    assert list(rows) == list(m.component_data_objects(pyo.Constraint, active=True, descend_into=True))
    assert [row.name for row in rows] == [
        "odd[3]", "odd[1]", "all[3]", "all[2]", "period[2026].row"]


def test_every_variables_key_codes_from_its_factors_are_the_key_by_key_ones():
    # a default-model day: the variables over objects x snapshots are read by their two sets, the sparse
    # ones key by key; both give what key_codes gives for the keys themselves
    settings = run_settings_for(DEFAULT_INPUTS, hours=24, year=2026)
    zone = select_horizon(load_zone(DEFAULT_INPUTS), 2026, "07-01 00:00", 24)
    model = build_model(prepare_inputs(zone), build_network(zone), settings.model)
    form = _compile_linear_expressions(model)
    index = index_model(model, form.column_lookup, [], PositionsById.of(form.rows))
    factored = {name for name, component in index.variables.items() if component.factors is not None}
    assert {"heat_output", "heat_store_energy", "line_flow"} <= factored
    assert not factored & {"renewable_dispatch", "load_shed", "hydro_release"}  # sparse (object, t) sets
    for component in index.variables.values():
        codes, snapshots = indexed_key_codes(component)
        expected_codes, expected_snapshots = key_codes(component.local_name, component.keys())
        assert codes.tolist() == expected_codes.tolist() and snapshots.tolist() == expected_snapshots.tolist()
        # the keys, made from the factors where there are some, are Pyomo's own in index order
        assert component.keys() == list(model.component(component.name).keys())
        assert len(component) == len(model.component(component.name))


def test_a_product_with_a_two_dimensional_factor_or_a_missing_element_has_no_factors():
    m = pyo.ConcreteModel()
    m.T = pyo.Set(initialize=[2, 0, 1], ordered=True)
    m.units = pyo.Set(initialize=["B", "A"], ordered=True)
    m.pairs = pyo.Set(initialize=[("B", 1)], dimen=2, ordered=True)
    m.x, m.y, m.z = pyo.Var(m.units, m.T), pyo.Var(m.pairs, m.T), pyo.Var(m.units, m.T, dense=False)
    m.z["A", 0].value = 1.0  # one element of six
    m.cost = pyo.Objective(expr=m.x["B", 2] + m.y["B", 1, 0] + m.z["A", 0])
    form = _compile_linear_expressions(m)
    index = index_model(m, form.column_lookup, [], PositionsById.of(form.rows))
    assert index.x.factors == (["B", "A"], [2, 0, 1]) and index.y.factors is None and index.z.factors is None
    assert indexed_key_codes(index.x)[1].tolist() == [2, 0, 1, 2, 0, 1]
