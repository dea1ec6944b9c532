"""--write-lp, --solver-log and progress: what a user sees of the solve, and files never overwritten."""

from __future__ import annotations

import json
import time
from pathlib import Path

import highspy
import pytest
from click.testing import CliRunner
from conftest import (
    bus,
    connection,
    generator,
    line,
    load,
    scenario_for,
    waste_plant,
    write_dataset,
)

from gezopt.cli import main
from gezopt.errors import ExitCode
from gezopt.solver_files import lp_names
from gezopt.solver_watch import IterationCount, progress_ticker


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return scenario_for(write_dataset(tmp_path / "two-bus", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B")],
        "generators": [generator("WIND", "A", 20.0, cost=1.0)],
        "loads": [load("L", "B", 10.0)],
        "grid_connections": [connection("GRID", "B")],
    }), hours=6)


def solve(scenario: Path, *options: str):
    return CliRunner().invoke(main, ["solve", str(scenario), "--out", str(scenario.parent / "out"), *options])


@pytest.mark.parametrize("suffix", [".lp", ".mps"])
def test_written_model_has_readable_names_and_solves_to_the_same_objective(scenario, tmp_path, suffix):
    model_file = tmp_path / f"model{suffix}"
    result = solve(scenario, "--write-lp", str(model_file))
    assert result.exit_code == 0, result.output
    assert f"model written to {model_file}" in result.output
    comment = "\\" if suffix == ".lp" else "*"
    assert model_file.read_text().splitlines()[0] == f"{comment} gezopt model file: scenario two-bus"
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    assert highs.readModel(str(model_file)) == highspy.HighsStatus.kOk
    lp = highs.getLp()
    assert "nodal_balance(B,0)" in lp.row_names_ and "renewable_dispatch(WIND,5)" in lp.col_names_
    highs.run()
    kpis = json.loads((tmp_path / "out" / "kpis.json").read_text())
    # the LP handed to HiGHS carries the tie-break: its objective is the system cost plus the tie-break's total
    assert highs.getInfo().objective_function_value == pytest.approx(
        kpis["system_cost_azn"] + kpis["tie_break_azn"], rel=1e-9)


def test_solver_log_holds_highs_log_under_gezopt_first_line_and_is_replaced_by_the_next_run(scenario, tmp_path):
    log = tmp_path / "highs.log"
    assert solve(scenario, "--solver-log", str(log)).exit_code == 0
    text = log.read_text()
    assert text.startswith("gezopt solver log: scenario two-bus (gezopt ")
    assert "\n== solve by simplex, penalised slacks held at zero\n" in text and "Model status        : Optimal" in text
    result = solve(scenario, "--solver-log", str(log), "--set", "horizon.hours=3")
    assert result.exit_code == 0, result.output
    assert log.read_text().startswith("gezopt solver log: scenario two-bus --set horizon.hours=3 (gezopt ")
    assert log.read_text().count("== solve by") == 1


@pytest.mark.parametrize("option, name", [("--write-lp", "mine.lp"), ("--solver-log", "notes.txt")])
def test_a_file_gezopt_did_not_write_is_refused_before_anything_is_read(scenario, tmp_path, option, name):
    foreign = tmp_path / name
    foreign.write_text("my own notes\n")
    result = solve(scenario, option, str(foreign))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert (f"error: {foreign} is an existing file gezopt did not write; gezopt will not replace it "
            f"(choose another {option})") in result.output
    assert "read " not in result.output  # refused before the dataset is read
    assert foreign.read_text() == "my own notes\n"
    assert not (tmp_path / "out").exists()


def test_solver_files_inside_the_results_folder_or_of_another_format_are_refused(scenario, tmp_path):
    inside = solve(scenario, "--solver-log", str(tmp_path / "out" / "highs.log"))
    assert inside.exit_code == ExitCode.INPUT_ERROR
    assert "lies inside the results folder" in inside.output
    wrong = solve(scenario, "--write-lp", str(tmp_path / "model.txt"))
    assert wrong.exit_code == ExitCode.USAGE
    assert "model.txt must end in .lp or .mps (the format is chosen by the extension)" in wrong.output
    folder = tmp_path / "a-folder.lp"
    folder.mkdir()
    assert "is a folder; gezopt will not replace it" in solve(scenario, "--write-lp", str(folder)).output


