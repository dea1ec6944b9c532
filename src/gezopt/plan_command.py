"""``gezopt plan SCENARIO``: solve a scenario's pathway (:mod:`gezopt.pathway`) and print what is built when."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from gezopt.cli_options import SET_OPTION, THREADS_OPTION, scenario_path
from gezopt.errors import GezoptError
from gezopt.pathway.run import PathwayOutcome, plan
from gezopt.scenario import load_scenario
from gezopt.scenario.loading import run_settings


@click.command("plan")
@click.argument("scenario")
@click.option("--out", type=click.Path(path_type=Path), help="Results folder (default results/<scenario>).")
@THREADS_OPTION
@SET_OPTION
def plan_command(scenario: str, out: Path | None, threads: int | None, assignments: tuple) -> None:
    """Plan SCENARIO's investment periods (its pathway: section) into results/<scenario>/:
    capacities_by_period.csv, kpis_by_period.csv, kpis.json, run.json."""
    try:
        loaded = load_scenario(scenario_path(scenario), assignments)
        settings = run_settings(loaded, out=out, threads=threads)
        click.echo(f"scenario {loaded.name}: {loaded.description}")
        outcome = plan(settings, loaded)
    except GezoptError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(int(error.exit_code))
    click.echo(built_text(outcome))
    click.echo(f"present value {outcome.kpis['present_value_azn']:,.0f} AZN; results written to {outcome.out_dir}")


def built_text(outcome: PathwayOutcome) -> str:
    """What each period builds, by candidate (rows with nothing built left out)."""
    table = outcome.tables["capacities_by_period"]
    built = table[table["built_in_period"] > 1e-6]
    if built.empty:
        return "nothing built in any period"
    shown = built[["period", "candidate_id", "location", "capacity_unit", "built_in_period", "total"]]
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        return shown.to_string(index=False, float_format=lambda value: f"{value:,.1f}")
