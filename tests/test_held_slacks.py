"""The penalised slacks held at zero first (gezopt.held_slacks): the same optimum as the LP with them, and
the LP with them solved wherever the held one has no optimum or a slack would pay."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest
from conftest import (
    DEFAULT_PARAMETERS,
    bus,
    connection,
    generator,
    hot_water_bus,
    line,
    load,
    solve_dataset,
    value_at,
    write_dataset,
)

from gezopt.blocks import Answer
from gezopt.config import SolverMethod, SolverSettings
from gezopt.held_slacks import HeldSlacks
from gezopt.pipeline import RunOutcome
from gezopt.solve import hipo_available

METHODS = [SolverMethod.SIMPLEX, SolverMethod.IPM] + ([SolverMethod.HIPO] if hipo_available() else [])


def solved(dataset: Path, method: SolverMethod, hold_slacks: bool = True, hours: int = 24) -> RunOutcome:
    return solve_dataset(dataset, hours=hours, solver=SolverSettings(threads=1, method=method, hold_slacks=hold_slacks))


def slacks_of(outcome: RunOutcome) -> str:
    return outcome.info["solver"]["slacks"]


@pytest.fixture
def served_zone(tmp_path: Path) -> Path:
    """Wind, a load, a limited import and a heat bus with a heat pump and a tank: nothing is shed."""
    return write_dataset(tmp_path / "served", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B", s_nom_mva=4.0)],
        "generators": [generator("WIND", "A", 10.0, profile="wind"), generator("GAS", "B", 5.0, cost=90.0,
                                                                               carrier="gas")],
        "loads": [load("LA", "A", 3.0, profile="demand"), load("LB", "B", 4.0, profile="demand")],
        "heat_buses": [hot_water_bus("H", "B", profile="demand")],
        "heat_units": [{"unit_id": "HP", "heat_bus": "H", "kind": "heat_pump", "p_nom_mw_th": 2.0,
                        "sink_temperature_c": 45.0}],
        "thermal_storage": [{"storage_id": "TANK", "heat_bus": "H", "e_nom_mwh_th": 2.0, "p_nom_mw_th": 3.0}],
        "grid_connections": [connection("GRID", "B", import_price=70.0, export_price=30.0, limit_mw=2.0)],
    }, profiles={"wind": [0.2 + 0.8 * ((t * 7) % 10) / 10 for t in range(24)],
                 "demand": [0.6 + 0.8 * ((t * 3) % 8) / 8 for t in range(24)],
                 "temperature": [5.0] * 24})


@pytest.mark.parametrize("method", METHODS)
def test_a_run_that_sheds_nothing_keeps_the_held_optimum_and_it_is_the_lps(served_zone, method):
    held, with_slacks = solved(served_zone, method), solved(served_zone, method, hold_slacks=False)
    assert (slacks_of(held), slacks_of(with_slacks)) == ("held", "with the LP")
    assert held.results.kpis["system_cost_azn"] == pytest.approx(with_slacks.results.kpis["system_cost_azn"],
                                                                 rel=1e-12)
    for name in ("dispatch", "flows", "prices", "heat", "heat_storage", "national_grid", "demand"):
        ours, theirs = held.results.tables[name], with_slacks.results.tables[name]
        assert list(ours.columns) == list(theirs.columns)
        numbers = ours.select_dtypes("number").columns
        assert np.abs(ours[numbers].to_numpy() - theirs[numbers].to_numpy()).max() < 1e-6, name
    assert held.results.tables["demand"]["shed_mw"].abs().max() < 1e-9


def short_of_supply(directory: Path, parameters: list[dict] = DEFAULT_PARAMETERS, gas_mw: float = 0.0) -> Path:
    """15 MW of load at A against 10 MW of free wind, a 3 MW import at 66 AZN/MWh and ``gas_mw`` at 500 AZN/MWh
    at B, across a line that does not bind."""
    return write_dataset(directory, {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B")],
        "generators": [generator("WIND", "A", 10.0), generator("GAS", "B", gas_mw, cost=500.0, carrier="gas")],
        "loads": [load("L", "A", 15.0)],
        "grid_connections": [connection("GRID", "A", limit_mw=3.0)],
        "parameters": parameters,
    })


@pytest.mark.parametrize("method", METHODS)
def test_supply_short_of_demand_is_shed_once_the_held_lp_has_no_optimum(tmp_path, method):
    outcome = solved(short_of_supply(tmp_path / "d"), method, hours=2)
    assert slacks_of(outcome) == "released"
    assert value_at(outcome.results.tables["demand"], "shed_mw", bus="A") == pytest.approx([2.0, 2.0], abs=1e-6)
    assert outcome.results.kpis["system_cost_azn"] == pytest.approx(2 * (3 * 66 + 2 * 6800), abs=1e-6)


@pytest.mark.parametrize("method", METHODS)
def test_a_slack_cheaper_than_the_supply_it_replaces_is_released_by_its_reduced_cost(tmp_path, method):
    # the held LP is feasible (2 MW of gas at 500 AZN/MWh), but shedding at 400 AZN/MWh is cheaper
    parameters = [{**row, "value": 400.0} if row["parameter"] == "value_of_lost_load_azn_per_mwh" else row
                  for row in DEFAULT_PARAMETERS]
    outcome = solved(short_of_supply(tmp_path / "d", parameters, gas_mw=5.0), method, hours=2)
    assert slacks_of(outcome) == "released"
    assert value_at(outcome.results.tables["demand"], "shed_mw", bus="A") == pytest.approx([2.0, 2.0], abs=1e-6)
    assert value_at(outcome.results.tables["dispatch"], "p_mw", unit="GAS") == pytest.approx([0.0, 0.0], abs=1e-6)
    assert outcome.results.kpis["system_cost_azn"] == pytest.approx(2 * (3 * 66 + 2 * 400), abs=1e-6)


def test_only_slacks_that_can_move_are_held_and_certified_within_highs_dual_tolerance():
    held = HeldSlacks.of(np.array([5, 1, 3]), lower=np.zeros(3), upper=np.array([2.0, 0.0, 1.0]))
    assert held.positions.tolist() == [5, 3]
    assert HeldSlacks.of(np.array([1]), lower=np.zeros(1), upper=np.zeros(1)) is None
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)

    def answer(reduced_costs: list[float], status=highspy.HighsModelStatus.kOptimal) -> Answer:
        duals = np.zeros(6)
        duals[[5, 3]] = reduced_costs
        return Answer(status=status, column_values=np.zeros(6), row_duals=np.zeros(0), column_duals=duals)

    assert held.certify(answer([0.0, -0.9e-7]), highs)
    assert not held.certify(answer([0.0, -1.1e-7]), highs)
    assert not held.certify(answer([1.0, 1.0], highspy.HighsModelStatus.kInfeasible), highs)

