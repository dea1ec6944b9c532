"""`gezopt compare` for real use: a failing scenario reported on one line while the others are compared, the
runs under --out, solve's options, stage progress, winners and losers at consumption bands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import bus, connection, generator, load, write_dataset

from gezopt.cli import compare, main, solve
from gezopt.errors import ExitCode
from gezopt.output import MARKER

FLAT = "residential: {customers: 100, energy_azn_per_kwh: 0.10}"
BLOCKS = ("residential: {customers: 100, blocks: [{up_to_kwh_per_month: 200, azn_per_kwh: 0.084}, "
          "{azn_per_kwh: 0.15}]}")


@pytest.fixture
def scenarios(tmp_path: Path) -> Path:
    """A one-bus dataset and three scenarios on it: flat, blocks, and one with bands that do not increase."""
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A")], "generators": [generator("HYDRO", "A", 0.5)], "loads": [load("HOMES", "A", 1.0)],
        "grid_connections": [connection("GRID", "A")],
    })
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, classes, bands in (("flat", FLAT, "[100, 500]"), ("blocks", BLOCKS, "[100, 500]"),
                                 ("broken", FLAT, "[500, 100]")):
        (folder / f"{name}.yaml").write_text(
            f"description: {name}\ninputs: {dataset}\nhorizon: {{hours: 24}}\n"
            f"tariffs:\n  response: none\n  bill_bands_kwh_per_month: {bands}\n  classes:\n    {classes}\n")
    return folder


def invoke(*arguments: object):
    return CliRunner().invoke(main, [str(a) for a in arguments])


def test_a_failing_scenario_is_reported_on_one_line_and_the_others_are_compared(scenarios, tmp_path):
    out = tmp_path / "comparison"
    result = invoke("compare", scenarios / "flat.yaml", scenarios / "broken.yaml", scenarios / "blocks.yaml",
                    "--out", out, "--threads", "1")
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert result.stderr.splitlines() == [
        (f"FAILED  broken: 1 input problem: {scenarios / 'broken.yaml'}:-:tariffs.bill_bands_kwh_per_month.1: "
        "100 is not above the previous band's 500; bands must increase"),
        "2 of 3 scenarios compared; failed: broken",
    ]
    assert "[2/3] broken: failed" in result.stdout
    # the others solved into the comparison's folder and compared
    assert json.loads((out / MARKER).read_text())["kind"] == "comparison"
    for name in ("flat", "blocks"):
        assert json.loads((out / name / "run.json").read_text())["scenario"]["name"] == name
    assert not (out / "broken").exists()
    assert list(pd.read_csv(out / "comparison.csv").columns) == ["kpi", "unit", "flat", "blocks"]
    bands = pd.read_csv(out / "bills_by_band.csv").set_index(["scenario", "band_kwh_per_month"])
    # 100 kWh: 10.00 flat, 8.40 in the first block (a winner); 500 kWh: 50.00 flat, 16.80 + 45.00 (a loser)
    assert bands.loc[("blocks", 100.0), "bill_azn_per_month"] == pytest.approx(8.4)
    assert bands.loc[("blocks", 100.0), "outcome"] == "winner"
    assert bands.loc[("blocks", 500.0), "difference_azn_per_month"] == pytest.approx(61.8 - 50.0)
    assert bands.loc[("blocks", 500.0), "outcome"] == "loser"
    assert "residential        500  50.00  61.80 (+11.80)" in result.stdout.splitlines()
    html = (out / "report.html").read_text()
    assert '<span class="delta loser">+11.80</span>' in html and '<span class="delta winner">-1.60</span>' in html


def test_when_every_scenario_fails_nothing_is_written(scenarios, tmp_path):
    out = tmp_path / "comparison"
    result = invoke("compare", scenarios / "broken.yaml", scenarios / "missing.yaml", "--out", out)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.splitlines()[-1] == "error: nothing to compare: every scenario failed (broken, missing)"
    assert not out.exists()
    assert not list(tmp_path.glob(".comparison*"))  # no staging folder or lock left behind


def test_runs_are_placed_under_out_with_the_options_of_solve(scenarios, tmp_path):
    inputs = shutil.copytree(tmp_path / "data", tmp_path / "other-data")
    out = tmp_path / "comparison"
    result = invoke("compare", scenarios / "flat.yaml", scenarios / "blocks.yaml", "--out", out, "--inputs", inputs,
                    "--time-limit", "30", "--grid-model", "transport", "--hours", "12", "--threads", "1")
    assert result.exit_code == 0, result.output
    for position, name in enumerate(("flat", "blocks"), start=1):
        settings = json.loads((out / name / "run.json").read_text())["settings"]
        assert Path(settings["inputs"]) == inputs
        assert settings["solver"]["time_limit_s"] == 30.0
        assert settings["model"]["grid_model"] == "transport"
        assert settings["hours"] == 12
        line = next(text for text in result.stdout.splitlines() if text.startswith(f"[{position}/2] {name}: "))
        assert [part.split()[0] for part in line.split(": ")[1].split(", ")] == [
            "read", "prepare", "build", "handoff", "solve", "extract", "write"]
    assert f"results {out / 'flat'}" in (out / "report.html").read_text()  # where the run is, not its staging
    # compare's run options are solve's, the same definitions
    shared = {"inputs", "year", "start", "hours", "time_limit", "threads", "grid_model", "solver_method"}
    assert {p.name: p for p in compare.params if p.name in shared} == {p.name: p for p in solve.params
                                                                       if p.name in shared}


def test_reading_a_run_inside_the_comparison_it_would_replace_is_refused(scenarios, tmp_path):
    out = tmp_path / "comparison"
    assert invoke("compare", scenarios / "flat.yaml", scenarios / "blocks.yaml", "--out", out).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    result = invoke("compare", "--read", out / "flat", out / "blocks", "--out", out)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.splitlines() == [(f"error: {out} holds {out / 'flat'}, which this comparison reads; gezopt "
                                          "will not replace it (choose another --out)")]
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_two_scenarios_of_one_name_or_one_named_like_a_comparison_file_are_usage_errors(scenarios, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(scenarios / "flat.yaml", other / "flat.yaml")
    shutil.copy(scenarios / "flat.yaml", other / "plots.yaml")
    result = invoke("compare", scenarios / "flat.yaml", other / "flat.yaml", other / "plots.yaml",
                    "--out", tmp_path / "comparison")
    assert result.exit_code == ExitCode.USAGE
    assert f"{scenarios / 'flat.yaml'} and {other / 'flat.yaml'} would both be solved into 'flat/'" in result.output
    assert "a scenario named 'plots' would overwrite the comparison's 'plots'" in result.output
    assert not (tmp_path / "comparison").exists()
