"""Bad input: every problem reported as file:row:column, a non-zero exit, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo
import pytest
from click.testing import CliRunner
from conftest import (
    bus,
    connection,
    generator,
    line,
    load,
    unreachable_reservoir_dataset,
    write_dataset,
)

from gezopt.cli import main
from gezopt.config import SolverSettings
from gezopt.errors import ExitCode, InfeasibleError, TimeLimitError, UnboundedError
from gezopt.solve import solve


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data", {
        "buses": [bus("A"), bus("B"), bus("C")],
        "lines": [line("AB", "A", "B"), line("BC", "B", "C")],
        "generators": [generator("WIND", "A", 20.0)],
        "loads": [load("L", "B", 10.0)],
        "grid_connections": [connection("GRID", "C")],
    })


def solve_cli(dataset: Path, tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    scenario = tmp_path / "case.yaml"
    if not scenario.exists():
        scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(scenario), "--out", str(out), *extra])
    return result.exit_code, result.output, out


def edit(path: Path, change) -> None:
    """Apply ``change`` to the file's rows (it may edit in place or return a new frame) and write back."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    changed = change(frame)
    (frame if changed is None else changed).to_csv(path, index=False)


def assert_input_error(dataset: Path, tmp_path: Path, expected: list[str], *extra: str) -> None:
    code, output, out = solve_cli(dataset, tmp_path, *extra)
    assert code == ExitCode.INPUT_ERROR, output
    for line_text in expected:
        assert line_text in output.splitlines(), output
    assert not out.exists()
    assert not any(p.name.startswith(".out") for p in tmp_path.iterdir())


def test_valid_dataset_solves_and_writes(dataset, tmp_path):
    code, output, out = solve_cli(dataset, tmp_path)
    assert code == 0, output
    assert (out / "kpis.json").is_file() and (out / "run.json").is_file()


def test_missing_file(dataset, tmp_path):
    (dataset / "lines.csv").unlink()
    assert_input_error(dataset, tmp_path, [f"{dataset}/lines.csv:-:-: file is missing; the lines table is required"])


def test_missing_column(dataset, tmp_path):
    edit(dataset / "generators.csv", lambda f: f.drop(columns=["p_nom_mw"]))
    assert_input_error(dataset, tmp_path,
                       [f"{dataset}/generators.csv:-:p_nom_mw: column is missing from the generators table"])


def test_unknown_bus_reference_and_duplicate_id_reported_together(dataset, tmp_path):
    def change(frame):
        frame.loc[0, "bus1"] = "NOWHERE"
        frame.loc[1, "line_id"] = "AB"
    edit(dataset / "lines.csv", change)
    assert_input_error(dataset, tmp_path, [
        "error: 2 input problems:",
        f"{dataset}/lines.csv:2:bus1: unknown buses id 'NOWHERE'",
        f"{dataset}/lines.csv:3:line_id: duplicate id 'AB' (first used on line 2)",
    ])


def test_negative_and_nan_capacity(dataset, tmp_path):
    edit(dataset / "generators.csv", lambda f: f.__setitem__("p_nom_mw", ["-5"]))
    edit(dataset / "loads.csv", lambda f: f.__setitem__("annual_energy_mwh", ["NaN"]))
    assert_input_error(dataset, tmp_path, [
        f"{dataset}/generators.csv:2:p_nom_mw: -5 is below the minimum 0 (MW)",
        f"{dataset}/loads.csv:2:annual_energy_mwh: is NaN; a number is required",
    ])


def test_hours_beyond_the_profiles_are_reported_at_the_option_or_key_that_asked_for_them(dataset, tmp_path):
    assert_input_error(dataset, tmp_path, [
        ("command line:-:--hours: 48 hours from 2025-01-01 00:00 run past the end of the time series: the profiles "
         "end at 2025-01-01 23:00, at most 24 hours from 2025-01-01 00:00")
    ], "--hours", "48")
    (tmp_path / "case.yaml").write_text(f"description: test\ninputs: {dataset}\nhorizon: {{start: '01-01 12:00', hours: 13}}\n")
    assert_input_error(dataset, tmp_path, [
        (f"{tmp_path}/case.yaml:-:horizon.hours: 13 hours from 2025-01-01 12:00 run past the end of the time series: "
         "the profiles end at 2025-01-01 23:00, at most 12 hours from 2025-01-01 12:00")
    ])


