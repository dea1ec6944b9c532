"""EV fleets, heat buses and levers on one-bus networks with hand-computed answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import (
    PRICE_TIE_BREAK_AZN_PER_MWH,
    bus,
    connection,
    hot_water_bus,
    load,
    solve_dataset,
    value_at,
    write_dataset,
)

from gezopt.demand import heat_pump_cop, uncontrolled_charging

HOURS = 24
# 10 cars drive 10 kWh each in hours 8-9 (UTC) and are plugged in the rest of the day.
DRIVING = [12.0 if h in (8, 9) else 0.0 for h in range(HOURS)]
PLUGGED = [0.0 if h in (8, 9) else 1.0 for h in range(HOURS)]


def fleet(mode: str, efficiency: float = 0.9, daily_kwh: float = 10.0, v2g_share: float = 0.0) -> dict:
    return {"fleet_id": "CARS", "bus": "A", "consumer_class": "residential", "vehicles": 10,
            "daily_energy_kwh_per_vehicle": daily_kwh, "battery_kwh_per_vehicle": 20.0, "charger_kw": 10.0,
            "chargers": 10, "charging_efficiency": efficiency, "plugged_in_profile": "plugged",
            "driving_profile": "driving", "departure_hour_utc": 8, "departure_state_of_charge": 0.5,
            "v2g_share": v2g_share, "charging_mode": mode}


def ev_dataset(directory, mode: str, prices: list[float], **fleet_options):
    return write_dataset(directory, {
        "buses": [bus("A")],
        "loads": [load("L", "A", 1.0)],
        "ev_fleets": [fleet(mode, **fleet_options)],
        "grid_connections": [{**connection("GRID", "A", import_price=1.0, export_price=0.0),
                              "import_price_profile": "price"}],
    }, profiles={"plugged": PLUGGED, "driving": DRIVING, "price": prices}, hours=HOURS)


def test_smart_fleet_charges_in_the_cheapest_hours_and_meets_the_need_exactly(tmp_path):
    prices = [50.0] * HOURS
    prices[2], prices[3] = 10.0, 20.0
    results = solve_dataset(ev_dataset(tmp_path / "d", "smart", prices), hours=HOURS).results
    charge = value_at(results.tables["ev"], "charge_mw", fleet_id="CARS")
    # 0.1 MWh of driving at 0.9 efficiency: 0.1111 MWh, 0.1 MW in the cheapest hour 2, the rest in hour 3
    assert charge[2] == pytest.approx(0.1, abs=1e-9)
    assert charge[3] == pytest.approx(0.1 / 0.9 - 0.1, abs=1e-9)
    assert np.delete(charge, [2, 3]) == pytest.approx(np.zeros(HOURS - 2), abs=1e-9)
    assert results.kpis["ev_unserved_mwh"] == pytest.approx(0.0, abs=1e-9)
    energy = value_at(results.tables["ev"], "energy_mwh", fleet_id="CARS")
    assert energy[7] >= 0.5 * 0.2 - 1e-9  # charged for departure at 08 UTC


def test_uncontrolled_fleet_load_matches_the_hand_derived_profile(tmp_path):
    results = solve_dataset(ev_dataset(tmp_path / "d", "uncontrolled", [50.0] * HOURS), hours=HOURS).results
    charge = value_at(results.tables["ev"], "charge_mw", fleet_id="CARS")
    # full at the start; 0.05 MWh driven in each of hours 8 and 9; plugged in at 10: full power 0.1 MW
    # (0.09 MWh stored), then the last 0.01 MWh at 0.9 efficiency in hour 11
    expected = np.zeros(HOURS)
    expected[10], expected[11] = 0.1, 0.01 / 0.9
    assert charge == pytest.approx(expected, abs=1e-12)
    demand = value_at(results.tables["demand"], "demand_mw", bus="A")
    assert demand == pytest.approx(1.0 + expected, abs=1e-12)
    assert uncontrolled_charging(np.full(3, 5.0), np.array([0.0, 2.0, 0.0]), 10.0, 0.5, np.ones(3))[0] == \
        pytest.approx([0.0, 4.0, 0.0])


def one_fleet_in_python_floats(limits, driving, capacity, efficiency, hours) -> tuple[list, list]:
    """The uncontrolled charging recursion of one fleet, written out on Python floats."""
    level, charge, energy = capacity, [], []
    for limit, draw, weight in zip(limits.tolist(), driving.tolist(), hours.tolist()):
        level -= weight * draw
        room = max(capacity - level, 0.0)
        # over a snapshot of no weight the IEEE quotient is inf (or NaN where room is 0): min keeps the limit
        quotient = room / (weight * efficiency) if weight * efficiency else math.inf
        charged = min(limit, quotient) if efficiency > 0 else 0.0
        level += weight * efficiency * charged
        charge.append(charged)
        energy.append(level)
    return charge, energy


def test_uncontrolled_fleets_charged_at_once_are_each_fleet_charged_alone_to_the_bit():
    # random fleets over uneven snapshots (some of no weight), one with no battery, one that does not charge
    # (efficiency 0), one with a negative efficiency: every fleet's series is its own recursion's, bit for bit
    rng = np.random.default_rng(7)
    limits = rng.uniform(0.0, 5.0, (300, 5)) * (rng.uniform(size=(300, 5)) > 0.3)
    driving = rng.uniform(0.0, 3.0, (300, 5)) * (rng.uniform(size=(300, 5)) > 0.5)
    capacity, efficiency = np.array([0.0, 20.0, 35.0, 8.0, 50.0]), np.array([0.9, 0.0, -0.1, 0.95, 0.7])
    hours = rng.choice([0.0, 0.5, 1.0, 2.0], 300)
    charge, energy = uncontrolled_charging(limits, driving, capacity, efficiency, hours)
    for fleet in range(5):
        expected = one_fleet_in_python_floats(limits[:, fleet], driving[:, fleet], float(capacity[fleet]),
                                              float(efficiency[fleet]), hours)
        assert charge[:, fleet].tolist() == expected[0] and energy[:, fleet].tolist() == expected[1]
        alone = uncontrolled_charging(limits[:, fleet], driving[:, fleet], capacity[fleet], efficiency[fleet], hours)
        assert charge[:, fleet].tobytes() == alone[0].tobytes() and energy[:, fleet].tobytes() == alone[1].tobytes()
    assert not charge[:, 1].any() and not charge[:, 2].any()  # no charging without a positive efficiency


@pytest.mark.parametrize("cheap, dear, discharges", [(10.0, 100.0, True), (90.0, 100.0, False)])
def test_vehicle_to_grid_discharges_only_when_the_spread_covers_the_losses(tmp_path, cheap, dear, discharges):
    # No driving; 0.9 each way: a MWh bought at `cheap` returns 0.81 MWh at `dear`. 0.81 x 100 > 10 but < 90.
    prices = [cheap if h % 2 == 0 else dear for h in range(HOURS)]
    dataset = ev_dataset(tmp_path / "d", "v2g", prices, daily_kwh=0.0, v2g_share=1.0)
    discharge = solve_dataset(dataset, hours=HOURS).results.tables["ev"]["discharge_mw"].to_numpy()
    assert bool(discharge.max() > 1e-6) is discharges


def heat_dataset(directory, prices: list[float], store: bool) -> object:
    """1 MW_th of hot water every hour at 5 degC outside; a 2 MW_th heat pump (45 degC sink)."""
    return write_dataset(directory, {
        "buses": [bus("A")],
        "loads": [load("L", "A", 1.0)],
        "heat_buses": [hot_water_bus("H", "A")],
        "heat_units": [{"unit_id": "HP", "heat_bus": "H", "kind": "heat_pump", "p_nom_mw_th": 2.0,
                        "sink_temperature_c": 45.0}],
        "thermal_storage": [{"storage_id": "TANK", "heat_bus": "H", "e_nom_mwh_th": 1.0, "p_nom_mw_th": 1.0}]
        if store else [],
        "grid_connections": [{**connection("GRID", "A", import_price=1.0, export_price=0.0),
                              "import_price_profile": "price"}],
    }, profiles={"temperature": [5.0] * len(prices), "price": prices}, hours=len(prices))


def test_heat_bus_balance_closes_with_a_heat_pump_at_its_cop(tmp_path):
    results = solve_dataset(heat_dataset(tmp_path / "d", [50.0] * 4, store=False), hours=4).results
    units = results.tables["heat_units"]
    cop = 6.81 - 0.121 * 40 + 0.000630 * 40**2  # 2.978
    assert units["heat_mw_th"].to_numpy() == pytest.approx([1.0] * 4, abs=1e-9)
    assert units["cop"].to_numpy() == pytest.approx([cop] * 4)
    assert units["electricity_mw"].to_numpy() == pytest.approx([1.0 / cop] * 4, abs=1e-9)
    demand = results.tables["demand"]
    assert demand["heat_electricity_mw"].to_numpy() == pytest.approx([1.0 / cop] * 4, abs=1e-9)
    # the electric balance carries the heat pump: imports = 1 MW load + 1/COP
    assert results.tables["national_grid"]["import_mw"].to_numpy() == pytest.approx([1.0 + 1.0 / cop] * 4, abs=1e-9)
    heat = results.tables["heat"]
    assert heat["price_azn_per_mwh_th"].to_numpy() == pytest.approx([50.0 / cop] * 4, abs=PRICE_TIE_BREAK_AZN_PER_MWH)


def test_thermal_store_shifts_heat_to_the_cheap_hour(tmp_path):
    results = solve_dataset(heat_dataset(tmp_path / "d", [10.0, 100.0], store=True), hours=2).results
    assert results.tables["heat_units"]["heat_mw_th"].to_numpy() == pytest.approx([2.0, 0.0], abs=1e-9)
    store = results.tables["heat_storage"]
    assert store["charge_mw_th"].to_numpy() == pytest.approx([1.0, 0.0], abs=1e-9)
    assert store["discharge_mw_th"].to_numpy() == pytest.approx([0.0, 1.0], abs=1e-9)


def test_staffell_cop_against_hand_values():
    # COP = 6.81 - 0.121 dT + 0.000630 dT^2
    assert heat_pump_cop(0.0) == pytest.approx(6.81)
    assert heat_pump_cop(20.0) == pytest.approx(6.81 - 2.42 + 0.252)
    assert heat_pump_cop(40.0) == pytest.approx(2.978)
    # ZONE.md assumption 11: 45 degC sink, Jabrayil January mean 2.3 degC -> about 2.8 (2.7 quoted monthly)
    assert heat_pump_cop(45.0 - 2.3) == pytest.approx(2.79, abs=0.01)


def test_efficiency_levers_scale_the_end_uses(tmp_path):
    dataset = heat_dataset(tmp_path / "d", [50.0] * 2, store=False)
    parameters = (dataset / "parameters.csv").read_text()
    (dataset / "parameters.csv").write_text(
        parameters + "lighting_share_of_load,0.2,-\nled_share,0.5,-\nled_saving,0.6,-\n")
    results = solve_dataset(dataset, hours=2).results
    # 1 MW of load, 20 % lighting, half of it LED saving 60 %: 1 - 0.2 x 0.5 x 0.6 = 0.94 MW
    assert value_at(results.tables["demand"], "demand_mw", bus="A") == pytest.approx([0.94, 0.94])
