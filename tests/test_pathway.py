"""The multi-year pathway on a one-bus zone with hand-computed optima and discounting.

One bus, a flat load of 1 MW in 2025 and 2 MW in 2026 (demand_growth), one wind unit with flat
availability built from nothing (no running cost), lost load at 6,800 AZN/MWh: the cheapest plan
builds 1 MW in 2025 and 1 MW more in 2026, unless the first MW has retired by then.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import (
    DEFAULT_PARAMETERS,
    bus,
    generator,
    load,
    run_settings_for,
    scenario_for,
    write_dataset,
)

from gezopt.cli import main
from gezopt.config import GridModel
from gezopt.costs.annuities import capital_recovery_factor
from gezopt.pathway.check import resolution_error
from gezopt.pathway.periods import discount_weight, investment_periods
from gezopt.pathway.run import PathwayOutcome, plan
from gezopt.scenario import Scenario
from gezopt.scenario.schema import Expansion, Pathway
from gezopt.solve import SolverMethod, SolverSettings

RATE = 0.10
INVESTMENT_AZN_PER_MW = 1_000_000.0


def growing_zone(directory: Path, lifetime_years: float) -> Path:
    return write_dataset(directory, {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 0.0)],
        "loads": [load("L", "A", 1.0)],
        "costs": [{"cost_id": "WIND", "asset_table": "generators", "technology": "wind", "asset_id": "",
                   "capacity_unit": "MW", "owner": "system", "investment_azn_per_capacity_unit": INVESTMENT_AZN_PER_MW,
                   "lifetime_years": lifetime_years}],
        "expansion_candidates": [{"candidate_id": "WIND_MW", "asset_table": "generators", "asset_id": "WIND",
                                  "capacity_unit": "MW", "maximum_capacity": 100.0}],
        "parameters": [*DEFAULT_PARAMETERS, {"parameter": "discount_rate", "value": RATE, "unit": "1/yr"}],
        "demand_growth": [{"year": 2025, "demand_scale": 1.0}, {"year": 2026, "demand_scale": 2.0}],
    })


def plan_zone(directory: Path, periods: list[int], method: SolverMethod = SolverMethod.SIMPLEX,
              last_period_years: int = 1) -> PathwayOutcome:
    settings = run_settings_for(directory, hours=24)
    settings = type(settings)(**{**settings.__dict__, "solver": SolverSettings(threads=1, method=method)})
    scenario = Scenario(name="test", path=directory / "test.yaml", description="", inputs=directory, year=2025,
                        start=None, hours=24, grid_model=settings.model.grid_model,
                        expansion=Expansion(enabled=True),
                        pathway=Pathway(periods=periods, last_period_years=last_period_years))
    return plan(settings, scenario, write=False)


def built_in(outcome: PathwayOutcome, year: int, column: str = "built_in_period") -> float:
    table = outcome.tables["capacities_by_period"]
    return float(table.loc[(table["period"] == year) & (table["candidate_id"] == "WIND_MW"), column].iloc[0])


def test_discount_weights_by_hand():
    periods = investment_periods([2026, 2028, 2030], 0.05, latest_data_year=2028)
    assert [p.years for p in periods] == [2, 2, 2]
    assert [p.data_year for p in periods] == [2026, 2028, 2028]  # 2030 dispatched with the dataset's 2028
    assert periods[0].discount_weight == pytest.approx(1 + 1 / 1.05)
    assert periods[1].discount_weight == pytest.approx(1 / 1.05**2 + 1 / 1.05**3)
    assert periods[2].discount_weight == pytest.approx(1 / 1.05**4 + 1 / 1.05**5)
    assert discount_weight(2030, 1, 2026, 0.0) == 1.0
    assert investment_periods([2026], 0.05, 2028, last_period_years=5)[0].discount_weight == pytest.approx(
        sum(1.05**-k for k in range(5)))


def test_an_asset_built_in_the_first_period_serves_the_second_without_rebuilding(tmp_path):
    outcome = plan_zone(growing_zone(tmp_path / "d", lifetime_years=20.0), [2025, 2026])
    assert built_in(outcome, 2025) == pytest.approx(1.0, abs=1e-6)
    assert built_in(outcome, 2026) == pytest.approx(1.0, abs=1e-6)  # only the growth
    assert built_in(outcome, 2026, "total") == pytest.approx(2.0, abs=1e-6)
    # the annuity of what stands in each year, discounted: 1 MW in 2025, 2 MW in 2026 at 1/1.1
    annuity = INVESTMENT_AZN_PER_MW * capital_recovery_factor(RATE, 20.0)
    assert outcome.kpis["present_value_azn"] == pytest.approx(annuity * (1.0 + 2.0 / 1.1), rel=1e-7)
    by_period = outcome.tables["kpis_by_period"].set_index("period")
    assert by_period.at[2026, "investment_annuity_azn_per_year"] == pytest.approx(2.0 * annuity, rel=1e-7)
    assert by_period.at[2026, "load_shed_mwh_per_year"] == pytest.approx(0.0, abs=1e-6)


def test_a_committed_plant_stands_only_from_its_commissioning_year(tmp_path):
    """The wind unit's own 2 MW is committed for 2026 (commissioned 2026-01-01): in 2025 it is not there yet,
    so the plan builds the 1 MW the load needs then (and nothing in 2026, where the committed 2 MW and the
    1 MW built stand); the 2025 period's full cost carries no annuity for the plant not yet built."""
    directory = growing_zone(tmp_path / "d", lifetime_years=20.0)
    generators = pd.read_csv(directory / "generators.csv")
    generators["p_nom_mw"] = 2.0
    generators["commissioned"] = "2026-01-01"
    generators.to_csv(directory / "generators.csv", index=False)
    outcome = plan_zone(directory, [2025, 2026])
    table = outcome.tables["capacities_by_period"].set_index("period")
    assert table.at[2025, "existing"] == 0.0 and table.at[2026, "existing"] == 2.0
    assert built_in(outcome, 2025) == pytest.approx(1.0, abs=1e-6)
    assert built_in(outcome, 2026) == pytest.approx(0.0, abs=1e-6)
    by_period = outcome.tables["kpis_by_period"].set_index("period")
    annuity = INVESTMENT_AZN_PER_MW * capital_recovery_factor(RATE, 20.0)
    assert by_period.at[2025, "investment_annuity_azn_per_year"] == pytest.approx(annuity, rel=1e-7)
    assert by_period.at[2025, "load_shed_mwh_per_year"] == pytest.approx(0.0, abs=1e-6)