def test_time_series_with_nan_and_unparseable_timestamp(dataset, tmp_path):
    def change(frame):
        frame.loc[3, "flat"] = "nan"
        frame.loc[5, "timestamp"] = "2025-01-01 5 o'clock"
    edit(dataset / "profiles.csv", change)
    assert_input_error(dataset, tmp_path, [
        f"{dataset}/profiles.csv:5:flat: 'nan' is not a finite number; the time series needs a value every hour",
        f"{dataset}/profiles.csv:7:timestamp: '2025-01-01 5 o'clock' is not a timestamp; expected YYYY-MM-DD HH:MM",
    ])


def test_island_with_demand_but_no_supply(dataset, tmp_path):
    edit(dataset / "lines.csv", lambda f: f.drop(index=[0]))  # cut A-B: B's island is B-C
    edit(dataset / "grid_connections.csv", lambda f: f.__setitem__("bus", ["A"]))
    assert_input_error(dataset, tmp_path, [
        (f"{dataset}/buses.csv:3:bus_id: bus 'B' has demand but its island (B, C) has neither a generating unit "
        "nor a national-grid connection in service")
    ])


def test_line_from_a_bus_to_itself(dataset, tmp_path):
    edit(dataset / "lines.csv", lambda f: f.loc.__setitem__((1, "bus1"), "B"))
    assert_input_error(dataset, tmp_path, [
        f"{dataset}/lines.csv:3:bus1: connects bus 'B' to itself; a branch needs two different buses"
    ])


def test_scenario_naming_inputs_that_are_not_there(dataset, tmp_path):
    (tmp_path / "case.yaml").write_text("description: test\ninputs: no_such_folder\nyear: 2025\n")
    assert_input_error(dataset, tmp_path, [
        f"{tmp_path}/case.yaml:-:inputs: input folder '{tmp_path}/no_such_folder' does not exist"
    ])


def test_scenario_file_that_is_not_there(tmp_path):
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert f"{tmp_path}/nope.yaml:-:-: scenario file does not exist" in result.output
    assert not (tmp_path / "out").exists()


def test_infeasible_model_has_its_own_message_and_exit_code(tmp_path):
    # The reservoir must end fuller than it starts but gets no water.
    dataset = unreachable_reservoir_dataset(tmp_path / "data")
    code, output, out = solve_cli(dataset, tmp_path)
    assert code == ExitCode.INFEASIBLE
    assert "error: the model is infeasible: no dispatch meets every constraint" in output
    assert not out.exists()


def test_unbounded_and_time_limit_verdicts_raise_their_own_errors():
    unbounded = pyo.ConcreteModel()
    unbounded.x = pyo.Var(bounds=(0, None))
    unbounded.c = pyo.Constraint(expr=unbounded.x >= 1)
    unbounded.objective = pyo.Objective(expr=-unbounded.x)
    with pytest.raises(UnboundedError) as error:
        solve(unbounded, SolverSettings())
    assert error.value.exit_code == ExitCode.UNBOUNDED

    infeasible = pyo.ConcreteModel()
    infeasible.x = pyo.Var(bounds=(0, 1))
    infeasible.c = pyo.Constraint(expr=infeasible.x >= 2)
    infeasible.objective = pyo.Objective(expr=infeasible.x)
    with pytest.raises(InfeasibleError):
        solve(infeasible, SolverSettings())

    large = pyo.ConcreteModel()
    large.i = pyo.RangeSet(0, 3000)
    large.x = pyo.Var(large.i, bounds=(0, 10))
    large.c = pyo.Constraint(large.i, rule=lambda m, i: m.x[i] + m.x[(i + 1) % 3001] + m.x[(i * 7) % 3001] >= 3 + i % 5)
    large.objective = pyo.Objective(expr=sum((1 + (i * 13) % 17) * large.x[i] for i in large.i))
    with pytest.raises(TimeLimitError) as error:
        solve(large, SolverSettings(time_limit_s=1e-6))
    assert "time limit of 1e-06 s" in str(error.value)
    assert error.value.exit_code == ExitCode.TIME_LIMIT


def river(tmp_path: Path, links: list[tuple[str, str, str, float]]) -> Path:
    """Three run-of-river plants P1, P2, P3 on one bus, linked as given."""
    def plant(plant_id: str) -> dict:
        return {"plant_id": plant_id, "name": plant_id, "bus": "A", "river": "r", "p_nom_mw": 5.0,
                "mw_per_m3s": 1.0, "local_inflow_m3s": 1.0, "inflow_profile": "flat"}
    return write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "hydro_plants": [plant("P1"), plant("P2"), plant("P3")],
        "river_links": [{"link_id": i, "upstream_plant": u, "downstream_plant": d, "travel_time_h": h}
                        for i, u, d, h in links],
        "loads": [load("L", "A", 1.0)],
        "grid_connections": [connection("GRID", "A")],
    })


