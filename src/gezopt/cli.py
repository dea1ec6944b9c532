"""The ``gezopt`` command: thin wrappers that parse, call the library and print."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
import yaml

from gezopt import calibration, regression, solar_yields
from gezopt.batch import RunOptions
from gezopt.cli_options import (
    DEFAULT_SCENARIO,
    SET_OPTION,
    THREADS_OPTION,
    check_model_file,
    check_start,
    expand_scenarios,
    fail,
    scenario_options,
    scenario_path,
)
from gezopt.config import GridModel, RunSettings, SolverMethod
from gezopt.data import load_zone
from gezopt.data.reader import input_warnings
from gezopt.diagnose import AUTOMATIC_UP_TO_SNAPSHOTS
from gezopt.errors import ExitCode, GezoptError, InputError
from gezopt.infeasibility import penalised_slacks
from gezopt.network import hydro_in_service
from gezopt.output import check_file_destination, replace_file, reserved
from gezopt.pathway.run import run_or_plan
from gezopt.pipeline import RunOutcome, prepare, run
from gezopt.plan_command import plan_command
from gezopt.run_header import horizon_text
from gezopt.scenario import Scenario, json_schema, list_scenarios, load_scenario, run_settings
from gezopt.solver_files import check_solver_file
from gezopt.solver_watch import SolverLog, SolveWatch
from gezopt.summary import summary_table
from gezopt.sweep_command import sweep


class _WarningHandler(logging.Handler):
    """Input warnings (unknown columns, ...) on stderr as ``warning: file:row:column: message``."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


input_warnings.addHandler(_WarningHandler())


@click.group()
@click.version_option(package_name="gezopt")
def main() -> None:
    """gezopt: least-cost dispatch of Azerbaijan's Green Energy Zone."""


main.add_command(sweep)


def _solve_watch(settings: RunSettings, scenario: Scenario, solver_log: Path | None, write_lp: Path | None,
                 verbose: bool) -> SolveWatch:
    """The model file, log and progress of one run, their destinations checked before anything is read."""
    for path, option in ((solver_log, "--solver-log"), (write_lp, "--write-lp")):
        if path is not None:
            check_solver_file(path, option, settings.out)
    title = f"scenario {scenario.name}" + "".join(f" --set {a}" for a in scenario.assignments)

    def progress(elapsed: float, iterations: int, kind: str) -> None:
        click.echo(f"  HiGHS    {elapsed:8.0f} s so far, {iterations:,} {kind} iterations")

    return SolveWatch(title=title, model_file=write_lp, log=SolverLog(solver_log, title) if solver_log else None,
                      progress=progress if verbose else None)


def _print_single_run(outcome: RunOutcome, settings: RunSettings, watch: SolveWatch) -> None:
    click.echo(summary_table(outcome.results.kpis))
    if settings.diagnose:
        click.echo(penalised_slacks(outcome.results, settings.resolution_hours).text())
    if watch.model_file is not None:
        click.echo(f"model written to {watch.model_file}")
    if watch.log is not None:
        click.echo(f"solver log written to {watch.log.path}")
    click.echo(f"results written to {outcome.out_dir}")


@main.command()
@click.argument("scenarios", nargs=-1)
@click.option("--inputs", type=click.Path(path_type=Path), help="Dataset folder (overrides the scenario).")
@click.option("--year", type=int, help="Scenario year: selects the fleet in service and the demand level.")
@click.option("--start", type=str, callback=check_start,
              help="First snapshot, MM-DD HH:MM or YYYY-MM-DD HH:MM in the scenario year.")
@click.option("--hours", type=click.IntRange(min=1), help="Number of hourly snapshots (up to 8760).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Results folder (default results/<scenario>); with several scenarios, their parent folder.")
@click.option("--time-limit", "time_limit", type=click.FloatRange(min=0, min_open=True), help="Solver time limit, s.")
@THREADS_OPTION
@click.option("--grid-model", type=click.Choice([g.value for g in GridModel]), help="dc (with KVL) or transport.")
@click.option("--solver-method", type=click.Choice([m.value for m in SolverMethod]),
              help="HiGHS algorithm (default auto: dual simplex below 4,000 snapshots, HiPO from there).")
@SET_OPTION
@click.option("--diagnose", is_flag=True,
              help=f"Name the conflicting constraints of an infeasible run at any horizon (by itself up to "
                   f"{AUTOMATIC_UP_TO_SNAPSHOTS} snapshots); on an optimal run, list the penalised slacks it used.")
