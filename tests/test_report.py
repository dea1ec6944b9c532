"""The report: `gezopt compare` and `gezopt plot` end to end, the self-contained HTML, the KPI table,
optional bills and tariff KPIs, long horizons with congestion, and folders that are not results folders."""

from __future__ import annotations

import base64
import json
import re
import shutil
from html import escape
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import (
    REPOSITORY,
    bus,
    connection,
    generator,
    line,
    load,
    run_settings_for,
    write_dataset,
)

from gezopt.cli import main
from gezopt.config import GridModel
from gezopt.pipeline import run
from gezopt.report import kpi_table, read_results_folder, read_results_folders, write_plots
from gezopt.report.bar_charts import NO_EMISSIONS
from gezopt.report.plots import PLOTS, dispatch_stack, nodal_prices
from gezopt.report.tables import INDICATORS, format_value
from gezopt.scenario import Scenario

SCENARIOS = ("ev-uncontrolled", "ev-smart")
RUNS = Path("results/comparison")  # `gezopt compare` solves each scenario into a folder of the comparison
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EMBEDDED_PNG = '<img src="data:image/png;base64,'
ALWAYS_DRAWN = {"dispatch", "energy_mix", "load_duration", "prices", "ev_charging"}
NOT_EMITTING = {"emissions"}  # the EV scenarios emit nothing: the panel is a sentence saying so
NEEDS_TARIFFS = {"bills", "cost_recovery"}


def is_png(data: bytes) -> bool:
    return data.startswith(PNG_MAGIC) and len(data) > 5_000


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> tuple[Path, str]:
    """`gezopt compare` of the two EV scenarios, solved into <tmp>/results/comparison/<scenario>/."""
    folder = tmp_path_factory.mktemp("compare")
    arguments = [str(REPOSITORY / "scenarios" / f"{name}.yaml") for name in SCENARIOS]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # results/comparison/ is relative to the working folder
        result = CliRunner().invoke(main, ["compare", *arguments, "--threads", "1"])
    assert result.exit_code == 0, result.output
    return folder, result.output


def with_tariffs(source: Path, target: Path) -> Path:
    """A copy of a results folder with a bills table and the tariff KPIs, as the tariff runs will write."""
    shutil.copytree(source, target)
    pd.DataFrame({
        "consumer_class": ["residential", "commercial", "industrial"],
        "energy_mwh": [3000.0, 2000.0, 1400.0], "customers": [20000, 1500, 40],
        "bill_azn": [240000.0, 200000.0, 120000.0],
        "average_monthly_bill_azn_per_customer": [52.0, 577.0, 13000.0],
        "average_price_azn_per_mwh": [80.0, 100.0, 86.0],
    }).to_csv(target / "bills.csv", index=False)
    kpis = json.loads((target / "kpis.json").read_text())
    kpis.update(tariff_revenue_azn=560000.0, consumer_full_cost_azn=640000.0, cost_recovery_ratio=0.875,
                subsidy_azn=80000.0, carbon_certificate_revenue_azn=0.0)
    (target / "kpis.json").write_text(json.dumps(kpis))
    return target


