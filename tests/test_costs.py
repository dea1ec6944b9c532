"""The zone's full cost rebuilt by hand from the costs table; cost recovery and subsidy from their parts;
the emissions exports displace and the certificates they carry."""

from __future__ import annotations

import pytest
from conftest import (
    DEFAULT_PARAMETERS,
    bus,
    connection,
    generator,
    line,
    load,
    run_settings_for,
    write_dataset,
)

from gezopt.config import GridModel
from gezopt.costs import FullCost, Owner, asset_costs, capital_recovery_factor
from gezopt.data import load_zone, select_horizon
from gezopt.pipeline import run
from gezopt.scenario import Scenario
from gezopt.scenario.schema import CostAllocation, Tariffs
from gezopt.tariffs import cost_recovery

HOURS = 24
YEAR_SHARE = HOURS / 8760.0
# crf(r, n) = r / (1 - (1 + r)^-n) by hand at r = 5 %:
# n = 20: 1.05^20 = 2.6532977, 1 - 1/2.6532977 = 0.6231105, 0.05 / 0.6231105 = 0.0802426
# n = 40: 1.05^40 = 7.0399887, 1 - 1/7.0399887 = 0.8579543, 0.05 / 0.8579543 = 0.0582782
CRF_5_PERCENT_20_YEARS = 0.0802426
CRF_5_PERCENT_40_YEARS = 0.0582782


def cost(cost_id: str, table: str, technology: str, unit: str, investment: float, fixed_om: float,
         lifetime: float, asset_id: str | None = None, owner: str = "system") -> dict:
    return {"cost_id": cost_id, "asset_table": table, "technology": technology, "asset_id": asset_id,
            "capacity_unit": unit, "owner": owner, "investment_azn_per_capacity_unit": investment,
            "fixed_om_azn_per_capacity_unit_year": fixed_om, "lifetime_years": lifetime}


def parameters(**values: float) -> list[dict]:
    return DEFAULT_PARAMETERS + [{"parameter": name, "value": value, "unit": "-"} for name, value in values.items()]


def solve(directory, tariffs: dict | None = None):
    scenario = Scenario(name="t", path=directory / "t.yaml", description="", inputs=directory, year=2025, start=None,
                        hours=HOURS, grid_model=GridModel.DC,
                        tariffs=None if tariffs is None else Tariffs.model_validate(tariffs))
    return run(run_settings_for(directory, hours=HOURS), scenario, write=False).results


def test_capital_recovery_factor_by_hand():
    assert capital_recovery_factor(0.05, 20) == pytest.approx(CRF_5_PERCENT_20_YEARS, abs=1e-7)
    assert capital_recovery_factor(0.05, 40) == pytest.approx(CRF_5_PERCENT_40_YEARS, abs=1e-7)
    assert capital_recovery_factor(0.0, 10) == 0.1  # no discounting: the investment spread evenly


@pytest.fixture
def two_assets(tmp_path):
    """20 MW of wind at 5 AZN/MWh (4 m AZN/MW, 20 kAZN/MW/yr, 20 yr) at A, a 10 km 100 MVA line (1,000 AZN per
    MW km, 15 AZN per MW km a year, 40 yr) to a 10 MW load at B, which exports the rest at 44 AZN/MWh."""
    return write_dataset(tmp_path / "d", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B", length_km=10.0, s_nom_mva=100.0)],
        "generators": [generator("WIND", "A", 20.0, cost=5.0)],
        "loads": [load("L", "B", 10.0, consumer_class="commercial")],
        "grid_connections": [connection("GRID", "B")],
        "costs": [cost("WIND_COST", "generators", "wind", "MW", 4e6, 20e3, 20),
                  cost("LINE_COST", "lines", "overhead_line", "MW km", 1000.0, 15.0, 40)],
        "parameters": parameters(discount_rate=0.05),
    })