def test_an_asset_past_its_lifetime_is_built_again(tmp_path):
    outcome = plan_zone(growing_zone(tmp_path / "d", lifetime_years=1.0), [2025, 2026])
    assert built_in(outcome, 2025) == pytest.approx(1.0, abs=1e-6)
    assert built_in(outcome, 2026) == pytest.approx(2.0, abs=1e-6)  # the 2025 unit has retired


def test_one_period_standing_for_years_is_the_single_year_plan_times_its_discount_weight(tmp_path):
    outcome = plan_zone(growing_zone(tmp_path / "d", lifetime_years=20.0), [2026], last_period_years=3)
    annuity = INVESTMENT_AZN_PER_MW * capital_recovery_factor(RATE, 20.0)
    assert built_in(outcome, 2026) == pytest.approx(2.0, abs=1e-6)
    assert outcome.kpis["present_value_azn"] == pytest.approx(2.0 * annuity * (1 + 1 / 1.1 + 1 / 1.21), rel=1e-7)


@pytest.mark.parametrize("method", [SolverMethod.SIMPLEX, SolverMethod.IPM])
def test_the_plan_is_the_same_under_simplex_and_interior_point(tmp_path, method):
    outcome = plan_zone(growing_zone(tmp_path / "d", lifetime_years=20.0), [2025, 2026], method=method)
    table = outcome.tables["capacities_by_period"]
    assert table["built_in_period"].round(6).tolist() == [1.0, 1.0]


