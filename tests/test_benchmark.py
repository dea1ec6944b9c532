"""The tariff response's benchmark (gezopt.benchmark): the same cost whether solved in the run's process or
beside it, its errors carried back, its process ended with the session."""

from __future__ import annotations

import pytest
from conftest import run_settings_for
from test_tariffs import (
    HOURS,
    TIME_OF_USE,
    class_tariff,
    counting,
    ev_tariff_dataset,
    solve_with_tariffs,
    tariffs,
)

from gezopt import benchmark, pipeline
from gezopt.benchmark import BenchmarkJob, BesideProcess, SystemBenchmarks
from gezopt.config import SolverSettings
from gezopt.errors import TimeLimitError
from gezopt.scenario import Scenario
from gezopt.scenario.schema import Tariffs
from gezopt.tariffs import price_schedules

SECTION = tariffs({"residential": class_tariff(customers=10.0, time_of_use=TIME_OF_USE)}, response="tariff")


def test_a_benchmark_solved_beside_the_run_gives_the_cost_solved_in_it(tmp_path, monkeypatch):
    directory = ev_tariff_dataset(tmp_path / "d")
    inline = solve_with_tariffs(directory, SECTION, HOURS).kpis
    monkeypatch.setattr(benchmark, "BESIDE_FROM_SNAPSHOTS", 1)
    processes = counting(monkeypatch, benchmark, "BesideProcess")
    shared = counting(monkeypatch, pipeline, "sharing_cpus")
    beside = solve_with_tariffs(directory, SECTION, HOURS).kpis
    assert len(processes) == len(shared) == (1 if benchmark.solved_beside_possible() else 0)
    # the run's solves take half the CPUs
    assert [settings.solver.threads for settings in shared] == [max(1, benchmark.available_cpus() // 2)] * len(shared)
    assert beside["system_response_cost_azn"] == pytest.approx(inline["system_response_cost_azn"], rel=1e-9, abs=1e-9)
    # the tariff moves 0.1111 MWh from the 10 AZN/MWh hours to the 50 AZN/MWh hours (as in test_tariffs)
    assert beside["tariff_cost_to_system_azn"] == pytest.approx((0.1 / 0.9) * (50.0 - 10.0), abs=1e-6)


@pytest.mark.parametrize(("cpus", "threads", "expected"), [(2, None, 1), (8, None, 4), (1, None, 1), (2, 2, 2)])
def test_a_run_beside_its_benchmark_takes_half_the_cpus_unless_told(tmp_path, monkeypatch, cpus, threads, expected):
    monkeypatch.setattr(pipeline, "available_cpus", lambda: cpus)
    settings = run_settings_for(tmp_path, hours=HOURS)
    settings = type(settings)(**{**settings.__dict__, "solver": SolverSettings(threads=threads)})
    assert pipeline.sharing_cpus(settings).solver.threads == expected


def job_for(directory, solver: SolverSettings) -> BenchmarkJob:
    settings = run_settings_for(directory, hours=HOURS)
    settings = type(settings)(**{**settings.__dict__, "solver": solver})
    tariff_section = Tariffs.model_validate(SECTION)
    scenario = Scenario(name="t", path=directory / "t.yaml", description="", inputs=directory, year=2025,
                        start=None, hours=HOURS, grid_model=settings.model.grid_model, tariffs=tariff_section)
    zone, net = pipeline.prepare(settings, scenario)
    return BenchmarkJob(zone, net, tariff_section, price_schedules(tariff_section, zone.snapshots), settings)


def test_the_benchmark_process_carries_its_solve_error_back(tmp_path):
    job = job_for(ev_tariff_dataset(tmp_path / "d"), SolverSettings(threads=1, time_limit_s=1e-9))
    with pytest.raises(TimeLimitError, match="^the response: system benchmark: the solver stopped at the time limit"):
        BesideProcess(job).result()


def test_closing_the_session_ends_a_benchmark_process_still_running(tmp_path):
    job = job_for(ev_tariff_dataset(tmp_path / "d"), SolverSettings(threads=1))
    process = BesideProcess(job)
    with SystemBenchmarks() as benchmarks:
        benchmarks._beside[job.key()] = process
    assert not process._process.is_alive()
    assert benchmarks.costs_azn == {}


def _report_beside_possible(answer) -> None:
    answer.put(benchmark.solved_beside_possible())


def test_a_daemonic_process_such_as_a_sweep_worker_solves_its_benchmark_itself():
    """Dask's workers are daemonic and may not start processes: there the benchmark is solved inline."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    worker = context.Process(target=_report_beside_possible, args=(answer,), daemon=True)
    worker.start()
    assert answer.get(timeout=60) is False
    worker.join()


def test_with_one_cpu_the_benchmark_is_solved_in_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(benchmark, "BESIDE_FROM_SNAPSHOTS", 1)
    monkeypatch.setattr(benchmark, "available_cpus", lambda: 1)
    processes = counting(monkeypatch, benchmark, "BesideProcess")
    kpis = solve_with_tariffs(ev_tariff_dataset(tmp_path / "d"), SECTION, HOURS).kpis
    assert processes == []
    assert kpis["tariff_cost_to_system_azn"] == pytest.approx((0.1 / 0.9) * (50.0 - 10.0), abs=1e-6)
