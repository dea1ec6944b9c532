"""The ``gezopt`` command's shared options: how scenario names resolve, and the checks Click runs on values.

A scenario argument is a file, a name of a file in the project's ``scenarios/``
(``base-week``), or, where several are taken, a glob.  Option values that are
wrong as typed are usage errors (exit code 2) at the option; a ``--set``
value that is wrong for the scenario is an input problem (exit code 3) found
when the scenario is loaded (:mod:`gezopt.scenario.assignments`).
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path

import click

from gezopt.data.zone import start_problem
from gezopt.errors import GezoptError
from gezopt.scenario.assignments import Assignment, parse_assignment
from gezopt.scenario.loading import PROJECT_SCENARIOS
from gezopt.solver_files import model_suffix_problem

DEFAULT_SCENARIO = PROJECT_SCENARIOS / "base.yaml"
LEAP_YEAR = 2024  # a year in which every MM-DD of a --start parses (29 Feb included)


def fail(error: GezoptError) -> None:
    """End the command with the error on one line (``error: ...``) and its exit code."""
    click.echo(f"error: {error}", err=True)
    sys.exit(int(error.exit_code))


def scenario_path(name: str | Path) -> Path:
    """A scenario argument as a path: the file, or the scenario of that name in the project's scenarios/."""
    path = Path(name)
    named = PROJECT_SCENARIOS / f"{name}.yaml"
    if not path.exists() and named.is_file():
        return named
    return path


def expand_scenarios(names: tuple[str, ...]) -> list[Path]:
    """Scenario paths from arguments that may be globs; the default scenario when there are none."""
    if not names:
        return [DEFAULT_SCENARIO]
    paths: list[Path] = []
    for name in names:
        if any(ch in name for ch in "*?["):
            paths.extend(sorted(Path(match) for match in glob.glob(name)) or [Path(name)])
        else:
            paths.append(scenario_path(name))
    return paths


def check_start(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    """``--start`` as written: a timestamp without a time-zone offset (the year is checked with the scenario)."""
    if value is not None and (message := start_problem(value, LEAP_YEAR)) is not None:
        raise click.BadParameter(message)
    return value


def check_assignments(context: click.Context, parameter: click.Parameter,
                      values: tuple[str, ...]) -> tuple[Assignment, ...]:
    """``--set KEY=VALUE`` (repeatable) split into assignments; the value is parsed with the scenario."""
    try:
        return tuple(parse_assignment(value) for value in values)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def check_model_file(context: click.Context, parameter: click.Parameter, value: Path | None) -> Path | None:
    """``--write-lp`` names an .lp or .mps file."""
    if value is not None and (message := model_suffix_problem(value)) is not None:
        raise click.BadParameter(message)
    return value


SET_OPTION = click.option(
    "--set", "assignments", multiple=True, callback=check_assignments, metavar="KEY=VALUE",
    help="Set a scenario key path to a YAML value (repeatable), e.g. horizon.hours=48 or "
         "overrides.parameters.co2_price_azn_per_t=50; checked like the scenario file.")

THREADS_OPTION = click.option(
    "--threads", type=click.IntRange(min=1),
    help="Solver threads (default: HiPO on every CPU, half of them beside a tariff run's benchmark; "
         "other methods HiGHS's default).")


def scenario_options(function):
    """The scenario argument (file or name) and the options that override its data and horizon."""
    options = [
        click.argument("scenario", required=False, default=str(DEFAULT_SCENARIO)),
        click.option("--inputs", type=click.Path(path_type=Path), help="Dataset folder (overrides the scenario)."),
        click.option("--year", type=int, help="Scenario year: selects the fleet in service and the demand level."),
        click.option("--start", type=str, callback=check_start,
                     help="First snapshot, MM-DD HH:MM or YYYY-MM-DD HH:MM in the scenario year."),
        click.option("--hours", type=click.IntRange(min=1), help="Number of hourly snapshots (up to 8760)."),
        SET_OPTION,
    ]
    for option in reversed(options):
        function = option(function)
    return function