@pytest.mark.parametrize("allocation", list(CostAllocation))
def test_full_cost_of_two_assets_by_hand_and_cost_recovery_from_its_parts(two_assets, allocation):
    section = {"classes": {"commercial": {"customers": 5.0, "energy_azn_per_kwh": 0.03}},
               "cost_allocation": allocation.value}
    results = solve(two_assets, section)
    kpis = results.kpis
    capital = (20 * 4e6 * CRF_5_PERCENT_20_YEARS + 100 * 10 * 1000.0 * CRF_5_PERCENT_40_YEARS) * YEAR_SHARE  # 17,747
    fixed_om = (20 * 20e3 + 100 * 10 * 15.0) * YEAR_SHARE  # 1,137
    variable = 20 * HOURS * 5.0  # the wind runs flat out: 2,400
    export_revenue = 10 * HOURS * 44.0  # 10,560
    assert kpis["annualised_capital_cost_azn"] == pytest.approx(capital, rel=1e-6)
    assert kpis["fixed_om_cost_azn"] == pytest.approx(fixed_om, rel=1e-9)
    assert kpis["variable_cost_azn"] == pytest.approx(variable, rel=1e-9)
    assert kpis["export_revenue_azn"] == pytest.approx(export_revenue, rel=1e-9)
    assert kpis["net_cost_azn"] == pytest.approx(capital + fixed_om + variable - export_revenue, rel=1e-6)
    assert kpis["net_cost_azn"] == pytest.approx(kpis["system_cost_azn"] + capital + fixed_om, rel=1e-6)
    assert kpis["levelised_cost_azn_per_mwh_served"] == pytest.approx(kpis["net_cost_azn"] / (10 * HOURS))
    assert kpis["unpriced_assets"] == 2  # the buses A and B
    assert kpis["consumer_equipment_cost_azn"] == 0.0
    wind = results.tables["asset_costs"].set_index("asset_id").loc["WIND"]
    assert wind["capital_azn_per_year"] == pytest.approx(20 * 4e6 * CRF_5_PERCENT_20_YEARS, rel=1e-6)

    revenue = 10 * HOURS * 1000 * 0.03  # 7,200
    own_supply = capital + fixed_om + variable
    # energy share: 240 MWh served against 240 exported -> the consumers bear half; at marginal value the
    # exports bear what they earn
    consumers = own_supply / 2 if allocation is CostAllocation.ENERGY_SHARE else own_supply - export_revenue
    assert kpis["tariff_revenue_azn"] == pytest.approx(revenue)
    assert kpis["consumer_energy_share"] == pytest.approx(0.5)
    assert kpis["consumer_full_cost_azn"] == pytest.approx(consumers, rel=1e-6)
    assert kpis["cost_recovery_ratio"] == pytest.approx(revenue / consumers, rel=1e-6)
    assert kpis["subsidy_azn"] == pytest.approx(consumers - revenue, rel=1e-6)
    assert kpis["cost_allocation"] == allocation.value


def full_cost(**values: float) -> FullCost:
    parts = {"horizon_hours": 24.0, "capital_azn": 0.0, "fixed_om_azn": 0.0, "variable_azn": 0.0, "carbon_azn": 0.0,
             "lost_load_azn": 0.0, "import_azn": 0.0, "export_revenue_azn": 0.0, "consumer_equipment_azn": 0.0,
             "served_mwh": 0.0, "exports_mwh": 0.0, "unpriced_assets": 0}
    return FullCost(**{**parts, **values})