def test_compare_solves_the_scenarios_and_writes_the_table(compared):
    folder, output = compared
    comparison = folder / "results" / "comparison"
    assert output.startswith("solving 2 scenarios into results/comparison/\n")
    for position, name in enumerate(SCENARIOS, start=1):
        assert (folder / RUNS / name / "kpis.json").is_file()
        progress = next(line for line in output.splitlines() if line.startswith(f"[{position}/2] {name}: "))
        stages = [part.split()[0] for part in progress.split(": ")[1].split(", ")]
        assert stages == ["read", "prepare", "build", "handoff", "solve", "extract", "write"]  # no tariffs, no respond
        assert progress.endswith(": solved")
    header = next(line for line in output.splitlines() if line.startswith("KPI"))
    assert header.split() == ["KPI", "unit", *SCENARIOS]
    assert "note: Bills by consumer class: skipped" in output

    table = pd.read_csv(comparison / "comparison.csv")
    assert list(table.columns) == ["kpi", "unit", *SCENARIOS]
    rows = table.set_index("kpi")
    assert {"system cost", "cost per MWh served", "consumption", "peak load", "local generation", "imports",
            "exports", "emissions", "renewable share", "curtailment", "load shed",
            "EV charging cost per vehicle", "heat-pump electricity"} <= set(rows.index)
    assert "tariff revenue" not in rows.index  # tariff KPIs only when a run has them
    smart, uncontrolled = rows["ev-smart"], rows["ev-uncontrolled"]
    assert smart["peak load"] < uncontrolled["peak load"]  # README: smart charging leaves the peak hour
    assert smart["EV charging cost per vehicle"] < uncontrolled["EV charging cost per vehicle"]
    kpis = json.loads((folder / RUNS / "ev-smart" / "kpis.json").read_text())
    assert smart["system cost"] == pytest.approx(kpis["system_cost_azn"])
    assert smart["renewable share"] == pytest.approx(100.0 * kpis["renewable_share"])

    markdown = (comparison / "comparison.md").read_text()
    table_lines = [line for line in markdown.splitlines() if line.startswith("|")]
    assert table_lines[0] == "| KPI | unit | ev-uncontrolled | ev-smart |"
    assert table_lines[1] == "|---|---|---:|---:|"
    assert len(table_lines) == 2 + len(rows)


def test_the_html_report_is_self_contained(compared):
    folder, _ = compared
    html = (folder / "results" / "comparison" / "report.html").read_text()
    assert html.count(EMBEDDED_PNG) == len(ALWAYS_DRAWN)  # bills and cost recovery skipped: no tariffs yet
    for encoded in re.findall(r'data:image/png;base64,([A-Za-z0-9+/=]+)"', html):
        assert is_png(base64.b64decode(encoded))
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    kpi_section = html[html.index('<table class="kpis">'):html.index("</table>")]
    for name in SCENARIOS:
        assert f">{name}</th>" in kpi_section
    assert "EVs charge when the LP schedules them (smart)" in html  # the descriptions from run.json
    for kind in PLOTS:
        assert f"<h3>{kind.title}</h3>" in html
    assert html.count('<p class="note">skipped:') == len(NEEDS_TARIFFS)
    assert html.count(f'<p class="empty">{escape(NO_EMISSIONS)}</p>') == 1


