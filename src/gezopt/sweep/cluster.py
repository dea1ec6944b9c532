"""Running cases on Dask distributed: a local cluster of processes, or a cluster a user already runs.

gezopt schedules nothing itself: the cases are Dask tasks (:func:`gezopt.sweep.tasks.solve_case`), Dask's
scheduler places them on its workers, and :func:`distributed.as_completed` hands back each result as it
finishes.  The local cluster has one single-threaded worker process per core by default (each HiGHS solve
runs on one thread, so the cases run side by side); ``--scheduler ADDRESS`` connects to a scheduler started
with ``dask scheduler``, whose workers (``dask worker ADDRESS``, on any machine) solve the cases instead.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass

from distributed import Client, LocalCluster, as_completed

from gezopt.batch import Failure
from gezopt.errors import ExitCode, GezoptError
from gezopt.errors import excerpt as shortened
from gezopt.sweep.cases import CaseTask
from gezopt.sweep.tasks import CaseSolved, solve_case

CONNECT_TIMEOUT_S = 20
MESSAGE_LENGTH = 400  # characters of an unexpected error's message kept in the report


class ClusterError(GezoptError):
    """The Dask scheduler cannot be reached, or the local cluster cannot start."""

    exit_code = ExitCode.CLUSTER_FAILURE


@dataclass(frozen=True)
class ClusterInfo:
    """Where the cases run: the scheduler's address, its workers and whether gezopt started it."""

    address: str
    workers: int
    local: bool

    def describe(self) -> str:
        where = "a local cluster" if self.local else f"the cluster at {self.address}"
        return f"{where} of {self.workers} worker{'s' if self.workers != 1 else ''}"


def _checked_workers(client: Client, address: str) -> int:
    """The number of workers of the scheduler at ``address``, waiting up to :data:`CONNECT_TIMEOUT_S` for the
    first; a :class:`ClusterError` when none comes or when a worker runs several threads (it would build
    several Pyomo models in one process at once, which Pyomo is not made for)."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError:
        raise ClusterError(f"the Dask scheduler at {address} has no workers (waited {CONNECT_TIMEOUT_S} s); start "
                           f"them with: dask worker {address} --nthreads 1") from None
    threads = client.nthreads()
    threaded = sorted(worker for worker, count in threads.items() if count > 1)
    if threaded:
        raise ClusterError(f"worker {threaded[0]} of {address} runs {threads[threaded[0]]} threads; gezopt solves "
                           "one case per worker process: start workers with --nthreads 1 (and --nworkers N for N "
                           "processes)")
    return len(threads)


@contextlib.contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ignore Ctrl-C (SIGINT) while the local cluster starts: its worker processes keep ignoring it, so Ctrl-C
    stops ``gezopt sweep`` alone, which then stops them, instead of every worker printing a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def connected(scheduler: str | None, local_workers: int) -> Iterator[tuple[Client, ClusterInfo]]:
    """A client of the scheduler at ``scheduler``, or of a local cluster of ``local_workers`` single-threaded
    worker processes started here (and stopped on leaving)."""
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {shortened(error, 200)}") from None
        with client:
            yield client, ClusterInfo(scheduler, _checked_workers(client, scheduler), local=False)
        return
    # memory_limit 0: a solve's memory is HiGHS's, Dask's limits are for the data it keeps; the scheduler's
    # HTTP server on a free port, not on 8787, which another Dask on the machine may hold (a warning then)
    try:
        with _interrupts_ignored():
            cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR, memory_limit=0)
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot start a local Dask cluster: {shortened(error, 200)}") from None
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client, ClusterInfo(str(cluster.scheduler_address), local_workers, local=True)


def _unexpected(name: str, error: BaseException) -> Failure:
    """A case whose task raised (a bug, a worker that died): reported like a failure, exit code 1."""
    text = " ".join(str(error).split()) or type(error).__name__
    return Failure(name=name, message=f"{type(error).__name__}: {shortened(text, MESSAGE_LENGTH)}",
                   exit_code=ExitCode.UNEXPECTED)


def solve_on_cluster(client: Client, tasks: Sequence[CaseTask],
                     received: Callable[[CaseTask, CaseSolved | Failure], None]) -> None:
    """Submit every task and call ``received`` with each one's outcome as it finishes, in the order they
    finish; a task that raised is a failure of its case, and the others go on."""
    futures = {client.submit(solve_case, task, key=f"gezopt-case-{task.inputs_sha256[:16]}-{task.case.name}",
                             pure=False): task for task in tasks}
    for future in as_completed(futures, loop=client.loop):
        task = futures[future]
        try:
            outcome = future.result()
        except (Exception, CancelledError) as error:  # noqa: BLE001 - any task error is its case's failure
            outcome = _unexpected(task.case.name, error)
        future.release()
        received(task, outcome)
