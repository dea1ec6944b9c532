"""--set KEY=VALUE, extends by name from anywhere, and scenario names in show and validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, bus, connection, generator, load, scenario_for, write_dataset

from gezopt.cli import main
from gezopt.errors import ExitCode, InputError
from gezopt.scenario import load_scenario
from gezopt.scenario.assignments import Assignment, parse_assignment


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return scenario_for(write_dataset(tmp_path / "one-bus", {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 20.0, cost=1.0)],
        "loads": [load("L", "A", 10.0)],
        "grid_connections": [connection("GRID", "A")],
    }), hours=12)


def invoke(*arguments: str):
    return CliRunner().invoke(main, [*arguments])


def test_set_changes_the_run_and_is_recorded_in_run_json(scenario, tmp_path):
    out = tmp_path / "out"
    result = invoke("solve", str(scenario), "--out", str(out), "--set", "horizon.hours=6",
                    "--set", "overrides.generators.WIND.p_nom_mw=5", "--set", "overrides.parameters.co2_price_azn_per_t=50")
    assert result.exit_code == 0, result.output
    assert "horizon 6 h from the start of the profiles (set by --set horizon.hours, not the description)" in result.output
    assert "  set horizon.hours=6, overrides.generators.WIND.p_nom_mw=5, overrides.parameters.co2_price_azn_per_t=50" \
        in result.output
    assert json.loads((out / "kpis.json").read_text())["hours"] == 6
    run_info = json.loads((out / "run.json").read_text())
    assert run_info["scenario"]["set"] == {"horizon.hours": "6", "overrides.generators.WIND.p_nom_mw": "5",
                                           "overrides.parameters.co2_price_azn_per_t": "50"}
    assert run_info["scenario"]["resolved"]["overrides"] == {
        "generators": {"WIND": {"p_nom_mw": 5}}, "parameters": {"co2_price_azn_per_t": 50}}
    assert run_info["scenario"]["sha256"] != load_scenario(scenario).digest


def test_set_values_are_checked_like_the_file_and_named_at_the_option(scenario, tmp_path):
    out = tmp_path / "out"
    result = invoke("solve", str(scenario), "--out", str(out), "--set", "horizon.hours=-1",
                    "--set", "parameters.co2_price_azn_per_t=50", "--set", "grid_model=[", "--set", "colour=red")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.output.splitlines()[-5:] == [
        "error: 4 input problems:",
        "command line:-:--set colour: unknown key",
        "command line:-:--set grid_model: is not valid YAML: expected the node content, but found '<stream end>'",
        "command line:-:--set horizon.hours: Input should be greater than 0 (got -1)",
        ("command line:-:--set parameters: unknown key; values of a table or a parameter are set under "
        "overrides.parameters"),
    ]
    assert not out.exists()


def test_set_problems_found_after_loading_are_named_at_the_option_too(scenario, tmp_path):
    unknown_row = invoke("solve", str(scenario), "--out", str(tmp_path / "out"),
                         "--set", "overrides.generators.NOPE.p_nom_mw=3")
    assert unknown_row.exit_code == ExitCode.INPUT_ERROR
    assert "command line:-:--set overrides.generators.NOPE: no generators row with id 'NOPE'" in unknown_row.output
    too_long = invoke("validate", str(scenario), "--set", "horizon.hours=48")
    assert too_long.exit_code == ExitCode.INPUT_ERROR
    assert ("command line:-:--set horizon.hours: 48 hours from 2025-01-01 00:00 run past the end of the time series"
            in too_long.output)
    negative = invoke("solve", str(scenario), "--out", str(tmp_path / "out"),
                      "--set", "overrides.generators.WIND.p_nom_mw=-5")
    assert "command line:-:--set overrides.generators.WIND.p_nom_mw:" in negative.output
    assert not (tmp_path / "out").exists()


def test_a_problem_of_the_file_stays_in_the_file(scenario, tmp_path):
    text = scenario.read_text() + "overrides: {generators: {NOPE: {p_nom_mw: 3}}}\n"
    scenario.write_text(text)
    result = invoke("validate", str(scenario), "--set", "overrides.generators.WIND.p_nom_mw=5")
    assert f"{scenario}:-:overrides.generators.NOPE: no generators row with id 'NOPE'" in result.output


def test_set_addresses_list_elements_and_merges_mappings():
    scenario = REPOSITORY / "scenarios" / "tariff-residential-tou-week.yaml"
    loaded = load_scenario(scenario, (Assignment("tariffs.classes.residential.time_of_use.1.azn_per_kwh", "0.2"),
                                      Assignment("horizon", "{hours: 24}")))
    assert loaded.raw["tariffs"]["classes"]["residential"]["time_of_use"][1]["azn_per_kwh"] == 0.2
    assert (loaded.start, loaded.hours) == ("01-13 00:00", 24)  # the mapping merged: start kept
    with pytest.raises(InputError) as error:
        load_scenario(scenario, (Assignment("tariffs.classes.residential.time_of_use.7.azn_per_kwh", "0.2"),))
    assert [str(p) for p in error.value.problems] == [
        ("command line:-:--set tariffs.classes.residential.time_of_use.7.azn_per_kwh: "
        "tariffs.classes.residential.time_of_use is a list of 2; '7' is not one of its positions (0-1)")]


def test_malformed_set_is_a_usage_error():
    result = invoke("show", "base-week", "--set", "horizon.hours")
    assert result.exit_code == ExitCode.USAGE
    assert "'horizon.hours' is not KEY=VALUE (e.g. horizon.hours=48)" in result.output
    with pytest.raises(ValueError, match="'horizon..hours' has an empty segment"):
        parse_assignment("horizon..hours=1")


def test_a_scenario_anywhere_extends_the_project_scenarios_by_name(tmp_path):
    mine = tmp_path / "study" / "co2-50.yaml"
    mine.parent.mkdir()
    mine.write_text("description: base week at 50 AZN/t\nextends: base-week\n"
                    "overrides: {parameters: {co2_price_azn_per_t: 50}}\n")
    loaded = load_scenario(mine)  # base-week and base from scenarios/, the project's folder
    assert (loaded.parent, loaded.hours, loaded.start) == ("base-week", 168, "01-13 00:00")
    assert loaded.inputs == Path("inputs/zone")
    beside = mine.parent / "base-week.yaml"  # the file's own folder comes first
    beside.write_text("description: my own base week\nextends: base\nhorizon: {start: '07-01 00:00', hours: 24}\n")
    assert (load_scenario(mine).hours, load_scenario(mine).start) == (24, "07-01 00:00")


def test_show_and_validate_take_names_like_solve():
    shown = invoke("show", "base-week", "--set", "horizon.hours=24")
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("# scenarios/base-week.yaml (sha256 ")
    assert "  hours: 24\n" in shown.output
    validated = invoke("validate", "base-week", "--set", "horizon.hours=24")
    assert validated.exit_code == 0, validated.output
    assert validated.output.rstrip().endswith("24 snapshots")
    missing = invoke("show", "no-such-scenario")
    assert missing.exit_code == ExitCode.INPUT_ERROR
    assert "no-such-scenario:-:-: scenario file does not exist" in missing.output
