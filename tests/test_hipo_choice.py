"""HiPO's options are chosen by the LP and the process: its ordering by the chains in time (counted on a hand-made
LP, the rule's threshold), its Newton system by the longest column, its threads by the CPUs."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest
from conftest import bus, connection, generator, load, solve_dataset, write_dataset

from gezopt.config import HipoOrdering, HipoSystem, SolverMethod, SolverSettings
from gezopt.cpus import available_cpus
from gezopt.hipo_choice import (
    METIS_FROM_CHAINS_PER_SNAPSHOT,
    NORMAL_EQUATIONS_UP_TO_COLUMN_ENTRIES,
    HipoChoice,
    hipo_ordering_for,
    hipo_system_for,
    hipo_threads_for,
)
from gezopt.model_index import PositionsById, index_model
from gezopt.ordering import chains_per_snapshot, row_spans
from gezopt.solve import hand_over, hipo_available
from gezopt.standard_form import column_keys, compile_model


def store_and_fixed_store() -> pyo.ConcreteModel:
    """Four hours; a store whose cyclic continuity links each hour to the one before (4 chain rows), a second
    store fixed at 0 (its 4 rows link hours too, but hold no free column), and a balance per hour (no link)."""
    m = pyo.ConcreteModel()
    m.snapshots = pyo.Set(initialize=range(4), ordered=True)
    m.stores = pyo.Set(initialize=["FREE", "FIXED"], ordered=True)
    m.level = pyo.Var(m.stores, m.snapshots, bounds=lambda _, s, t: (0.0, 5.0 if s == "FREE" else 0.0))
    m.flow = pyo.Var(m.stores, m.snapshots, bounds=lambda _, s, t: (-1.0, 1.0) if s == "FREE" else (0.0, 0.0))
    m.supply = pyo.Var(m.snapshots, bounds=(0.0, 10.0))
    m.continuity = pyo.Constraint(m.stores, m.snapshots, rule=lambda m, s, t:
                                  m.level[s, t] - m.level[s, (t - 1) % 4] - m.flow[s, t] == 0)
    m.balance = pyo.Constraint(m.snapshots, rule=lambda m, t: m.supply[t] - m.flow["FREE", t] == 2.0)
    m.cost = pyo.Objective(expr=sum((1.0 + t) * m.supply[t] for t in m.snapshots))
    return m


def test_chains_count_the_rows_that_link_hours_through_a_free_column():
    m = store_and_fixed_store()
    form = compile_model(m)
    index = index_model(m, form.column_lookup, [], PositionsById.of([]))
    spans = row_spans(form, column_keys(index, len(form.columns)).snapshots)
    assert chains_per_snapshot(spans) == 1.0  # 4 rows / 4 hours


@pytest.mark.parametrize(("chains", "expected"), [
    (0.0, HipoOrdering.METIS),  # nothing links two snapshots: HiPO's AMD fails on diagonal normal equations
    (0.25, HipoOrdering.AMD),
    (15.0, HipoOrdering.AMD),  # the default zone's full year: 12 tanks, the reservoir, the rivers' lags
    (METIS_FROM_CHAINS_PER_SNAPSHOT - 0.01, HipoOrdering.AMD),
    (METIS_FROM_CHAINS_PER_SNAPSHOT, HipoOrdering.METIS),
    (33.0, HipoOrdering.METIS),  # and the benchmark's 18 smart fleets
])
def test_auto_orders_by_amd_below_the_threshold_and_by_metis_from_it(chains, expected):
    assert hipo_ordering_for(HipoOrdering.AUTO, chains) is expected
    assert hipo_ordering_for(HipoOrdering.CHOOSE, chains) is HipoOrdering.CHOOSE  # an explicit one is kept


@pytest.mark.parametrize(("longest", "expected"), [
    (5, HipoSystem.NORMAL_EQUATIONS),  # the zone's dispatch years (a generator, a line: a few rows each)
    (NORMAL_EQUATIONS_UP_TO_COLUMN_ENTRIES, HipoSystem.NORMAL_EQUATIONS),
    (NORMAL_EQUATIONS_UP_TO_COLUMN_ENTRIES + 1, HipoSystem.CHOOSE),
    (8760, HipoSystem.CHOOSE),  # an expansion's capacity, in every hour's limit: HiPO weighs both systems
])
def test_auto_takes_the_normal_equations_unless_a_column_is_long(longest, expected):
    assert hipo_system_for(HipoSystem.AUTO, longest) is expected
    assert hipo_system_for(HipoSystem.AUGMENTED, longest) is HipoSystem.AUGMENTED  # an explicit one is kept


def test_the_longest_column_counts_its_rows():
    form = compile_model(store_and_fixed_store())  # a free store's flow: its continuity row and its balance
    assert form.matrix.longest_column() == 2


def test_hipo_runs_on_every_cpu_unless_told_otherwise():
    assert hipo_threads_for(None, 2) == 2
    assert hipo_threads_for(None, 1) == 1
    assert hipo_threads_for(1, 2) == 1  # a sweep's worker, a run beside its benchmark, --threads 1


def test_hipos_options_are_set_only_where_hipo_solves():
    simplex = hand_over(store_and_fixed_store(), SolverSettings(method=SolverMethod.SIMPLEX))
    assert simplex.hipo is None and simplex.solve().hipo is None
    assert simplex.highs.getOptionValue("threads")[1] == 0  # HiGHS's default: half the cores
    if hipo_available():
        hipo = hand_over(store_and_fixed_store(), SolverSettings(method=SolverMethod.HIPO))
        expected = HipoChoice(HipoOrdering.AMD, HipoSystem.NORMAL_EQUATIONS, threads=available_cpus())
        assert hipo.hipo == expected
        assert hipo.highs.getOptionValue("hipo_ordering")[1] == "amd"
        assert hipo.highs.getOptionValue("hipo_system")[1] == "normaleq"
        assert hipo.highs.getOptionValue("threads")[1] == available_cpus()
        assert hipo.solve().hipo == expected
        one = hand_over(store_and_fixed_store(), SolverSettings(method=SolverMethod.HIPO, threads=1))
        assert one.hipo.threads == 1 and one.highs.getOptionValue("threads")[1] == 1


@pytest.mark.skipif(not hipo_available(), reason="HiPO needs highspy-extras")
def test_hipo_solves_an_lp_whose_snapshots_nothing_links(tmp_path):
    # one bus, no store: diagonal normal equations, on which HiPO's AMD failed its analysis (a solve error)
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 10.0)],
        "loads": [load("L", "A", 12.0)],
        "grid_connections": [connection("GRID", "A")],
    }, hours=48)
    outcome = solve_dataset(dataset, hours=48, solver=SolverSettings(threads=1, method=SolverMethod.HIPO))
    assert outcome.info["solver"]["hipo_ordering"] == "metis"
    assert outcome.results.kpis["system_cost_azn"] == pytest.approx(48 * 2 * 66.0, abs=1e-6)
