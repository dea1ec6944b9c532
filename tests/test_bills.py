"""Who pays what: heat electricity split by floor-area owners, bills at consumption bands by hand, winners and
losers between scenarios."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import bus, connection, load, run_settings_for, value_at, write_dataset
from test_tariffs import TIME_OF_USE, class_tariff, tariffs

from gezopt.config import GridModel
from gezopt.data import load_zone
from gezopt.demand import heat_pump_cop
from gezopt.errors import InputError
from gezopt.pipeline import run
from gezopt.report.bill_bands import BandComparison, BandRow, Outcome, outcome_of
from gezopt.response import prepare_response
from gezopt.scenario import Scenario
from gezopt.scenario.schema import Response, Tariffs
from gezopt.tariffs import heat_ownership, price_schedules

TWO_BLOCKS = [{"up_to_kwh_per_month": 200.0, "azn_per_kwh": 0.10}, {"azn_per_kwh": 0.20}]


def solve(directory, section: dict, hours: int, start: str | None = None):
    scenario = Scenario(name="t", path=directory / "t.yaml", description="", inputs=directory, year=2025, start=start,
                        hours=hours, grid_model=GridModel.DC, tariffs=Tariffs.model_validate(section))
    settings = run_settings_for(directory, hours=hours, start=start)
    return run(settings, scenario, write=False).results


def band_bills(results, consumer_class: str) -> dict[float, float]:
    table = results.tables["bill_bands"]
    rows = table[table["consumer_class"] == consumer_class]
    return dict(zip(rows["band_kwh_per_month"], rows["bill_azn_per_month"]))


# --- bills at consumption bands ------------------------------------------------------------------------

def banded_dataset(directory, hours: int):
    """Three classes of 1 MW each; the residential load doubles in February (a shape the bands must not feel)."""
    stamps = pd.date_range("2025-01-01", periods=hours, freq="h")
    return write_dataset(directory, {
        "buses": [bus("A")],
        "loads": [load("HOMES", "A", 1.0, profile="homes"), load("SHOPS", "A", 1.0, consumer_class="commercial"),
                  load("OWLS", "A", 1.0, consumer_class="night_owls")],
        "grid_connections": [connection("GRID", "A")],
    }, profiles={"homes": list(np.where(stamps.month == 2, 2.0, 1.0))}, hours=hours)


BANDED_TARIFFS = {
    "residential": class_tariff(customers=100.0, blocks=TWO_BLOCKS, fixed_azn_per_month=2.0,
                                bill_bands_kwh_per_month=[100.0, 200.0, 300.0]),
    "commercial": class_tariff(customers=10.0, energy_azn_per_kwh=0.10, demand_azn_per_kw_month=5.0,
                               bill_bands_kwh_per_month=[744.0]),
    "night_owls": class_tariff(customers=10.0, time_of_use=TIME_OF_USE, bill_bands_kwh_per_month=[100.0]),
}


@pytest.mark.parametrize("start", [None, "01-31 12:00"], ids=["one-day-of-january", "across-january-february"])
def test_bills_at_bands_below_at_and_above_a_block_edge_by_hand(tmp_path, start):
    """The same bills whether the day lies in one month or across two (each month's edge scaled alike)."""
    results = solve(banded_dataset(tmp_path / "d", 24 * 40), tariffs(BANDED_TARIFFS), hours=24, start=start)
    # edge 200 kWh: 100 kWh at 0.10; 200 at 0.10; 300 = 200 at 0.10 + 100 at 0.20; plus the fixed 2 AZN a month
    assert band_bills(results, "residential") == pytest.approx({100.0: 12.0, 200.0: 22.0, 300.0: 42.0})
    parts = results.tables["bill_bands"].set_index(["consumer_class", "band_kwh_per_month"])
    assert parts.loc[("residential", 300.0), "energy_charge_azn_per_month"] == pytest.approx(40.0)
    assert parts.loc[("residential", 300.0), "fixed_charge_azn_per_month"] == pytest.approx(2.0)
    assert parts.loc[("residential", 300.0), "average_price_azn_per_kwh"] == pytest.approx(42.0 / 300.0)


def test_bills_at_bands_under_a_demand_charge_and_time_of_use_by_hand(tmp_path):
    results = solve(banded_dataset(tmp_path / "d", 24), tariffs(BANDED_TARIFFS), hours=24)
    # flat 0.10 AZN/kWh; a flat profile of 744 kWh a month peaks at 744 / 744 h = 1 kW: 5 AZN of demand charge
    assert band_bills(results, "commercial") == pytest.approx({744.0: 74.4 + 5.0})
    demand = results.tables["bill_bands"].set_index("consumer_class").loc["commercial", "demand_charge_azn_per_month"]
    assert demand == pytest.approx(5.0)
    # time of use on a flat profile: the mean price, (3 x 0.02 + 21 x 0.20) / 24 = 0.1775 AZN/kWh
    assert band_bills(results, "night_owls") == pytest.approx({100.0: 17.75})


def test_bands_default_to_the_tariffs_list_and_a_class_may_have_none(tmp_path):
    section = tariffs({"residential": class_tariff(customers=100.0, energy_azn_per_kwh=0.1),
                       "commercial": class_tariff(customers=10.0, energy_azn_per_kwh=0.1, bill_bands_kwh_per_month=[])})
    results = solve(banded_dataset(tmp_path / "d", 24), section, hours=24)
    assert band_bills(results, "residential") == pytest.approx({100.0: 10.0, 200.0: 20.0, 300.0: 30.0, 500.0: 50.0})
    assert band_bills(results, "commercial") == {}
    assert results.kpis["bill_azn_per_customer_month"]["residential"] == pytest.approx(
        results.tables["bills"].set_index("consumer_class").loc["residential", "average_monthly_bill_azn_per_customer"])


# --- heat electricity by floor-area owner --------------------------------------------------------------

FLOOR_AREA_M2, COOLING_KWH_PER_M2, COOLING_DEGREE_DAYS = 10_000.0, 25.0, 100.0
OUTSIDE_C = 30.0  # no space heat; hot water and cooling only


def heat_bus(heat_bus_id: str) -> dict:
    return {"heat_bus_id": heat_bus_id, "bus": "A", "district": "test", "temperature_profile": "temperature",
            "temperature_offset_c": 0.0, "floor_area_m2": FLOOR_AREA_M2, "space_heating_kwh_per_m2": 70.0,
            "reference_heating_degree_days": 2209.0, "hot_water_mwh_per_year": 8760.0,
            "hot_water_profile": "flat", "cooling_kwh_per_m2": COOLING_KWH_PER_M2,
            "reference_cooling_degree_days": COOLING_DEGREE_DAYS, "cooling_cop": 3.0}


def owner(heat_bus_id: str, consumer_class: str, share: float) -> dict:
    return {"owner_id": f"{heat_bus_id}_{consumer_class}", "heat_bus": heat_bus_id, "consumer_class": consumer_class,
            "floor_area_share": share}


def owned_heat_dataset(directory, owners: list[dict], hours: int = 4, tank: bool = False):
    """Two heat buses of 1 MW_th hot water and 0.625 MW_th of cooling each; H1 owned as given, H2 by nobody."""
    return write_dataset(directory, {
        "thermal_storage": [{"storage_id": "TANK", "heat_bus": "H1", "e_nom_mwh_th": 2.0, "p_nom_mw_th": 1.0}]
        if tank else [],
        "buses": [bus("A")],
        "loads": [load("HOMES", "A", 1.0), load("SHOPS", "A", 0.5, consumer_class="commercial")],
        "heat_buses": [heat_bus("H1"), heat_bus("H2")],
        "floor_area_owners": owners,
        "heat_units": [{"unit_id": f"HP_{h}", "heat_bus": h, "kind": "heat_pump", "p_nom_mw_th": 2.0,
                        "sink_temperature_c": 45.0} for h in ("H1", "H2")],
        "grid_connections": [connection("GRID", "A")],
    }, profiles={"temperature": [OUTSIDE_C] * hours}, hours=hours)


def test_heat_and_cooling_electricity_follow_the_floor_area_shares_and_sum_to_the_total(tmp_path):
    hours = 4
    section = tariffs({"residential": class_tariff(customers=100.0, energy_azn_per_kwh=0.1),
                       "commercial": class_tariff(customers=10.0, energy_azn_per_kwh=0.1)})
    dataset = owned_heat_dataset(tmp_path / "d", [owner("H1", "residential", 0.6), owner("H1", "commercial", 0.4)])
    results = solve(dataset, section, hours=hours)
    heat_pump_mw = 1.0 / heat_pump_cop(45.0 - OUTSIDE_C)
    assert value_at(results.tables["heat_units"], "electricity_mw", unit_id="HP_H1") == pytest.approx(
        [heat_pump_mw] * hours, abs=1e-9)
    cooling_mw = FLOOR_AREA_M2 * COOLING_KWH_PER_M2 / 1000.0 * (OUTSIDE_C - 24.0) / (24.0 * COOLING_DEGREE_DAYS) / 3.0
    per_bus_mwh = (heat_pump_mw + cooling_mw) * hours
    energy = results.tables["bills"].set_index("consumer_class")["energy_mwh"]
    # H1 split 0.6 / 0.4; H2 has no owners: all to the heat class (residential)
    assert energy["residential"] == pytest.approx(1.0 * hours + 0.6 * per_bus_mwh + per_bus_mwh)
    assert energy["commercial"] == pytest.approx(0.5 * hours + 0.4 * per_bus_mwh)
    assert energy.sum() == pytest.approx(results.kpis["consumption_mwh"])  # nothing lost or counted twice


def test_ownership_shares_and_the_price_a_heat_bus_answers(tmp_path):
    zone = load_zone(owned_heat_dataset(tmp_path / "d", [owner("H1", "residential", 0.75),
                                                         owner("H1", "commercial", 0.25)]))
    ownership = heat_ownership(zone, "residential")
    assert ownership.shares.loc["H1"].to_dict() == {"residential": 0.75, "commercial": 0.25}
    assert ownership.shares.loc["H2"].to_dict() == {"residential": 1.0, "commercial": 0.0}
    by_bus = pd.DataFrame({"H1": [4.0, 8.0], "H2": [1.0, 0.0]})
    by_class = ownership.by_class(by_bus)
    assert by_class["residential"].tolist() == pytest.approx([3.0 + 1.0, 6.0])
    assert by_class["commercial"].tolist() == pytest.approx([1.0, 2.0])
    assert by_class.sum(axis=1).tolist() == pytest.approx(by_bus.sum(axis=1).tolist())
    section = Tariffs.model_validate(tariffs({"residential": class_tariff(time_of_use=TIME_OF_USE),
                                              "commercial": class_tariff(energy_azn_per_kwh=0.1)}))
    prices = price_schedules(section, pd.date_range("2025-01-01 12:00", periods=2, freq="h"))  # 16, 17 local
    assert ownership.price_azn_per_mwh("H1", prices) == pytest.approx([0.75 * 20.0] * 2)  # only the TOU owner
    assert ownership.price_azn_per_mwh("H2", prices) == pytest.approx([20.0] * 2)


@pytest.mark.parametrize("shares, responds", [((0.5, 0.5), True), ((0.0, 1.0), False)])
def test_tanks_respond_when_an_owner_of_their_heat_bus_has_a_time_of_use_price(tmp_path, shares, responds):
    zone = load_zone(owned_heat_dataset(tmp_path / "d", [owner("H1", "residential", shares[0]),
                                                         owner("H1", "commercial", shares[1])], tank=True))
    section = Tariffs.model_validate(tariffs({"residential": class_tariff(time_of_use=TIME_OF_USE),
                                              "commercial": class_tariff(energy_azn_per_kwh=0.1)}, "tariff"))
    prepared = prepare_response(zone, section, Response.TARIFF, price_schedules(section, zone.snapshots))
    assert bool(prepared.thermal_storage.loc["TANK", "p_nom_mw_th"] > 0) is responds


@pytest.mark.parametrize("owners, message", [
    ([owner("H1", "residential", 0.6), owner("H1", "commercial", 0.3)],
     ("floor_area_owners.csv:2:floor_area_share: the shares of heat bus 'H1' sum to 0.9 (2 rows); the classes owning "
     "a heat bus's floor area must sum to 1")),
    ([owner("H1", "residential", 0.5), {**owner("H1", "residential", 0.5), "owner_id": "AGAIN"}],
     ("floor_area_owners.csv:3:consumer_class: heat bus 'H1' gives class 'residential' 2 shares (line 2, line 3); "
     "give each class one share")),
])
def test_floor_area_shares_that_cannot_split_the_heat_are_input_errors(tmp_path, owners, message):
    with pytest.raises(InputError) as error:
        load_zone(owned_heat_dataset(tmp_path / "d", owners))
    assert [str(p) for p in error.value.problems] == [f"{tmp_path / 'd'}/{message}"]


# --- winners and losers --------------------------------------------------------------------------------

def test_winners_pay_less_losers_more_than_the_reference():
    assert outcome_of(-0.01) is Outcome.WINNER
    assert outcome_of(0.01) is Outcome.LOSER
    assert outcome_of(0.004) is Outcome.UNCHANGED and outcome_of(-0.004) is Outcome.UNCHANGED
    row = BandRow("residential", 200.0, (10.0, 8.0, 12.5, 10.004, None))
    comparison = BandComparison(scenarios=("today", "cheaper", "dearer", "same", "absent"), rows=(row,))
    assert [row.outcome(p) for p in range(5)] == [None, Outcome.WINNER, Outcome.LOSER, Outcome.UNCHANGED, None]
    assert [row.difference_azn(p) for p in range(4)] == pytest.approx([0.0, -2.0, 2.5, 0.004])
    assert comparison.cells() == [["residential", "200", "10.00", "8.00 (-2.00)", "12.50 (+2.50)", "10.00 (=)", "-"]]
    frame = comparison.to_frame()
    assert frame["outcome"].fillna("").tolist() == ["", "winner", "loser", "unchanged", ""]
    assert set(frame["reference_scenario"]) == {"today"}
