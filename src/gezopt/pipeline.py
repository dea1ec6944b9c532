"""One run from scenario to results folder, stage by stage, with timings.

``read -> [respond] -> build -> hand-off -> solve -> extract -> [benchmark] -> write``
(the tables written from when they are extracted, beside the key figures and the benchmark):
each stage is one call into the module that owns it; this module only
sequences them, times them and assembles ``run.json``.  With tariffs, the
time-of-use price schedules are built once, after the horizon is selected,
and handed to the consumer response and to billing; ``respond`` (``response:
tariff``) solves the consumers' own model and its schedules are fixed in the
dispatch model; ``benchmark`` is the zone already read with ``response:
system`` (:mod:`gezopt.benchmark`): started after the read, beside the run on
long horizons, and its cost awaited (or solved) after the extract.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import math
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyomo.core as pyo

from gezopt import __version__
from gezopt.benchmark import BenchmarkJob, SystemBenchmarks
from gezopt.config import RunSettings
from gezopt.cpus import available_cpus
from gezopt.data import ZoneData, load_zone, scale_to_year, select_horizon
from gezopt.diagnose import explained
from gezopt.errors import InfeasibleError
from gezopt.gc_pause import garbage_collection_paused
from gezopt.model import build_model
from gezopt.network import Network, build_network
from gezopt.output import RESULTS, OutFolder, reserved
from gezopt.prepared import Prepared, prepare_inputs
from gezopt.response import ConsumerSchedules, consumer_schedules, fix_schedules, prepare_response
from gezopt.results import Results, result_tables, with_key_figures
from gezopt.results.writing import TablesWriting
from gezopt.scenario import Scenario, apply_scenario
from gezopt.scenario.assignments import command_line_located
from gezopt.scenario.schema import Response, Tariffs
from gezopt.solve import HandedOver, Solution, hand_over, solver_version
from gezopt.solver_watch import SolveWatch
from gezopt.tariffs import (
    PriceSchedules,
    band_bill_table,
    band_bills,
    bills,
    bills_per_customer_month,
    finances,
    price_schedules,
)

StageReporter = Callable[[str, float], None]
DUAL_COMPONENTS = ("nodal_balance", "heat_balance", "policy_target")  # duals kept: prices and targets


@dataclass
class RunOutcome:
    """What a run produced: its results, the folder written (None when not written), the stages' times and
    the provenance written as ``run.json`` (:func:`run_info`), also when the run writes nothing, so a caller
    can write the folder elsewhere (``gezopt sweep`` writes the results its workers send back)."""

    results: Results
    out_dir: Path | None
    timings_s: dict[str, float] = field(default_factory=dict)
    info: dict[str, object] = field(default_factory=dict)


def prepare(settings: RunSettings, scenario: Scenario) -> tuple[ZoneData, Network]:
    """Read the dataset, scale it to the year, apply the scenario, select the horizon, build the network.

    The year's scaling comes before the scenario's changes, so an override means what it says.  The zone is
    as the scenario leaves it, before any consumer response (:func:`gezopt.response.prepare_response`),
    which changes no bus or branch of the network.
    """
    zone = scale_to_year(load_zone(settings.inputs), settings.year)
    with command_line_located(str(scenario.path), scenario.command_line_keys):  # --set values: at the option
        zone = apply_scenario(zone, scenario)
        zone = select_horizon(zone, settings.year, settings.start, settings.hours, str(scenario.path),
                              settings.resolution_hours, settings.command_line)
    return zone, build_network(zone)


def run(settings: RunSettings, scenario: Scenario, report: StageReporter = lambda stage, seconds: None,
        write: bool = True, benchmarks: SystemBenchmarks | None = None,
        watch: SolveWatch | None = None) -> RunOutcome:
    """Solve one scenario and (by default) write its results folder.

    Before anything is read, the results folder is checked, locked and staged
    (:func:`gezopt.output.reserved`): a destination gezopt may not
    replace, an unwritable one or one another run is writing fails at once.
    The garbage collector is paused for the run (:mod:`gezopt.gc_pause`): the
    model's millions of objects would otherwise be walked by every collection.
    ``benchmarks`` shares the tariff response's benchmark between runs (:class:`SystemBenchmarks`).
    ``watch`` shows the dispatch's solve (model file, HiGHS log, progress: :mod:`gezopt.solver_watch`);
    an infeasible dispatch is explained by name (:mod:`gezopt.diagnose`).
    """
    if benchmarks is None:  # the run's own: a benchmark process still running when the run fails is ended
        with SystemBenchmarks() as own:
            return run(settings, scenario, report, write, own, watch)
    with garbage_collection_paused():
        if not write:
            return _run(settings, scenario, report, None, benchmarks, watch)
        with reserved(settings.out, RESULTS) as target:
            return _run(settings, scenario, report, target, benchmarks, watch)


def _run(settings: RunSettings, scenario: Scenario, report: StageReporter, target: OutFolder | None,
         benchmarks: SystemBenchmarks, watch: SolveWatch | None = None) -> RunOutcome:
    timings: dict[str, float] = {}  # by stage, reported as each ends

    def timed(stage: str, started: float) -> None:
        timings[stage] = time.perf_counter() - started
        report(stage, timings[stage])

    started = time.perf_counter()
    scenario_zone, net = prepare(settings, scenario)
    tariffs = scenario.tariffs
    prices = price_schedules(tariffs, scenario_zone.snapshots) if tariffs is not None else None
    zone = prepare_response(scenario_zone, tariffs, tariffs.response, prices) if tariffs is not None else scenario_zone
    benchmark_job = started_benchmark(scenario_zone, net, tariffs, prices, settings, benchmarks)
    if benchmark_job is not None and benchmarks.solving_beside(benchmark_job):
        settings = sharing_cpus(settings)
    timed("read", started)
    started = time.perf_counter()
    inputs = prepare_inputs(zone)  # shared by the consumers' model and the dispatch model
    timed("prepare", started)

    schedules = None
    if tariffs is not None and tariffs.response is Response.TARIFF:
        started = time.perf_counter()
        schedules = consumer_schedules(inputs, net, tariffs, prices, settings)
        timed("respond", started)

    started = time.perf_counter()
    model = dispatch_model(inputs, net, settings, schedules)
    timed("build", started)

    handed = hand_over(model, settings.solver, dual_components=DUAL_COMPONENTS, watch=watch)  # empties the model
    solution = dispatch(handed, inputs, net, settings, schedules, watch)
    for stage in ("handoff", "solve"):
        timings[stage] = solution.timings_s[stage]
        report(stage, timings[stage])

    with TablesWriting(target) if target is not None else contextlib.nullcontext() as written:
        started = time.perf_counter()
        # each table written from when it is final, beside the rest, the key figures and the benchmark
        tables = result_tables(solution.index, inputs, net, solution,
                               written.add if written is not None else lambda made: None)
        results = with_key_figures(tables, solution.index, inputs, solution)
        if tariffs is not None:
            add_tariff_figures(results, zone, tariffs, prices)
        timed("extract", started)
        if benchmark_job is not None:
            started = time.perf_counter()  # solving it here, or waiting for its process
            add_benchmark(results, benchmarks.cost_azn(benchmark_job), solution)
            timed("benchmark", started)

        results = dataclasses.replace(results, kpis=finite_or_none(results.kpis))
        info = run_info(settings, scenario, zone, solution, solution.index.variable_count, timings)
        out_dir = None
        if written is not None:
            started = time.perf_counter()  # the tables still being written, the ones added since, the JSON files
            written.add(results.tables)
            out_dir = written.finish(results.kpis, info)
            timed("write", started)
    return RunOutcome(results=results, out_dir=out_dir, timings_s=timings, info=info)


def add_benchmark(results: Results, benchmark_azn: float, solution: Solution) -> None:
    """The ``response: system`` benchmark's cost and the tariff's cost to the system, added to the KPIs."""
    results.kpis["system_response_cost_azn"] = benchmark_azn
    results.kpis["tariff_cost_to_system_azn"] = solution.objective_azn - benchmark_azn


def started_benchmark(scenario_zone: ZoneData, net: Network, tariffs: Tariffs | None, prices: PriceSchedules | None,
                      settings: RunSettings, benchmarks: SystemBenchmarks) -> BenchmarkJob | None:
    """The ``response: system`` benchmark of a ``response: tariff`` run (None for any other run), started
    beside the run where that pays (:mod:`gezopt.benchmark`)."""
    if tariffs is None or tariffs.response is not Response.TARIFF:
        return None
    job = BenchmarkJob(scenario_zone, net, tariffs, prices, settings)
    benchmarks.start(job)
    return job


def sharing_cpus(settings: RunSettings) -> RunSettings:
    """The settings of a run whose benchmark is solved beside it: unless set, its solves' threads are half the
    CPUs (one on two).  The benchmark's process keeps its own settings (HiPO on every CPU): it outlives the run's
    solves, and then has the machine to itself (README, Speed)."""
    if settings.solver.threads is not None:
        return settings
    half = max(1, available_cpus() // 2)
    return dataclasses.replace(settings, solver=dataclasses.replace(settings.solver, threads=half))


def dispatch(handed: HandedOver, inputs: Prepared, net: Network, settings: RunSettings,
             schedules: ConsumerSchedules | None, watch: SolveWatch | None) -> Solution:
    """The dispatch's solve; an infeasible one raised with its conflict named (:func:`gezopt.diagnose.explained`)."""
    try:
        return handed.solve(watch)
    except InfeasibleError as error:  # the hand-off emptied the model: the diagnosis builds it again
        raise explained(error, lambda: dispatch_model(inputs, net, settings, schedules), inputs.snapshots,
                        settings.diagnose) from None


