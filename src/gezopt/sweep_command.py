"""``gezopt sweep``: the command, its options, and what it prints while the cases run and at the end.

The work is :func:`gezopt.sweep.runner.run_sweep`'s (imported when the command runs, so the other commands
never import Dask); this module parses, prints a progress bar and each failure as it comes back, the chosen
KPIs by case at the end, and ends with the first failed case's exit code.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gezopt.cli_options import SET_OPTION, fail, scenario_path
from gezopt.errors import GezoptError, InputError, Problem
from gezopt.scenario.assignments import COMMAND_LINE, Assignment, option_label
from gezopt.sweep.definition import (
    Setting,
    SweepDefinition,
    parse_variation,
    read_sweep_file,
    sweep_from_options,
)
from gezopt.sweep.records import CaseRecord, CaseStatus

if TYPE_CHECKING:  # the runner imports Dask: only when a sweep runs
    from gezopt.sweep.cluster import ClusterInfo
    from gezopt.sweep.runner import Plan

SWEEPS_FOLDER = Path("results") / "sweeps"


def check_variations(context: click.Context, parameter: click.Parameter,
                     values: tuple[str, ...]) -> tuple[tuple[Setting, ...], ...]:
    """``--vary KEY=V1,V2,...`` (repeatable) as the settings of each value; a usage error as typed."""
    try:
        return tuple(parse_variation(value) for value in values)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


class SweepPrinter:
    """Prints the plan, a progress bar while the cases run, and each failure (on stderr) as it comes back."""

    def __init__(self) -> None:
        self.bar = None
        self.remaining = 0

    def planned(self, definition: SweepDefinition, plan: Plan) -> None:
        count = len(definition.cases)
        click.echo(f"sweep of {definition.base}: {count} case{'s' if count != 1 else ''} over "
                   f"{', '.join(definition.parameters)}")
        if plan.reused:
            click.echo(f"  {len(plan.reused)} reused: their results have the same inputs hash")
        for record in plan.invalid:
            self._failed(record)

    def solving(self, cluster: ClusterInfo, count: int) -> None:
        click.echo(f"  solving {count} on {cluster.describe()}, one thread per solve")
        self.remaining = count
        self.bar = click.progressbar(length=count, label="  solving", show_pos=True, show_eta=False,
                                     item_show_func=lambda name: name)
        self.bar.__enter__()

    def finished(self, record: CaseRecord) -> None:
        if record.status is CaseStatus.FAILED:
            self._failed(record)
        self.remaining -= 1
        if self.bar is not None:
            self.bar.update(1, current_item=f"{record.case.name} {record.status.value}")
            if self.remaining == 0:
                self.bar.__exit__(None, None, None)
                self.bar = None

    def _failed(self, record: CaseRecord) -> None:
        if self.bar is not None and sys.stdout.isatty():  # clear the bar's line; its next update draws it again
            click.echo("\r\033[K", nl=False)
        click.echo(f"FAILED  {record.case.name}: {record.message}", err=True)


def _definition(sweep_file: Path | None, base: str | None, variations: tuple[tuple[Setting, ...], ...],
                plots: tuple[str, ...]) -> SweepDefinition:
    """The sweep of the file, or of ``--base`` and ``--vary``; usage errors for a wrong mix of them."""
    if sweep_file is not None:
        if base is not None or variations:
            raise click.UsageError("give a sweep file or --base with --vary, not both")
        definition = read_sweep_file(sweep_file)
        return dataclasses.replace(definition, plots=plots) if plots else definition
    if base is None or not variations:
        raise click.UsageError("give a sweep file, or --base SCENARIO with one or more --vary KEY=V1,V2,...")
    return sweep_from_options(scenario_path(base), variations, plots)


def _shared_and_varied(definition: SweepDefinition, assignments: tuple[Assignment, ...]) -> None:
    """Refuse a ``--set`` of a key path the sweep varies (it would be overridden in every case)."""
    varied = set(definition.parameters)
    problems = [Problem(COMMAND_LINE, None, option_label(a.key), "is also varied by the sweep; give a key path "
                        "in one place") for a in assignments if a.key in varied]
    if problems:
        raise InputError(problems)


@click.command()
@click.argument("sweep_file", required=False, type=click.Path(path_type=Path))
@click.option("--base", help="The scenario every case changes (a name in scenarios/ or a file), with --vary.")
@click.option("--vary", "variations", multiple=True, callback=check_variations, metavar="KEY=V1,V2,...",
              help="A key path and its values, comma-separated YAML (repeatable: every combination is a case).")
@SET_OPTION
@click.option("--plot", "plots", multiple=True, metavar="KPI",
              help="A KPI of kpis.json to plot against each parameter (repeatable; default a few headline KPIs).")
@click.option("--out", type=click.Path(path_type=Path),
              help="The sweep's folder (default results/sweeps/<sweep file or base scenario>).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Solve on the Dask cluster of this scheduler (tcp://HOST:8786) instead of a local cluster.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Worker processes of the local cluster (default: one per core).")
def sweep(sweep_file: Path | None, base: str | None, variations: tuple, assignments: tuple, plots: tuple[str, ...],
          out: Path | None, scheduler: str | None, workers: int | None) -> None:
    """Run every case of a sweep (SWEEP_FILE, or --base and --vary) as its own scenario on Dask, and write a
    table of inputs and KPIs across cases (CSV, Parquet) with plots of KPIs against each parameter.

    Cases whose results in the sweep's folder have the same inputs hash are not solved again; a case that
    fails is reported and the others go on; the command then exits with the first failure's code.
    """
    if scheduler is not None and workers is not None:
        raise click.UsageError("--workers sizes a local cluster; the cluster at --scheduler has its own workers")
    from dask.system import CPU_COUNT

    from gezopt.sweep.runner import Cluster, run_sweep

    try:
        definition = _definition(sweep_file, base, variations, tuple(p.strip() for p in plots if p.strip()))
        _shared_and_varied(definition, assignments)
        folder = out if out is not None else SWEEPS_FOLDER / (sweep_file or definition.base).stem
        summary = run_sweep(definition, assignments, folder, Cluster(scheduler, workers or CPU_COUNT), SweepPrinter())
    except GezoptError as error:
        fail(error)
    click.echo(summary.table.to_text())
    for plot in summary.plots:
        if plot.png is None:
            click.echo(f"note: plot {plot.kpi}: {plot.note}")
    drawn = sum(plot.png is not None for plot in summary.plots)
    click.echo(f"sweep written to {summary.path}/ (sweep.csv, sweep.parquet, sweep.md, "
               f"{drawn} plot{'s' if drawn != 1 else ''} in plots/, each case in cases/)")
    counts = ", ".join(f"{summary.count(status)} {status.value}" for status in CaseStatus)
    failed = [r.case.name for r in summary.records if r.status is CaseStatus.FAILED]
    click.echo(f"{len(summary.records)} cases: {counts}" + (f" ({', '.join(failed)})" if failed else ""),
               err=bool(failed))
    if summary.exit_code:
        sys.exit(int(summary.exit_code))
