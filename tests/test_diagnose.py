"""Infeasibility explained by name: three deliberately impossible cases, the elastic fallback, the policy."""

from __future__ import annotations

import re
from pathlib import Path

import pyomo.environ as pyo
import pytest
from click.testing import CliRunner
from conftest import (
    bus,
    connection,
    load,
    run_settings_for,
    scenario_for,
    unreachable_reservoir_dataset,
    waste_plant,
    write_dataset,
)

from gezopt.cli import main
from gezopt.config import ModelSettings
from gezopt.data import load_zone, scale_to_year, select_horizon
from gezopt.diagnose import AUTOMATIC_UP_TO_SNAPSHOTS, ExplainedInfeasibleError, diagnose
from gezopt.errors import ExitCode
from gezopt.infeasibility import Role
from gezopt.model import build_model
from gezopt.network import build_network
from gezopt.pipeline import run
from gezopt.prepared import prepare_inputs
from gezopt.scenario import load_scenario

HOURS = 24


def must_run_dataset(directory: Path, hours: int = HOURS) -> Path:
    """An 8 MW must-run waste plant (80 % of 10 MW, waste enough) at a bus of 2 MW demand; no export."""
    return write_dataset(directory, {
        "buses": [bus("A")],
        "waste_plants": [waste_plant("WTE", "A", 10.0, waste_t_per_day=400.0, electrical_efficiency=0.25,
                                     must_run_share=0.8, cost=10.0)],
        "loads": [load("L", "A", 2.0)],
        "grid_connections": [{**connection("GRID", "A"), "export_max_mw": 0.0}],
    }, hours=hours)


def ev_dataset(directory: Path) -> Path:
    """10 cars driving 10 kWh each in hours 8-9 UTC, to leave at 90 % at 08 UTC, with two 1 kW chargers:
    0.0396 MWh a day into the batteries (22 plugged-in hours x 2 kW x 0.9) against 0.1 MWh driven."""
    driving = [12.0 if hour in (8, 9) else 0.0 for hour in range(HOURS)]
    plugged = [0.0 if hour in (8, 9) else 1.0 for hour in range(HOURS)]
    fleet = {"fleet_id": "CARS", "bus": "A", "consumer_class": "residential", "vehicles": 10,
             "daily_energy_kwh_per_vehicle": 10.0, "battery_kwh_per_vehicle": 20.0, "charger_kw": 1.0,
             "chargers": 2, "charging_efficiency": 0.9, "plugged_in_profile": "plugged",
             "driving_profile": "driving", "departure_hour_utc": 8, "departure_state_of_charge": 0.9,
             "v2g_share": 0.0, "charging_mode": "smart"}
    return write_dataset(directory, {
        "buses": [bus("A")], "loads": [load("L", "A", 1.0)], "ev_fleets": [fleet],
        "grid_connections": [connection("GRID", "A")],
    }, profiles={"plugged": plugged, "driving": driving}, hours=HOURS)


def explained(dataset: Path, hours: int = HOURS, diagnose_always: bool = False) -> ExplainedInfeasibleError:
    """The error of solving ``dataset`` through the pipeline (nothing written)."""
    scenario = load_scenario(scenario_for(dataset, hours))
    settings = run_settings_for(dataset, hours=hours)
    settings = type(settings)(**{**settings.__dict__, "diagnose": diagnose_always})
    with pytest.raises(ExplainedInfeasibleError) as error:
        run(settings, scenario, write=False)
    return error.value


def named(error: ExplainedInfeasibleError) -> set[tuple[str, str, Role]]:
    return {(finding.component, finding.subject, finding.role) for finding in error.diagnosis.findings}