def dispatch_model(inputs: Prepared, net: Network, settings: RunSettings,
                   schedules: ConsumerSchedules | None) -> pyo.ConcreteModel:
    """The dispatch LP, with the consumers' schedules fixed where the tariff response made them."""
    model = build_model(inputs, net, settings.model)
    if schedules is not None:
        fix_schedules(model, schedules)
    return model


def add_tariff_figures(results: Results, zone: ZoneData, tariffs: Tariffs, prices: PriceSchedules) -> None:
    """The bills (per class, at consumption bands, per customer) and the finances, added to ``results``."""
    bill_table = bills(zone, results.tables, tariffs, prices)
    results.tables["bills"] = bill_table
    results.tables["bill_bands"] = band_bill_table(band_bills(zone, results.tables, tariffs, prices))
    results.kpis.update(finances(zone, results.tables, results.kpis, bill_table, tariffs, results.full_cost))
    results.kpis["bill_azn_per_customer_month"] = bills_per_customer_month(bill_table)


def finite_or_none(values: dict[str, object]) -> dict[str, object]:
    """The KPIs with every NaN or infinite number as ``None`` (JSON ``null``): kpis.json stays valid JSON;
    and ``-0.0`` as ``0.0``, as the tables write it (:func:`gezopt.results.writing.without_negative_zeros`)."""
    def clean(value: object) -> object:
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        if isinstance(value, float):
            return value + 0.0 if math.isfinite(value) else None
        return value
    return {key: clean(value) for key, value in values.items()}


