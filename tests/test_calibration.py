"""`gezopt calibrate`: modelled hydro generation beside published figures."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import bus, connection, generator, load, write_dataset

from gezopt.cli import main
from gezopt.errors import ExitCode


def run_of_river_dataset(tmp_path, targets: list[dict], **tables: list[dict]):
    """A run-of-river plant turbining 5 m3/s at 1 MW per m3/s for the 24 h of the profiles (0.12 GWh a year),
    serving a load, and the given hydro targets."""
    return write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "hydro_plants": [{"plant_id": "ROR", "name": "ROR", "bus": "A", "river": "r", "p_nom_mw": 10.0,
                          "mw_per_m3s": 1.0, "local_inflow_m3s": 5.0, "inflow_profile": "flat"}],
        "hydro_targets": targets,
        "loads": [load("L", "A", 50.0)],
        "grid_connections": [connection("GRID", "A")],
        **tables,
    })


def test_calibration_table_compares_modelled_with_published_generation(tmp_path):
    dataset = run_of_river_dataset(tmp_path, [
        {"target_id": "ROR_PUBLISHED", "plants": "ROR", "year": 2025, "energy_gwh": 0.12, "tolerance_share": 0.15},
        {"target_id": "FLEET", "plants": "*", "year": 2025, "energy_gwh": 0.10, "tolerance_share": 0.10},
    ])
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\n")
    out = tmp_path / "calibration.csv"
    result = CliRunner().invoke(main, ["calibrate", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out).set_index("target_id")
    assert table.at["ROR_PUBLISHED", "modelled_gwh"] == pytest.approx(0.12, abs=1e-9)
    assert table.at["ROR_PUBLISHED", "ratio"] == pytest.approx(1.0, abs=1e-9)
    assert bool(table.at["ROR_PUBLISHED", "within_tolerance"]) is True
    assert table.at["FLEET", "ratio"] == pytest.approx(1.2, abs=1e-9)
    assert bool(table.at["FLEET", "within_tolerance"]) is False
    assert "FLEET" in result.output and " NO" in result.output

    strict = CliRunner().invoke(main, ["calibrate", str(scenario), "--strict"])
    assert strict.exit_code == ExitCode.CALIBRATION_MISS


def test_scenario_scales_inflows_and_swaps_the_series(tmp_path):
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "hydro_plants": [{"plant_id": "ROR", "name": "ROR", "bus": "A", "river": "r", "p_nom_mw": 10.0,
                          "mw_per_m3s": 1.0, "local_inflow_m3s": 5.0, "inflow_profile": "flat"}],
        "loads": [load("L", "A", 50.0)],
        "grid_connections": [connection("GRID", "A")],
    }, profiles={"dry": [0.4] * 24})
    for name, hydrology, expected_mw in (
        ("dry", "{inflow_scale: 0.5}", 2.5),
        ("swapped", "{inflow_profiles: {flat: dry}}", 2.0),
    ):
        scenario = tmp_path / f"{name}.yaml"
        scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhydrology: {hydrology}\n")
        out = tmp_path / name
        result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out)])
        assert result.exit_code == 0, result.output
        hydro = pd.read_csv(out / "hydro.csv")
        assert hydro["power_mw"].to_numpy() == pytest.approx([expected_mw] * 24)


def test_energy_counts_each_snapshots_hours():
    """At a resolution of 2 h a snapshot of 3 MW is 6 MWh; the last snapshot counts what is left of the horizon."""
    import pandas as pd

    from gezopt.calibration import energy_by_plant_gwh

    hydro = pd.DataFrame({"snapshot": pd.to_datetime(["2025-01-01 00:00", "2025-01-01 00:00", "2025-01-01 02:00",
                                                       "2025-01-01 02:00"]),
                          "plant_id": ["A", "B", "A", "B"], "power_mw": [3.0, 1.0, 5.0, 0.0]})
    energy = energy_by_plant_gwh(hydro, hours=3.0)
    assert energy.to_dict() == {"A": pytest.approx((3.0 * 2 + 5.0 * 1) / 1e3), "B": pytest.approx(2.0 / 1e3)}


def test_cumulative_target_counts_each_month_by_its_share_inside_the_period():
    """A hand case: a total stated on 1 July 2025 for plants commissioned on 25 August 2023.

    August 2023 counts 7 of its 31 days (3.1 GWh x 7/31 = 0.7), September 2023 to June 2025 count whole
    (22 months of 1 GWh), July 2025 not at all: 22.7 GWh.  Ending on 16 June instead counts half of June.
    """
    from gezopt.calibration import cumulative_energy_gwh

    months = pd.date_range("2023-08-01", "2025-07-01", freq="MS")
    monthly = pd.Series(1.0, index=months)
    monthly[pd.Timestamp("2023-08-01")] = 3.1
    monthly[pd.Timestamp("2025-07-01")] = 5.0
    start, end = pd.Timestamp("2023-08-25"), pd.Timestamp("2025-07-01")
    assert cumulative_energy_gwh(monthly, start, end) == pytest.approx(0.7 + 22.0, abs=1e-12)
    assert cumulative_energy_gwh(monthly, start, pd.Timestamp("2025-06-16")) == pytest.approx(0.7 + 21.0 + 0.5)
    assert cumulative_energy_gwh(monthly, pd.Timestamp("2026-01-01"), pd.Timestamp("2027-01-01")) == 0.0


def test_monthly_energy_puts_each_snapshot_in_its_month():
    from gezopt.calibration import monthly_energy_by_plant_gwh

    hydro = pd.DataFrame({"snapshot": pd.to_datetime(["2025-01-31 22:00", "2025-01-31 23:00", "2025-02-01 00:00"]),
                          "plant_id": ["A", "A", "A"], "power_mw": [1.0, 2.0, 4.0]})
    monthly = monthly_energy_by_plant_gwh(hydro, hours=3.0)
    assert list(monthly.index) == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")]
    assert monthly["A"].tolist() == pytest.approx([3.0 / 1e3, 4.0 / 1e3])


def test_calibrate_sums_a_cumulative_target_over_the_years_of_its_period(tmp_path):
    # 5 MW over the 24 h of the profiles in every year: 0.12 GWh in January 2024, and 15 of January 2025's
    # 31 days counted up to 16 January 2025: 0.12 + 0.12 x 15/31 GWh
    dataset = run_of_river_dataset(tmp_path, [
        {"target_id": "SINCE_2024", "plants": "ROR", "kind": "cumulative", "period_start": "2024-01-01",
         "period_end": "2025-01-16", "energy_gwh": 0.2, "tolerance_share": 0.15},
        {"target_id": "YEAR_2025", "plants": "ROR", "kind": "annual", "year": 2025, "energy_gwh": 0.12,
         "tolerance_share": 0.15},
    ], demand_growth=[{"year": 2024, "demand_scale": 1.0}, {"year": 2025, "demand_scale": 1.0}])
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\n")
    out = tmp_path / "calibration.csv"
    result = CliRunner().invoke(main, ["calibrate", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "solved 2024" in result.output and "solved 2025" in result.output
    table = pd.read_csv(out).set_index("target_id")
    assert table.at["SINCE_2024", "modelled_gwh"] == pytest.approx(0.12 + 0.12 * 15 / 31, abs=1e-9)
    assert table.at["SINCE_2024", "kind"] == "cumulative"
    assert table.at["SINCE_2024", "period_end"] == "2025-01-16"
    assert table.at["YEAR_2025", "modelled_gwh"] == pytest.approx(0.12, abs=1e-9)
    assert "2024-01-01..2025-01-16" in result.output


def test_calibrate_prints_each_solar_plants_capacity_factor_beside_the_published_one(tmp_path):
    # a plant whose profile is 0.25 half the time and 0.15 the other half: 20 % modelled; 10 MW publishing
    # 21.9 GWh/yr is 25 %: ratio 0.8; a plant without a published figure shows a dash
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "generators": [generator("PV", "A", 10.0, profile="sun", carrier="solar"),
                       generator("ROOF", "A", 1.0, profile="sun", carrier="rooftop_solar")],
        "pv_plants": [{"generator_id": "PV", "dc_ac_ratio": 1.2, "mounting": "fixed", "tilt_deg": 30,
                       "azimuth_deg": 180, "published_energy_gwh_per_year": 21.9},
                      {"generator_id": "ROOF", "dc_ac_ratio": 1.2, "mounting": "fixed", "tilt_deg": 30,
                       "azimuth_deg": 180}],
        "loads": [load("L", "A", 5.0)],
        "grid_connections": [connection("GRID", "A")],
    }, profiles={"sun": [0.25, 0.15] * 12})
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\n")
    result = CliRunner().invoke(main, ["calibrate", str(scenario)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line.startswith(("PV ", "ROOF "))}
    assert rows["PV"][-3:] == ["20.0%", "25.0%", "0.800"]
    assert rows["ROOF"][-3:] == ["20.0%", "-", "-"]