def test_river_links_that_form_a_cycle(tmp_path):
    dataset = river(tmp_path, [("L1", "P1", "P2", 1), ("L2", "P2", "P3", 1), ("L3", "P3", "P1", 1)])
    assert_input_error(dataset, tmp_path, [
        (f"{dataset}/river_links.csv:2:downstream_plant: river links form a cycle: P1 -> P2 -> P3 -> P1; "
        "water must flow downhill")
    ])


def test_plant_on_two_rivers(tmp_path):
    dataset = river(tmp_path, [("L1", "P1", "P2", 1), ("L2", "P1", "P3", 1)])
    assert_input_error(dataset, tmp_path, [
        (f"{dataset}/river_links.csv:3:upstream_plant: plant 'P1' flows into 2 plants ('P2' (line 2), 'P3' (line 3)); "
        "a plant lies on one river and sends its water to one plant downstream")
    ])


def test_river_link_from_a_plant_to_itself(tmp_path):
    dataset = river(tmp_path, [("L1", "P2", "P2", 1)])
    assert_input_error(dataset, tmp_path, [f"{dataset}/river_links.csv:2:downstream_plant: plant 'P2' flows into itself"])


def test_travel_time_that_is_not_a_whole_number_of_snapshots(tmp_path):
    dataset = river(tmp_path, [("L1", "P1", "P2", 1.5)])
    assert_input_error(dataset, tmp_path, [
        f"{dataset}/river_links.csv:2:travel_time_h: 1.5 h is not a whole number of 1-hour snapshots"
    ])


def test_hydro_plant_without_power_per_flow_or_head(tmp_path):
    dataset = river(tmp_path, [])
    edit(dataset / "hydro_plants.csv", lambda f: f.loc.__setitem__((0, "mw_per_m3s"), ""))
    assert_input_error(dataset, tmp_path, [
        f"{dataset}/hydro_plants.csv:2:mw_per_m3s: is empty and so is head_m; give the power per flow or the head"
    ])


def test_hydro_targets_need_the_year_or_the_period_of_their_kind(tmp_path):
    dataset = river(tmp_path, [])
    plant = pd.read_csv(dataset / "hydro_plants.csv")["plant_id"].iloc[0]
    target = {"plants": plant, "energy_gwh": 1.0, "tolerance_share": 0.1}
    pd.DataFrame([
        {"target_id": "NO_YEAR", "kind": "annual", **target},
        {"target_id": "ANNUAL_WITH_PERIOD", "kind": "annual", "year": 2025, "period_end": "2025-07-01", **target},
        {"target_id": "NO_PERIOD", "kind": "cumulative", **target},
        {"target_id": "BACKWARDS", "kind": "cumulative", "year": 2025, "period_start": "2025-07-01",
         "period_end": "2023-08-25", **target},
        {"target_id": "MONTHLY", "kind": "monthly", "year": 2025, **target},
    ]).to_csv(dataset / "hydro_targets.csv", index=False)
    file = f"{dataset}/hydro_targets.csv"
    assert_input_error(dataset, tmp_path, [
        "error: 7 input problems:",
        f"{file}:2:year: is empty; an annual target needs the scenario year it is evaluated in",
        f"{file}:3:period_end: is given for an annual target; leave it empty or make the target cumulative",
        f"{file}:4:period_start: is empty; a cumulative target needs the period its total covers",
        f"{file}:4:period_end: is empty; a cumulative target needs the period its total covers",
        f"{file}:5:year: is given for a cumulative target, which is evaluated over its period; leave it empty",
        f"{file}:5:period_end: 2023-08-25 is not after period_start 2025-07-01",
        f"{file}:6:kind: 'monthly' is not a target kind; expected annual, cumulative",
    ])


