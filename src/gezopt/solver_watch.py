"""What a solve shows its user besides the solution: the model file, HiGHS's log, and progress.

:class:`SolveWatch` is handed to :func:`gezopt.solve.solve` by the run (the
dispatch's solve only).  :class:`SolverLog` writes HiGHS's log lines, which
HiGHS passes to a logging callback, to a file that starts with gezopt's first
line (:data:`gezopt.solver_files.LOG_MARK`) and holds one section per solve;
it is written as the solve goes, so it can be followed while the run is on,
and it stays when the solve fails.  :func:`progress_ticker` calls a reporter
every :data:`PROGRESS_INTERVAL_S` seconds while HiGHS runs (HiGHS releases
Python's lock while it solves) with the time elapsed and the iterations so
far (:class:`IterationCount`).
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from gezopt import __version__
from gezopt.output import writing
from gezopt.solver_files import LOG_MARK

PROGRESS_INTERVAL_S = 10.0
ProgressReporter = Callable[[float, int, str], None]  # (seconds elapsed, iterations, "simplex" | "interior-point")


class SolverLog:
    """HiGHS's log of a run's solves in one file (created at the first solve, replacing one gezopt wrote)."""

    def __init__(self, path: Path, title: str):
        self.path = Path(path)
        self.title = title
        self._handle: TextIO | None = None

    def section(self, heading: str) -> None:
        """Start the log of one solve (the file itself at the first)."""
        with writing(self.path):
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - open for the run
                started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
                self._handle.write(f"{LOG_MARK}: {self.title} (gezopt {__version__}, {started})\n")
            self._handle.write(f"\n== {heading}\n")
            self._handle.flush()

    def write(self, message: str) -> None:
        """One message of HiGHS's logging callback."""
        if self._handle is not None:
            self._handle.write(message if message.endswith("\n") else message + "\n")

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


_ITERATION_LINE = re.compile(r"^\s*(\d+)\s+[-+]?\d+\.\d+e[-+]\d+\s")  # "  83796  -2.22e+07 Pr: ..."


@dataclass
class IterationCount:
    """Iterations of the running solve: simplex ones read off HiGHS's iteration log (a line about every five
    seconds, so nothing is paid per iteration), interior-point ones from HiGHS's callback."""

    simplex: int = 0
    interior_point: int = 0
    _simplex_log: bool = False

    def read(self, message: str) -> None:
        """One message of HiGHS's log: the simplex log's header, or one of its iteration lines."""
        if "Iteration" in message and "Objective" in message:
            self._simplex_log = True
        elif self._simplex_log and (match := _ITERATION_LINE.match(message)):
            self.simplex = int(match.group(1))

    def interior_point_at(self, iterations: int) -> None:
        """An interior-point callback's count; HiPO reports -1 once its iterations end (crossover): kept at the last."""
        self.interior_point = max(self.interior_point, iterations)

    def latest(self) -> tuple[int, str]:
        """(iterations, kind) of the algorithm running now: interior point until simplex iterations show."""
        if self.interior_point and not self.simplex:
            return self.interior_point, "interior-point"
        return self.simplex, "simplex"


@contextlib.contextmanager
def progress_ticker(report: ProgressReporter, count: IterationCount,
                    interval_s: float = PROGRESS_INTERVAL_S) -> Iterator[None]:
    """Call ``report`` every ``interval_s`` seconds from a thread of its own while the body runs, with the
    time elapsed and the iterations ``count`` holds then."""
    stop = threading.Event()
    started = time.perf_counter()

    def tick() -> None:
        while not stop.wait(interval_s):
            iterations, kind = count.latest()
            report(time.perf_counter() - started, iterations, kind)

    thread = threading.Thread(target=tick, name="gezopt-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@dataclass(frozen=True)
class SolveWatch:
    """What to show of a solve: ``model_file`` (.lp or .mps) written before it runs, its ``log``, and
    ``progress`` every :data:`PROGRESS_INTERVAL_S` seconds; ``title`` names the run in the files."""

    title: str = ""
    model_file: Path | None = None
    log: SolverLog | None = None
    progress: ProgressReporter | None = None
    progress_interval_s: float = PROGRESS_INTERVAL_S