def test_cost_recovery_takes_imports_whole_and_exports_that_out_earn_their_cost_leave_no_cost():
    cost = full_cost(capital_azn=600.0, fixed_om_azn=200.0, variable_azn=100.0, carbon_azn=100.0, import_azn=300.0,
                     export_revenue_azn=2000.0, served_mwh=30.0, exports_mwh=10.0)
    shared = cost_recovery(cost, 500.0, CostAllocation.ENERGY_SHARE)
    assert shared.consumer_energy_share == 0.75
    assert shared.consumer_cost_azn == pytest.approx(0.75 * 1000.0 + 300.0)  # 1,050
    assert shared.export_cost_azn == pytest.approx(250.0)
    assert shared.ratio == pytest.approx(500.0 / 1050.0)
    assert shared.subsidy_azn == pytest.approx(550.0)
    marginal = cost_recovery(cost, 500.0, CostAllocation.EXPORTS_AT_MARGINAL_VALUE)
    assert marginal.consumer_cost_azn == pytest.approx(1000.0 + 300.0 - 2000.0)  # exports pay for everything
    assert marginal.ratio is None and marginal.subsidy_azn == 0.0


def test_an_assets_own_row_replaces_its_technology_and_annuities_count_its_hours_in_service(tmp_path):
    directory = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("W1", "A", 10.0), {**generator("W2", "A", 10.0), "commissioned": "2025-01-02"},
                       generator("ROOF", "A", 2.0, carrier="rooftop_solar")],
        "loads": [load("L", "A", 1.0)],
        "grid_connections": [connection("GRID", "A")],
        "costs": [cost("WIND", "generators", "wind", "MW", 1e6, 0.0, 20),
                  cost("W1_PUBLISHED", "generators", "wind", "each", 5e6, 1e5, 20, asset_id="W1"),
                  cost("ROOFTOP", "generators", "rooftop_solar", "MW", 1.5e6, 0.0, 25, owner="consumers")],
        "parameters": parameters(discount_rate=0.0),
    }, hours=48)
    zone = select_horizon(load_zone(directory), 2025, None, 48)
    costs = asset_costs(zone)
    # at r = 0 the annuity is investment / lifetime: W1 5 m / 20 over 48 h, W2 (from 2 Jan) 10 m / 20 over 24 h
    assert costs.capital_azn(Owner.SYSTEM) == pytest.approx(5e6 / 20 * 48 / 8760 + 10 * 1e6 / 20 * 24 / 8760)
    assert costs.fixed_om_azn(Owner.SYSTEM) == pytest.approx(1e5 * 48 / 8760)
    assert costs.capital_azn(Owner.CONSUMERS) == pytest.approx(2 * 1.5e6 / 25 * 48 / 8760)
    assert [(c.asset_id, c.cost_id) for c in costs.priced] == [("W1", "W1_PUBLISHED"), ("W2", "WIND"),
                                                               ("ROOF", "ROOFTOP")]
    assert [(u.table, u.asset_id) for u in costs.unpriced] == [("buses", "A")]


def test_exports_displace_national_emissions_and_carry_certificates_of_their_renewable_share(tmp_path):
    # 10 MW of wind and 10 MW of gas (0.4 t/MWh, 10 AZN/MWh + 20 AZN/t) serve 5 MW and export 15 MW a day:
    # half of each exported MWh is wind
    directory = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 10.0),
                       {**generator("GAS", "A", 10.0, cost=10.0, carrier="gas"), "co2_t_per_mwh": 0.4}],
        "loads": [load("L", "A", 5.0)],
        "grid_connections": [connection("GRID", "A")],
        "parameters": [p if p["parameter"] != "co2_price_azn_per_t" else {**p, "value": 20.0} for p in DEFAULT_PARAMETERS]
        + [{"parameter": "export_displaced_co2_t_per_mwh", "value": 0.37, "unit": "t/MWh"}],
    })
    kpis = solve(directory).kpis
    assert kpis["emissions_t"] == pytest.approx(10 * HOURS * 0.4)  # 96 t of its own
    assert kpis["export_displaced_emissions_t"] == pytest.approx(15 * HOURS * 0.37)  # 133.2 t nationally
    assert kpis["export_certificates_mwh"] == pytest.approx(15 * HOURS * 0.5)  # 180 certificates
    assert kpis["carbon_cost_azn"] == pytest.approx(96 * 20.0)
    assert kpis["variable_cost_azn"] == pytest.approx(10 * HOURS * 10.0)  # the gas's variable cost alone
