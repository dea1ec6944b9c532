"""Index sets of (object, snapshot) pairs filled in one pass (gezopt.model.pair_sets): the same sets as Pyomo's."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from gezopt.model.pair_sets import pair_set

KEYS = [("bus B", 2), ("bus A", 0), ("bus B", 0), (7, 1)]  # not sorted: the order is the keys'


def pyomo_set(keys: list) -> pyo.Set:
    return pyo.Set(initialize=keys, dimen=2, ordered=True, doc="pairs")


def test_a_pair_set_is_the_set_pyomo_makes_of_the_same_pairs():
    m = pyo.ConcreteModel()
    m.fast, m.pyomo = pair_set(KEYS, doc="pairs"), pyomo_set(KEYS)
    for built in (m.fast, m.pyomo):
        assert list(built) == KEYS and len(built) == 4 and built.dimen == 2 and built.isordered()
        assert ("bus A", 0) in built and ("bus A", 1) not in built and built.ord((7, 1)) == 4
        assert built.at(2) == ("bus A", 0) and built.first() == ("bus B", 2) and built.last() == (7, 1)
    m.x, m.y = pyo.Var(m.fast, bounds=(0, 1)), pyo.Var(m.pyomo, bounds=(0, 1))
    assert list(m.x.keys()) == list(m.y.keys()) == KEYS and m.x["bus B", 0].name == "x[bus B,0]"
    assert m.fast.doc == "pairs" and m.fast.parent_block() is m


def test_a_repeated_pair_is_one_member_as_in_pyomo():
    m = pyo.ConcreteModel()
    keys = [("a", 0), ("b", 0), ("a", 0)]
    m.fast, m.pyomo = pair_set(keys, doc="pairs"), pyomo_set(keys)
    assert list(m.fast) == list(m.pyomo) == [("a", 0), ("b", 0)]


def test_keys_that_are_not_flat_pairs_are_left_to_pyomo():
    m = pyo.ConcreteModel()
    with pytest.raises(ValueError, match=r"has dimension 3 and is not valid for Set nested which has dimen=2"):
        m.nested = pair_set([(("a", "b"), 0)], doc="pairs")  # Pyomo flattens the key to three elements: refused
    m.empty = pair_set(iter([]), doc="no pairs")
    assert len(m.empty) == 0
