"""`gezopt sweep`: cases on a local Dask cluster of two workers against single runs, a rerun that reuses
cases with the same inputs hash, a failing case while the others go on, and the sweep file's checks."""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import bus, connection, generator, load, scenario_for, write_dataset

from gezopt.batch import Failure
from gezopt.cli import main
from gezopt.errors import ExitCode
from gezopt.output import MARKER
from gezopt.sweep.cases import check_base, load_case, shared_values
from gezopt.sweep.definition import parse_variation, read_sweep_file, sweep_from_options
from gezopt.sweep.tasks import solve_case

CO2 = "overrides.parameters.co2_price_azn_per_t"
WIND_COST = "overrides.generators.WIND.marginal_cost_azn_per_mwh"
HOURS = 24


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    """A bus with 40 MW of load, imports at 66 AZN/MWh and 0.45 t/MWh, and 50 MW of wind at 80 AZN/MWh:
    imports until the CO2 price makes them dearer than wind (above 31.1 AZN/t)."""
    folder = tmp_path_factory.mktemp("sweep")
    return scenario_for(write_dataset(folder / "one-bus", {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 50.0, cost=80.0)],
        "loads": [load("L", "A", 40.0)],
        "grid_connections": [connection("GRID", "A", import_price=66.0, co2=0.45)],
    }, hours=HOURS), hours=HOURS)


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A local cluster of two worker processes that several tests reach through --scheduler."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def invoke(*arguments: object):
    return CliRunner().invoke(main, [str(a) for a in arguments])


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None whatever the file (CSV reads them as NaN, Parquet as None in text columns)."""
    return frame.astype(object).where(frame.notna(), None)


def single_run_kpis(scenario: Path, out: Path, key: str, value: object) -> dict:
    result = invoke("solve", scenario, "--set", f"{key}={value}", "--out", out, "--threads", "1")
    assert result.exit_code == 0, result.output
    return json.loads((out / "kpis.json").read_text())


def test_a_sweep_on_a_local_cluster_of_two_workers_equals_single_runs(scenario, tmp_path):
    out = tmp_path / "co2"
    result = invoke("sweep", "--base", scenario, "--vary", f"{CO2}=0,20,40,60", "--out", out, "--workers", "2",
                    "--plot", "emissions_t", "--plot", "system_cost_azn")
    assert result.exit_code == 0, result.output
    assert "  solving 4 on a local cluster of 2 workers, one thread per solve" in result.output
    assert result.output.splitlines()[-1] == "4 cases: 4 solved, 0 reused, 0 failed"
    table = pd.read_parquet(out / "sweep.parquet")
    pd.testing.assert_frame_equal(normalised(pd.read_csv(out / "sweep.csv")), normalised(table), check_dtype=False)
    assert list(table["case"]) == [f"co2_price_azn_per_t={value}" for value in (0, 20, 40, 60)]
    assert list(table[CO2]) == [0, 20, 40, 60]
    assert set(table["status"]) == {"solved"}
    kpis = [key for key in table.columns if key not in ("case", "status", CO2, "run_time_s", "inputs_sha256",
                                                           "message")]
    for position, value in enumerate((0, 20, 40, 60)):
        single = single_run_kpis(scenario, tmp_path / f"single-{value}", CO2, value)
        row = table.iloc[position]
        for key in kpis:
            group, _, member = key.partition(".")
            expected = single[group][member] if member else single[group]
            assert row[key] == expected or (pd.isna(row[key]) and expected is None), key
    # imports (0.45 t/MWh) until 40 AZN/t makes them dearer than wind: 40 MW x 24 h x 0.45 t/MWh, then none
    assert list(table["emissions_t"]) == pytest.approx([432.0, 432.0, 0.0, 0.0])
    case = out / "cases" / "co2_price_azn_per_t=40"
    run_info = json.loads((case / "run.json").read_text())
    assert run_info["scenario"]["set"] == {CO2: "40"}
    assert run_info["scenario"]["name"] == "co2_price_azn_per_t=40"
    assert run_info["sweep"]["inputs_sha256"] == table["inputs_sha256"][2]
    assert run_info["settings"]["solver"]["threads"] == 1
    for name in ("emissions_t", "system_cost_azn"):
        assert (out / "plots" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    assert json.loads((out / MARKER).read_text())["kind"] == "sweep"
    assert "| co2_price_azn_per_t=40 | solved | 40 | " in (out / "sweep.md").read_text()


def test_a_rerun_skips_cases_with_the_same_inputs_hash(scenario, scheduler, tmp_path):
    dataset = shutil.copytree(scenario.parent / "one-bus", tmp_path / "one-bus")
    scenario = scenario_for(dataset, HOURS)
    out = tmp_path / "wind"
    first = invoke("sweep", "--base", scenario, "--vary", f"{WIND_COST}=60,90", "--out", out,
                   "--scheduler", scheduler)
    assert first.exit_code == 0, first.output
    assert f"on the cluster at {scheduler} of 2 workers" in first.output
    kept = (out / "cases" / "marginal_cost_azn_per_mwh=60" / "kpis.json")
    inode = kept.stat().st_ino

    again = invoke("sweep", "--base", scenario, "--vary", f"{WIND_COST}=60,90,120", "--out", out,
                   "--scheduler", scheduler)
    assert again.exit_code == 0, again.output
    assert "  2 reused: their results have the same inputs hash" in again.output
    assert "  solving 1 on the cluster" in again.output
    table = pd.read_csv(out / "sweep.csv")
    assert list(table["status"]) == ["reused", "reused", "solved"]
    assert kept.stat().st_ino == inode  # the same file, carried into the new folder by a hard link
    # wind at 60 AZN/MWh serves the load; at 90 and 120 it is dearer than imports
    assert list(table["imports_mwh"]) == pytest.approx([0.0, 960.0, 960.0])

    loads = pd.read_csv(dataset / "loads.csv")  # the dataset changes: nothing is reused
    pd.concat([loads, loads.assign(load_id="L2", annual_energy_mwh=8760.0)]).to_csv(dataset / "loads.csv", index=False)
    third = invoke("sweep", "--base", scenario, "--vary", f"{WIND_COST}=60", "--out", out, "--scheduler", scheduler)
    assert third.exit_code == 0, third.output
    assert "reused: their results" not in third.output
    assert pd.read_csv(out / "sweep.csv")["consumption_mwh"][0] == pytest.approx(41.0 * HOURS)


def test_a_failing_case_is_reported_with_its_key_path_and_the_others_go_on(scenario, scheduler, tmp_path):
    sweep_file = tmp_path / "mixed.yaml"
    sweep_file.write_text(f"base: {scenario}\ncases:\n  - {{{CO2}: 10}}\n  - {{horizon.hours: 0}}\n"
                          f"  - {{overrides.generators.NOPE.p_nom_mw: 5}}\n  - {{{CO2}: 50}}\n")
    out = tmp_path / "mixed"
    result = invoke("sweep", sweep_file, "--out", out, "--scheduler", scheduler)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.splitlines() == [
        (f"FAILED  hours=0: 1 input problem: {sweep_file}:-:cases.1.horizon.hours: Input should be greater than 0 "
        "(got 0)"),
        (f"FAILED  p_nom_mw=5: 1 input problem: {sweep_file}:-:cases.2.overrides.generators.NOPE: no "
        "generators row with id 'NOPE'"),
        "4 cases: 2 solved, 0 reused, 2 failed (hours=0, p_nom_mw=5)",
    ]
    table = pd.read_csv(out / "sweep.csv")
    assert list(table["status"]) == ["solved", "failed", "failed", "solved"]
    assert table["message"][2].endswith("no generators row with id 'NOPE'")
    assert sorted(path.name for path in (out / "cases").iterdir()) == ["co2_price_azn_per_t=10",
                                                                         "co2_price_azn_per_t=50"]


def test_a_worker_without_the_sweeps_dataset_refuses_the_case(scenario, tmp_path):
    definition = sweep_from_options(scenario, [parse_variation(f"{CO2}=5")], ())
    shared = shared_values(definition, ())
    check_base(definition, shared)
    task = load_case(definition, shared, definition.cases[0], tmp_path / "case", {})
    other = dataclasses.replace(task, dataset_sha256="0" * 64)
    assert solve_case(other) == Failure(
        name="co2_price_azn_per_t=5", exit_code=ExitCode.INPUT_ERROR,
        message=(f"worker local does not have the sweep's dataset at {task.settings.inputs} (missing or different "
                 "files); start the workers in a copy of the project with the same dataset"))


def test_an_invalid_sweep_file_is_refused_with_every_problem_before_anything_is_solved(scenario, tmp_path):
    sweep_file = tmp_path / "bad.yaml"
    sweep_file.write_text(f"base: {scenario}\ncolour: red\nset: {{{CO2}: 5, horizon..hours: 3}}\n"
                          f"grid:\n  {CO2}: [1, 2, 1]\n  hydrology.inflow_scale: 0.5\n  year: []\n"
                          "plot: [1]\n")
    out = tmp_path / "out"
    result = invoke("sweep", sweep_file, "--out", out)
    assert result.exit_code == ExitCode.INPUT_ERROR
    label = str(sweep_file)
    assert result.stderr.splitlines() == [
        "error: 7 input problems:",
        f"{label}:-:colour: unknown key; a sweep file has description, base, set, grid, cases, plot",
        f"{label}:-:grid.hydrology.inflow_scale: must be a list of one or more values (got 0.5)",
        f"{label}:-:grid.{CO2}: is also in set; give a key path in one place",
        f"{label}:-:grid.{CO2}: value '1' is given twice",
        f"{label}:-:grid.year: must be a list of one or more values (got [])",
        f"{label}:-:plot: must be a list of KPI names, as in kpis.json (got [1])",
        f"{label}:-:set.horizon..hours: 'horizon..hours' has an empty segment; a key path is names joined by dots",
    ]
    assert not out.exists()


def test_a_sweep_needs_grid_or_cases_and_a_base_that_exists(tmp_path):
    sweep_file = tmp_path / "empty.yaml"
    sweep_file.write_text("base: nowhere\n")
    result = invoke("sweep", sweep_file, "--out", tmp_path / "out")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.splitlines()[1:] == [
        (f"{sweep_file}:-:-: give grid (values of each key path: every combination is a case) or cases (a list of "
        "cases), one of the two"),
        (f"{sweep_file}:-:base: scenario 'nowhere' not found (looked for {tmp_path / 'nowhere.yaml'}, "
        "scenarios/nowhere.yaml)"),
    ]


def test_a_base_made_invalid_by_the_shared_values_stops_the_sweep(scenario, tmp_path):
    sweep_file = tmp_path / "shared.yaml"
    sweep_file.write_text(f"base: {scenario}\nset: {{horizon.hours: -3}}\ngrid: {{{CO2}: [1, 2]}}\n")
    result = invoke("sweep", sweep_file, "--out", tmp_path / "out", "--set", "grid_model=ac")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.splitlines() == [
        "error: 2 input problems:",
        f"{sweep_file}:-:set.horizon.hours: Input should be greater than 0 (got -3)",
        "command line:-:--set grid_model: Input should be 'dc' or 'transport' (got 'ac')",
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("arguments", "message"), [
    (("--vary", f"{CO2}"), f"Invalid value for '--vary': '{CO2}' is not KEY=VALUE (e.g. horizon.hours=48)"),
    (("--vary", f"{CO2}=1,[2"), ("Invalid value for '--vary': '1,[2' is not a list of YAML values separated by "
                                "commas: expected ',' or ']', but got '<stream end>'")),
    (("--vary", f"{CO2}=1,1"), f"Invalid value for '--vary': {CO2}: value '1' is given twice"),
    ((), "give a sweep file, or --base SCENARIO with one or more --vary KEY=V1,V2,..."),
])
def test_wrong_options_are_usage_errors(scenario, arguments, message):
    result = invoke("sweep", "--base", scenario, *arguments)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_a_sweep_is_never_written_over_a_folder_gezopt_did_not_write(scenario, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = invoke("sweep", "--base", scenario, "--vary", f"{CO2}=1,2", "--out", out)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.splitlines() == [
        (f"error: {out} is a folder gezopt did not write (it has no {MARKER} marker); gezopt will not replace it "
        "(choose another --out, or a new or empty folder)")]
    assert [path.name for path in out.iterdir()] == ["notes.txt"]


def test_case_names_are_the_values_with_the_shortest_distinct_key_paths(scenario, tmp_path):
    sweep_file = tmp_path / "names.yaml"
    sweep_file.write_text(f"base: {scenario}\ncases:\n"
                          "  - {overrides.generators.A.p_nom_mw: 1, overrides.generators.B.p_nom_mw: 2}\n"
                          "  - {overrides.generators.A.p_nom_mw: 3, horizon.start: '01-01 06:00'}\n")
    definition = read_sweep_file(sweep_file)
    assert [case.name for case in definition.cases] == ["A.p_nom_mw=1,B.p_nom_mw=2",
                                                        "A.p_nom_mw=3,start=01-01_06_00"]
    assert definition.parameters == ("overrides.generators.A.p_nom_mw", "overrides.generators.B.p_nom_mw",
                                     "horizon.start")


def test_a_cluster_whose_workers_run_several_threads_is_refused(scenario, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster:
        address = cluster.scheduler_address
        worker = next(iter(cluster.workers.values())).address
        result = invoke("sweep", "--base", scenario, "--vary", f"{CO2}=1,2", "--out", tmp_path / "out",
                        "--scheduler", address)
    assert result.exit_code == ExitCode.CLUSTER_FAILURE
    assert result.stderr.splitlines() == [
        (f"error: worker {worker} of {address} runs 2 threads; gezopt solves one case per worker process: start "
        "workers with --nthreads 1 (and --nworkers N for N processes)")]
    assert not (tmp_path / "out").exists()
