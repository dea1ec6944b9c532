"""The default dataset: traceability of every number, and the figures ZONE.md anchors."""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest
from conftest import DEFAULT_INPUTS

from gezopt.data import load_zone, scale_to_year, select_horizon
from gezopt.data.specs import TABLES
from gezopt.network import build_network, hydro_in_service
from gezopt.prepared import prepare_inputs

# The PV model is part of the dataset build (inputs/build/solar.py), not of the runtime package.
_SOLAR_SPEC = importlib.util.spec_from_file_location("solar", DEFAULT_INPUTS.parent / "build" / "solar.py")
solar = importlib.util.module_from_spec(_SOLAR_SPEC)
_SOLAR_SPEC.loader.exec_module(solar)
pv_availability_per_mw_ac, solar_position = solar.pv_availability_per_mw_ac, solar.solar_position

ZONE_SOURCE_KEY = r"^(ASSUMPTION( \d+)?|[RGTCD]\d+)$"


@pytest.fixture(scope="module")
def zone():
    return load_zone(DEFAULT_INPUTS)


def test_every_number_has_a_source_key_or_assumption(zone):
    sources = pd.read_csv(DEFAULT_INPUTS / "sources.csv", dtype=str, keep_default_na=False)
    keys = sources["source"].str.split(",").explode().str.strip()
    assert keys.str.match(ZONE_SOURCE_KEY).all(), sorted(set(keys[~keys.str.match(ZONE_SOURCE_KEY)]))
    covered = set(zip(sources["table"], sources["row_id"], sources["column"]))
    missing = []
    for spec in TABLES:
        if spec.name == "sources" or not (spec.required or (DEFAULT_INPUTS / spec.file_name).exists()):
            continue
        raw = pd.read_csv(DEFAULT_INPUTS / spec.file_name, dtype=str, keep_default_na=False)
        numeric = [c.name for c in spec.columns if c.dtype in ("float", "int", "date") and c.name in raw]
        for _, row in raw.iterrows():
            row_id = row.iloc[0]
            for column in numeric:
                if row[column] == "":
                    continue
                if not {(spec.name, r, c) for r in (row_id, "*") for c in (column, "*")} & covered:
                    missing.append(f"{spec.file_name}:{row_id}:{column}")
    for profile in zone.profiles.columns:
        if ("profiles", "*", profile) not in covered:
            missing.append(f"profiles.csv:*:{profile}")
    assert not missing, missing[:20]


def test_demand_matches_the_data_sheet(zone):
    # ZONE.md assumption 3: 250 GWh in 2025 in all, of which heat pumps and boilers take ~62 GWh (their
    # electricity depends on dispatch; the full-year total is checked in test_full_year.py); 2024 scales by ~0.86
    year_inputs = {year: prepare_inputs(select_horizon(scale_to_year(zone, year), year, None, None)) for year in (2024, 2025)}
    fixed = {year: inputs.fixed_demand_mw.to_numpy().sum() for year, inputs in year_inputs.items()}
    assert 180e3 <= fixed[2025] <= 195e3
    assert fixed[2024] == pytest.approx(0.86 * fixed[2025], rel=0.02)  # loads scale; EVs, lighting, cooling do not
    heat = year_inputs[2025].heat_demand_mw_th.to_numpy().sum()
    assert 150e3 <= heat <= 200e3  # space heat and hot water, MWh_th


def test_every_action_plan_year_has_a_valid_connected_zone(zone):
    for year in range(2022, 2029):
        net = build_network(select_horizon(zone, year, None, 24))
        assert len(net.cycles) >= 3, year


def test_fleet_grows_with_commissioning_dates(zone):
    hydro_mw = [hydro_in_service(select_horizon(zone, year, "12-31 00:00", 24))["p_nom_mw"].sum()
                for year in (2022, 2024, 2026)]
    assert hydro_mw[0] < hydro_mw[1] < hydro_mw[2]
    # Shafag (completion 2027 [R21]) is not in the 2025 fleet but is in 2028's
    assert not select_horizon(zone, 2025, None, 24).generators.index.str.contains("SHAFAG").any()
    assert select_horizon(zone, 2028, None, 24).generators.index.str.contains("SHAFAG").any()


