"""Fleets that differ only in size scheduled as one for the response: system benchmark (gezopt.fleet_groups):
which fleets group, the group's arrays and buses, the price check by hand, and the benchmark's cost equal to
the LP of every fleet by hand, with a grid that does not bind (the grouped LP's cost kept) and one that does
(the check fails and every fleet is solved), under simplex, IPX and HiPO."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from conftest import bus, connection, line, load, run_settings_for, write_dataset
from test_demand_side import DRIVING, HOURS, PLUGGED, fleet
from test_tariffs import TIME_OF_USE, class_tariff, tariffs

from gezopt import benchmark, pipeline
from gezopt.benchmark import BenchmarkJob, system_response_cost_azn
from gezopt.config import SolverMethod, SolverSettings
from gezopt.fleet_groups import FleetGroups
from gezopt.model.balance import balance_duals
from gezopt.prepared import FleetArrays, prepare_inputs
from gezopt.response import prepare_response
from gezopt.scenario import Scenario
from gezopt.scenario.schema import Response, Tariffs
from gezopt.solve import hipo_available
from gezopt.tariffs import price_schedules


def fleet_arrays(rows: list[dict], limits: list[list[float]], driving: list[list[float]],
                 capacities: list[float]) -> FleetArrays:
    table = pd.DataFrame(rows).set_index("fleet_id")
    return FleetArrays(table=table, charge_limit_mw=np.array(limits, dtype=float).T,
                       driving_mw=np.array(driving, dtype=float).T, capacity_mwh=np.array(capacities, dtype=float))


def row(fleet_id: str, bus_id: str, mode: str = "smart", v2g_share: float = 0.0, departure_hour: int = 8) -> dict:
    return {"fleet_id": fleet_id, "bus": bus_id, "charging_efficiency": 0.9, "departure_hour_utc": departure_hour,
            "departure_state_of_charge": 0.5, "charging_mode": mode, "v2g_share": v2g_share}


def test_fleets_that_differ_only_in_size_group_and_others_stay_apart():
    fleets = fleet_arrays(
        [row("A", "X"), row("B", "Y", v2g_share=0.3), row("C", "Z"), row("D", "Z", departure_hour=7),
         row("E", "X", "v2g", 0.5), row("F", "Y", "v2g", 0.4), row("G", "Z")],
        limits=[[1, 2], [3, 6], [1, 3], [1, 2], [1, 2], [1, 2], [0, 0]],
        driving=[[1, 0], [3, 0], [1, 0], [1, 0], [1, 0], [1, 0], [0, 0]],
        capacities=[10, 30, 10, 10, 10, 10, 0])
    # B is A tripled (its v2g share unused by a smart fleet); C's limits are not A's shape; D leaves earlier;
    # E and F discharge in different shares; G has no battery
    assert FleetGroups.of(fleets).members == ((0, 1), (2,), (3,), (4,), (5,), (6,))


def test_the_group_is_its_members_summed_and_draws_from_their_buses_in_their_shares():
    fleets = fleet_arrays([row("A", "X"), row("B", "Y"), row("C", "Z")], limits=[[1, 2], [3, 6], [1, 3]],
                          driving=[[1, 0], [3, 0], [1, 0]], capacities=[10, 30, 10])
    grouped = FleetGroups.of(fleets).grouped()
    assert grouped.ids == ["A", "C"]
    np.testing.assert_array_equal(grouped.charge_limit_mw, [[4, 1], [8, 3]])
    np.testing.assert_array_equal(grouped.driving_mw, [[4, 1], [0, 0]])
    np.testing.assert_array_equal(grouped.capacity_mwh, [40, 10])
    assert grouped.buses_and_shares() == {"A": (("X", 0.25), ("Y", 0.75)), "C": (("Z", 1.0),)}


def test_the_price_gap_bound_by_hand():
    fleets = fleet_arrays([row("A", "X"), row("B", "Y")], limits=[[0.1, 0.1], [0.2, 0.2]],
                          driving=[[0, 0], [0, 0]], capacities=[1, 2])
    groups = FleetGroups.of(fleets)
    # shares 1/3 and 2/3; snapshot 0: duals 1 at X and 4 at Y, their mean 3, spreads 2 and 1; snapshot 1: one price
    bound = groups.price_gap_bound_azn({"X": np.array([1.0, 5.0]), "Y": np.array([4.0, 5.0])})
    assert bound == pytest.approx(2 * 0.1 + 1 * 0.2, abs=1e-12)


def test_balance_duals_fill_the_snapshots_a_bus_has_no_row_in():
    by_bus = balance_duals([("X", 0), ("Y", 0), ("X", 2)], np.array([1.0, 2.0, 3.0]), ["X", "Y"], 3)
    np.testing.assert_array_equal(by_bus[:, 0], [1.0, 0.0, 3.0])
    np.testing.assert_array_equal(by_bus[:, 1], [2.0, 0.0, 0.0])


CHEAP = 10.0  # AZN/MWh at 02-03 UTC, 50 otherwise, imported at bus A only


def two_bus_job(directory, line_limit_mw: float, method: SolverMethod) -> BenchmarkJob:
    """Bus A with the grid connection and 1 MW of load, bus B behind a line: 10 cars at A, 20 at B."""
    prices = [50.0] * HOURS
    prices[2] = prices[3] = CHEAP
    dataset = write_dataset(directory, {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B", s_nom_mva=line_limit_mw)],
        "loads": [load("L", "A", 1.0)],
        "ev_fleets": [{**fleet("uncontrolled"), "fleet_id": "CARS_A"},
                      {**fleet("uncontrolled"), "fleet_id": "CARS_B", "bus": "B", "vehicles": 20, "chargers": 20}],
        "grid_connections": [{**connection("GRID", "A", import_price=1.0, export_price=0.0),
                              "import_price_profile": "price"}],
    }, profiles={"plugged": PLUGGED, "driving": DRIVING, "price": prices}, hours=HOURS)
    settings = run_settings_for(dataset, hours=HOURS)
    settings = type(settings)(**{**settings.__dict__, "solver": SolverSettings(threads=1, method=method)})
    section = Tariffs.model_validate(tariffs({"residential": class_tariff(customers=30.0, time_of_use=TIME_OF_USE)},
                                             response="tariff"))
    scenario = Scenario(name="t", path=dataset / "t.yaml", description="", inputs=dataset, year=2025, start=None,
                        hours=HOURS, grid_model=settings.model.grid_model, tariffs=section)
    zone, net = pipeline.prepare(settings, scenario)
    return BenchmarkJob(zone, net, section, price_schedules(section, zone.snapshots), settings)


LOAD_COST_AZN = 1.0 * (22 * 50.0 + 2 * CHEAP)
NEED_A_MWH, NEED_B_MWH = 0.1 / 0.9, 0.2 / 0.9  # the day's driving over the charging efficiency
METHODS = [SolverMethod.SIMPLEX, SolverMethod.IPM] + ([SolverMethod.HIPO] if hipo_available() else [])


@pytest.mark.parametrize("method", METHODS)
def test_with_a_grid_that_does_not_bind_the_grouped_fleets_cost_is_the_benchmark(tmp_path, monkeypatch, method):
    solves = recorded_solves(monkeypatch)
    cost = system_response_cost_azn(two_bus_job(tmp_path / "d", 1000.0, method))
    # every car charges in the two cheap hours
    assert cost == pytest.approx(LOAD_COST_AZN + CHEAP * (NEED_A_MWH + NEED_B_MWH), abs=1e-6)
    assert solves == [["CARS_A"]]  # the grouped LP only, named after its first member


@pytest.mark.parametrize("method", METHODS)
def test_with_a_line_that_binds_the_check_fails_and_every_fleet_is_solved(tmp_path, monkeypatch, method):
    solves = recorded_solves(monkeypatch)
    cost = system_response_cost_azn(two_bus_job(tmp_path / "d", 0.05, method))
    # B gets 0.05 MW over the line in each cheap hour and the rest at 50; A charges all it needs cheap.  Grouped,
    # B's two thirds of every hour's charging would cap the cheap hours at 0.075 MW: 1120 + 1.5 + 9.17 AZN
    assert cost == pytest.approx(LOAD_COST_AZN + CHEAP * (NEED_A_MWH + 0.1) + 50.0 * (NEED_B_MWH - 0.1), abs=1e-6)
    assert solves == [["CARS_A"], ["CARS_A", "CARS_B"]]


def test_the_grouped_lp_charges_in_the_members_shares_and_its_bound_covers_what_that_costs(tmp_path):
    job = two_bus_job(tmp_path / "d", 0.05, SolverMethod.SIMPLEX)
    inputs = prepare_inputs(prepare_response(job.scenario_zone, job.tariffs, Response.SYSTEM, job.prices))
    groups = FleetGroups.of(inputs.scheduled_fleets)
    grouped = dataclasses.replace(inputs, scheduled_fleets=groups.grouped())
    solver = SolverSettings(threads=1, method=SolverMethod.SIMPLEX, tie_break=False)
    cost, duals = benchmark._cost_and_balance_duals(grouped, job, solver, ("nodal_balance",))
    # B draws two thirds of the group's charging: at most 0.075 MW of it in each cheap hour, the rest at 50
    need = NEED_A_MWH + NEED_B_MWH
    assert cost == pytest.approx(LOAD_COST_AZN + CHEAP * 0.15 + 50.0 * (need - 0.15), abs=1e-6)
    full = LOAD_COST_AZN + CHEAP * (NEED_A_MWH + 0.1) + 50.0 * (NEED_B_MWH - 0.1)
    assert groups.price_gap_bound_azn(duals) >= cost - full - 1e-9  # C_R - Delta <= C


def recorded_solves(monkeypatch) -> list[list[str]]:
    """The scheduled fleets of each model the benchmark solves, in order."""
    solves: list[list[str]] = []
    solve = benchmark._cost_and_balance_duals

    def recording(inputs, *arguments):
        solves.append(inputs.scheduled_fleets.ids)
        return solve(inputs, *arguments)

    monkeypatch.setattr(benchmark, "_cost_and_balance_duals", recording)
    return solves