def test_pv_plants_need_the_columns_of_their_mounting_and_one_configuration_per_profile(tmp_path):
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "generators": [generator("PV1", "A", 10.0, carrier="solar"), generator("PV2", "A", 10.0, carrier="solar"),
                       generator("TRACKER", "A", 10.0, profile="sun", carrier="solar"),
                       generator("WIND", "A", 10.0, profile="sun"), generator("PV3", "A", 1.0, carrier="solar")],
        "pv_plants": [
            {"generator_id": "PV1", "dc_ac_ratio": 1.2, "mounting": "fixed", "tilt_deg": 30, "azimuth_deg": 180},
            {"generator_id": "PV2", "dc_ac_ratio": 1.3, "mounting": "fixed", "tilt_deg": 30, "azimuth_deg": 180},
            {"generator_id": "TRACKER", "dc_ac_ratio": 1.2, "mounting": "single_axis", "tilt_deg": 0,
             "max_rotation_deg": 60},
            {"generator_id": "WIND", "dc_ac_ratio": 1.0, "mounting": "fixed", "tilt_deg": 30, "azimuth_deg": 180},
            {"generator_id": "PV3", "dc_ac_ratio": 1.0, "mounting": "east_west"},
        ],
        "loads": [load("L", "A", 5.0)],
        "grid_connections": [connection("GRID", "A")],
    }, profiles={"sun": [0.2] * 24})
    file = f"{dataset}/pv_plants.csv"
    assert_input_error(dataset, tmp_path, [
        "error: 5 input problems:",
        (f"{file}:3:dc_ac_ratio: 'PV2' shares the availability profile 'flat' with 'PV1' but differs in "
         "dc_ac_ratio; a profile is built from one configuration: give each its own profile"),
        f"{file}:4:ground_coverage_ratio: is empty; a single_axis plant needs it",
        f"{file}:4:tilt_deg: is given for a single_axis plant; leave it empty",
        f"{file}:5:generator_id: generator 'WIND' is 'wind', not a solar carrier (solar, rooftop_solar)",
        f"{file}:6:mounting: 'east_west' is not a mounting; expected fixed, single_axis",
    ])


def test_demand_side_tables_are_checked(tmp_path):
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "loads": [load("L", "A", 1.0)],
        "grid_connections": [connection("GRID", "A")],
        "ev_fleets": [{"fleet_id": "CARS", "bus": "NOWHERE", "consumer_class": "residential", "vehicles": 10,
                       "daily_energy_kwh_per_vehicle": 9, "battery_kwh_per_vehicle": -50, "charger_kw": 7.4,
                       "chargers": 10, "charging_efficiency": 0.9, "plugged_in_profile": "flat",
                       "driving_profile": "missing_profile", "departure_hour_utc": 3,
                       "departure_state_of_charge": 0.8, "charging_mode": "clever"}],
        "heat_buses": [{"heat_bus_id": "H", "bus": "A", "district": "d", "temperature_profile": "flat",
                        "temperature_offset_c": 0, "floor_area_m2": 100, "space_heating_kwh_per_m2": 70,
                        "reference_heating_degree_days": 2209, "hot_water_mwh_per_year": 1,
                        "hot_water_profile": "flat"}],
        "heat_units": [{"unit_id": "HP", "heat_bus": "NO_HEAT_BUS", "kind": "heat_pump", "p_nom_mw_th": 1},
                       {"unit_id": "X", "heat_bus": "H", "kind": "furnace", "p_nom_mw_th": 1}],
    })
    assert_input_error(dataset, tmp_path, [
        "error: 6 input problems:",
        f"{dataset}/ev_fleets.csv:2:battery_kwh_per_vehicle: -50 is below the minimum 0 (kWh)",
        f"{dataset}/ev_fleets.csv:2:bus: unknown buses id 'NOWHERE'",
        f"{dataset}/ev_fleets.csv:2:charging_mode: 'clever' is not a charging mode; expected uncontrolled, smart, v2g",
        f"{dataset}/ev_fleets.csv:2:driving_profile: profile 'missing_profile' is not a column of profiles.csv",
        f"{dataset}/heat_units.csv:2:heat_bus: unknown heat_buses id 'NO_HEAT_BUS'",
        f"{dataset}/heat_units.csv:3:kind: 'furnace' is not a heat unit kind; expected heat_pump, boiler, waste_heat",
    ])


def test_empty_file_and_file_without_a_header(dataset, tmp_path):
    (dataset / "lines.csv").write_bytes(b"")
    text = (dataset / "generators.csv").read_text().splitlines()
    (dataset / "generators.csv").write_text("\n".join(text[1:]) + "\n")  # the header line dropped
    (dataset / "storage.csv").write_text("storage_id,name,bus,p_nom_mw,e_nom_mwh,efficiency_charge,efficiency_discharge\n")
    assert_input_error(dataset, tmp_path, [
        "error: 2 input problems:",  # a header-only optional table is a valid empty table
        (f"{dataset}/generators.csv:1:-: is not a header: it names none of the expected columns (generator_id, "
         "name, bus, carrier, p_nom_mw, availability_profile, marginal_cost_azn_per_mwh, co2_t_per_mwh, commissioned, "
         "decommissioned); the first line must name the columns"),
        f"{dataset}/lines.csv:-:-: is empty; a CSV file starts with a header line naming its columns",
    ])


