"""Tariffs: bills by hand, consumer response to time-of-use prices, feed-in, cost recovery."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pyomo.environ as pyo
import pytest
from conftest import (
    PRICE_TIE_BREAK_AZN_PER_MWH,
    bus,
    connection,
    generator,
    load,
    value_at,
    write_dataset,
)
from test_demand_side import DRIVING, HOURS, PLUGGED, fleet

from gezopt import benchmark, model_release, pipeline, response
from gezopt.config import GridModel
from gezopt.pipeline import run
from gezopt.scenario import Scenario, load_scenario
from gezopt.scenario.schema import Block, Response, Tariffs
from gezopt.tariffs import block_charge_azn, pricing

RESIDENTIAL_2025 = [  # ZONE.md T1: 8.4 / 10 / 15 qepik per kWh over 0-200 / 200-300 / >300 kWh a month
    Block(up_to_kwh_per_month=200.0, azn_per_kwh=0.084),
    Block(up_to_kwh_per_month=300.0, azn_per_kwh=0.10),
    Block(up_to_kwh_per_month=None, azn_per_kwh=0.15),
]


def tariffs(classes: dict, response: str = "system") -> dict:
    return {"response": response, "classes": classes, "heat_class": "residential", "rooftop_class": "residential",
            "utc_offset_hours": 4, "carbon_certificate_azn_per_mwh": 0.0, "cost_allocation": "energy_share"}


def class_tariff(**values) -> dict:
    base = {"customers": 1.0, "energy_azn_per_kwh": None, "blocks": [], "time_of_use": [], "fixed_azn_per_month": 0.0,
            "demand_azn_per_kw_month": 0.0, "feed_in_azn_per_kwh": None}
    return {**base, **values}


def solve_with_tariffs(directory, tariff_section: dict, hours: int):
    scenario = Scenario(name="t", path=directory / "t.yaml", description="", inputs=directory, year=2025, start=None,
                        hours=hours, grid_model=GridModel.DC, tariffs=Tariffs.model_validate(tariff_section))
    from conftest import run_settings_for
    return run(run_settings_for(directory, hours=hours), scenario, write=False).results


def test_tiered_bill_matches_a_hand_calculation_across_block_edges():
    assert block_charge_azn(150.0, RESIDENTIAL_2025, 1.0) == pytest.approx(150 * 0.084)
    assert block_charge_azn(250.0, RESIDENTIAL_2025, 1.0) == pytest.approx(200 * 0.084 + 50 * 0.10)  # 21.8
    assert block_charge_azn(350.0, RESIDENTIAL_2025, 1.0) == pytest.approx(200 * 0.084 + 100 * 0.10 + 50 * 0.15)
    # half a month: the block edges halve (100 and 150 kWh)
    assert block_charge_azn(125.0, RESIDENTIAL_2025, 0.5) == pytest.approx(100 * 0.084 + 25 * 0.10)


def test_bills_of_a_day_under_the_2025_residential_blocks(tmp_path):
    # 100 households using 1 MW for 24 h: 240 kWh each in 1/31 of January: edges 6.45 and 9.68 kWh.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")], "loads": [load("L", "A", 1.0)], "grid_connections": [connection("GRID", "A")],
    })
    results = solve_with_tariffs(dataset, tariffs({"residential": class_tariff(customers=100.0, blocks=RESIDENTIAL_2025,
                                                                              fixed_azn_per_month=3.1)}), HOURS)
    row = results.tables["bills"].iloc[0]
    share = 1 / 31
    per_household = (200 * share * 0.084 + 100 * share * 0.10 + (240 - 300 * share) * 0.15)
    assert row["energy_charge_azn"] == pytest.approx(100 * per_household)
    assert row["fixed_charge_azn"] == pytest.approx(100 * 3.1 * share)
    assert row["bill_azn"] == pytest.approx(100 * per_household + 100 * 3.1 * share)
    assert row["average_monthly_bill_azn_per_customer"] == pytest.approx(row["bill_azn"] / 100 / share)


def ev_tariff_dataset(directory):
    # system prices: cheap at 02-03 UTC; the fleet's time-of-use tariff is cheap at 16-18 local = 12-14 UTC
    prices = [50.0] * HOURS
    prices[2], prices[3] = 10.0, 10.0
    return write_dataset(directory, {
        "buses": [bus("A")],
        "loads": [load("L", "A", 1.0)],
        "ev_fleets": [fleet("smart")],
        "grid_connections": [{**connection("GRID", "A", import_price=1.0, export_price=0.0),
                              "import_price_profile": "price"}],
    }, profiles={"plugged": PLUGGED, "driving": DRIVING, "price": prices}, hours=HOURS)


TIME_OF_USE = [{"hours": [16, 17, 18], "azn_per_kwh": 0.02},
               {"hours": [h for h in range(24) if h not in (16, 17, 18)], "azn_per_kwh": 0.20}]


@pytest.mark.parametrize("response, charging_hours", [("tariff", {12, 13, 14}), ("system", {2, 3})])
def test_time_of_use_moves_charging_while_system_response_follows_nodal_prices(tmp_path, response, charging_hours):
    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response=response)
    results = solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), section, HOURS)
    charge = value_at(results.tables["ev"], "charge_mw", fleet_id="CARS")
    assert set(np.flatnonzero(charge > 1e-9)) <= charging_hours
    assert charge.sum() == pytest.approx(0.1 / 0.9, abs=1e-9)  # the day's need, exactly


def test_no_response_charges_uncontrolled(tmp_path):
    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="none")
    charge = value_at(solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), section, HOURS).tables["ev"],
                      "charge_mw", fleet_id="CARS")
    assert set(np.flatnonzero(charge > 1e-9)) == {10, 11}  # back home at 10 UTC: full power until full


def test_feed_in_is_paid_on_exported_rooftop_energy_only(tmp_path):
    # 5 MW of rooftop solar against 3 MW of residential load for 2 h: 2 MW exported, nothing billed.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("ROOF", "A", 5.0, carrier="rooftop_solar")],
        "loads": [load("L", "A", 3.0)],
        "grid_connections": [connection("GRID", "A", export_price=44.0)],
    }, hours=2)
    section = tariffs({"residential": class_tariff(customers=50.0, energy_azn_per_kwh=0.084, feed_in_azn_per_kwh=0.05)})
    row = solve_with_tariffs(dataset, section, 2).tables["bills"].iloc[0]
    assert row["energy_mwh"] == pytest.approx(0.0, abs=1e-9)
    assert row["exported_mwh"] == pytest.approx(4.0)
    assert row["feed_in_credit_azn"] == pytest.approx(4.0 * 1000 * 0.05)
    assert row["bill_azn"] == pytest.approx(-200.0)


def test_cost_recovery_from_its_parts(tmp_path):
    # 10 MW for 24 h at the 66 AZN/MWh import price: 15,840 AZN at the nodal price as at full cost; a 0.1 AZN/kWh
    # tariff earns 24,000.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")], "loads": [load("L", "A", 10.0, consumer_class="commercial")],
        "grid_connections": [connection("GRID", "A")],
    })
    section = {**tariffs({"commercial": class_tariff(customers=5.0, energy_azn_per_kwh=0.1)}),
               "carbon_certificate_azn_per_mwh": 2.0}
    kpis = solve_with_tariffs(dataset, section, HOURS).kpis
    assert kpis["marginal_value_supply_cost_azn"] == pytest.approx(240 * 66.0, abs=240 * PRICE_TIE_BREAK_AZN_PER_MWH)
    assert kpis["tariff_revenue_azn"] == pytest.approx(24_000.0)
    assert kpis["marginal_value_cost_recovery_ratio"] == pytest.approx(24_000.0 / kpis["marginal_value_supply_cost_azn"])
    # no asset has a cost here: the consumers' full cost is the imports alone
    assert kpis["consumer_full_cost_azn"] == pytest.approx(240 * 66.0)
    assert kpis["cost_recovery_ratio"] == pytest.approx(24_000.0 / (240 * 66.0))
    assert kpis["subsidy_azn"] == 0.0
    assert kpis["carbon_certificate_revenue_azn"] == 0.0  # no local renewable output here


def test_tariff_response_reports_its_cost_against_system_response(tmp_path):
    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="tariff")
    kpis = solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), section, HOURS).kpis
    # the tariff moves 0.1111 MWh from the 10 AZN/MWh hours to the 50 AZN/MWh hours (0.1 at 50, 0.0111 at 50)
    assert kpis["tariff_cost_to_system_azn"] == pytest.approx((0.1 / 0.9) * (50.0 - 10.0), abs=1e-6)
    assert kpis["system_response_cost_azn"] == pytest.approx(kpis["system_cost_azn"] - kpis["tariff_cost_to_system_azn"])


@pytest.mark.parametrize("response, cycles", [("tariff", True), ("none", False)])
def test_home_battery_arbitrages_its_time_of_use_tariff(tmp_path, response, cycles):
    # A household battery (10 kW / 20 kWh) under a tariff cheap at 16-18 local: it charges then and
    # discharges in the dear hours; with no response it stays idle. System prices are flat.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")], "loads": [load("L", "A", 1.0)],
        "storage": [{"storage_id": "HOME_BAT", "name": "home", "bus": "A", "p_nom_mw": 0.01, "e_nom_mwh": 0.02,
                     "efficiency_charge": 0.95, "efficiency_discharge": 0.95, "consumer_class": "residential"}],
        "grid_connections": [connection("GRID", "A", export_price=0.0)],
    })
    section = tariffs({"residential": class_tariff(customers=1.0, time_of_use=TIME_OF_USE)}, response=response)
    results = solve_with_tariffs(dataset, section, HOURS)
    storage = results.tables["storage"]
    charged = storage["charge_mw"].to_numpy()
    assert bool(storage["discharge_mw"].sum() > 1e-6) is cycles
    if cycles:
        assert set(np.flatnonzero(charged > 1e-9)) <= {12, 13, 14}
        bill = results.tables["bills"].iloc[0]
        # the battery lowers the household's bill below 1 MW x 24 h at the mean tariff price
        flat_bill = sum(1.0 * (20.0 if h in (12, 13, 14) else 200.0) for h in range(HOURS))
        assert bill["bill_azn"] < flat_bill


def test_response_mode_is_an_enum_that_round_trips_through_the_scenario_file(tmp_path):
    assert Response("tariff") is Response.TARIFF
    assert Response.TARIFF.value == "tariff"
    (tmp_path / "s.yaml").write_text("description: d\ninputs: .\ntariffs:\n  response: tariff\n")
    scenario = load_scenario(tmp_path / "s.yaml")
    assert isinstance(scenario.tariffs, Tariffs)
    assert scenario.tariffs.response is Response.TARIFF
    assert scenario.raw["tariffs"]["response"] == "tariff"  # what gezopt show prints and the digest hashes
    assert Tariffs().response is Response.SYSTEM


def counting(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` by a wrapper recording each call's result; the list of results."""
    original, calls = getattr(module, name), []

    def wrapper(*args, **kwargs):
        calls.append(original(*args, **kwargs))
        return calls[-1]
    monkeypatch.setattr(module, name, wrapper)
    return calls