@click.option("--solver-log", type=click.Path(path_type=Path), help="Write HiGHS's log of the solve to this file.")
@click.option("--write-lp", type=click.Path(path_type=Path), callback=check_model_file,
              help="Write the LP handed to HiGHS to this .lp or .mps file, with readable names.")
def solve(scenarios: tuple[str, ...], inputs: Path | None, year: int | None, start: str | None, hours: int | None,
          out: Path | None, time_limit: float | None, threads: int | None, grid_model: str | None,
          solver_method: str | None, assignments: tuple, diagnose: bool, solver_log: Path | None,
          write_lp: Path | None) -> None:
    """Solve SCENARIOS (files, names in scenarios/ or globs; default base), each into results/<scenario>/."""
    paths = expand_scenarios(scenarios)
    if len(paths) > 1 and (solver_log or write_lp):
        raise click.UsageError("--solver-log and --write-lp name one file: give them with one scenario")
    if solver_log is not None and write_lp is not None and solver_log.resolve() == write_lp.resolve():
        raise click.UsageError("--solver-log and --write-lp name the same file")

    def solve_one(path: Path, folder: Path | None, verbose: bool) -> tuple[RunOutcome, RunSettings, SolveWatch]:
        loaded = load_scenario(path, assignments)
        if loaded.pathway is not None:
            raise click.UsageError(f"{loaded.name} has a pathway: section: plan it with gezopt plan {loaded.name}")
        settings = run_settings(loaded, inputs=inputs, year=year, start=start, hours=hours, out=folder,
                                time_limit_s=time_limit, threads=threads,
                                grid_model=GridModel(grid_model) if grid_model else None,
                                solver_method=solver_method, diagnose=diagnose)
        watch = _solve_watch(settings, loaded, solver_log, write_lp, verbose)
        if verbose:
            click.echo(f"scenario {loaded.name}: {loaded.description}")
            click.echo(f"  inputs {settings.inputs}, year {settings.year}, "
                       f"{horizon_text(settings, loaded.command_line_keys)}, grid model {settings.model.grid_model.value}")
            if loaded.assignments:
                click.echo("  set " + ", ".join(str(a) for a in loaded.assignments))
        report = (lambda stage, seconds: click.echo(f"  {stage:<8} {seconds:8.2f} s")) if verbose else (lambda *_: None)
        try:
            return run(settings, loaded, report=report, watch=watch), settings, watch
        finally:
            if watch.log is not None:
                watch.log.close()

    if len(paths) == 1:
        try:
            outcome, settings, watch = solve_one(paths[0], out, verbose=True)
        except GezoptError as error:
            fail(error)
        _print_single_run(outcome, settings, watch)
        return

    failures: dict[str, GezoptError] = {}
    written: dict[str, Path] = {}
    with click.progressbar(paths, label=f"solving {len(paths)} scenarios",
                           item_show_func=lambda p: p.stem if p else None) as bar:
        for path in bar:
            try:
                written[path.stem] = solve_one(path, out / path.stem if out else None, verbose=False)[0].out_dir
            except GezoptError as error:
                failures[path.stem] = error
    for name, folder in written.items():
        click.echo(f"ok      {name}: results written to {folder}")
    for name, error in failures.items():
        click.echo(f"FAILED  {name}: {error}", err=True)
    click.echo(f"{len(written)} of {len(paths)} scenarios solved")
    if failures:
        sys.exit(int(next(iter(failures.values())).exit_code))


@main.command()
@scenario_options
@click.option("--describe", is_flag=True, help="Print every input table's columns (from the specs) and exit.")
def validate(scenario: str, inputs: Path | None, year: int | None, start: str | None, hours: int | None,
             assignments: tuple, describe: bool) -> None:
    """Check SCENARIO (a file or a name in scenarios/) and its inputs without solving."""
    if describe:
        from gezopt.data.describe import describe_tables

        click.echo(describe_tables(), nl=False)
        return
    try:
        loaded = load_scenario(scenario_path(scenario), assignments)
        settings = run_settings(loaded, inputs=inputs, year=year, start=start, hours=hours)
        zone, net = prepare(settings, loaded)
    except InputError as error:
        fail(error)
    click.echo(
        f"{settings.inputs}: valid for {settings.year}: {len(zone.buses)} buses, {len(net.branches)} branches "
        f"({len(net.cycles)} independent cycles), {len(zone.generators)} generators, "
        f"{len(hydro_in_service(zone))} of {len(zone.hydro_plants)} hydro plants in service, {len(zone.loads)} loads, {len(zone.snapshots)} snapshots"
    )