def test_bytes_that_are_not_utf8_are_located_at_line_and_column(dataset, tmp_path):
    buses = dataset / "buses.csv"
    buses.write_bytes(buses.read_bytes().replace(b"test", b"t\xe9st", 2))
    profiles = dataset / "profiles.csv"
    rows = profiles.read_bytes().split(b"\n")
    rows[3] = rows[3] + b"\xff"
    profiles.write_bytes(b"\n".join(rows))
    assert_input_error(dataset, tmp_path, [
        "error: 4 input problems:",
        f"{dataset}/buses.csv:2:district: byte 0xE9 is not UTF-8; save the file as UTF-8",
        f"{dataset}/buses.csv:3:district: byte 0xE9 is not UTF-8; save the file as UTF-8",
        f"{dataset}/profiles.csv:4:flat: '1.0\ufffd' is not a finite number; the time series needs a value every hour",
        f"{dataset}/profiles.csv:4:flat: byte 0xFF is not UTF-8; save the file as UTF-8",
    ])


def test_column_named_twice(dataset, tmp_path):
    generators = dataset / "generators.csv"
    header, *rows = generators.read_text().splitlines()
    generators.write_text("\n".join([header + ",p_nom_mw", *(row + ",99" for row in rows)]) + "\n")
    assert_input_error(dataset, tmp_path, [
        "error: 1 input problem:",
        f"{dataset}/generators.csv:1:p_nom_mw: column name given twice (columns 5 and 11); only the first is read",
    ])


def test_misspelt_column_is_an_error_and_an_unknown_one_a_warning(dataset, tmp_path):
    edit(dataset / "generators.csv", lambda f: f.drop(columns=["decommissioned"]).assign(decomissioned=["2020-01-01"]))
    assert_input_error(dataset, tmp_path, [
        (f"{dataset}/generators.csv:1:decomissioned: unknown column 'decomissioned'; did you mean 'decommissioned'? "
         "(an unknown column is ignored)"),
    ])
    edit(dataset / "generators.csv", lambda f: f.drop(columns=["decomissioned"]).assign(remark=["refurbished"]))
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "case.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"warning: {dataset}/generators.csv:1:remark: unknown column 'remark' is ignored"]


def test_infinite_and_absurd_numbers(dataset, tmp_path):
    edit(dataset / "generators.csv", lambda f: f.__setitem__("p_nom_mw", ["-inf"]))
    edit(dataset / "loads.csv", lambda f: f.__setitem__("annual_energy_mwh", ["1e308"]))
    edit(dataset / "profiles.csv", lambda f: f.assign(spare=["1e13"] + ["1"] * 23))
    assert_input_error(dataset, tmp_path, [
        "error: 3 input problems:",
        f"{dataset}/generators.csv:2:p_nom_mw: '-inf' is not a finite number",
        f"{dataset}/loads.csv:2:annual_energy_mwh: 1e+308 is above the maximum 1e+12 (MWh/yr)",
        f"{dataset}/profiles.csv:2:spare: 1e+13 is beyond the largest accepted magnitude 1e+12",
    ])


def test_profiles_outside_the_range_of_their_kind(dataset, tmp_path):
    def change(frame):
        frame["wind"] = ["1.5"] * 2 + ["0.5"] * 22
        frame["demand"] = ["1"] * 23 + ["-0.1"]
    edit(dataset / "profiles.csv", change)
    edit(dataset / "generators.csv", lambda f: f.__setitem__("availability_profile", ["wind"]))
    edit(dataset / "loads.csv", lambda f: f.__setitem__("profile", ["demand"]))
    assert_input_error(dataset, tmp_path, [
        "error: 2 input problems:",
        (f"{dataset}/profiles.csv:2:wind: 1.5 is outside [0, 1], the range of a share profile (named by "
         "availability_profile in generators.csv); 2 hours out of range"),
        (f"{dataset}/profiles.csv:25:demand: -0.1 is outside [0, 8760], the range of a shape profile (named by "
         "profile in loads.csv); 1 hour out of range"),
    ])


def test_ratings_voltages_and_efficiencies_must_be_positive(dataset, tmp_path):
    edit(dataset / "buses.csv", lambda f: f.__setitem__("voltage_kv", ["110", "0", "-110"]))
    edit(dataset / "lines.csv", lambda f: f.__setitem__("s_nom_mva_per_circuit", ["0", "100"]))
    (dataset / "storage.csv").write_text(
        "storage_id,name,bus,p_nom_mw,e_nom_mwh,efficiency_charge,efficiency_discharge\nBESS,BESS,A,1,2,0,1\n")
    assert_input_error(dataset, tmp_path, [
        "error: 4 input problems:",
        f"{dataset}/buses.csv:3:voltage_kv: 0 is not above the minimum 0 (kV)",
        f"{dataset}/buses.csv:4:voltage_kv: -110 is not above the minimum 0 (kV)",
        f"{dataset}/lines.csv:2:s_nom_mva_per_circuit: 0 is not above the minimum 0 (MVA)",
        f"{dataset}/storage.csv:2:efficiency_charge: 0 is not above the minimum 0 (-)",
    ])