def built_models(monkeypatch, module) -> list:
    """The models ``module.build_model`` builds, kept whole after their hand-off (which empties a model whose
    index holds what is read: ``gezopt.model_release.empty_model``), so that a test can read them."""
    monkeypatch.setattr(model_release, "empty_model", lambda model: None)
    return counting(monkeypatch, module, "build_model")


def test_time_of_use_prices_are_built_once_per_run(tmp_path, monkeypatch):
    # one class with a time-of-use price: its schedule serves the response, the bills and the benchmark
    built = counting(monkeypatch, pricing, "time_of_use_azn_per_mwh")
    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="tariff")
    results = solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), section, HOURS)
    assert len(built) == 1
    assert results.tables["bills"].iloc[0]["energy_charge_azn"] > 0


def test_system_benchmark_reuses_the_dataset_already_read(tmp_path, monkeypatch):
    reads = counting(monkeypatch, pipeline, "load_zone")
    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="tariff")
    kpis = solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), section, HOURS).kpis
    assert len(reads) == 1
    assert kpis["system_response_cost_azn"] is not None


def test_tariffs_on_one_zone_share_the_system_benchmark(tmp_path, monkeypatch):
    """Two runs that differ only in their prices solve the response: system benchmark once when they share a
    SystemBenchmarks; a run of another zone (more vehicles) solves its own."""
    from conftest import run_settings_for

    directory = ev_tariff_dataset(tmp_path / "d")
    models = counting(monkeypatch, pipeline, "build_model")  # per run: the dispatch
    benchmark_models = counting(monkeypatch, benchmark, "build_model")  # the benchmark, if new
    benchmarks = benchmark.SystemBenchmarks()

    def solved(night_price: float, hours: int = HOURS):
        time_of_use = [{"hours": list(range(8, 22)), "azn_per_kwh": 0.2},
                       {"hours": [22, 23, *range(8)], "azn_per_kwh": night_price}]
        section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=time_of_use)}, response="tariff")
        scenario = Scenario(name="t", path=directory / "t.yaml", description="", inputs=directory, year=2025,
                            start=None, hours=hours, grid_model=GridModel.DC, tariffs=Tariffs.model_validate(section))
        return run(run_settings_for(directory, hours=hours), scenario, write=False, benchmarks=benchmarks).results.kpis

    first, second = solved(0.05), solved(0.02)
    assert len(models) == 2 and len(benchmark_models) == 1 and len(benchmarks.costs_azn) == 1
    assert second["system_response_cost_azn"] == first["system_response_cost_azn"]
    solved(0.05, hours=HOURS // 2)  # another horizon: another zone
    assert len(models) == 3 and len(benchmark_models) == 2 and len(benchmarks.costs_azn) == 2


def test_the_consumers_model_holds_their_devices_only(tmp_path, monkeypatch):
    consumer_models = built_models(monkeypatch, response)
    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="tariff")
    solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), section, HOURS)
    names = {c.local_name for c in consumer_models[0].component_objects(pyo.Var)}  # its variables
    assert {"ev_charge", "heat_output", "heat_store_charge"} <= names
    assert not names & {"renewable_dispatch", "hydro_release", "grid_import", "load_shed", "line_flow"}