def test_must_run_above_demand_without_export_names_the_balance_the_must_run_and_the_export_limit(tmp_path):
    dataset = must_run_dataset(tmp_path / "must-run")
    error = explained(dataset)
    assert error.exit_code == ExitCode.INFEASIBLE
    assert error.diagnosis.method.startswith("irreducible infeasible subset from HiGHS: 1 row, ")
    assert named(error) == {
        ("nodal_balance", "bus A", Role.CONSTRAINT),
        ("waste_dispatch", "plant WTE", Role.LOWER_BOUND),  # the must-run share
        ("grid_export", "connection GRID", Role.UPPER_BOUND),  # no export
        ("grid_import", "connection GRID", Role.LOWER_BOUND),
        ("load_shed", "bus A", Role.LOWER_BOUND),
    }
    must_run = next(f for f in error.diagnosis.findings if f.component == "waste_dispatch")
    assert (must_run.family, must_run.value_text) == ("waste", "bound 8")
    assert must_run.inputs == "waste_plants.csv must_run_share x p_nom_mw (in service: commissioned)"
    export = next(f for f in error.diagnosis.findings if f.component == "grid_export")
    assert (export.inputs, export.value_text) == ("grid_connections.csv export_max_mw", "bound 0")

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(scenario_for(dataset, HOURS)), "--out", str(out)])
    assert result.exit_code == ExitCode.INFEASIBLE
    assert re.search(r"  nodal_balance \(balance\) at bus A, snapshot 2025-01-0\d \d\d:00 \(local time\) "
                     r"\[right-hand side 2\]\n      power balance at each bus, MW", result.output)
    assert re.search(r"  lower bound of waste_dispatch \(waste\) at plant WTE, snapshot .* \[bound 8\]\n"
                     r"      electrical output of a waste-to-energy plant, MW; input: waste_plants.csv "
                     r"must_run_share x p_nom_mw", result.output)
    assert "upper bound of grid_export (national_grid) at connection GRID" in result.output
    assert not out.exists()


def test_reservoir_end_level_out_of_reach_names_the_end_volume_and_the_whole_water_balance(tmp_path):
    error = explained(unreachable_reservoir_dataset(tmp_path / "dam"))
    assert named(error) == {
        ("reservoir_end_volume", "reservoir DAM", Role.CONSTRAINT),
        ("reservoir_water_balance", "reservoir DAM", Role.CONSTRAINT),
        ("hydro_release", "plant DAM", Role.LOWER_BOUND),
        ("reservoir_spill", "reservoir DAM", Role.LOWER_BOUND),
    }
    by_component = {finding.component: finding for finding in error.diagnosis.findings}
    end = by_component["reservoir_end_volume"]
    assert (end.inputs, end.value_text, end.times) == (
        "reservoirs.csv volume_end_mcm (empty: volume_start_mcm) | reservoir_curves.csv (after the last snapshot)",
        "right-hand side 1.5", ())
    balance = by_component["reservoir_water_balance"]
    assert balance.count == HOURS  # every hour of the horizon links the start to the end
    assert balance.times == ("2025-01-01 04:00 to 2025-01-02 03:00",)  # UTC+4
    assert balance.inputs.startswith("reservoirs.csv volume_start_mcm | reservoir_curves.csv (at the first hour); "
                                     "hydro_plants.csv local_inflow_m3s")
    assert str(error).startswith("the model is infeasible: no dispatch meets every constraint")
    assert ("  reservoir_end_volume (hydro) at reservoir DAM [right-hand side 1.5]\n"
            "      end volume: the seasonal curve's, or fixed or cyclic, million m3; input: reservoirs.csv "
            "volume_end_mcm") in str(error)


def test_ev_need_beyond_the_chargers_is_met_by_the_penalised_slack_and_named_by_diagnose(tmp_path):
    """The EV family is elastic by design (energy from elsewhere at the value of lost load), so the fleet's
    unmet need makes no infeasible model: --diagnose names the slack, its fleet, energy and inputs."""
    dataset = ev_dataset(tmp_path / "ev")
    result = CliRunner().invoke(main, ["solve", str(scenario_for(dataset, HOURS)), "--out", str(tmp_path / "out"),
                                       "--diagnose"])
    assert result.exit_code == 0, result.output
    assert ("diagnosis: the optimum uses penalised slacks (needs the model could meet only at the value of lost "
            "load):\n  ev_unserved (ev) at fleet CARS") in result.output
    assert "[0.0604 MWh]" in result.output  # 0.1 MWh driven less 2 kW x 22 h x 0.9 charged
    assert ("input: ev_fleets.csv daily_energy_kwh_per_vehicle, departure_state_of_charge (the need) beyond "
            "charger_kw, chargers, plugged_in_profile (the chargers)") in result.output


def test_ev_need_beyond_the_chargers_without_the_slack_names_the_fleet_and_its_chargers(tmp_path):
    """With the fleet's energy from elsewhere forbidden (its slack bounded at zero), the same fleet makes the
    model infeasible, and the subset names the fleet's continuity and its chargers' limit."""
    dataset = ev_dataset(tmp_path / "ev")
    zone = select_horizon(scale_to_year(load_zone(dataset), 2025), 2025, None, HOURS)
    inputs = prepare_inputs(zone)
    model = build_model(inputs, build_network(zone), ModelSettings())
    for variable in model.ev_unserved.values():
        variable.setub(0.0)
    diagnosis = diagnose(model, inputs.snapshots)
    found = {(f.component, f.subject, f.role): f for f in diagnosis.findings}
    assert ("ev_continuity", "fleet CARS", Role.CONSTRAINT) in found
    chargers = found["ev_charge", "fleet CARS", Role.UPPER_BOUND]
    assert chargers.inputs == "ev_fleets.csv charger_kw, chargers, vehicles, plugged_in_profile"
    assert chargers.value_text == "bounds 0 to 0.002"  # 2 chargers x 1 kW, none while driving
    assert ("ev_unserved", "fleet CARS", Role.UPPER_BOUND) in found