@main.command()
@click.argument("scenarios", nargs=-1)
@click.option("--baselines", type=click.Path(path_type=Path), default=Path("tests/baselines"), show_default=True,
              help="Folder of the baseline files <scenario>.json.")
@click.option("--update", is_flag=True, help="Rewrite the baselines with the new results (deliberately).")
@click.option("--junit", type=click.Path(path_type=Path), help="Also write the checks as JUnit XML.")
@click.option("--all-values", is_flag=True, help="Show every compared value, not only those that moved.")
def regress(scenarios: tuple[str, ...], baselines: Path, update: bool, junit: Path | None, all_values: bool) -> None:
    """Solve SCENARIOS and compare their KPIs with committed baselines; non-zero exit if any moved."""
    paths = expand_scenarios(scenarios) if scenarios else sorted(
        Path("scenarios") / f"{p.stem}.yaml" for p in baselines.glob("*.json"))
    checks_by_scenario: dict[str, list] = {}
    errors: dict[str, str] = {}
    for path in paths:
        try:
            loaded = load_scenario(path)
            outcome = run_or_plan(run_settings(loaded), loaded)
        except GezoptError as error:
            errors[path.stem] = str(error)
            click.echo(f"FAILED  {path.stem}: {error}", err=True)
            continue
        baseline_path = baselines / f"{loaded.name}.json"
        if update:
            changed = regression.write_baseline(baseline_path, loaded, outcome)
            click.echo(f"updated {baseline_path}: {len(changed)} values rewritten"
                       + (f" ({', '.join(changed[:5])}{', ...' if len(changed) > 5 else ''})" if changed else ""))
            continue
        if not baseline_path.is_file():
            errors[loaded.name] = f"no baseline {baseline_path}; create it with --update"
            click.echo(f"FAILED  {loaded.name}: no baseline {baseline_path}; create it with --update", err=True)
            continue
        baseline = json.loads(baseline_path.read_text())
        checks_by_scenario[loaded.name] = regression.compare(loaded, outcome, baseline)
        if baseline.get("scenario_sha256") != loaded.digest:
            click.echo(f"note    {loaded.name}: the scenario changed since its baseline was written")
        differences = regression.version_differences(baseline)
        if differences:
            click.echo(f"note    {loaded.name}: the baseline was made with other versions: {', '.join(differences)}")
    if update:
        if errors:
            sys.exit(int(ExitCode.REGRESSION_FAILURE))
        return
    checks = [c for group in checks_by_scenario.values() for c in group]
    failed = [c for c in checks if not c.passed]
    if failed or all_values:
        click.echo(regression.format_checks(checks, only_failures=not all_values))
    click.echo(f"{len(checks) - len(failed)} passed, {len(failed)} failed"
               + (f", {len(errors)} scenarios did not run" if errors else ""))
    if junit is not None:
        junit.write_text(regression.junit_xml(checks_by_scenario, errors))
    if failed or errors:
        sys.exit(int(ExitCode.REGRESSION_FAILURE))


@main.command("scenarios")
@click.option("--folder", type=click.Path(path_type=Path), default=Path("scenarios"), show_default=True)
def list_command(folder: Path) -> None:
    """List the scenarios of a folder with their description and parent."""
    rows = list_scenarios(folder)
    width = max((len(name) for name, _, _ in rows), default=8)
    for name, description, parent in rows:
        click.echo(f"{name:<{width}}  {('extends ' + parent) if parent else '':<22}  {description}")


@main.command()
@click.argument("scenario")
@SET_OPTION
def show(scenario: str, assignments: tuple) -> None:
    """Print SCENARIO (a file or a name in scenarios/) resolved through its extends chain and any --set
    values, with every default filled in."""
    try:
        loaded = load_scenario(scenario_path(scenario), assignments)
    except GezoptError as error:
        fail(error)
    click.echo(f"# {loaded.path} (sha256 {loaded.digest[:12]})")
    click.echo(yaml.safe_dump(loaded.raw, sort_keys=False).rstrip())


@main.command()
def schema() -> None:
    """Print the scenario files' JSON Schema (for editor completion)."""
    click.echo(json.dumps(json_schema(), indent=2))


