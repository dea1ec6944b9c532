"""The ``gezopt`` command: thin wrappers that parse, call the library and print."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gezopt.config import GridModel
from gezopt import calibration
from gezopt.errors import ExitCode, GezoptError, InputError
from gezopt.network import hydro_in_service
from gezopt.pipeline import prepare, run
from gezopt.scenario import load_scenario, run_settings

DEFAULT_SCENARIO = Path("scenarios/base.yaml")


@click.group()
@click.version_option(package_name="gezopt")
def main() -> None:
    """gezopt: least-cost dispatch of Azerbaijan's Green Energy Zone."""


def _scenario_options(function):
    options = [
        click.argument("scenario", required=False, type=click.Path(path_type=Path), default=DEFAULT_SCENARIO),
        click.option("--inputs", type=click.Path(path_type=Path), help="Dataset folder (overrides the scenario)."),
        click.option("--year", type=int, help="Scenario year: selects the fleet in service and the demand level."),
        click.option("--start", type=str, help="First snapshot, YYYY-MM-DD HH:MM in the scenario year."),
        click.option("--hours", type=click.IntRange(min=1), help="Number of hourly snapshots (up to 8760)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _fail(error: GezoptError) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(int(error.exit_code))


@main.command()
@_scenario_options
@click.option("--out", type=click.Path(path_type=Path), help="Results folder (default results/<scenario>).")
@click.option("--time-limit", "time_limit", type=click.FloatRange(min=0, min_open=True), help="Solver time limit, s.")
@click.option("--threads", type=click.IntRange(min=1), help="Solver threads.")
@click.option("--grid-model", type=click.Choice([g.value for g in GridModel]), help="dc (with KVL) or transport.")
def solve(scenario: Path, inputs: Path | None, year: int | None, start: str | None, hours: int | None,
          out: Path | None, time_limit: float | None, threads: int | None, grid_model: str | None) -> None:
    """Solve SCENARIO (default scenarios/base.yaml) and write results/<scenario>/."""
    try:
        loaded = load_scenario(scenario)
        settings = run_settings(loaded, inputs=inputs, year=year, start=start, hours=hours, out=out,
                                time_limit_s=time_limit, threads=threads,
                                grid_model=GridModel(grid_model) if grid_model else None)
        click.echo(f"scenario {loaded.name}: {loaded.description}")
        click.echo(f"  inputs {settings.inputs}, year {settings.year}, grid model {settings.model.grid_model.value}")
        outcome = run(settings, loaded, report=lambda stage, seconds: click.echo(f"  {stage:<8} {seconds:8.2f} s"))
    except GezoptError as error:
        _fail(error)
    click.echo(summary_table(outcome.results.kpis))
    click.echo(f"results written to {outcome.out_dir}")


@main.command()
@_scenario_options
def validate(scenario: Path, inputs: Path | None, year: int | None, start: str | None, hours: int | None) -> None:
    """Check SCENARIO and its inputs without solving."""
    try:
        loaded = load_scenario(scenario)
        settings = run_settings(loaded, inputs=inputs, year=year, start=start, hours=hours)
        zone, net = prepare(settings, loaded)
    except InputError as error:
        _fail(error)
    click.echo(
        f"{settings.inputs}: valid for {settings.year}: {len(zone.buses)} buses, {len(net.branches)} branches "
        f"({len(net.cycles)} independent cycles), {len(zone.generators)} generators, "
        f"{len(hydro_in_service(zone))} of {len(zone.hydro_plants)} hydro plants in service, {len(zone.loads)} loads, {len(zone.snapshots)} snapshots"
    )


@main.command()
@click.argument("scenario", required=False, type=click.Path(path_type=Path), default=DEFAULT_SCENARIO)
@click.option("--inputs", type=click.Path(path_type=Path), help="Dataset folder (overrides the scenario).")
@click.option("--out", type=click.Path(path_type=Path), help="Also write the table to this CSV file.")
@click.option("--strict", is_flag=True, help="Exit with code 8 if a target is outside its tolerance.")
def calibrate(scenario: Path, inputs: Path | None, out: Path | None, strict: bool) -> None:
    """Solve the years of hydro_targets.csv and compare hydro generation with the published figures."""
    try:
        loaded = load_scenario(scenario)
        settings = run_settings(loaded, inputs=inputs)
        table = calibration.calibrate(
            settings, loaded, report=lambda year, seconds: click.echo(f"  solved {year} in {seconds:.1f} s"))
    except GezoptError as error:
        _fail(error)
    click.echo(calibration.format_calibration(table))
    if out is not None:
        table.to_csv(out, index=False)
        click.echo(f"written to {out}")
    if strict and not table["within_tolerance"].all():
        sys.exit(int(ExitCode.CALIBRATION_MISS))


def summary_table(kpis: dict[str, object]) -> str:
    """The run's headline figures as a plain-text table (energies in GWh)."""
    gwh = 1e-3

    def million(value: float) -> str:  # no "-0.000" for a value that rounds to zero
        return f"{round(value / 1e6, 3) + 0.0:,.3f} million AZN"

    rows = [
        ("horizon", f"{kpis['hours']:.0f} h from {kpis['start']} (year {kpis['year']})"),
        ("system cost", f"{million(kpis['system_cost_azn'])} (net of export revenue)"),
        ("  local supply cost", million(kpis["local_supply_cost_azn"])),
        ("  import cost", million(kpis["import_cost_azn"])),
        ("  export revenue", million(kpis["export_revenue_azn"])),
        ("cost per MWh served", f"{kpis['cost_per_mwh_served_azn']:,.2f} AZN/MWh"),
        ("consumption", f"{kpis['consumption_mwh'] * gwh:,.2f} GWh (peak {kpis['peak_demand_mw']:,.1f} MW)"),
    ]
    for carrier, energy in kpis["energy_by_technology_mwh"].items():
        rows.append((f"  {carrier}", f"{energy * gwh:,.2f} GWh"))
    rows += [
        ("imports", f"{kpis['imports_mwh'] * gwh:,.2f} GWh (peak {kpis['peak_import_mw']:,.1f} MW)"),
        ("exports", f"{kpis['exports_mwh'] * gwh:,.2f} GWh"),
        ("emissions", f"{kpis['emissions_t']:,.0f} t CO2"),
        ("renewable share", f"{kpis['renewable_share'] * 100:.1f} %"),
        ("curtailment", f"{kpis['curtailment_mwh'] * gwh:,.2f} GWh"),
        ("load shed", f"{kpis['load_shed_mwh'] * gwh:,.3f} GWh"),
        ("peak load", f"{kpis['peak_load_mw']:,.1f} MW (EVs {kpis['ev_peak_contribution_mw']:,.2f} MW, "
                      f"heat {kpis['heat_peak_contribution_mw']:,.2f} MW)"),
        ("EV charging", f"{kpis['ev_charging_mwh'] * gwh:,.3f} GWh"),
        ("heat", f"{kpis['heat_demand_mwh_th'] * gwh:,.2f} GWh_th from {kpis['heat_electricity_mwh'] * gwh:,.2f} GWh "
                 "of electricity"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


if __name__ == "__main__":  # pragma: no cover
    main()