def test_compare_of_results_folders_reads_them_and_gives_the_same_report(compared, tmp_path):
    folder, _ = compared
    out = tmp_path / "again"
    result = CliRunner().invoke(main, ["compare", "--read", *(str(folder / RUNS / n) for n in SCENARIOS),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "solved" not in result.output
    solved = folder / "results" / "comparison"
    assert (out / "comparison.csv").read_text() == (solved / "comparison.csv").read_text()
    images = [re.findall(r'data:image/png;base64,([A-Za-z0-9+/=]+)"', (path / "report.html").read_text())
              for path in (out, solved)]
    assert images[0] == images[1]  # the same results give the same PNG bytes


def test_plot_writes_the_single_run_plots_as_png(compared, tmp_path):
    folder, _ = compared
    results = folder / RUNS / "ev-smart"
    result = CliRunner().invoke(main, ["plot", str(results), "--out", str(tmp_path / "plots")])
    assert result.exit_code == 0, result.output
    written = {path.stem: path.read_bytes() for path in (tmp_path / "plots").glob("*.png")}
    assert set(written) == ALWAYS_DRAWN
    assert all(is_png(data) for data in written.values())
    assert "note: bills: skipped: ev-smart: no bills.csv" in result.output

    result = CliRunner().invoke(main, ["plot", str(results)])  # default: RESULTS/plots
    assert result.exit_code == 0, result.output
    assert {path.stem for path in (results / "plots").glob("*.png")} == ALWAYS_DRAWN
    shutil.rmtree(results / "plots")


def test_bills_and_cost_recovery_are_drawn_when_the_run_has_tariffs(compared, tmp_path):
    folder, _ = compared
    tariffs = with_tariffs(folder / RUNS / "ev-smart", tmp_path / "tariffs")
    written = write_plots(read_results_folder(tariffs), tmp_path / "plots")
    assert {path.stem for path in written.files} == ALWAYS_DRAWN | NEEDS_TARIFFS
    assert written.skipped == {"emissions": NO_EMISSIONS}

    result = CliRunner().invoke(main, ["compare", "--read", str(folder / RUNS / "ev-uncontrolled"),
                                       str(tariffs), "--out", str(tmp_path / "comparison")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "comparison" / "report.html").read_text()
    assert html.count(EMBEDDED_PNG) == len(ALWAYS_DRAWN | NEEDS_TARIFFS)  # drawn for the run that has them
    rows = pd.read_csv(tmp_path / "comparison" / "comparison.csv").set_index("kpi")
    assert rows.loc["cost recovery ratio", "ev-smart"] == pytest.approx(87.5)
    assert pd.isna(rows.loc["cost recovery ratio", "ev-uncontrolled"])
    printed = next(line for line in result.output.splitlines() if line.startswith("cost recovery ratio"))
    assert printed.split() == ["cost", "recovery", "ratio", "%", "-", "87.5"]


@pytest.mark.parametrize("make", ["missing", "empty", "no_run_json", "bad_json"])
def test_a_folder_that_is_not_a_results_folder_is_a_clear_error(make, compared, tmp_path):
    folder, _ = compared
    target = tmp_path / "not-results"
    if make != "missing":
        target.mkdir()
    if make == "no_run_json":
        (target / "kpis.json").write_text("{}")
    if make == "bad_json":
        (target / "kpis.json").write_text("{not json")
        (target / "run.json").write_text("{}")
    for arguments in (["plot", str(target)],
                      ["compare", "--read", str(folder / RUNS / "ev-smart"), str(target),
                       "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 3, result.output
        assert f"error: {target} is not a results folder" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_compare_without_read_given_a_folder_says_to_pass_read(compared):
    folder, _ = compared
    result = CliRunner().invoke(main, ["compare", str(folder / RUNS / "ev-smart")])
    assert result.exit_code == 2
    assert "pass --read" in result.output


def test_long_congested_run_draws_daily_means_and_a_price_map(tmp_path):
    """40 days, two buses and a congested line: daily means, a bus x time heatmap, no EV fleets."""
    hours = 960
    inputs = write_dataset(tmp_path / "inputs", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B", s_nom_mva=30.0)],
        "generators": [generator("WIND_A", "A", 90.0, profile="windy")],
        "loads": [load("LOAD_B", "B", 60.0)],
        "grid_connections": [connection("GRID_B", "B", import_price=66.0, export_price=10.0)],
    }, profiles={"windy": [0.2 + 0.8 * ((h // 6) % 2) for h in range(hours)]}, hours=hours)
    scenario = Scenario(name="congested", path=inputs / "congested.yaml", description="a congested line",
                        inputs=inputs, year=2025, start=None, hours=None, grid_model=GridModel.DC)
    run(run_settings_for(inputs, out=tmp_path / "results"), scenario)
    results = read_results_folder(tmp_path / "results")

    assert dispatch_stack(results).axes[0].get_title(loc="left") == "congested, 2025 (daily means)"
    price_figure = nodal_prices(results)
    titles = [axes.get_title(loc="left") for axes in price_figure.axes]
    assert titles[:2] == ["mean and range over buses", "congested, 2025 (daily means): price by bus"]
    written = write_plots(results, tmp_path / "plots")
    assert {path.stem for path in written.files} == ALWAYS_DRAWN - {"ev_charging"} | {"emissions"}  # imports emit
    assert written.skipped["ev_charging"] == "skipped: congested: no EV fleets in this run"


def test_kpi_table_values_and_formatting(compared):
    folder, _ = compared
    folders = read_results_folders([folder / RUNS / n for n in (*SCENARIOS, "ev-smart")])
    assert [f.label for f in folders] == ["ev-uncontrolled", "ev-smart #2", "ev-smart #3"]
    table = kpi_table(folders)
    assert table.to_text().splitlines()[0].split()[-1] == "#3"
    assert [i.label for i in table.indicators] == [i.label for i in INDICATORS if not i.optional]
    cost = next(i for i in INDICATORS if i.label == "system cost")
    assert format_value(cost, -67109.9) == "-67,110"
    assert format_value(cost, -0.2) == "0"  # no "-0"
    assert format_value(cost, None) == "-"