@main.command()
@click.argument("scenario", required=False, type=click.Path(path_type=Path), default=DEFAULT_SCENARIO)
@click.option("--inputs", type=click.Path(path_type=Path), help="Dataset folder (overrides the scenario).")
@click.option("--out", type=click.Path(path_type=Path), help="Also write the table to this CSV file.")
@click.option("--strict", is_flag=True, help="Exit with code 8 if a target is outside its tolerance.")
def calibrate(scenario: Path, inputs: Path | None, out: Path | None, strict: bool) -> None:
    """Compare solar plants' capacity factors and hydro generation with the published figures (solving the
    years of hydro_targets.csv)."""
    try:
        if out is not None:
            check_file_destination(out, ".csv")
        loaded = load_scenario(scenario)
        settings = run_settings(loaded, inputs=inputs)
        yields = solar_yields.solar_yields(load_zone(settings.inputs))
        if len(yields):
            click.echo(solar_yields.format_solar_yields(yields) + "\n")
        table = calibration.calibrate(
            settings, loaded, report=lambda year, seconds: click.echo(f"  solved {year} in {seconds:.1f} s"))
        click.echo(calibration.format_calibration(table))
        if out is not None:
            replace_file(out, table.to_csv(index=False))
            click.echo(f"written to {out}")
    except GezoptError as error:
        fail(error)
    if strict and not table["within_tolerance"].all():
        sys.exit(int(ExitCode.CALIBRATION_MISS))


def solve_options(*names: str):
    """Put `gezopt solve`'s options ``names`` (their parameter names), the same definitions, on a command."""
    def decorate(command: click.Command) -> click.Command:
        by_name = {parameter.name: parameter for parameter in solve.params}
        command.params.extend(by_name[name] for name in names)
        return command
    return decorate


@solve_options("inputs", "year", "start", "hours", "time_limit", "threads", "grid_model", "solver_method")
@main.command()
@click.argument("scenarios", nargs=-1, required=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("results/comparison"), show_default=True,
              help="Folder for the comparison (comparison.csv, comparison.md, bills_by_band.csv, report.html) "
                   "and, under it, each scenario's results folder.")
@click.option("--read", "read_folders", is_flag=True, help="SCENARIOS are results folders to read, not scenarios to solve.")
def compare(scenarios: tuple[str, ...], out: Path, read_folders: bool, inputs: Path | None, year: int | None,
            start: str | None, hours: int | None, time_limit: float | None, threads: int | None,
            grid_model: str | None, solver_method: str | None) -> None:
    """Compare SCENARIOS side by side: a KPI table (printed, CSV, Markdown), bills at consumption bands with
    winners and losers against the first scenario, and a self-contained HTML report.

    SCENARIOS are solved like `gezopt solve` does (files, names in scenarios/ or globs), each into
    OUT/<scenario>/; a scenario that fails is reported on one line, the others are still compared, and the
    command then exits non-zero. With --read, SCENARIOS are results folders written before.
    """
    from gezopt.compare_command import compare_folders, compare_scenarios

    options = RunOptions(inputs=inputs, year=year, start=start, hours=hours, time_limit_s=time_limit, threads=threads,
                         grid_model=GridModel(grid_model) if grid_model else None, solver_method=solver_method)
    try:
        code = (compare_folders([Path(name) for name in scenarios], out) if read_folders
                else compare_scenarios(expand_scenarios(scenarios), out, options))
    except GezoptError as error:
        fail(error)
    if code != ExitCode.OK:
        sys.exit(int(code))


@main.command()
@click.argument("results_folder", metavar="RESULTS", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="Folder for the PNG files (default RESULTS/plots).")
def plot(results_folder: Path, out: Path | None) -> None:
    """Draw the plots of the results folder RESULTS (written by `gezopt solve`) as PNG files."""
    from gezopt.report import PLOT_FOLDER, read_results_folder, write_plots

    try:
        with reserved(out if out is not None else results_folder / "plots", PLOT_FOLDER) as target:
            written = write_plots(read_results_folder(results_folder), target)
    except GezoptError as error:
        fail(error)
    for path in written.files:
        click.echo(f"wrote {path}")
    for name, note in written.skipped.items():
        click.echo(f"note: {name}: {note}")


main.add_command(plan_command)


if __name__ == "__main__":  # pragma: no cover
    main()