def test_solar_position_at_equinox_noon_and_availability_bounds():
    # At the March equinox the sun's zenith at solar noon equals the latitude (within the equation of time).
    noon_utc = pd.date_range("2025-03-20 08:30", periods=120, freq="min")  # around 12:00 solar time at 47 E
    position = solar_position(noon_utc, 39.33, 47.05)
    assert position.zenith_deg.min() == pytest.approx(39.33, abs=0.6)
    assert position.azimuth_deg[np.argmin(position.zenith_deg)] == pytest.approx(180.0, abs=1.0)
    weather = pd.DataFrame({"timestamp": pd.date_range("2025-06-21", periods=24, freq="h"),
                            "GHI": 1000.0, "DNI": 900.0, "DHI": 100.0, "T_amb": 25.0})
    availability = pv_availability_per_mw_ac(weather, tilt_deg=30, azimuth_deg=180, dc_ac_ratio=1.2,
                                             system_loss=0.14)
    assert availability.min() >= 0.0 and availability.max() <= 1.0
    profiles = load_zone(DEFAULT_INPUTS).profiles
    assert 0.15 <= profiles["solar_utility"].mean() <= 0.25
    assert profiles["wind_kalbajar"].mean() == pytest.approx(0.30, abs=1e-3)


def test_validate_describe_documents_every_table_and_column_from_the_specs():
    from click.testing import CliRunner

    from gezopt.cli import main

    result = CliRunner().invoke(main, ["validate", "--describe"])
    assert result.exit_code == 0, result.output
    for spec in TABLES:
        assert f"## {spec.file_name} (" in result.output
        for column in spec.columns:
            assert f"| `{column.name}` | {column.dtype} |" in result.output, (spec.name, column.name)
    assert "| `voltage_kv` | float | kV | required | 0 < x | nominal voltage of the bus |" in result.output


def test_every_asset_of_2025_has_a_cost_but_the_public_dc_chargers(zone):
    # ZONE.md T10's fast-charging figure is per charging park, not per 50 kW charger: those stay unpriced
    from gezopt.costs import asset_costs

    costs = asset_costs(select_horizon(scale_to_year(zone, 2025), 2025, None, None))
    assert {(u.table, u.technology) for u in costs.unpriced} == {("ev_fleets", "ev_charger_dc")}
    assert len(costs.unpriced) == 6
    assert costs.discount_rate == 0.07


def test_costs_variable_om_is_the_marginal_cost_the_dispatch_uses(zone):
    costs = zone.costs[zone.costs["asset_id"].isna()].set_index(["asset_table", "technology"])
    units = [("generators", unit["carrier"], unit) for _, unit in zone.generators.iterrows()]
    units += [("waste_plants", "waste", unit) for _, unit in zone.waste_plants.iterrows()]
    for table, technology, unit in units:
        assert costs.loc[(table, technology), "variable_om_azn_per_mwh"] == unit["marginal_cost_azn_per_mwh"]


def test_every_solar_plant_has_its_configuration_and_its_published_yield_beside_the_model(zone):
    from gezopt.solar_yields import solar_yields

    solar = zone.generators.index[zone.generators["carrier"].isin(["solar", "rooftop_solar"])]
    assert sorted(zone.pv_plants.index) == sorted(solar)
    assert zone.pv_plants.at["SHAFAG_PV", "dc_ac_ratio"] == pytest.approx(288 / 240)  # [R21]
    yields = solar_yields(zone).set_index("generator_id")
    assert yields.at["SHAFAG_PV", "published_capacity_factor"] == pytest.approx(500 / (240 * 8.76), abs=1e-9)
    assert yields.at["NOBEL_PV_1", "published_capacity_factor"] == pytest.approx(180 / (100 * 8.76), abs=1e-9)
    assert yields.at["SHAFAG_PV", "modelled_capacity_factor"] == pytest.approx(zone.profiles["solar_utility"].mean())
    # the fixed-tilt model stays below Shafag's published yield (README, "The default dataset")
    assert 0.75 < yields.at["SHAFAG_PV", "ratio"] < 0.85
