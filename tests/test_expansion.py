"""Capacity expansion and policy targets on 1-2-bus networks with hand-computed optima.

Costs are given with a discount rate of 0 and a lifetime of 1 year, so a row's annuity is its
investment, and over a horizon of 24 h a candidate costs investment x 24 / 8760 per MW (MWh):
an investment of 365 x a AZN costs a AZN per unit over the day.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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

from gezopt.config import ModelSettings
from gezopt.pipeline import RunOutcome, run
from gezopt.scenario import Scenario
from gezopt.scenario.loading import policy_targets
from gezopt.scenario.schema import Expansion, Targets

PER_DAY = 365.0  # investment per AZN of cost over a 24-hour horizon (r = 0, lifetime 1 yr)
RAMP = [float(hour + 1) for hour in range(24)]  # a load of 1, 2, ..., 24 MW: its own load-duration curve
PARAMETERS = [*DEFAULT_PARAMETERS, {"parameter": "discount_rate", "value": 0.0, "unit": "1/yr"}]


def cost(cost_id: str, table: str, technology: str, unit: str, azn_per_day: float, asset_id: str = "") -> dict:
    return {"cost_id": cost_id, "asset_table": table, "technology": technology, "asset_id": asset_id,
            "capacity_unit": unit, "owner": "system", "investment_azn_per_capacity_unit": azn_per_day * PER_DAY,
            "lifetime_years": 1.0}


def candidate(candidate_id: str, table: str, asset_id: str, maximum: float, unit: str = "MW", **extra) -> dict:
    return {"candidate_id": candidate_id, "asset_table": table, "asset_id": asset_id, "capacity_unit": unit,
            "maximum_capacity": maximum, **extra}


def solve_planned(directory: Path, targets: Targets | None = None, expansion: bool = True,
                  hours: int = 24, out: Path | None = None) -> RunOutcome:
    """Solve a tiny dataset with its candidates enabled and the given targets, writing its results to ``out``
    (not at all without)."""
    settings = run_settings_for(directory, hours=hours, out=out)
    settings = type(settings)(**{**settings.__dict__, "model": ModelSettings(targets=policy_targets(targets))})
    scenario = Scenario(name="test", path=directory / "test.yaml", description="", inputs=directory, year=2025,
                        start=None, hours=hours, grid_model=settings.model.grid_model,
                        expansion=Expansion(enabled=expansion), targets=targets)
    return run(settings, scenario, write=out is not None)


def built(outcome: RunOutcome, candidate_id: str) -> float:
    table = outcome.results.tables["capacities"].set_index("candidate_id")
    return float(table.at[candidate_id, "built"])


def test_base_capacity_is_built_to_the_load_duration_break_even_of_two_technologies(tmp_path):
    # Base: 10.5 AZN/MW a day, 1 AZN/MWh; peak: 2 AZN/MW a day, 2 AZN/MWh. One more MW of base saves
    # 1 AZN in each hour the load exceeds it: worth its extra 8.5 AZN while the load is above it more
    # than 8.5 hours. Loads 1..24 MW: above 16 MW in 8 hours, above 15 MW in 9, so base = 16 MW and
    # peak = 24 - 16 = 8 MW (the screening curve's break-even, 8.5 hours).
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("BASE", "A", 0.0, cost=1.0), generator("PEAK", "A", 0.0, cost=2.0, carrier="solar")],
        "loads": [load("L", "A", 1.0, profile="ramp")],
        "costs": [cost("WIND", "generators", "wind", "MW", 10.5), cost("SOLAR", "generators", "solar", "MW", 2.0)],
        "expansion_candidates": [candidate("BASE_MW", "generators", "BASE", 100.0),
                                 candidate("PEAK_MW", "generators", "PEAK", 100.0)],
        "parameters": PARAMETERS,
    }, profiles={"ramp": RAMP})
    outcome = solve_planned(dataset)
    assert built(outcome, "BASE_MW") == pytest.approx(16.0, abs=1e-6)
    assert built(outcome, "PEAK_MW") == pytest.approx(8.0, abs=1e-6)
    kpis = outcome.results.kpis
    assert kpis["investment_annuity_azn"] == pytest.approx(16 * 10.5 + 8 * 2.0, abs=1e-6)
    energy_base = sum(min(load_mw, 16.0) for load_mw in RAMP)
    energy_peak = sum(RAMP) - energy_base
    assert kpis["dispatch_cost_azn"] == pytest.approx(energy_base * 1.0 + energy_peak * 2.0, abs=1e-6)
    assert kpis["system_cost_azn"] == pytest.approx(kpis["dispatch_cost_azn"] + kpis["investment_annuity_azn"])
    assert kpis["built_capacity_mw_by_technology"] == pytest.approx({"solar": 8.0, "wind": 16.0}, abs=1e-6)
    # the built capacities are the assets' costs too: the full cost's capital is their annuity
    assert kpis["annualised_capital_cost_azn"] == pytest.approx(16 * 10.5 + 8 * 2.0, abs=1e-6)
    dispatch = outcome.results.tables["dispatch"].set_index("unit")
    assert dispatch.loc["BASE", "available_mw"].to_numpy() == pytest.approx([16.0] * 24)
    # written at the capacity built too: a table is written from when it is final, after its scaling
    written = pd.read_csv(solve_planned(dataset, out=tmp_path / "out").out_dir / "dispatch.csv").set_index("unit")
    assert written.loc["BASE", "available_mw"].to_numpy() == pytest.approx([16.0] * 24)


def _battery_dataset(directory: Path, energy_azn_per_mwh_day: float) -> Path:
    """Load 10 MW; imports at 10 AZN/MWh except hour 12 (100) and hour 13 (60); a lossless battery
    to build at 5 AZN/MW and the given AZN/MWh a day, at most 50 MW and 200 MWh."""
    price = [0.1] * 24
    price[12], price[13] = 1.0, 0.6
    return write_dataset(directory, {
        "buses": [bus("A")],
        "storage": [{"storage_id": "BAT", "name": "BAT", "bus": "A", "p_nom_mw": 0.0, "e_nom_mwh": 0.0,
                     "efficiency_charge": 1.0, "efficiency_discharge": 1.0}],
        "loads": [load("L", "A", 10.0)],
        "grid_connections": [{**connection("GRID", "A", import_price=100.0, export_price=0.0, co2=0.0),
                              "import_price_profile": "price", "export_max_mw": 0.0}],
        "costs": [cost("BAT_MW", "storage", "battery", "MW", 5.0),
                  cost("BAT_MWH", "storage", "battery", "MWh", energy_azn_per_mwh_day)],
        "expansion_candidates": [candidate("BAT_POWER", "storage", "BAT", 50.0),
                                 candidate("BAT_ENERGY", "storage", "BAT", 200.0, unit="MWh")],
        "parameters": PARAMETERS,
    }, profiles={"price": price})


@pytest.mark.parametrize(("energy_cost", "hours_of_storage"), [(40.0, 2.0), (60.0, 1.0)])
def test_storage_power_and_energy_are_sized_by_their_cost_ratio(tmp_path, energy_cost, hours_of_storage):
    # Discharging can only serve the 10 MW load, so the power is 10 MW (its first hour earns 90 AZN/MW
    # against 5 + the energy cost). A second hour of energy serves hour 13 and earns 60 - 10 = 50 AZN
    # per MWh: bought at 40 AZN/MWh (a 2-hour battery, 20 MWh), not at 60 (a 1-hour battery, 10 MWh).
    outcome = solve_planned(_battery_dataset(tmp_path / "d", energy_cost))
    assert built(outcome, "BAT_POWER") == pytest.approx(10.0, abs=1e-6)
    assert built(outcome, "BAT_ENERGY") == pytest.approx(10.0 * hours_of_storage, abs=1e-6)
    storage = outcome.results.tables["storage"]
    assert storage["discharge_mw"].max() <= 10.0 + 1e-6
    assert storage["energy_mwh"].max() <= 10.0 * hours_of_storage + 1e-6


def test_line_is_built_until_the_price_spread_pays_its_annualised_cost(tmp_path):
    # Cheap 10 AZN/MWh at A, dear 50 AZN/MWh at B where the load is 1..24 MW. A MW of line earns the
    # 40 AZN spread in every hour the load at B exceeds it; at 340 AZN/MW a day (8.5 such hours) the line
    # is built to 16 MW. Over the day the spreads per MW sum to exactly its cost (the line's dual).
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B", length_km=10.0, s_nom_mva=1.0)],
        "generators": [generator("CHEAP_A", "A", 100.0, cost=10.0), generator("DEAR_B", "B", 100.0, cost=50.0)],
        "loads": [load("L", "B", 1.0, profile="ramp")],
        "costs": [cost("LINE", "lines", "overhead_line", "MW km", 34.0)],
        "expansion_candidates": [candidate("AB_MW", "lines", "AB", 100.0)],
        "parameters": PARAMETERS,
    }, profiles={"ramp": RAMP})
    outcome = solve_planned(dataset)
    capacities = outcome.results.tables["capacities"].set_index("candidate_id")
    assert capacities.at["AB_MW", "existing"] == 1.0
    assert capacities.at["AB_MW", "total"] == pytest.approx(16.0, abs=1e-6)
    assert capacities.at["AB_MW", "annualised_cost_azn_per_unit"] == pytest.approx(340.0)
    prices = outcome.results.tables["prices"].pivot(index="snapshot", columns="bus", values="price_azn_per_mwh")
    spread = (prices["B"] - prices["A"]).sum()
    assert spread == pytest.approx(340.0, abs=24 * 5e-3)
    flows = outcome.results.tables["flows"]
    assert flows["flow_mw"].abs().max() == pytest.approx(16.0, abs=1e-6)
    assert flows["loading"].max() == pytest.approx(1.0, abs=1e-6)
    written = pd.read_csv(solve_planned(dataset, out=tmp_path / "out").out_dir / "flows.csv")
    assert written["loading"].max() == pytest.approx(1.0, abs=1e-6)


def _clean_or_import(directory: Path) -> Path:
    """Load 10 MW for 24 h: imports at 66 AZN/MWh with 0.45 t/MWh, or a clean local unit at 100 AZN/MWh."""
    return write_dataset(directory, {
        "buses": [bus("A")],
        "generators": [generator("CLEAN", "A", 20.0, cost=100.0)],
        "loads": [load("L", "A", 10.0)],
        "grid_connections": [connection("GRID", "A", import_price=66.0, export_price=0.0, co2=0.45)],
        "parameters": PARAMETERS,
    })


def test_a_binding_co2_cap_is_priced_at_the_marginal_abatement_cost(tmp_path):
    # Without a cap the zone imports its 240 MWh (108 t). Capped at 54 t for the day (54 x 365 t a year),
    # it imports 120 MWh and makes 120 MWh clean; a tonne less costs (100 - 66) / 0.45 = 75.56 AZN.
    outcome = solve_planned(_clean_or_import(tmp_path / "d"), Targets(co2_cap_t_per_year=54.0 * 365), expansion=False)
    kpis = outcome.results.kpis
    assert kpis["emissions_t"] == pytest.approx(54.0, abs=1e-6)
    assert kpis["imports_mwh"] == pytest.approx(120.0, abs=1e-6)
    assert kpis["co2_cap_shadow_price_azn_per_t"] == pytest.approx((100.0 - 66.0) / 0.45, abs=0.01)


@pytest.mark.parametrize(("targets", "share_kpi", "price_kpi"), [
    (Targets(minimum_renewable_share=0.75), "renewable_share", "minimum_renewable_share_shadow_price_azn_per_mwh"),
    (Targets(minimum_self_sufficiency=0.75), "self_sufficiency", "minimum_self_sufficiency_shadow_price_azn_per_mwh"),
    (Targets(maximum_import_share=0.25), "import_share", "maximum_import_share_shadow_price_azn_per_mwh"),
])
def test_share_targets_bind_at_the_cost_difference(tmp_path, targets, share_kpi, price_kpi):
    # 75 % renewable, 75 % self-sufficient or 25 % imported: 180 MWh clean, 60 imported; each MWh more of
    # the clean unit instead of imports costs 100 - 66 = 34 AZN
    outcome = solve_planned(_clean_or_import(tmp_path / "d"), targets, expansion=False)
    kpis = outcome.results.kpis
    assert kpis["imports_mwh"] == pytest.approx(60.0, abs=1e-6)
    assert kpis[share_kpi] == pytest.approx(0.25 if share_kpi == "import_share" else 0.75, abs=1e-9)
    assert kpis[price_kpi] == pytest.approx(34.0, abs=0.01)


def _wind_every_other_hour(directory: Path, existing_mw: float, maximum_mw: float) -> Path:
    """Load 10 MW; wind at 30 AZN/MW a day, available every other hour; imports at 66, exports worth nothing."""
    return write_dataset(directory, {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", existing_mw, profile="half")],
        "loads": [load("L", "A", 10.0)],
        "grid_connections": [connection("GRID", "A", import_price=66.0, export_price=0.0, co2=0.45)],
        "costs": [cost("WIND", "generators", "wind", "MW", 30.0)],
        "expansion_candidates": [candidate("WIND_MW", "generators", "WIND", maximum_mw)],
        "parameters": PARAMETERS,
    }, profiles={"half": [1.0, 0.0] * 12})


def test_a_minimum_capacity_target_builds_beyond_what_pays_at_its_missing_money(tmp_path):
    # A wind candidate at 30 AZN/MW a day, available every other hour; imports at 66 AZN/MWh, exports earn
    # nothing. One MW earns 12 MWh x 66 = 792 AZN a day up to the 10 MW load; beyond it the output is exported
    # for nothing: 10 MW is built. Asked for 25 MW, the 15 MW more earn nothing: the target's shadow price is
    # the whole 30 AZN/MW, and the capacity's own shadow price at its 25 MW is 0 (it could go to 1,000 MW).
    dataset = _wind_every_other_hour(tmp_path / "d", existing_mw=0.0, maximum_mw=1000.0)
    assert built(solve_planned(dataset), "WIND_MW") == pytest.approx(10.0, abs=1e-6)
    outcome = solve_planned(dataset, Targets(minimum_capacity_mw={"wind": 25.0}))
    assert built(outcome, "WIND_MW") == pytest.approx(25.0, abs=1e-6)
    assert outcome.results.kpis["minimum_capacity_shadow_price_azn_per_mw"]["wind"] == pytest.approx(30.0, abs=0.05)
    capacities = outcome.results.tables["capacities"].set_index("candidate_id")
    assert capacities.at["WIND_MW", "shadow_price_azn_per_unit"] == pytest.approx(0.0, abs=0.05)


def test_a_capacity_at_its_maximum_has_the_shadow_price_of_more_potential(tmp_path):
    # The same wind at most 4 MW: each MW more would save 792 - 30 = 762 AZN a day (per year: x 365)
    dataset = _wind_every_other_hour(tmp_path / "d", existing_mw=1.0, maximum_mw=4.0)
    capacities = solve_planned(dataset).results.tables["capacities"].set_index("candidate_id")
    assert capacities.at["WIND_MW", "existing"] == 1.0
    assert capacities.at["WIND_MW", "built"] == pytest.approx(3.0, abs=1e-9)
    assert capacities.at["WIND_MW", "shadow_price_azn_per_unit"] == pytest.approx(762.0, abs=0.05)
    assert capacities.at["WIND_MW", "shadow_price_azn_per_unit_year"] == pytest.approx(762.0 * 365, abs=20.0)


def test_a_connection_and_a_waste_plant_are_built_with_their_limits_and_must_run(tmp_path):
    # Load 20 MW; a local unit at 100 AZN/MWh, imports at 66 through a 5 MW connection that can grow to 12 MW
    # at 10 AZN/MW a day (each MW saves 24 x 34 = 816): built to its 12 MW maximum, at a shadow price of
    # 816 - 10 = 806 AZN/MW (priced as 10 km of line at 1 AZN/MW/km a day). A waste plant (must run 50 %) at
    # 20 AZN/MWh with waste for 96 MWh a day, 1 MW that can grow to 6 MW at 50 AZN/MW a day: each MW more burns
    # 24 MWh more of its waste instead of the local unit's output (24 x 80 = 1,920 AZN against 50), so it is
    # built to 4 MW, where its 96 MWh a day run out, and never runs below half of what was built.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("LOCAL", "A", 50.0, cost=100.0)],
        "waste_plants": [{"plant_id": "WTE", "name": "WTE", "bus": "A", "p_nom_mw": 1.0, "waste_t_per_day": 96.0,
                          "energy_mwh_per_t": 1.0, "electrical_efficiency": 1.0, "must_run_share": 0.5,
                          "marginal_cost_azn_per_mwh": 20.0}],
        "loads": [load("L", "A", 20.0)],
        "grid_connections": [connection("GRID", "A", import_price=66.0, export_price=0.0, limit_mw=5.0, co2=0.0)],
        "costs": [cost("LINK", "lines", "overhead_line", "MW km", 1.0), cost("WASTE", "waste_plants", "waste", "MW", 50.0)],
        "expansion_candidates": [candidate("GRID_MW", "grid_connections", "GRID", 12.0, cost_id="LINK", length_km=10.0),
                                 candidate("WTE_MW", "waste_plants", "WTE", 6.0)],
        "parameters": PARAMETERS,
    })
    outcome = solve_planned(dataset)
    capacities = outcome.results.tables["capacities"].set_index("candidate_id")
    assert capacities.at["GRID_MW", "total"] == pytest.approx(12.0, abs=1e-6)
    assert capacities.at["GRID_MW", "shadow_price_azn_per_unit"] == pytest.approx(816.0 - 10.0, abs=0.1)
    assert outcome.results.tables["national_grid"]["import_mw"].max() == pytest.approx(12.0, abs=1e-6)
    assert capacities.at["WTE_MW", "total"] == pytest.approx(4.0, abs=1e-6)
    waste = outcome.results.tables["dispatch"].query("unit == 'WTE'")["p_mw"]
    assert waste.sum() == pytest.approx(96.0, abs=1e-6)
    assert waste.min() >= 0.5 * 4.0 - 1e-6