def test_parameters_within_their_ranges(dataset, tmp_path):
    def change(frame):
        frame.loc[0, "value"] = "-1"  # value of lost load
        frame.loc[2, "value"] = "0"  # base power
        frame.loc[3] = ["led_sharre", "0.5", "-"]
        frame.loc[4] = ["fuel_note", "1", "-"]
    edit(dataset / "parameters.csv", change)
    assert_input_error(dataset, tmp_path, [
        "error: 3 input problems:",
        f"{dataset}/parameters.csv:2:value: value_of_lost_load_azn_per_mwh -1 is not above the minimum 0 (AZN/MWh)",
        f"{dataset}/parameters.csv:4:value: base_power_mva 0 is not above the minimum 0 (MVA)",
        (f"{dataset}/parameters.csv:5:parameter: unknown parameter 'led_sharre'; did you mean 'led_share'? "
         "(an unknown parameter is ignored)"),
    ])


def test_heat_pump_sink_temperature_in_a_plausible_range(dataset, tmp_path):
    (dataset / "heat_buses.csv").write_text(
        "heat_bus_id,bus,district,temperature_profile,temperature_offset_c,floor_area_m2,space_heating_kwh_per_m2,"
        "reference_heating_degree_days,hot_water_mwh_per_year,hot_water_profile\nH,A,d,flat,0,100,70,2209,1,flat\n")
    (dataset / "heat_units.csv").write_text(
        "unit_id,heat_bus,kind,p_nom_mw_th,sink_temperature_c\nHP,H,heat_pump,1,450\nHP2,H,heat_pump,1,5\n")
    assert_input_error(dataset, tmp_path, [
        "error: 2 input problems:",
        f"{dataset}/heat_units.csv:2:sink_temperature_c: 450 is above the maximum 100 (degC)",
        f"{dataset}/heat_units.csv:3:sink_temperature_c: 5 is below the minimum 20 (degC)",
    ])


def test_start_with_a_time_zone_offset_is_a_usage_error(dataset, tmp_path):
    code, output, out = solve_cli(dataset, tmp_path, "--start", "01-01 00:00+04:00")
    assert code == ExitCode.USAGE
    assert ("Error: Invalid value for '--start': '01-01 00:00+04:00' has a time-zone offset; snapshots are in UTC: "
            "give MM-DD HH:MM or YYYY-MM-DD HH:MM without one") in output.splitlines()
    assert not out.exists()
    (tmp_path / "case.yaml").write_text(f"description: test\ninputs: {dataset}\nhorizon: {{start: '01-01 00:00Z'}}\n")
    assert_input_error(dataset, tmp_path, [
        (f"{tmp_path}/case.yaml:-:horizon.start: '01-01 00:00Z' has a time-zone offset; snapshots are in UTC: give "
         "MM-DD HH:MM or YYYY-MM-DD HH:MM without one")
    ])


def test_river_link_from_a_plant_that_does_not_exist(tmp_path):
    dataset = river(tmp_path, [("L1", "NOPE", "P2", 1), ("L2", "", "P3", 1), ("L3", "NOPE", "P1", 1)])
    assert_input_error(dataset, tmp_path, [
        "error: 3 input problems:",
        f"{dataset}/river_links.csv:2:upstream_plant: unknown hydro_plants id 'NOPE'",
        f"{dataset}/river_links.csv:3:upstream_plant: is empty; a value is required",
        f"{dataset}/river_links.csv:4:upstream_plant: unknown hydro_plants id 'NOPE'",
    ])
    dataset = river(tmp_path, [])
    (tmp_path / "case.yaml").write_text(
        f"description: test\ninputs: {dataset}\nadd: {{river_links: [{{link_id: L9, upstream_plant: GONE, "
        "downstream_plant: P1}]}\n")
    assert_input_error(dataset, tmp_path, [
        f"{tmp_path}/case.yaml:-:add.river_links.0.upstream_plant: unknown hydro_plants id 'GONE'",
    ])


def scenario_error(dataset: Path, tmp_path: Path, text: str, expected: list[str]) -> None:
    """The scenario ``text`` (after description and inputs) fails with exactly ``expected`` problem lines."""
    (tmp_path / "case.yaml").write_text(f"description: test\ninputs: {dataset}\nhorizon: {{hours: 24}}\n{text}")
    count = len(expected)
    assert_input_error(dataset, tmp_path, [f"error: {count} input problem{'s' if count > 1 else ''}:", *expected])


