"""Reservoir start and end volumes that follow the season: the curve, its use over a horizon, its bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import bus, connection, load, solve_dataset, write_dataset

from gezopt.cli import main
from gezopt.data import load_zone, select_horizon
from gezopt.errors import ExitCode
from gezopt.prepared import prepare_inputs
from gezopt.reservoir_volumes import month_start_volumes_mcm, seasonal_volume_mcm

CURVE = [300.0, 290.0, 270.0, 264.0, 294.0, 348.0, 370.0, 378.0, 365.0, 360.0, 340.0, 318.0]


def test_seasonal_volume_is_linear_between_month_starts_and_wraps_to_january():
    instants = pd.DatetimeIndex(["2025-01-01 00:00", "2025-01-16 12:00", "2025-02-01 00:00",
                                 "2025-12-16 12:00", "2026-01-01 00:00"])
    volumes = seasonal_volume_mcm(CURVE, instants)
    # mid-January (15.5 of 31 days): halfway from 300 to 290; mid-December: halfway from 318 back to 300
    assert volumes == pytest.approx([300.0, 295.0, 290.0, 309.0, 300.0])
    with pytest.raises(ValueError, match="12 monthly volumes"):
        seasonal_volume_mcm(CURVE[:11], instants)


def test_month_start_volumes_are_read_off_the_snapshot_before_each_month():
    stamps = pd.date_range("2025-01-01 00:00", "2025-12-31 23:00", freq="h")
    volume = pd.Series(np.arange(len(stamps), dtype=float), index=stamps)  # volume after snapshot i is i
    curve = month_start_volumes_mcm(volume, start_mcm=-1.0)
    month_starts = pd.date_range("2025-02-01", periods=11, freq="MS")
    expected = [-1.0, *[float(stamps.get_loc(m - pd.Timedelta(hours=1))) for m in month_starts]]
    assert curve.tolist() == expected
    assert curve[1] == 31 * 24 - 1  # the snapshot 31 Jan 23:00 ends at 1 Feb 00:00


def reservoir_dataset(tmp_path, curve: list[float] | None, start: float | None = None):
    """A reservoir with a flat 1 m3/s inflow and a turbine of 10 MW at 1 MW per m3/s, serving a load."""
    return write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "hydro_plants": [{"plant_id": "DAM", "name": "DAM", "bus": "A", "river": "r", "p_nom_mw": 10.0,
                          "mw_per_m3s": 1.0, "local_inflow_m3s": 1.0, "inflow_profile": "flat"}],
        "reservoirs": [{"plant_id": "DAM", "volume_max_mcm": 1000.0, "volume_min_mcm": 0.0,
                        "volume_start_mcm": start}],
        "reservoir_curves": [] if curve is None else [
            {"plant_id": "DAM", **{f"volume_{m}_mcm": v for m, v in zip(
                ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), curve)}}],
        "loads": [load("L", "A", 5.0)],
        "grid_connections": [connection("GRID", "A")],
    })


def test_a_window_starts_and_ends_on_the_seasonal_curve(tmp_path):
    # 24 h from 1 January: the curve falls by 31 million m3 over January, so by 1 million m3 a day; the reservoir
    # must release its 1 m3/s inflow plus 1 million m3 / 0.0864 = 11.574 m3/s over the day: 12.574 m3/s mean,
    # more than the 10 MW turbine: 10 MW turbined and the rest spilled
    curve = [300.0, 269.0, *[269.0] * 10]
    dataset = reservoir_dataset(tmp_path, curve)
    volumes = prepare_inputs(select_horizon(load_zone(dataset), 2025, None, None)).reservoir_volumes
    assert volumes.start_mcm == {"DAM": 300.0}
    assert volumes.end_mcm["DAM"] == pytest.approx(299.0)
    assert volumes.seasonal == frozenset({"DAM"})
    hydro = solve_dataset(dataset).results.tables["hydro"]
    assert hydro["volume_mcm"].iloc[-1] == pytest.approx(299.0, abs=1e-6)
    released = (hydro["release_m3s"] + hydro["spill_m3s"]).mean()
    assert released == pytest.approx(1.0 + 1.0 / 0.0864, rel=1e-6)
    assert hydro["power_mw"].to_numpy() == pytest.approx(10.0)


def test_without_a_curve_the_fixed_start_is_cyclic(tmp_path):
    dataset = reservoir_dataset(tmp_path, None, start=300.0)
    volumes = prepare_inputs(select_horizon(load_zone(dataset), 2025, None, None)).reservoir_volumes
    assert volumes.end_mcm == {"DAM": 300.0} and volumes.seasonal == frozenset()
    assert solve_dataset(dataset).results.tables["hydro"]["volume_mcm"].iloc[-1] == pytest.approx(300.0, abs=1e-6)


def test_a_reservoir_takes_its_volumes_from_one_place(tmp_path):
    dataset = reservoir_dataset(tmp_path, [300.0] * 11 + [1200.0], start=300.0)
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert (f"{dataset}/reservoir_curves.csv:2:volume_dec_mcm: 1200 is outside the volume bounds [0, 1000] "
            "million m3 of the reservoir") in result.output.splitlines()
    assert (f"{dataset}/reservoirs.csv:2:volume_start_mcm: is given, but reservoir_curves.csv gives this reservoir "
            "a seasonal curve, which sets the start and end volume of every horizon; leave it empty"
            ) in result.output.splitlines()
    pd.DataFrame(columns=["plant_id"]).to_csv(dataset / "reservoir_curves.csv", index=False)
    frame = pd.read_csv(dataset / "reservoirs.csv")
    frame["volume_start_mcm"] = None
    frame.to_csv(dataset / "reservoirs.csv", index=False)
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert (f"{dataset}/reservoirs.csv:2:volume_start_mcm: is empty; give the start volume or a seasonal curve in "
            "reservoir_curves.csv") in result.output.splitlines()
    assert not (tmp_path / "out").exists()
