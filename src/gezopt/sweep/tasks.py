"""What a worker does with one case: check that it sees the dataset and gezopt the case was planned with,
solve it through :func:`gezopt.pipeline.run` without writing, and send back its results or its failure.

The worker writes nothing: its results and ``run.json`` travel back to the machine that runs ``gezopt
sweep``, which writes each case's folder, so the workers of a cluster need the dataset (at the same path,
relative to the folder they were started in) and the same gezopt, not a shared disk.  A failure that
gezopt reports (bad input, infeasible, time limit, ...) comes back as a :class:`~gezopt.batch.Failure` on
one line with its exit code; anything else is raised, and Dask hands it to the client.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from gezopt import __version__
from gezopt.batch import Failure, one_line
from gezopt.errors import ExitCode, GezoptError, InputError
from gezopt.pipeline import run
from gezopt.results import Results
from gezopt.sweep.cases import CaseTask, dataset_sha256, located


@dataclass(frozen=True)
class CaseSolved:
    """A solved case: its results, its provenance (``run.json``), the wall time of the run and the worker."""

    name: str
    results: Results
    info: dict[str, object]
    seconds: float
    worker: str


def _worker_address() -> str:
    """The Dask worker running this task ("local" outside one)."""
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except ValueError:
        return "local"


def environment_problem(task: CaseTask) -> str | None:
    """Why this worker cannot solve the case as planned: another gezopt version, or another dataset (or none)
    at the case's inputs path."""
    if __version__ != task.gezopt_version:
        return (f"worker {_worker_address()} runs gezopt {__version__}, the sweep gezopt {task.gezopt_version}; "
                "install the same version on every worker")
    inputs = task.settings.inputs
    if not inputs.is_dir() or dataset_sha256(inputs) != task.dataset_sha256:
        return (f"worker {_worker_address()} does not have the sweep's dataset at {inputs} (missing or different "
                "files); start the workers in a copy of the project with the same dataset")
    return None


def solve_case(task: CaseTask) -> CaseSolved | Failure:
    """Solve one case (on a Dask worker): its results, or its failure on one line with its exit code."""
    name = task.case.name
    problem = environment_problem(task)
    if problem is not None:
        return Failure(name=name, message=problem, exit_code=ExitCode.INPUT_ERROR)
    started = time.perf_counter()
    try:
        outcome = run(task.settings, task.scenario, write=False)
    except InputError as error:
        return Failure(name=name, message=one_line(InputError(located(error.problems, task.origins))),
                       exit_code=error.exit_code)
    except GezoptError as error:
        return Failure(name=name, message=one_line(error), exit_code=error.exit_code)
    return CaseSolved(name=name, results=outcome.results, info=outcome.info,
                      seconds=time.perf_counter() - started, worker=_worker_address())
