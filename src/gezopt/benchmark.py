"""The tariff response's benchmark: the same zone with every flexible load co-optimised (``response: system``).

A ``response: tariff`` run reports what its tariff costs the system,
:math:`C^{tariff} - C^{system}`, where :math:`C^{system}` is the optimal
objective of the zone read by the run (before its own response) with
``response: system``.  Only that objective is read, and an optimal objective
is one number however the optimum is reached: it is solved without the
tie-break, and an interior-point solve skips its crossover (exact to the
interior point's tolerance, about 1e-8 of the objective).  Fleets that
differ only in size are scheduled as one where the grouped LP's prices prove
its cost is the full LP's (:mod:`gezopt.fleet_groups`); otherwise every
fleet is solved.

The benchmark needs nothing the run computes after reading the zone.  On a
long horizon (:data:`BESIDE_FROM_SNAPSHOTS`) with two or more CPUs it is
therefore solved **beside the run**, in a process of its own started right
after the read, while the consumers respond and the dispatch is solved: the
run's own solves then take half the CPUs (:func:`gezopt.pipeline.sharing_cpus`),
the benchmark's process every CPU, since it outlives them (README, Speed).  Both
models are then in memory at once.  Elsewhere (short horizons, one CPU, or a worker
process that may not start processes, such as a ``gezopt sweep`` worker) it
is solved in the run's process after the dispatch model is freed.

:class:`SystemBenchmarks` holds a session's benchmarks by key, so runs that
differ only in their prices (a ``gezopt compare`` of tariffs) share one; it
is closed with a ``with`` block, which ends any benchmark process still
running when a run fails.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from typing import TYPE_CHECKING, Self

import numpy as np

from gezopt.config import RunSettings, SolverSettings
from gezopt.cpus import available_cpus
from gezopt.data import ZoneData
from gezopt.errors import GezoptError, SolveError, SolverFailureError
from gezopt.fleet_groups import FleetGroups
from gezopt.gc_pause import garbage_collection_paused
from gezopt.model import build_model
from gezopt.model.balance import balance_duals
from gezopt.network import Network
from gezopt.prepared import Prepared, prepare_inputs
from gezopt.response import prepare_response
from gezopt.scenario.schema import Response, Tariffs
from gezopt.solve import hand_over
from gezopt.tariffs import PriceSchedules

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# multiprocessing is imported where a tariff run's benchmark needs it, not by every run: importing it makes Pyomo
# create its capture lock (multiprocessing.synchronize), 55-60 ms of a plain run's start

CERTIFIED_GAP_AZN = 0.01  # the grouped fleets' cost is the benchmark where its price gap bound is within this
BESIDE_FROM_SNAPSHOTS = 2000  # solved in a process of its own from this horizon on (shorter: start-up dominates)
BenchmarkKey = tuple[str, str, str, str]


@dataclasses.dataclass(frozen=True)
class BenchmarkJob:
    """What a benchmark is solved from: the zone as the scenario left it (before its response), its network,
    the tariffs (their heat class) and prices, and the run's settings."""

    scenario_zone: ZoneData
    net: Network
    tariffs: Tariffs
    prices: PriceSchedules
    settings: RunSettings

    def key(self) -> BenchmarkKey:
        """(zone digest, heat class, model settings, solver settings): what the benchmark depends on; not the
        tariffs' prices."""
        return (self.scenario_zone.digest(), self.tariffs.heat_class, repr(self.settings.model),
                repr(self.settings.solver))


def system_response_cost_azn(job: BenchmarkJob) -> float:
    """System cost of the job's zone with every flexible load co-optimised (``response: system``), AZN: the
    LP's optimal objective (no tie-break: only the cost is read, and it is one number at any optimum).

    Fleets that differ only in size are first scheduled as one (:mod:`gezopt.fleet_groups`); that LP's cost
    is the answer where its prices prove it (the gap bound within :data:`CERTIFIED_GAP_AZN`), and the LP of
    every fleet is solved otherwise."""
    zone = prepare_response(job.scenario_zone, job.tariffs, Response.SYSTEM, job.prices)
    objective_only = dataclasses.replace(job.settings.solver, crossover=False, tie_break=False)
    inputs = prepare_inputs(zone)
    groups = FleetGroups.of(inputs.scheduled_fleets)
    if groups.merges_any:
        grouped = dataclasses.replace(inputs, scheduled_fleets=groups.grouped())
        cost_azn, prices = _cost_and_balance_duals(grouped, job, objective_only, ("nodal_balance",))
        if groups.price_gap_bound_azn(prices) <= CERTIFIED_GAP_AZN:
            return cost_azn
    return _cost_and_balance_duals(inputs, job, objective_only, ())[0]


