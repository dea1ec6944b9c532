"""The hand-off keeps of a model only its index (keys and LP positions), so the model is freed beside the solve."""

from __future__ import annotations

import weakref

import numpy as np
import pyomo.environ as pyo
import pytest

from gezopt import model_release
from gezopt.config import SolverSettings
from gezopt.gc_pause import garbage_collection_paused
from gezopt.model_index import NO_POSITION, object_ids
from gezopt.solve import hand_over, solve


def two_plants() -> pyo.ConcreteModel:
    """Two plants (10 and 30 AZN/MWh, 6 MW each) serve 8 MW in each of 3 hours; the balance's dual is the price."""
    m = pyo.ConcreteModel()
    m.snapshots = pyo.Set(initialize=range(3), ordered=True)
    m.plants = pyo.Set(initialize=["CHEAP", "DEAR"], ordered=True)
    m.output = pyo.Var(m.plants, m.snapshots, bounds=(0.0, 6.0))
    m.unused = pyo.Var(m.snapshots, bounds=(0.0, 1.0))  # in no row and no cost: HiGHS never sees it
    m.balance = pyo.Constraint(m.snapshots, rule=lambda m, t: m.output["CHEAP", t] + m.output["DEAR", t] == 8.0)
    m.cap = pyo.Constraint(rule=lambda m: sum(m.output["DEAR", t] for t in m.snapshots) <= 100.0)
    m.cost = pyo.Objective(expr=sum((10.0 if p == "CHEAP" else 30.0) * m.output[p, t]
                                    for p in m.plants for t in m.snapshots))
    return m


def test_the_handed_over_lp_holds_no_reference_to_the_model_and_reads_the_same_solution():
    with garbage_collection_paused():  # the model's objects are freed by reference counting, not collected
        model = two_plants()
        variable, row = weakref.ref(model.output["DEAR", 2]), weakref.ref(model.balance[1])
        own_keys = list(model.output._data)  # made with the elements, beside them in memory; held, so no id reused
        handed = hand_over(model, SolverSettings(), dual_components=("balance",))
        solution = handed.solve()  # the model is emptied beside the solve, and empty once it returns
        assert list(model.component_objects()) == []  # emptied: HiGHS holds the LP, the index what is read
        assert variable() is None and row() is None  # freed: nothing handed over or returned refers to them
    index = solution.index
    assert index.output.keys() == [(p, t) for p in ("CHEAP", "DEAR") for t in range(3)]
    assert index.output.listed_keys is None  # over plants x snapshots: its keys made from the two sets when read
    assert not set(map(id, own_keys)) & set(map(id, index.output.keys()))  # keys of its own, not the model's
    assert solution.values(index.output).tolist() == [6.0, 6.0, 6.0, 2.0, 2.0, 2.0]
    assert solution.duals(index.balance) == pytest.approx([30.0, 30.0, 30.0], abs=0.01)  # with the tie-break
    assert solution.objective_azn == pytest.approx(3 * (60.0 + 60.0))
    assert index.unused.positions.tolist() == [NO_POSITION] * 3 and solution.values(index.unused).tolist() == [0.0] * 3
    assert index.variable_count == 9
    with pytest.raises(AttributeError, match="the model has no variable or kept constraint 'cap'"):
        index.cap  # noqa: B018 (released: its dual was not asked for)


def test_a_model_kept_whole_is_read_through_its_own_components():
    model = two_plants()
    solution = solve(model, SolverSettings())
    assert np.array_equal(solution.values(model.output), solution.values(solution.index.output))
    assert solution.duals(model.cap).tolist() == [0.0]
    columns = solution.index.columns([model.output["DEAR", 2], model.output["CHEAP", 0]])
    assert solution.column_values[columns].tolist() == [2.0, 6.0]



def test_an_error_emptying_the_model_beside_the_solve_is_raised_by_the_solve(monkeypatch):
    def failing(model):
        raise RuntimeError("emptying failed")

    monkeypatch.setattr(model_release, "empty_model", failing)
    handed = hand_over(two_plants(), SolverSettings(), dual_components=("balance",))
    with pytest.raises(RuntimeError, match="^emptying failed$"):
        handed.solve()


def test_object_ids_are_each_objects_id_whatever_the_objects_are():
    model = two_plants()
    objects = [*model.output.values(), model.balance[0], (1, 2), [3.0], "text", np.arange(3), None, 1.5, (), []]
    expected = [id(item) for item in objects]
    assert object_ids(objects).tolist() == expected  # sequences are objects too, never unpacked
    assert object_ids(item for item in objects).tolist() == expected
    assert object_ids(objects).dtype == np.int64
    assert object_ids([]).tolist() == [] and object_ids([]).dtype == np.int64