def test_an_infeasible_model_is_still_written_for_inspection(tmp_path):
    dataset = write_dataset(tmp_path / "must-run", {
        "buses": [bus("A")],
        "waste_plants": [waste_plant("WTE", "A", 10.0, waste_t_per_day=400.0, electrical_efficiency=0.25,
                                     must_run_share=0.8, cost=10.0)],
        "loads": [load("L", "A", 2.0)],
    })
    path = scenario_for(dataset, hours=4)
    model_file, log = tmp_path / "infeasible.lp", tmp_path / "infeasible.log"
    result = solve(path, "--write-lp", str(model_file), "--solver-log", str(log))
    assert result.exit_code == ExitCode.INFEASIBLE
    assert "lower bound of waste_dispatch (waste) at plant WTE" in result.output
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.readModel(str(model_file))
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kInfeasible
    assert "Model status        : Infeasible" in log.read_text()
    assert not (tmp_path / "out").exists()


def test_one_file_options_take_one_scenario(scenario):
    result = CliRunner().invoke(main, ["solve", str(scenario), str(scenario), "--write-lp", "x.lp"])
    assert result.exit_code == ExitCode.USAGE
    assert "--solver-log and --write-lp name one file: give them with one scenario" in result.output


def test_lp_names_are_safe_for_lp_and_mps_readers_and_unique():
    names = lp_names([("line_flow", ("A-B", 3)), ("line_flow", ("A B", 3)), ("reservoir_end_volume", "DAM")])
    assert names == ["line_flow(A_B,3)", "line_flow(A_B,3)_1", "reservoir_end_volume(DAM)"]


def test_progress_reports_elapsed_time_and_the_iterations_of_highs_log():
    count = IterationCount()
    count.read("  Iteration        Objective     Infeasibilities num(sum)\n")
    count.read("      83796    -2.2201179760e+07 Pr: 56003(874724); Du: 0(4.18917e-08) 7.9s\n")
    count.read("Presolving model\n")
    reports: list[tuple[float, int, str]] = []
    with progress_ticker(lambda *report: reports.append(report), count, interval_s=0.01):
        time.sleep(0.1)
    assert reports and all(iterations == 83796 and kind == "simplex" for _, iterations, kind in reports)
    assert reports[0][0] >= 0.01
    interior = IterationCount(interior_point=7)
    assert interior.latest() == (7, "interior-point")
    interior.interior_point_at(36)
    interior.interior_point_at(-1)  # HiPO's callback once its iterations end (seen on the full year)
    assert interior.latest() == (36, "interior-point")


def test_progress_is_reported_while_highs_runs():
    """Through the solver boundary: the ticker runs while HiGHS solves, and HiGHS's log reaches the count."""
    import pyomo.environ as pyo

    from gezopt.config import SolverSettings
    from gezopt.solve import solve as solve_model
    from gezopt.solver_watch import SolveWatch

    model = pyo.ConcreteModel()
    model.i = pyo.RangeSet(0, 3000)
    model.x = pyo.Var(model.i, bounds=(0, 10))
    model.c = pyo.Constraint(model.i, rule=lambda m, i: m.x[i] + m.x[(i + 1) % 3001] + m.x[(i * 7) % 3001] >= 3 + i % 5)
    model.objective = pyo.Objective(expr=sum((1 + (i * 13) % 17) * model.x[i] for i in model.i))
    reports: list[tuple[float, int, str]] = []
    solution = solve_model(model, SolverSettings(threads=1), watch=SolveWatch(
        progress=lambda *report: reports.append(report), progress_interval_s=0.001))
    assert solution.termination.value == "optimal"
    assert reports, "no progress reported while HiGHS ran"
    assert all(kind in ("simplex", "interior-point") and iterations >= 0 for _, iterations, kind in reports)
