"""The families' terms given whole (gezopt.model.terms) and the nodal balance's rows made of them
(gezopt.model.balance.injection_rows)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import pytest

from gezopt.model.balance import injection_rows
from gezopt.model.terms import Elements, ModelTerms, interleaved, interleaved_variables


def model() -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.units = pyo.Set(initialize=["U2", "U1"], ordered=True)
    m.snapshots = pyo.Set(initialize=range(2), ordered=True)
    m.out = pyo.Var(m.units, m.snapshots)
    m.flow = pyo.Var(["L"], m.snapshots)
    return m


def named(terms) -> list[tuple[float, str]]:
    return [(coefficient, variable.name) for coefficient, variable in terms]


def test_elements_read_a_variables_keys_and_values_in_index_order():
    m = model()
    elements = Elements.of(m.out)
    assert elements.objects.tolist() == ["U2", "U2", "U1", "U1"]
    assert elements.snapshots.tolist() == [0, 1, 0, 1]
    assert [v.name for v in elements.variables] == ["out[U2,0]", "out[U2,1]", "out[U1,0]", "out[U1,1]"]
    assert elements.per_object({"U1": 1.5, "U2": 2.5}).tolist() == [2.5, 2.5, 1.5, 1.5]
    assert elements.per_object({"U1": "A", "U2": "B"}, dtype=object).tolist() == ["B", "B", "A", "A"]
    by_snapshot = pd.DataFrame({"U1": [10.0, 11.0], "U2": [20.0, 21.0]})
    assert elements.per_element(by_snapshot).tolist() == [20.0, 21.0, 10.0, 11.0]
    later = elements.select(elements.snapshots == 1)
    assert (later.objects.tolist(), [v.name for v in later.variables]) == (["U2", "U1"], ["out[U2,1]", "out[U1,1]"])
    assert later.per_object({"U1": 1.0, "U2": 2.0}).tolist() == [2.0, 1.0]  # its own objects' codes, not the whole's


def test_interleaved_takes_one_element_of_each_in_turn():
    assert interleaved(np.array([1, 2]), np.array([3, 4])).tolist() == [1, 3, 2, 4]
    assert interleaved_variables(["a", "b"], ["c", "d"]) == ["a", "c", "b", "d"]


def test_costs_leave_out_zeros_and_energies_keep_the_order_their_categories_come_in():
    m = model()
    terms = ModelTerms(measure_energy=True)
    elements = Elements.of(m.out)
    terms.add_costs(np.array([0.0, 2.0, 3.0, 0.0]), elements.variables)
    assert named(terms.cost_azn) == [(2.0, "out[U2,1]"), (3.0, "out[U1,0]")]
    terms.add_energies_by(np.array(["wind", "solar", "wind", "solar"], dtype=object), 1.0, elements.variables)
    assert list(terms.energy_mwh) == ["wind", "solar"]
    assert named(terms.energy_mwh["solar"]) == [(1.0, "out[U2,1]"), (1.0, "out[U1,1]")]
    unmeasured = ModelTerms(measure_energy=False)
    unmeasured.add_energies("wind", 1.0, elements.variables)
    assert not unmeasured.energy_mwh


def test_balance_rows_bus_by_bus_in_time_each_keeping_its_terms_in_the_order_added():
    m = model()
    terms = ModelTerms()
    elements = Elements.of(m.out)
    terms.inject(elements.per_object({"U1": "A", "U2": "B"}, dtype=object), elements.snapshots, 1.0, elements.variables)
    flow = Elements.of(m.flow)  # from B to A
    terms.inject_pairs(flow.snapshots, ("B", -1.0, flow.variables), ("A", 1.0, flow.variables))
    keys, rows = injection_rows(terms.injections, ["A", "B", "C"], 2)
    assert keys == [("A", 0), ("A", 1), ("B", 0), ("B", 1)]  # C has nothing connected: no row
    assert named(rows.row(1)) == [(1.0, "out[U1,1]"), (1.0, "flow[L,1]")]
    assert named(rows.row(2)) == [(1.0, "out[U2,0]"), (-1.0, "flow[L,0]")]
    keys, rows = injection_rows([], ["A"], 2)
    assert keys == [] and rows.starts.tolist() == [0] and rows.variables == []
    with pytest.raises(ValueError, match=r"^injections at buses the zone does not have: \['B'\]$"):
        injection_rows(terms.injections, ["A"], 2)


def test_pairs_at_one_bus_keep_each_elements_two_terms_together():
    m = model()
    m.discharge = pyo.Var(m.units, m.snapshots)
    terms = ModelTerms()
    charge = Elements.of(m.out)
    terms.inject_pairs(charge.snapshots, ("A", -1.0, charge.variables), ("A", 1.0, list(m.discharge.values())))
    _, rows = injection_rows(terms.injections, ["A"], 2)
    assert named(rows.row(0)) == [(-1.0, "out[U2,0]"), (1.0, "discharge[U2,0]"),
                                   (-1.0, "out[U1,0]"), (1.0, "discharge[U1,0]")]
