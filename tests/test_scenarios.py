"""Scenarios as a configuration language, batch runs, and `gezopt regress`."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, bus, connection, generator, load, write_dataset

from gezopt import regression
from gezopt.cli import main
from gezopt.data import load_zone
from gezopt.errors import ExitCode, InputError
from gezopt.pipeline import run
from gezopt.scenario import apply_scenario, load_scenario, run_settings


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data", {
        "buses": [bus("A"), bus("B")],
        "lines": [{"line_id": "AB", "bus0": "A", "bus1": "B", "voltage_kv": 110.0, "length_km": 10.0,
                   "circuits": 1, "x_ohm_per_km": 0.4, "s_nom_mva_per_circuit": 100.0}],
        "generators": [generator("WIND", "A", 20.0, cost=1.0)],
        "loads": [load("L", "B", 10.0)],
        "grid_connections": [connection("GRID", "B", export_price=0.0)],
    })


def scenario_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as error:
        load_scenario(path)
    return [str(p) for p in error.value.problems]


def test_extends_chain_merges_parent_first(dataset, tmp_path):
    folder = tmp_path / "scenarios"
    scenario_file(folder, "grand", f"description: g\ninputs: {dataset}\nyear: 2025\nhorizon: {{start: '01-01 02:00', hours: 12}}\n")
    scenario_file(folder, "parent", "description: p\nextends: grand\nhorizon: {hours: 6}\ngrid_model: transport\n")
    child = scenario_file(folder, "child", "description: c\nextends: parent\nsolver: {threads: 1}\n")
    loaded = load_scenario(child)
    assert (loaded.description, loaded.parent, loaded.start, loaded.hours, loaded.grid_model.value,
            loaded.solver["threads"]) == ("c", "parent", "01-01 02:00", 6, "transport", 1)
    shown = CliRunner().invoke(main, ["show", str(child)])
    assert shown.exit_code == 0 and "hours: 6" in shown.output and "grid_model: transport" in shown.output


def test_extends_cycle_and_missing_parent_are_errors(tmp_path):
    folder = tmp_path / "scenarios"
    scenario_file(folder, "a", "description: a\nextends: b\n")
    scenario_file(folder, "b", "description: b\nextends: a\n")
    assert problems_of(folder / "a.yaml") == [f"{folder}/b.yaml:-:extends: extends chain forms a cycle: a -> b -> a"]
    orphan = scenario_file(folder, "orphan", "description: o\nextends: nobody\n")
    assert problems_of(orphan) == [
        f"{orphan}:-:extends: scenario 'nobody' not found (looked for {folder}/nobody.yaml, scenarios/nobody.yaml)"]


def test_schema_errors_name_the_file_and_key_path(dataset, tmp_path):
    path = scenario_file(tmp_path, "bad", f"description: x\ninputs: {dataset}\ncolour: red\nyear: soon\n"
                                          "horizon: {hours: 0, resolution_hours: 2}\nsolver: {method: magic}\n")
    assert problems_of(path) == [
        f"{path}:-:colour: unknown key",
        f"{path}:-:horizon.hours: Input should be greater than 0 (got 0)",
        f"{path}:-:solver.method: Input should be 'auto', 'simplex', 'hipo', 'ipm' or 'choose' (got 'magic')",
        f"{path}:-:year: Input should be a valid integer, unable to parse string as an integer (got 'soon')",
    ]
    low = scenario_file(tmp_path, "low", f"description: x\ninputs: {dataset}\nyear: 1800\n")
    assert problems_of(low) == [f"{low}:-:year: Input should be greater than or equal to 1900 (got 1800)"]


def test_references_to_missing_columns_and_ids_are_errors(dataset, tmp_path):
    path = scenario_file(tmp_path, "refs", f"description: x\ninputs: {dataset}\noverrides:\n"
                                           "  generators: {WIND: {not_a_column: 1}, NOPE: {p_nom_mw: 1}}\n"
                                           "  loads: {L: {annual_energy_mwh: -5}}\n")
    loaded = load_scenario(path)
    with pytest.raises(InputError) as error:
        apply_scenario(load_zone(dataset), loaded)
    assert [str(p) for p in error.value.problems] == [
        f"{path}:-:overrides.generators.NOPE: no generators row with id 'NOPE'",
        f"{path}:-:overrides.generators.WIND.not_a_column: unknown column of generators",
        f"{path}:-:overrides.loads.L.annual_energy_mwh: -5 is below the minimum 0 (MWh/yr)",
    ]


def test_override_by_id_and_column_changes_exactly_one_value(dataset, tmp_path):
    path = scenario_file(tmp_path, "one", f"description: x\ninputs: {dataset}\n"
                                          "overrides: {generators: {WIND: {p_nom_mw: 35}}}\n")
    before = load_zone(dataset)
    after = apply_scenario(before, load_scenario(path))
    changed = (before.generators != after.generators) & ~(before.generators.isna() & after.generators.isna())
    assert changed.to_numpy().sum() == 1
    assert after.generators.at["WIND", "p_nom_mw"] == 35.0 and before.generators.at["WIND", "p_nom_mw"] == 20.0
    for name in ("buses", "lines", "loads", "grid_connections"):
        pd.testing.assert_frame_equal(before.table(name), after.table(name))


def test_add_and_remove_units_and_scale_a_profile(dataset, tmp_path):
    path = scenario_file(tmp_path, "edit", f"description: x\ninputs: {dataset}\nhorizon: {{hours: 4}}\n"
                                           "remove: {generators: [WIND]}\n"
                                           "add: {generators: [{generator_id: SUN, name: Sun, bus: B, carrier: solar, "
                                           "p_nom_mw: 4, availability_profile: flat}]}\n"
                                           "scale_profiles: {flat: 0.5}\n")
    loaded = load_scenario(path)
    outcome = run(run_settings(loaded), loaded, write=False)
    dispatch = outcome.results.tables["dispatch"]
    assert set(dispatch["unit"]) == {"SUN"}
    assert dispatch["p_mw"].to_numpy() == pytest.approx([2.0] * 4)  # 4 MW x availability 1 x 0.5
    # the load's profile is 'flat' too: 10 MW x 0.5
    assert outcome.results.kpis["consumption_mwh"] == pytest.approx(4 * 5.0)


def test_n_hourly_resolution_keeps_the_energy(dataset, tmp_path):
    hourly = load_scenario(scenario_file(tmp_path, "h1", f"description: x\ninputs: {dataset}\n"))
    three = load_scenario(scenario_file(tmp_path, "h3", f"description: x\ninputs: {dataset}\n"
                                                      "horizon: {resolution_hours: 3}\n"))
    one = run(run_settings(hourly), hourly, write=False).results
    aggregated = run(run_settings(three), three, write=False).results
    assert len(aggregated.tables["prices"]) == 8 * 2  # 24 h in 8 snapshots of 3 h, 2 buses
    for kpi in ("consumption_mwh", "system_cost_azn", "local_generation_mwh", "imports_mwh"):
        assert aggregated.kpis[kpi] == pytest.approx(one.kpis[kpi])


def test_batch_solve_reports_a_failure_and_goes_on(dataset, tmp_path):
    folder = tmp_path / "scenarios"
    scenario_file(folder, "good", f"description: good\ninputs: {dataset}\n")
    scenario_file(folder, "bad", "description: bad\ninputs: nowhere\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(folder / "*.yaml"), "--out", str(out)])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "1 of 2 scenarios solved" in result.output
    assert (out / "good" / "kpis.json").is_file() and not (out / "bad").exists()


def test_regress_passes_fails_with_the_table_updates_and_writes_junit(dataset, tmp_path):
    scenario = scenario_file(tmp_path / "scenarios", "case", f"description: case\ninputs: {dataset}\n")
    baselines = tmp_path / "baselines"
    runner = CliRunner()
    updated = runner.invoke(main, ["regress", str(scenario), "--baselines", str(baselines), "--update"])
    assert updated.exit_code == 0, updated.output
    baseline = json.loads((baselines / "case.json").read_text())
    assert baseline["scenario_sha256"] == load_scenario(scenario).digest and baseline["versions"]["highs"]

    unchanged = runner.invoke(main, ["regress", str(scenario), "--baselines", str(baselines)])
    assert unchanged.exit_code == 0, unchanged.output
    assert " 0 failed" in unchanged.output

    loads = pd.read_csv(dataset / "loads.csv")
    loads["annual_energy_mwh"] *= 1.5  # 10 MW -> 15 MW: beyond every tolerance
    loads.to_csv(dataset / "loads.csv", index=False)
    junit = tmp_path / "regress.xml"
    moved = runner.invoke(main, ["regress", str(scenario), "--baselines", str(baselines), "--junit", str(junit)])
    assert moved.exit_code == ExitCode.REGRESSION_FAILURE
    row = next(line for line in moved.output.splitlines() if " consumption_mwh " in line)
    assert row.split()[2:4] == ["240", "360"] and row.endswith("FAIL")
    failed = int(moved.output.strip().splitlines()[-1].split(", ")[1].split()[0])
    suite = ElementTree.fromstring(junit.read_text()).find("testsuite")
    assert int(suite.get("failures")) == failed == len(suite.findall("testcase/failure")) > 0

    before = json.loads((baselines / "case.json").read_text())["values"]
    rewritten = runner.invoke(main, ["regress", str(scenario), "--baselines", str(baselines), "--update"])
    assert rewritten.exit_code == 0
    after = json.loads((baselines / "case.json").read_text())["values"]
    assert after["consumption_mwh"] == pytest.approx(360.0)
    # only what moved beyond tolerance is rewritten: the rest keeps its recorded number, bit for bit
    rewritten_names = {name for name in after if after[name] != before.get(name)}
    assert rewritten_names == {c.name for c in regression.compare(load_scenario(scenario), run(
        run_settings(load_scenario(scenario)), load_scenario(scenario), write=False), {"values": before})
        if not c.passed}
    assert f"{len(rewritten_names)} values rewritten" in rewritten.output


def test_regress_names_the_versions_that_differ_from_the_baseline(dataset, tmp_path):
    scenario = scenario_file(tmp_path / "scenarios", "case", f"description: case\ninputs: {dataset}\n")
    baselines = tmp_path / "baselines"
    runner = CliRunner()
    assert runner.invoke(main, ["regress", str(scenario), "--baselines", str(baselines), "--update"]).exit_code == 0
    document = json.loads((baselines / "case.json").read_text())
    running_highs = document["versions"]["highs"]
    document["versions"]["highs"] = "0.9.0"
    (baselines / "case.json").write_text(json.dumps(document))
    result = runner.invoke(main, ["regress", str(scenario), "--baselines", str(baselines)])
    assert result.exit_code == 0, result.output
    assert (f"note    case: the baseline was made with other versions: highs 0.9.0 -> {running_highs}"
            in result.output.splitlines())


def test_thread_counts_agree_within_tolerance():
    loaded = load_scenario(REPOSITORY / "scenarios" / "base-week.yaml")
    first = run(run_settings(loaded, threads=1), loaded, write=False)
    second = run(run_settings(loaded, threads=2), loaded, write=False)
    baseline = {"values": regression.observed(first, [])}
    assert all(check.passed for check in regression.compare(loaded, second, baseline))


def test_every_committed_scenario_is_valid_and_described():
    for path in sorted((REPOSITORY / "scenarios").glob("*.yaml")):
        assert load_scenario(path).description, path


def test_committed_json_schema_is_current():
    from gezopt.scenario import json_schema
    assert json.loads((REPOSITORY / "scenarios" / "schema.json").read_text()) == json_schema()


def test_an_override_means_what_it_says_in_any_year(tmp_path):
    """Year scaling comes before the scenario's changes: vehicles: 100 in 2022 (demand scale 0.5) is 100 vehicles,
    while the fleet left alone is scaled (42 -> 21)."""
    from gezopt.pipeline import prepare

    scenario = scenario_file(tmp_path, "fleet-2022", (
        f"description: a 2022 fleet of 100\nextends: year-2022-week\ninputs: {REPOSITORY / 'inputs' / 'zone'}\n"
        "overrides: {ev_fleets: {EV_HOME_FUZULI: {vehicles: 100}}}\n"))
    # extends by name searches the file's folder: put the parents beside it
    for parent in ("year-2022-week", "year-2022", "base"):
        (tmp_path / f"{parent}.yaml").write_text((REPOSITORY / "scenarios" / f"{parent}.yaml").read_text())
    loaded = load_scenario(scenario)
    zone, _ = prepare(run_settings(loaded), loaded)
    assert zone.year == 2022
    assert zone.ev_fleets.at["EV_HOME_FUZULI", "vehicles"] == 100
    assert zone.ev_fleets.at["EV_HOME_LACHIN", "vehicles"] == 21
