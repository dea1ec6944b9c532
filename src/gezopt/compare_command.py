"""The work of ``gezopt compare``: solve the scenarios into the comparison's folder, print their progress, write
and print the comparison, and say which exit code the command ends with.

The comparison folder ``OUT`` is checked and locked before anything is solved
(:func:`gezopt.output.reserved`); each scenario is solved into ``OUT/<scenario>/``
inside its staging folder (:func:`gezopt.batch.solve_scenarios`), so the runs
and the comparison appear together, or not at all.  A scenario that fails is
printed on one line as it fails and the others are still compared; the command
then ends with the first failure's exit code.  When every scenario fails,
nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from gezopt.batch import (
    Failure,
    NothingSolvedError,
    RunOptions,
    refuse_reading_inside,
    run_folder_problems,
    solve_scenarios,
)
from gezopt.errors import ExitCode
from gezopt.output import reserved
from gezopt.report import COMPARISON_FOLDER, read_results_folders, write_comparison
from gezopt.report.writing import COMPARISON_FILES, WrittenComparison


class ComparisonProgress:
    """Prints each scenario's stages on one line as they end, then ``solved`` or ``failed`` (the error on one
    line on stderr)."""

    def __init__(self) -> None:
        self.separator = ""

    def started(self, position: int, total: int, name: str) -> None:
        click.echo(f"[{position}/{total}] {name}:", nl=False)
        self.separator = " "

    def stage(self, stage: str, seconds: float) -> None:
        click.echo(f"{self.separator}{stage} {seconds:.1f} s", nl=False)
        self.separator = ", "

    def solved(self, name: str, folder: Path) -> None:
        click.echo(": solved")

    def failed(self, failure: Failure) -> None:
        click.echo(f"{self.separator}failed")
        click.echo(f"FAILED  {failure.name}: {failure.message}", err=True)


def compare_scenarios(paths: Sequence[Path], out: Path, options: RunOptions) -> ExitCode:
    """Solve ``paths`` into ``out/<scenario>/`` and compare those that solved; the exit code to end with."""
    for path in paths:
        if path.is_dir():
            raise click.UsageError(f"{path} is a folder: to compare results folders, pass --read")
    problems = run_folder_problems(paths, COMPARISON_FILES)
    if problems:
        raise click.UsageError("; ".join(problems))
    with reserved(out, COMPARISON_FOLDER) as target:  # checked and locked before anything is solved
        click.echo(f"solving {len(paths)} scenario{'s' if len(paths) != 1 else ''} into {target.path}/")
        solved = solve_scenarios(paths, options, target.staging, ComparisonProgress())
        if not solved.folders:
            raise NothingSolvedError(solved.failures)
        folders = read_results_folders(list(solved.folders))
        for folder in folders:
            folder.final_path = target.path / folder.path.name
        print_comparison(write_comparison(folders, target))
    if not solved.failures:
        return ExitCode.OK
    click.echo(f"{len(folders)} of {len(paths)} scenarios compared; failed: "
               f"{', '.join(failure.name for failure in solved.failures)}", err=True)
    return solved.failures[0].exit_code


def compare_folders(folders: Sequence[Path], out: Path) -> ExitCode:
    """Compare the results folders ``folders`` (written before) into ``out``."""
    with reserved(out, COMPARISON_FOLDER) as target:
        refuse_reading_inside(folders, target.path)
        print_comparison(write_comparison(read_results_folders(list(folders)), target))
    return ExitCode.OK


def print_comparison(written: WrittenComparison) -> None:
    """The KPI table, the bills at consumption bands, the summary, the plots not drawn and the files written."""
    click.echo(written.table.to_text())
    if written.bands is not None:
        click.echo("")
        click.echo(written.bands.to_text())
    if written.summary:
        click.echo("\nSummary")
        for sentence in written.summary:
            click.echo(f"- {sentence}")
    for plot in written.plots:
        if plot.png is None:
            click.echo(f"note: {plot.title}: {plot.note}")
    files = [written.csv, written.markdown, *([written.bands_csv] if written.bands_csv else []), written.html]
    click.echo(f"comparison written to {', '.join(str(f) for f in files[:-1])} and {files[-1]}")
