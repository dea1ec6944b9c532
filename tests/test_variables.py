"""Variables whose bounds are given as arrays in index order (gezopt.model.variables)."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest

from gezopt.component_data import keys_and_data
from gezopt.model.variables import bounded_variable, by_object, previous_in_cycle


def two_by_three() -> pyo.ConcreteModel:
    m = pyo.ConcreteModel()
    m.units = pyo.Set(initialize=["B", "A"], ordered=True)  # not sorted: the order is the set's
    m.snapshots = pyo.Set(initialize=range(3), ordered=True)
    return m


def test_each_element_gets_its_bound_in_index_order():
    m = two_by_three()
    upper = np.array([[1.0, 2.0, np.inf], [4.0, 5.0, 6.0]])  # unit-major: upper[unit, t]
    m.x = bounded_variable(m.units, m.snapshots, lower=0.0, upper=upper, doc="x, MW")
    assert [m.x[u, t].bounds for u in ("B", "A") for t in range(3)] == [
        (0.0, 1.0), (0.0, 2.0), (0.0, None), (0.0, 4.0), (0.0, 5.0), (0.0, 6.0)]
    assert m.x.doc == "x, MW" and m.x.parent_block() is m
    assert all(type(v.ub) is float for v in m.x.values() if v.ub is not None)  # Python floats, not numpy's


def test_both_bounds_from_arrays_and_constants():
    m = two_by_three()
    rating = np.repeat([10.0, 20.0], 3)
    m.flow = bounded_variable(m.units, m.snapshots, lower=-rating, upper=rating, doc="flow, MW")
    m.free = bounded_variable(m.units, m.snapshots, lower=None, upper=None, doc="free")
    assert m.flow["A", 2].bounds == (-20.0, 20.0) and m.flow["B", 0].bounds == (-10.0, 10.0)
    assert m.free["A", 0].bounds == (None, None)


def test_an_array_of_the_wrong_length_is_refused():
    m = two_by_three()
    with pytest.raises(ValueError, match=r"^5 bounds for the 6 elements of a variable \(x, MW\)$"):
        bounded_variable(m.units, m.snapshots, lower=0.0, upper=np.ones(5), doc="x, MW")


def test_by_object_lists_each_objects_elements_in_time():
    m = two_by_three()
    m.x = bounded_variable(m.units, m.snapshots, lower=0.0, upper=None, doc="x, MW")
    in_time = by_object(m.x, ["B", "A"], 3)
    assert [[v.name for v in in_time[u]] for u in ("B", "A")] == [
        ["x[B,0]", "x[B,1]", "x[B,2]"], ["x[A,0]", "x[A,1]", "x[A,2]"]]
    with pytest.raises(ValueError, match=r"^x has 6 elements, not 2 x 4$"):
        by_object(m.x, ["B", "A"], 4)


def test_the_previous_snapshot_of_a_cyclic_horizon_is_the_last_for_the_first():
    assert previous_in_cycle(["e0", "e1", "e2"]) == ["e2", "e0", "e1"]
    assert previous_in_cycle(["e0"]) == ["e0"]
    assert previous_in_cycle([]) == []


def pyomo_dense(m: pyo.ConcreteModel) -> pyo.Var:
    """The same variable as Pyomo's own dense construction makes it, with the constant bounds it takes."""
    m.pyomo = pyo.Var(m.units, m.snapshots, bounds=(0.0, None))
    return m.pyomo


def test_elements_are_what_pyomos_dense_construction_makes():
    m = two_by_three()
    m.x = bounded_variable(m.units, m.snapshots, lower=0.0, upper=None, doc="x, MW")
    pyomo = pyomo_dense(m)
    state = ("_index", "_value", "_lb", "_ub", "_domain", "_fixed", "_stale")
    assert list(m.x.keys()) == list(pyomo.keys()) == [(u, t) for u in ("B", "A") for t in range(3)]
    assert [[getattr(v, name) for name in state] for v in m.x.values()] == [
        [getattr(v, name) for name in state] for v in pyomo.values()]
    assert all(v.parent_component() is m.x for v in m.x.values())
    assert len({id(v) for v in m.x.values()}) == 6 and m.x._dense
    assert m.x["A", 1].name == "x[A,1]" and m.x["A", 1].index() == ("A", 1)


def test_a_variable_over_an_empty_index_has_no_element():
    m = pyo.ConcreteModel()
    m.units = pyo.Set(initialize=[], ordered=True)
    m.snapshots = pyo.Set(initialize=range(3), ordered=True)
    m.x = bounded_variable(m.units, m.snapshots, lower=0.0, upper=np.zeros(0), doc="x, MW")
    assert len(m.x) == 0 and list(m.x.keys()) == []


def test_elements_are_held_unkeyed_until_something_reads_them_by_key():
    m = two_by_three()
    m.x = bounded_variable(m.units, m.snapshots, lower=0.0, upper=None, doc="x, MW")
    keys, elements = keys_and_data(m.x)  # read in order, without keying them
    assert keys == [(u, t) for u in ("B", "A") for t in range(3)]
    assert m.x.unkeyed_elements() is not None and m.x.__dict__["_keyed"] == {}
    assert m.x["A", 1] is elements[4]  # the first read by key keys every element, in index order
    assert m.x.unkeyed_elements() is None
    assert list(m.x._data.items()) == list(zip(keys, elements)) and keys_and_data(m.x) == (keys, elements)


def test_a_variable_held_unkeyed_answers_pyomos_questions_as_a_dense_var():
    m = two_by_three()
    m.x = bounded_variable(m.units, m.snapshots, lower=0.0, upper=None, doc="x, MW")
    assert len(m.x) == 6 and ("A", 2) in m.x and ("C", 0) not in m.x
    copy = m.clone()
    assert [v.name for v in copy.x.values()] == [v.name for v in m.x.values()]
    assert all(v.parent_component() is copy.x for v in copy.x.values())
    m.x.clear()
    assert len(m.x) == 0 and m.x.unkeyed_elements() is None