def test_scenario_values_must_be_finite_and_within_range(dataset, tmp_path):
    scenario_error(dataset, tmp_path, (
        "overrides:\n  generators: {WIND: {p_nom_mw: .inf}}\n"
        "  parameters: {co2_price_azn_per_t: .nan, value_of_lost_load_azn_per_mwh: -1, led_shar: 1}\n"
        "scale_profiles: {flat: 1.0e+308}\n"), [
        f"{tmp_path}/case.yaml:-:scale_profiles.flat: Input should be less than or equal to 1000000000000 (got 1e+308)",
    ])
    scenario_error(dataset, tmp_path, (
        "overrides:\n  generators: {WIND: {p_nom_mw: .inf}}\n"
        "  parameters: {co2_price_azn_per_t: .nan, value_of_lost_load_azn_per_mwh: -1, led_shar: 1}\n"), [
        f"{tmp_path}/case.yaml:-:overrides.generators.WIND.p_nom_mw: 'inf' is not a finite number",
        f"{tmp_path}/case.yaml:-:overrides.parameters.co2_price_azn_per_t: is NaN; a number is required",
        f"{tmp_path}/case.yaml:-:overrides.parameters.led_shar: unknown parameter; did you mean 'led_share'?",
        (f"{tmp_path}/case.yaml:-:overrides.parameters.value_of_lost_load_azn_per_mwh: -1 is not above the minimum 0 "
         "(AZN/MWh)"),
    ])


def test_increasing_blocks_in_order_and_only_the_last_open(dataset, tmp_path):
    blocks = "[{up_to_kwh_per_month: 300, azn_per_kwh: 0.1}, {up_to_kwh_per_month: 200, azn_per_kwh: 0.08}, " \
             "{azn_per_kwh: 0.15}, {up_to_kwh_per_month: 900, azn_per_kwh: 0.2}]"
    key = f"{tmp_path}/case.yaml:-:tariffs.classes.residential.blocks"
    scenario_error(dataset, tmp_path, f"tariffs:\n  classes:\n    residential: {{customers: 10, blocks: {blocks}}}\n", [
        f"{key}.1.up_to_kwh_per_month: 200 is not above the previous block's 300; blocks must increase",
        f"{key}.2.up_to_kwh_per_month: is empty, but only the last block may be open; give the block's upper edge",
        (f"{key}.3.up_to_kwh_per_month: 900 closes the last block; leave it empty so that consumption above 900 kWh "
         "a month is billed"),
    ])


def test_time_of_use_hours_cover_the_day_once(dataset, tmp_path):
    periods = "[{hours: [0, 1, 2, 2], azn_per_kwh: 0.05}, {hours: [2, 24, 25, 30], azn_per_kwh: 0.1}]"
    key = f"{tmp_path}/case.yaml:-:tariffs.classes.residential.time_of_use"
    scenario_error(dataset, tmp_path, f"tariffs:\n  classes:\n    residential: {{customers: 10, time_of_use: {periods}}}\n", [
        f"{key}.0.hours: hour 2 is given twice",
        f"{key}.1.hours: hours 24-25, 30 are outside 0-23",
        f"{key}.1.hours: hour 2 is already priced by time_of_use.0",
        f"{key}: local hours 3-23 are without a price; the periods must cover every hour of the day",
    ])


def test_aliases_that_expand_without_bound_are_refused(dataset, tmp_path):
    laughs = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (tmp_path / "case.yaml").write_text("description: laughs\n" + "\n".join(laughs) + "\nyear: *a8\n")
    assert len((tmp_path / "case.yaml").read_bytes()) < 600
    assert_input_error(dataset, tmp_path, [
        f"{tmp_path}/case.yaml:7:-: is refused: its aliases expand it beyond 100000 nodes; write the values out"])
    (tmp_path / "case.yaml").write_text(f"description: test\ninputs: {dataset}\nsolver: &s {{threads: 1}}\nx: *s\n")
    assert_input_error(dataset, tmp_path, [f"{tmp_path}/case.yaml:-:x: unknown key"])  # a small alias is fine


def test_messages_echo_only_an_excerpt_of_a_value(dataset, tmp_path):
    long = "x" * 500
    scenario_error(dataset, tmp_path, f"year: {long}\nhydrology: {{inflow_scale: [{long}]}}\n", [
        (f"{tmp_path}/case.yaml:-:hydrology.inflow_scale: Input should be a valid number (got "
         "['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…)"),
        (f"{tmp_path}/case.yaml:-:year: Input should be a valid integer, unable to parse string as an integer "
         "(got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…')"),
    ])
    edit(dataset / "loads.csv", lambda f: f.__setitem__("bus", [long]))
    (tmp_path / "case.yaml").write_text(f"description: test\ninputs: {dataset}\n")
    assert_input_error(dataset, tmp_path, [
        f"{dataset}/loads.csv:2:bus: unknown buses id 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"])


