"""The CLI end to end on the default dataset, and invariants rebuilt from the written results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import (
    DEFAULT_INPUTS,
    REPOSITORY,
    bus,
    connection,
    generator,
    line,
    load,
    write_dataset,
)

from gezopt.cli import main
from gezopt.data import load_zone, select_horizon
from gezopt.data.specs.hydro import MONTH_VOLUME_COLUMNS
from gezopt.network import build_network
from gezopt.reservoir_volumes import seasonal_volume_mcm
from gezopt.rivers import build_river_system

WEEK_SCENARIO = REPOSITORY / "scenarios" / "base-week.yaml"
TOLERANCE_MW = 1e-5


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("week") / "base-week"
    result = CliRunner().invoke(main, ["solve", str(WEEK_SCENARIO), "--out", str(out), "--threads", "1"])
    assert result.exit_code == 0, result.output
    return out, result.output


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", parse_dates=["snapshot"])


@pytest.fixture(scope="module")
def week_zone():
    """The dataset of the week as the run saw it (2025: demand scale 1), and its network."""
    zone = select_horizon(load_zone(DEFAULT_INPUTS), 2025, "2025-01-13 00:00", 168)
    return zone, build_network(zone)


def test_one_week_of_the_default_dataset_from_the_cli(week):
    out, output = week
    for stage in ("read", "build", "handoff", "solve", "extract", "write"):
        assert f"  {stage} " in output
    for row in ("system cost", "consumption", "imports", "emissions", "renewable share", "curtailment", "load shed"):
        assert row in output
    kpis = json.loads((out / "kpis.json").read_text())
    run = json.loads((out / "run.json").read_text())
    assert kpis["hours"] == 168
    assert run["solver"]["termination"] == "optimal"
    assert set(run["inputs_sha256"]) >= {"buses.csv", "lines.csv", "profiles.csv"}
    assert run["versions"]["highs"]


def test_week_nodal_balance_closes_at_every_bus_and_hour(week, week_zone):
    """units + storage + imports + flows in - out + shed = demand, rebuilt from the tables."""
    (out, _), (zone, net) = week, week_zone
    dispatch, storage, national = read(out, "dispatch"), read(out, "storage"), read(out, "national_grid")
    flows, demand = read(out, "flows"), read(out, "demand")
    storage = storage.assign(bus=storage["storage_id"].map(zone.storage["bus"]),
                             net_mw=storage["discharge_mw"] - storage["charge_mw"])
    national = national.assign(bus=national["connection_id"].map(zone.grid_connections["bus"]),
                               net_mw=national["import_mw"] - national["export_mw"])
    flows = flows.assign(bus0=flows["branch_id"].map(net.branches["bus0"]),
                         bus1=flows["branch_id"].map(net.branches["bus1"]))
    injection = pd.concat([
        dispatch[["snapshot", "bus", "p_mw"]].rename(columns={"p_mw": "mw"}),
        storage[["snapshot", "bus", "net_mw"]].rename(columns={"net_mw": "mw"}),
        national[["snapshot", "bus", "net_mw"]].rename(columns={"net_mw": "mw"}),
        flows[["snapshot", "bus1", "flow_mw"]].rename(columns={"bus1": "bus", "flow_mw": "mw"}),
        flows[["snapshot", "bus0", "flow_mw"]].rename(columns={"bus0": "bus"}).assign(mw=lambda f: -f["flow_mw"]),
        demand[["snapshot", "bus", "shed_mw"]].rename(columns={"shed_mw": "mw"}),
    ])[["snapshot", "bus", "mw"]].groupby(["snapshot", "bus"])["mw"].sum()
    indexed = demand.set_index(["snapshot", "bus"])
    required = indexed["demand_mw"] + indexed["ev_scheduled_mw"] + indexed["heat_electricity_mw"]
    mismatch = (injection.reindex(required.index, fill_value=0.0) - required).abs()
    assert mismatch.max() < TOLERANCE_MW


def test_week_flows_obey_kirchhoffs_voltage_law_on_every_cycle(week, week_zone):
    (out, _), (_, net) = week, week_zone
    flows = read(out, "flows")
    flow = flows.pivot(index="snapshot", columns="branch_id", values="flow_mw")
    for cycle in net.cycles:
        loop = sum(sign * net.branches.at[b, "x_pu"] * flow[b] for b, sign in cycle)
        assert np.abs(loop).max() < 1e-6
    assert len(net.cycles) >= 3  # the zone's grid has loops


def test_week_storage_continuity(week, week_zone):
    """Cyclic state of charge rebuilt from the results."""
    (out, _), (zone, _) = week, week_zone
    storage = read(out, "storage")
    for storage_id, unit in zone.storage.iterrows():
        rows = storage[storage["storage_id"] == storage_id]
        energy = rows["energy_mwh"].to_numpy()
        change = unit["efficiency_charge"] * rows["charge_mw"].to_numpy() - rows["discharge_mw"].to_numpy() / unit["efficiency_discharge"]
        kept = (1 - unit["standing_loss_per_hour"]) * np.roll(energy, 1)
        assert np.abs(energy - kept - change).max() < 1e-5


def test_week_water_balance_of_every_hydro_plant(week, week_zone):
    """Rebuilt from the river graph and the written flows."""
    (out, _), (zone, _) = week, week_zone
    hydro = read(out, "hydro")
    rivers = build_river_system(zone)
    flow = {column: hydro.pivot(index="snapshot", columns="plant_id", values=column)
            for column in ("inflow_m3s", "withdrawal_m3s", "release_m3s", "spill_m3s", "volume_mcm")}
    outflow = flow["release_m3s"] + flow["spill_m3s"]
    for plant in zone.hydro_plants.index:
        arriving = rivers.local_inflow_m3s[plant].to_numpy().copy()
        for upstream in rivers.graph.predecessors(plant):
            lag = rivers.graph.edges[upstream, plant]["lag"]
            upstream_outflow = outflow[upstream].to_numpy()
            arriving += np.concatenate([rivers.natural_outflow_m3s[upstream].to_numpy()[:lag],
                                        upstream_outflow[: len(upstream_outflow) - lag]])
        assert np.abs(flow["inflow_m3s"][plant].to_numpy() - arriving).max() < 1e-6, plant
        usable = (flow["inflow_m3s"][plant] - flow["withdrawal_m3s"][plant]).to_numpy()
        if plant in rivers.reservoirs:
            # the week starts and ends on the seasonal curve: 13 and 20 January, 00:00
            curve = zone.reservoir_curves.set_index("plant_id").loc[plant, list(MONTH_VOLUME_COLUMNS)]
            start, end = seasonal_volume_mcm(curve.to_numpy(float), pd.DatetimeIndex(["2025-01-13", "2025-01-20"]))
            volume = np.concatenate([[start], flow["volume_mcm"][plant].to_numpy()])
            assert np.abs(np.diff(volume) - 0.0036 * (usable - outflow[plant].to_numpy())).max() < 1e-6, plant
            assert volume[-1] == pytest.approx(end, abs=1e-6) and start != pytest.approx(end, abs=0.1)
        else:
            assert np.abs(outflow[plant].to_numpy() - usable).max() < 1e-6, plant


def test_week_hot_water_tank_continuity(week, week_zone):
    """Cyclic, MWh_th."""
    (out, _), (zone, _) = week, week_zone
    tanks = read(out, "heat_storage")
    for storage_id, tank in zone.thermal_storage.iterrows():
        rows = tanks[tanks["storage_id"] == storage_id]
        energy = rows["energy_mwh_th"].to_numpy()
        kept = (1 - tank["standing_loss_per_hour"]) * np.roll(energy, 1)
        assert np.abs(energy - kept - rows["charge_mw_th"].to_numpy() + rows["discharge_mw_th"].to_numpy()).max() < 1e-6


def test_week_heat_balance_of_every_heat_bus(week, week_zone):
    """units + tanks + shed = demand."""
    (out, _), (zone, _) = week, week_zone
    tanks = read(out, "heat_storage")
    heat, units = read(out, "heat"), read(out, "heat_units")
    units = units.assign(heat_bus=units["unit_id"].map(zone.heat_units["heat_bus"]))
    supplied = units.groupby(["snapshot", "heat_bus"])["heat_mw_th"].sum()
    tanks = tanks.assign(heat_bus=tanks["storage_id"].map(zone.thermal_storage["heat_bus"]),
                         net=lambda f: f["discharge_mw_th"] - f["charge_mw_th"])
    supplied = supplied.add(tanks.groupby(["snapshot", "heat_bus"])["net"].sum(), fill_value=0.0)
    heat = heat.set_index(["snapshot", "heat_bus"])
    assert (supplied.reindex(heat.index, fill_value=0.0) + heat["shed_mw_th"] - heat["demand_mw_th"]).abs().max() < 1e-6


def test_week_prices_are_finite(week):
    prices = read(week[0], "prices")
    assert prices["price_azn_per_mwh"].notna().all()


def test_validate_reports_the_default_dataset(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(WEEK_SCENARIO)])
    assert result.exit_code == 0, result.output
    assert "valid for 2025" in result.output and "independent cycles" in result.output
    assert not any(tmp_path.iterdir())


def test_identical_inputs_give_identical_kpi_files(tmp_path):
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A"), bus("B"), bus("C")],
        "lines": [line("AB", "A", "B", s_nom_mva=30.0), line("BC", "B", "C"), line("CA", "C", "A")],
        "generators": [generator("CHEAP_A", "A", 90.0, cost=10.0)],
        "loads": [load("LOAD_B", "B", 60.0)],
        "grid_connections": [connection("GRID_C", "C")],
    })
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    outputs = []
    for name in ("first", "second"):
        result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name / "kpis.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_command_line_options_override_the_scenario(tmp_path):
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 10.0)],
        "loads": [load("L", "A", 5.0)],
        "grid_connections": [connection("GRID", "A")],
    }, hours=48)
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 48}}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), "--hours", "6",
                                       "--start", "2025-01-01 12:00", "--grid-model", "transport"])
    assert result.exit_code == 0, result.output
    kpis = json.loads((out / "kpis.json").read_text())
    run = json.loads((out / "run.json").read_text())
    assert kpis["hours"] == 6 and kpis["start"] == "2025-01-01 12:00"
    assert run["settings"]["model"]["grid_model"] == "transport"


def test_header_states_the_horizon_solved_and_generation_has_its_own_row(tmp_path):
    out = tmp_path / "day"
    result = CliRunner().invoke(main, ["solve", str(REPOSITORY / "scenarios" / "base.yaml"), "--hours", "24",
                                       "--start", "01-13 00:00", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].endswith(", year 2025, horizon 24 h from 01-13 00:00 (set by --start, --hours, "
                             "not the description), grid model dc")
    consumption = next(i for i, line in enumerate(lines) if line.startswith("consumption "))
    assert lines[consumption + 1].startswith("local generation ")
    assert lines[consumption + 2].startswith("  ")  # technologies indented under local generation


def test_plot_titles_name_the_year(tmp_path):
    from gezopt.report import read_results_folder
    from gezopt.report.plot_helpers import run_title

    out = tmp_path / "y2028"
    scenario = REPOSITORY / "scenarios" / "base.yaml"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--year", "2028", "--hours", "24", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert run_title(read_results_folder(out)).endswith(", 2028")


def test_a_solve_needs_pyomos_modelling_components_only(tmp_path):
    # gezopt imports pyomo.core, not pyomo.environ and its plugins, nor SciPy (README, Speed): a day solved in a
    # process that never loads them, and the kpis equal to those of a process that does
    program = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from gezopt.cli import main\n"
        "result = CliRunner().invoke(main, ['solve', sys.argv[1], '--hours', '24', '--out', sys.argv[2]])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'pyomo.environ' not in sys.modules, 'pyomo.environ was imported'\n"
        "assert 'scipy' not in sys.modules, 'scipy was imported'\n"  # with it, Pyomo's hook loads scipy.stats
    )
    done = subprocess.run([sys.executable, "-c", program, str(WEEK_SCENARIO), str(tmp_path / "core")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    import pyomo.environ  # noqa: F401  (this process: every plugin loaded)
    result = CliRunner().invoke(main, ["solve", str(WEEK_SCENARIO), "--hours", "24", "--out", str(tmp_path / "environ")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "core" / "kpis.json").read_bytes() == (tmp_path / "environ" / "kpis.json").read_bytes()