def _cost_and_balance_duals(inputs: Prepared, job: BenchmarkJob, solver: SolverSettings,
                            dual_components: tuple[str, ...]) -> tuple[float, dict[str, np.ndarray]]:
    """The optimal objective of the zone's model, AZN, and its nodal-balance duals per bus where asked."""
    with garbage_collection_paused():
        model = build_model(inputs, job.net, job.settings.model)
        solution = hand_over(model, solver, dual_components=dual_components).solve()  # empties the model
    if not dual_components:
        return solution.objective_azn, {}
    balance, bus_ids = solution.index.component("nodal_balance"), list(inputs.zone.buses.index)
    duals = balance_duals(balance.keys(), solution.duals(balance), bus_ids, len(inputs.weights_h))
    return solution.objective_azn, dict(zip(bus_ids, duals.T))


def solved_beside(job: BenchmarkJob) -> bool:
    """Whether the benchmark is solved in a process of its own: a long horizon where that is possible."""
    return len(job.scenario_zone.snapshots) >= BESIDE_FROM_SNAPSHOTS and solved_beside_possible()


def solved_beside_possible() -> bool:
    """Two CPUs for this process, and a process that may start another (daemonic ones, such as Dask's workers,
    may not)."""
    import multiprocessing

    return available_cpus() >= 2 and not multiprocessing.current_process().daemon


class SystemBenchmarks:
    """A session's benchmarks: their costs (AZN) by :meth:`BenchmarkJob.key`, and those still being solved
    beside the runs."""

    def __init__(self) -> None:
        self.costs_azn: dict[BenchmarkKey, float] = {}
        self._beside: dict[BenchmarkKey, BesideProcess] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def start(self, job: BenchmarkJob) -> None:
        """Start solving the job's benchmark beside the run where that pays (:func:`solved_beside`) and it is
        neither solved nor started yet."""
        key = job.key()
        if key not in self.costs_azn and key not in self._beside and solved_beside(job):
            self._beside[key] = BesideProcess(job)

    def solving_beside(self, job: BenchmarkJob) -> bool:
        """Whether the job's benchmark is being solved in a process beside the run."""
        return job.key() in self._beside

    def cost_azn(self, job: BenchmarkJob) -> float:
        """The job's benchmark: known, awaited from its process, or solved here and now."""
        key = job.key()
        if key not in self.costs_azn:
            beside = self._beside.pop(key, None)
            self.costs_azn[key] = beside.result() if beside is not None else system_response_cost_azn(job)
        return self.costs_azn[key]

    def close(self) -> None:
        """End every benchmark process still running (its run failed or ended without it)."""
        for beside in self._beside.values():
            beside.end()
        self._beside.clear()


class BesideProcess:
    """One benchmark solved in a spawned process; its answer (a cost, or the solve's error) comes back by pipe."""

    def __init__(self, job: BenchmarkJob) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # never fork a process that holds HiGHS's threads
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_solve_and_send, args=(job, sender, os.getpid()), daemon=True,
                                        name="gezopt-benchmark")
        self._process.start()
        sender.close()

    def result(self) -> float:
        """The benchmark's cost, waiting for it; its solve's error raised here."""
        try:
            kind, value = self._answer.recv()
        except EOFError:
            self._process.join()
            raise SolverFailureError("the response: system benchmark's process ended without an answer "
                                     f"(exit code {self._process.exitcode})") from None
        finally:
            self._answer.close()
        self._process.join()
        if kind == "cost":
            return value
        error_type, message = value
        raise error_type(message) if issubclass(error_type, SolveError) else SolverFailureError(message)

    def end(self) -> None:
        """Stop the process if it still runs."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._answer.close()


def _solve_and_send(job: BenchmarkJob, sender: Connection, parent_pid: int) -> None:
    """The benchmark process: solve, send the cost or the error (type and message), end.  It ignores Ctrl-C
    (the terminal sends it to the whole group): the run, interrupted, ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with_parent, args=(parent_pid,), daemon=True).start()
    try:
        sender.send(("cost", system_response_cost_azn(job)))
    except GezoptError as error:
        sender.send(("error", (type(error), f"the response: system benchmark: {error}")))
    finally:
        sender.close()


def _end_with_parent(parent_pid: int) -> None:
    """End this process once its parent is gone (killed without the chance to end it)."""
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)