def test_bus_added_on_an_island_with_demand(dataset, tmp_path):
    added_bus = "{bus_id: Z, name: Z, voltage_kv: 110, latitude_deg: 40, longitude_deg: 47, district: x}"
    (tmp_path / "case.yaml").write_text(f"description: test\ninputs: {dataset}\nhorizon: {{hours: 24}}\n"
                                        f"add: {{buses: [{added_bus}]}}\n")
    code, output, _ = solve_cli(dataset, tmp_path)
    assert code == 0, output  # a bus on its own with nothing to serve is harmless
    shutil.rmtree(tmp_path / "out")
    scenario_error(dataset, tmp_path, (
        f"add:\n  buses: [{added_bus}]\n  loads: [{{load_id: LZ, bus: Z, district: x, consumer_class: residential, "
        "annual_energy_mwh: 100, profile: flat}]\n"), [
        (f"{tmp_path}/case.yaml:-:add.buses.0.bus_id: bus 'Z' has demand but its island (Z) has neither a generating "
         "unit nor a national-grid connection in service"),
    ])


COSTS_HEADER = ("cost_id,asset_table,technology,asset_id,capacity_unit,owner,investment_azn_per_capacity_unit,"
                "fixed_om_azn_per_capacity_unit_year,variable_om_azn_per_mwh,lifetime_years")


def test_costs_table_is_checked(dataset, tmp_path):
    rows = ["WIND,generators,wind,,MW,system,1e6,2e4,0,25", "PUMPS,pumps,pump,,MW,system,1,0,0,10",
            "SUN,generators,sollar,,MW,system,1,0,0,10", "NONE,generators,wind,NOWHERE,each,system,1,0,0,10",
            "OTHER,generators,solar,WIND,each,system,1,0,0,10", "PER_MWH,lines,overhead_line,,MWh,utility,1,0,0,10",
            "AGAIN,generators,wind,,MW,system,2e6,0,0,25", "FREE,buses,substation,,each,consumers,-1,0,0,0"]
    (dataset / "costs.csv").write_text("\n".join([COSTS_HEADER, *rows, ""]))
    assert_input_error(dataset, tmp_path, [
        "error: 9 input problems:",
        (f"{dataset}/costs.csv:3:asset_table: 'pumps' is not a table of assets; expected one of generators, "
        "hydro_plants, waste_plants, storage, heat_units, thermal_storage, lines, transformers, buses, ev_fleets"),
        (f"{dataset}/costs.csv:4:technology: 'sollar' is not a technology of generators; expected one of solar, "
        "rooftop_solar, wind"),
        f"{dataset}/costs.csv:5:asset_id: unknown generators id 'NOWHERE'",
        f"{dataset}/costs.csv:6:technology: generators 'WIND' is wind, not 'solar'",
        f"{dataset}/costs.csv:7:capacity_unit: 'MWh' is not a capacity of lines; expected one of MW km, each",
        f"{dataset}/costs.csv:7:owner: 'utility' is not an owner; expected system or consumers",
        (f"{dataset}/costs.csv:8:capacity_unit: prices wind generators per MW again (line 2 already does); "
        "give each cost once"),
        f"{dataset}/costs.csv:9:investment_azn_per_capacity_unit: -1 is below the minimum 0 (AZN/unit)",
        f"{dataset}/costs.csv:9:lifetime_years: 0 is not above the minimum 0 (yr)",
    ])


def test_cost_row_a_scenario_adds_and_its_discount_rate_are_checked_at_their_keys(dataset, tmp_path):
    scenario = f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n"
    (tmp_path / "case.yaml").write_text(
        scenario + "add: {costs: [{cost_id: X, asset_table: lines, technology: overhead_line, asset_id: NOPE, "
        "capacity_unit: MW km, investment_azn_per_capacity_unit: 1000, lifetime_years: 40}]}\n")
    assert_input_error(dataset, tmp_path, [f"{tmp_path}/case.yaml:-:add.costs.0.asset_id: unknown lines id 'NOPE'"])
    (tmp_path / "case.yaml").write_text(scenario + "overrides: {parameters: {discount_rate: 1.5}}\n")
    assert_input_error(dataset, tmp_path, [
        f"{tmp_path}/case.yaml:-:overrides.parameters.discount_rate: 1.5 is above the maximum 1 (1/yr)"])