def test_response_stage_solves_its_own_model_and_leaves_the_dispatch_objective_untouched(tmp_path, monkeypatch):
    consumer_models = built_models(monkeypatch, response)
    dispatch_models = built_models(monkeypatch, pipeline)
    benchmark_models = built_models(monkeypatch, benchmark)
    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="tariff")
    solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), section, HOURS)
    assert len(consumer_models) == 1 and len(dispatch_models) == 1 and len(benchmark_models) == 1
    dispatch = dispatch_models[0]
    assert dispatch is not consumer_models[0]
    assert dispatch.total_cost.active and dispatch.component("consumer_bill") is None
    assert all(v.lb == v.ub for v in dispatch.ev_charge.values())  # the consumers' schedules, fixed
    assert not any(v.lb == v.ub and v.ub > 0 for v in benchmark_models[0].ev_charge.values())  # free in the benchmark


def test_tariffs_do_not_import_the_results():
    code = "import sys, gezopt.tariffs; print(any(m.startswith('gezopt.results') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_schedules_off_by_solver_residuals_still_fix_a_feasible_dispatch(tmp_path, monkeypatch):
    """The consumers' schedules are exact only to their solver's tolerances.  Every charge here is moved by
    5e-7 MW (above HiGHS's primal feasibility tolerance of 1e-7, below DEVICE_ROW_TOLERANCE), so each fleet's
    continuity row, its variables all fixed, misses its right-hand side: the dispatch still solves, to the
    same figures, and every device variable is fixed."""
    from gezopt.response import DEVICE_ROW_TOLERANCE

    section = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="tariff")
    exact = solve_with_tariffs(ev_tariff_dataset(tmp_path / "a"), section, HOURS).kpis
    real_schedules = response.consumer_schedules

    def off_by_residuals(*args, **kwargs):
        schedules = real_schedules(*args, **kwargs)
        return dataclasses.replace(schedules, ev_charge={k: v + 5e-7 for k, v in schedules.ev_charge.items()})

    monkeypatch.setattr(pipeline, "consumer_schedules", off_by_residuals)
    dispatch_models = built_models(monkeypatch, pipeline)
    moved = solve_with_tariffs(ev_tariff_dataset(tmp_path / "b"), section, HOURS).kpis
    assert 5e-7 < DEVICE_ROW_TOLERANCE
    dispatch = dispatch_models[0]
    for name in ("ev_charge", "ev_discharge", "ev_energy", "ev_unserved"):
        assert all(v.lb == v.ub for v in dispatch.component(name).values()), name
    assert moved["system_cost_azn"] == pytest.approx(exact["system_cost_azn"], abs=1e-3)
    assert moved["tariff_cost_to_system_azn"] == pytest.approx(exact["tariff_cost_to_system_azn"], abs=1e-3)