def test_the_resolution_error_of_a_flat_zone_is_zero_and_its_dispatch_the_plan(tmp_path):
    # a flat load and flat wind look the same at 2-hour and 1-hour resolution: no error; the plan's 2 MW serve
    # the 2 MW of 2026 over 24 h (48 MWh), nothing shed, nothing imported
    directory = growing_zone(tmp_path / "d", lifetime_years=20.0)
    outcome = plan_zone(directory, [2025, 2026])
    scenario = Scenario(name="test", path=directory / "test.yaml", description="", inputs=directory, year=2026,
                        start=None, hours=24, grid_model=GridModel.DC, resolution_hours=2,
                        expansion=Expansion(enabled=True), pathway=Pathway(periods=[2025, 2026]))
    table = resolution_error(scenario, outcome.tables["capacities_by_period"], 2026, 2026, "01-01 00:00", 24)
    table = table.set_index("kpi")
    # the price is the tie-break's ~1e-3 AZN/MWh where wind costs nothing: noise, left out
    assert table["error"].drop("demand_weighted_price_azn_per_mwh").abs().max() < 1e-9
    assert table.at["load_shed_mwh", "hourly"] == 0.0
    annuity_of_the_day = 2.0 * INVESTMENT_AZN_PER_MW * capital_recovery_factor(RATE, 20.0) * 24 / 8760
    assert table.at["system_cost_azn", "hourly"] == pytest.approx(annuity_of_the_day, rel=1e-6)


def test_a_periods_prices_are_in_its_own_azn_not_present_values(tmp_path):
    # one more MW of load over the day needs one more MW of wind in service in that period: its annuity over
    # the day, a x 24 / 8760, whatever the period's discount weight (in 2025 the MW is built a period early,
    # in 2026 it is built then); the tie-break may spread it over the hours, so the day's sum is checked
    outcome = plan_zone(growing_zone(tmp_path / "d", lifetime_years=20.0), [2025, 2026])
    annuity = INVESTMENT_AZN_PER_MW * capital_recovery_factor(RATE, 20.0)
    for year in (2025, 2026):
        prices = outcome.period_results[year].tables["prices"]["price_azn_per_mwh"]
        assert prices.sum() == pytest.approx(annuity * 24 / 8760, rel=1e-4)


def test_gezopt_plan_writes_what_is_built_when_and_refuses_periods_out_of_order(tmp_path):
    scenario = scenario_for(growing_zone(tmp_path / "d", lifetime_years=20.0), hours=24)
    text = scenario.read_text()
    scenario.write_text(text + "expansion: {enabled: true}\npathway: {periods: [2025, 2026], last_period_years: 1}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["plan", str(scenario), "--out", str(out), "--threads", "1"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "capacities_by_period.csv")
    assert table["built_in_period"].round(6).tolist() == [1.0, 1.0]
    periods = pd.read_csv(out / "kpis_by_period.csv")
    assert periods["period"].tolist() == [2025, 2026]
    # the present value rebuilt from the written parts: each period's cost of a year times its discount weight
    written = json.loads((out / "kpis.json").read_text())
    rebuilt = float((periods["discount_weight"] * periods["system_cost_azn_per_year"]).sum())
    assert written["present_value_azn"] == pytest.approx(rebuilt, rel=1e-9)
    scenario.write_text(text + "expansion: {enabled: true}\npathway: {periods: [2026, 2025]}\n")
    result = CliRunner().invoke(main, ["plan", str(scenario), "--out", str(tmp_path / "other")])
    assert result.exit_code != 0
    assert "pathway.periods" in result.output and "must increase" in result.output
    assert not (tmp_path / "other").exists()