def test_without_a_subset_in_time_the_elastic_lp_names_the_violated_row(tmp_path):
    dataset = unreachable_reservoir_dataset(tmp_path / "dam")
    zone = select_horizon(scale_to_year(load_zone(dataset), 2025), 2025, None, HOURS)
    inputs = prepare_inputs(zone)
    diagnosis = diagnose(build_model(inputs, build_network(zone), ModelSettings()), inputs.snapshots,
                         iis_time_limit_s=0.0)
    assert diagnosis.method.startswith("elastic LP: the rows it violates and the bounds that force it")
    assert "no irreducible infeasible subset within 0 s" in diagnosis.note
    violated = [f for f in diagnosis.findings if f.amount is not None]
    assert len(violated) == 1 and violated[0].subject == "reservoir DAM"
    assert violated[0].component in ("reservoir_water_balance", "reservoir_end_volume")
    assert violated[0].amount == pytest.approx(1.0)  # one million m3 short (1.5 asked, 0.5 held)
    assert violated[0].amount_text == "violated by up to 1"


def test_long_infeasible_runs_are_explained_only_on_request(tmp_path):
    hours = AUTOMATIC_UP_TO_SNAPSHOTS + 1
    dataset = must_run_dataset(tmp_path / "must-run", hours=hours)
    error = explained(dataset, hours=hours)
    assert error.diagnosis is None
    assert str(error).endswith("rerun with --diagnose to name the conflicting constraints and bounds "
                               f"(done by itself up to {AUTOMATIC_UP_TO_SNAPSHOTS} snapshots)")
    requested = explained(dataset, hours=hours, diagnose_always=True)
    assert ("waste_dispatch", "plant WTE", Role.LOWER_BOUND) in named(requested)


def test_diagnose_on_an_optimal_run_without_slack_says_so(tmp_path):
    dataset = write_dataset(tmp_path / "plain", {"buses": [bus("A")], "loads": [load("L", "A", 1.0)],
                                                  "grid_connections": [connection("GRID", "A")]})
    result = CliRunner().invoke(main, ["solve", str(scenario_for(dataset, HOURS)), "--out", str(tmp_path / "out"),
                                       "--diagnose"])
    assert result.exit_code == 0, result.output
    assert ("diagnosis: no penalised slack used (no load shed, unserved heat or EV energy from elsewhere)"
            in result.output)


def test_every_model_component_a_diagnosis_can_meet_has_a_description():
    """The report shows each component's doc: every variable and constraint of the build has one."""
    from conftest import DEFAULT_INPUTS

    zone = select_horizon(scale_to_year(load_zone(DEFAULT_INPUTS), 2026), 2026, "07-01 00:00", 2)
    model = build_model(prepare_inputs(zone), build_network(zone), ModelSettings())
    undocumented = [c.local_name for c in model.component_objects((pyo.Var, pyo.Constraint)) if not c.doc]
    assert undocumented == []


def test_the_elastic_lp_relaxes_the_balances_first_and_names_the_bounds_the_data_set(tmp_path):
    """Must-run surplus without a subset in time: the balance is violated by the surplus (8 - 2 MW), and the
    bounds that force it are the must-run share and the export limit, not the definitional zeros."""
    dataset = must_run_dataset(tmp_path / "must-run")
    zone = select_horizon(scale_to_year(load_zone(dataset), 2025), 2025, None, HOURS)
    inputs = prepare_inputs(zone)
    diagnosis = diagnose(build_model(inputs, build_network(zone), ModelSettings()), inputs.snapshots,
                         iis_time_limit_s=0.0)
    found = {(f.component, f.subject, f.role): f for f in diagnosis.findings}
    assert set(found) == {("nodal_balance", "bus A", Role.CONSTRAINT), ("waste_dispatch", "plant WTE", Role.LOWER_BOUND),
                          ("grid_export", "connection GRID", Role.UPPER_BOUND)}
    balance = found["nodal_balance", "bus A", Role.CONSTRAINT]
    assert (balance.count, balance.amount) == (HOURS, pytest.approx(6.0))
    assert found["waste_dispatch", "plant WTE", Role.LOWER_BOUND].value_text == "bound 8"