def run_info(settings: RunSettings, scenario: Scenario, zone: ZoneData, solution: Solution,
             variable_count: int, timings: dict[str, float]) -> dict[str, object]:
    """Provenance of a run: resolved settings, input hashes, versions, solver status and timings."""
    import networkx
    import numpy
    import pandas
    import pyomo

    return {
        "scenario": {"name": scenario.name, "path": str(scenario.path), "description": scenario.description,
                     "sha256": scenario.digest, "resolved": scenario.raw,
                     "set": {assignment.key: assignment.text for assignment in scenario.assignments}},
        "settings": asdict(settings),
        "inputs_sha256": input_hashes(settings.inputs),
        "versions": {
            "gezopt": __version__, "python": platform.python_version(), "pyomo": pyomo.__version__,
            "highs": solver_version(), "pandas": pandas.__version__, "numpy": numpy.__version__,
            "networkx": networkx.__version__,
        },
        "model_size": {
            "variables": variable_count,
            "rows": solution.row_count,
            "snapshots": len(zone.snapshots),
            "buses": len(zone.buses),
        },
        "solver": {"termination": solution.termination.value, "method": solution.method.value,
                   "vertex": solution.vertex,
                   "hipo_ordering": None if solution.hipo is None else solution.hipo.ordering.value,
                   "hipo_system": None if solution.hipo is None else solution.hipo.system.value,
                   "hipo_threads": None if solution.hipo is None else solution.hipo.threads,
                   "slacks": solution.slacks.value,
                   "objective_azn": solution.objective_azn, "tie_break_azn": solution.tie_break_azn},
        "timings_s": dict(timings),
    }


def input_hashes(directory: Path) -> dict[str, str]:
    """SHA-256 of every CSV of the dataset, by file name."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(directory).glob("*.csv"))
    }
