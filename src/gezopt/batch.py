"""Solving the scenarios of a comparison one after another: each into its own results folder, a failure
reported on one line and the others still solved.

:func:`solve_scenarios` runs each scenario through :func:`gezopt.pipeline.run`
into ``<runs folder>/<scenario>/``, telling a :class:`Progress` when a
scenario starts, as each stage ends, and when it is solved or has failed.  A
scenario that fails (bad scenario file or input, infeasible, time limit, ...)
becomes a :class:`Failure` with its error on one line and its exit code; the
caller decides what to do with the runs that were solved.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gezopt.benchmark import SystemBenchmarks
from gezopt.config import GridModel
from gezopt.destination import RefusedDestinationError
from gezopt.errors import ExitCode, GezoptError
from gezopt.pipeline import run
from gezopt.scenario import load_scenario, run_settings


@dataclass(frozen=True)
class RunOptions:
    """Values put over every scenario's own (None: the scenario's), as ``gezopt solve``'s options do."""

    inputs: Path | None = None
    year: int | None = None
    start: str | None = None
    hours: int | None = None
    time_limit_s: float | None = None
    threads: int | None = None
    grid_model: GridModel | None = None
    solver_method: str | None = None


@dataclass(frozen=True)
class Failure:
    """A scenario that did not solve: its name, its error on one line, the exit code of that error."""

    name: str
    message: str
    exit_code: ExitCode


class Progress(Protocol):
    """Told what happens while the scenarios are solved."""

    def started(self, position: int, total: int, name: str) -> None: ...

    def stage(self, stage: str, seconds: float) -> None: ...

    def solved(self, name: str, folder: Path) -> None: ...

    def failed(self, failure: Failure) -> None: ...


@dataclass(frozen=True)
class SolvedRuns:
    """The results folders written (in the order given) and the scenarios that failed."""

    folders: tuple[Path, ...]
    failures: tuple[Failure, ...]


class NothingSolvedError(GezoptError):
    """Every scenario (or every case of a sweep) failed: there is nothing to compare.  Exits with the first
    failure's code."""

    def __init__(self, failures: Sequence[Failure], purpose: str = "compare", kind: str = "scenario"):
        self.exit_code = failures[0].exit_code
        names = ", ".join(failure.name for failure in failures)
        super().__init__(f"nothing to {purpose}: every {kind} failed ({names})")


def one_line(error: GezoptError) -> str:
    """The error's message on one line: a list of problems joined by ``; `` after its header."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else type(error).__name__
    return f"{lines[0]} {'; '.join(lines[1:])}"


def run_folder_problems(paths: Sequence[Path], taken: Collection[str]) -> list[str]:
    """Why the scenarios cannot each have a results folder ``<name>`` beside the files ``taken``: a name given
    twice (two files of the same name), or a name the comparison's own files use."""
    problems = []
    seen: dict[str, Path] = {}
    for path in paths:
        name = path.stem
        if name in seen:
            problems.append(f"{seen[name]} and {path} would both be solved into '{name}/'; rename one")
        elif name in taken:
            problems.append(f"{path}: a scenario named '{name}' would overwrite the comparison's '{name}'; rename it")
        seen.setdefault(name, path)
    return problems


def refuse_reading_inside(folders: Sequence[Path], out: Path) -> None:
    """Refuse to replace the comparison folder ``out`` while it holds a results folder the comparison reads:
    the new comparison would not hold it, so it would be lost."""
    destination = Path(out).resolve()
    inside = [folder for folder in folders if Path(folder).resolve().is_relative_to(destination)]
    if inside:
        raise RefusedDestinationError(f"{out} holds {inside[0]}, which this comparison reads; gezopt will not "
                                      "replace it (choose another --out)")


def solve_scenarios(paths: Sequence[Path], options: RunOptions, runs_folder: Path, progress: Progress) -> SolvedRuns:
    """Solve each scenario into ``runs_folder/<scenario>/``; a failure is reported and the next one solved.
    Tariff scenarios on one zone share the ``response: system`` benchmark (:class:`SystemBenchmarks`)."""
    folders: list[Path] = []
    failures: list[Failure] = []
    with SystemBenchmarks() as benchmarks:  # a benchmark process of a failed run is ended
        for position, path in enumerate(paths, start=1):
            progress.started(position, len(paths), path.stem)
            try:
                loaded = load_scenario(path)
                settings = run_settings(loaded, inputs=options.inputs, year=options.year, start=options.start,
                                        hours=options.hours, out=runs_folder / path.stem,
                                        time_limit_s=options.time_limit_s, threads=options.threads,
                                        grid_model=options.grid_model, solver_method=options.solver_method)
                outcome = run(settings, loaded, report=progress.stage, benchmarks=benchmarks)
            except GezoptError as error:
                failure = Failure(name=path.stem, message=one_line(error), exit_code=error.exit_code)
                failures.append(failure)
                progress.failed(failure)
                continue
            folders.append(outcome.out_dir)
            progress.solved(path.stem, outcome.out_dir)
    return SolvedRuns(folders=tuple(folders), failures=tuple(failures))
