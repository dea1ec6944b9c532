"""The solver boundary: what HiGHS is handed is checked, what it answers is checked, and kpis.json is valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

import highspy
import pyomo.environ as pyo
import pytest
from click.testing import CliRunner
from conftest import bus, generator, load, write_dataset

from gezopt.cli import main
from gezopt.config import SolverSettings
from gezopt.errors import ExitCode, ModelInputError
from gezopt.solve import solve, solver_version


def solve_cli(dataset: Path, tmp_path: Path) -> tuple[int, str, Path]:
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out)])
    return result.exit_code, result.output, out


def test_an_empty_model_is_bad_input_not_an_optimum(tmp_path):
    dataset = write_dataset(tmp_path / "empty", {"buses": [bus("A")]})
    code, output, out = solve_cli(dataset, tmp_path)
    assert code == ExitCode.INPUT_ERROR, output
    assert ("error: the model is empty: nothing in the dataset is in service in this horizon "
            "(no unit, load, line or connection to dispatch)") in output.splitlines()
    assert not out.exists()


def test_a_model_highs_rejects_is_a_solver_failure(tmp_path, monkeypatch):
    dataset = write_dataset(tmp_path / "d", {"buses": [bus("A")], "generators": [generator("W", "A", 5.0)],
                                             "loads": [load("L", "A", 1.0)]})
    monkeypatch.setattr(highspy.Highs, "passModel", lambda self, *model: highspy.HighsStatus.kError)
    code, output, out = solve_cli(dataset, tmp_path)
    assert code == ExitCode.SOLVER_FAILURE, output
    assert any(line.startswith("error: HiGHS rejected the model (Error): ") for line in output.splitlines()), output
    assert not out.exists()


def test_non_finite_coefficients_never_reach_the_solver():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 1))
    m.y = pyo.Var(bounds=(0, 1))
    m.c = pyo.Constraint(expr=float("inf") * m.x + m.y >= 1)
    m.o = pyo.Objective(expr=m.x + m.y)
    with pytest.raises(ModelInputError) as error:
        solve(m, SolverSettings())
    assert str(error.value) == ("the model holds 1 non-finite matrix coefficients: check the "
                                "inputs and the scenario for inf, NaN or values out of range")


def test_highs_prints_nothing_when_its_log_is_off(capfd):
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 1))
    m.o = pyo.Objective(expr=-m.x)
    assert solver_version()
    assert solve(m, SolverSettings()).column_values.tolist() == [1.0]
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_kpis_json_is_valid_json_without_a_national_grid(tmp_path):
    """No connection: no import peak to report, 0 rather than NaN; and no NaN anywhere in the file."""
    dataset = write_dataset(tmp_path / "island", {"buses": [bus("A")], "generators": [generator("W", "A", 5.0)],
                                                  "loads": [load("L", "A", 1.0)]})
    code, output, out = solve_cli(dataset, tmp_path)
    assert code == 0, output

    def refuse(constant: str) -> None:
        raise AssertionError(f"kpis.json holds {constant}")

    kpis = json.loads((out / "kpis.json").read_text(), parse_constant=refuse)
    assert kpis["peak_import_mw"] == 0.0 and kpis["peak_export_mw"] == 0.0


def test_auto_method_is_simplex_for_short_horizons_and_hipo_for_long_ones(monkeypatch):
    from gezopt import solve as solve_module
    from gezopt.config import SolverMethod
    from gezopt.errors import SolverFailureError

    monkeypatch.setattr(solve_module, "hipo_available", lambda: True)
    assert solve_module.method_for(SolverMethod.AUTO, 168) is SolverMethod.SIMPLEX
    assert solve_module.method_for(SolverMethod.AUTO, solve_module.HIPO_FROM_SNAPSHOTS - 1) is SolverMethod.SIMPLEX
    assert solve_module.method_for(SolverMethod.AUTO, solve_module.HIPO_FROM_SNAPSHOTS) is SolverMethod.HIPO
    assert solve_module.method_for(SolverMethod.IPM, 8760) is SolverMethod.IPM
    monkeypatch.setattr(solve_module, "hipo_available", lambda: False)
    assert solve_module.method_for(SolverMethod.AUTO, 8760) is SolverMethod.SIMPLEX  # falls back where HiPO is missing
    with pytest.raises(SolverFailureError, match="solver method hipo needs the package highspy-extras"):
        solve_module.method_for(SolverMethod.HIPO, 168)


def test_the_solver_method_option_is_used_and_recorded(tmp_path):
    from gezopt.solve import hipo_available

    dataset = write_dataset(tmp_path / "d", {"buses": [bus("A")], "generators": [generator("W", "A", 5.0)],
                                             "loads": [load("L", "A", 1.0)]})
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    for method in ("simplex", "ipm", *(["hipo"] if hipo_available() else [])):
        out = tmp_path / method
        result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--solver-method", method])
        assert result.exit_code == 0, result.output
        assert json.loads((out / "run.json").read_text())["solver"]["method"] == method
    out = tmp_path / "auto"
    assert CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out)]).exit_code == 0
    assert json.loads((out / "run.json").read_text())["solver"]["method"] == "simplex"  # 24 snapshots


def test_interior_point_without_crossover_is_an_option_and_recorded(tmp_path):
    """``solver.crossover: false`` leaves an interior-point solve off the vertex (run.json says so) at the
    same optimal objective, to the interior point's tolerance; simplex is a vertex whatever it says."""
    from gezopt.solve import hipo_available

    dataset = write_dataset(tmp_path / "d", {"buses": [bus("A"), bus("B")],
                                             "generators": [generator("W", "A", 5.0), generator("V", "B", 5.0)],
                                             "loads": [load("L", "A", 1.0), load("M", "B", 2.0)]})
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    solved = {}
    for method in ("simplex", "ipm", *(["hipo"] if hipo_available() else [])):
        for crossover in ("true", "false"):
            out = tmp_path / f"{method}-{crossover}"
            result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--solver-method", method,
                                               "--set", f"solver.crossover={crossover}"])
            assert result.exit_code == 0, result.output
            solved[method, crossover] = json.loads((out / "run.json").read_text())["solver"]
    assert solved["simplex", "false"]["vertex"] is True
    for (method, crossover), record in solved.items():
        if method != "simplex":
            assert record["vertex"] is (crossover == "true")
        assert record["objective_azn"] == pytest.approx(solved["simplex", "true"]["objective_azn"], rel=1e-7, abs=1e-6)
