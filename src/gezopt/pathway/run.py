"""A pathway run: scenario -> one period per year -> the pathway LP -> HiGHS -> results by period.

Each period is prepared as a single-year run of the scenario would be (:func:`gezopt.pipeline.prepare`)
with the period's data year (demand and committed fleet, :mod:`gezopt.pathway.periods`) and the
scenario's horizon (``start``, ``hours``, ``resolution_hours``: the period's representative time);
the scenario's targets bind in its ``target_periods``.  Each period's block is read back by
:func:`gezopt.results.extract` as a run of its own, with the block's cost :math:`C_p` as its system
cost; the pathway adds ``capacities_by_period`` (what is built when) and the discounted total.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gezopt.config import ModelSettings, RunSettings
from gezopt.costs.annuities import HOURS_PER_YEAR
from gezopt.errors import InputError, Problem
from gezopt.gc_pause import garbage_collection_paused
from gezopt.model.terms import Term
from gezopt.output import RESULTS, OutFolder, reserved
from gezopt.pathway.model import PathwayModel, PeriodInputs, build_pathway_model
from gezopt.pathway.periods import investment_periods
from gezopt.pipeline import RunOutcome, finite_or_none, prepare, run, run_info
from gezopt.prepared import prepare_inputs
from gezopt.results import Results, extract
from gezopt.results.writing import write_folder
from gezopt.scenario import Scenario
from gezopt.scenario.loading import policy_targets
from gezopt.solve import Solution, solve

PERIOD_KPIS = ("system_cost_azn", "investment_annuity_azn", "dispatch_cost_azn", "consumption_mwh",
               "peak_demand_mw", "local_generation_mwh", "imports_mwh", "exports_mwh", "renewable_share",
               "self_sufficiency", "emissions_t", "curtailment_mwh", "load_shed_mwh", "cost_per_mwh_served_azn")


@dataclass(frozen=True)
class PathwayOutcome:
    """What a pathway run produced: each period's results, the tables and KPIs of the whole, where written."""

    period_results: dict[int, Results]
    tables: dict[str, pd.DataFrame]
    kpis: dict[str, object]
    out_dir: Path | None


def plan(settings: RunSettings, scenario: Scenario, write: bool = True) -> PathwayOutcome:
    """Solve the scenario's pathway and (by default) write its results folder, checked and locked before anything
    is read (:func:`gezopt.output.reserved`, as :func:`gezopt.pipeline.run` does)."""
    if scenario.pathway is None:
        raise InputError([Problem(str(scenario.path), None, "pathway", "no pathway: section to plan")])
    with garbage_collection_paused():
        if not write:
            return _plan(settings, scenario, None)
        with reserved(settings.out, RESULTS) as target:
            return _plan(settings, scenario, target)


def _plan(settings: RunSettings, scenario: Scenario, target: OutFolder | None) -> PathwayOutcome:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    pathway = build_pathway_model(pathway_periods(settings, scenario))
    timings["read_and_build"] = time.perf_counter() - started
    solution = solve(pathway.model, settings.solver)
    timings.update(solution.timings_s)
    started = time.perf_counter()
    results = {period.period.year: extract(block, period.inputs, period.net,
                                           period_solution(solution, period, pathway.period_costs[index]))
               for index, (period, block) in enumerate(zip(pathway.periods, pathway.blocks))}
    tables = {"capacities_by_period": capacities_by_period(pathway, solution, results),
              "kpis_by_period": kpis_by_period(pathway, results)}
    kpis = finite_or_none(pathway_kpis(pathway, solution, tables))
    timings["extract"] = time.perf_counter() - started
    out_dir = None
    if target is not None:
        info = run_info(settings, scenario, pathway.periods[-1].inputs.zone, solution,
                        len(solution.column_values), timings)
        out_dir = write_folder(tables, kpis, info, target)
    return PathwayOutcome(period_results=results, tables=tables, kpis=kpis, out_dir=out_dir)


def pathway_periods(settings: RunSettings, scenario: Scenario) -> tuple[PeriodInputs, ...]:
    """Each period's prepared inputs, network and model settings (see the module)."""
    pathway = scenario.pathway
    first_zone, _ = prepare(dataclasses.replace(settings, year=min(pathway.periods)), scenario)
    rate = float(first_zone.parameters.get("discount_rate", 0.0))
    latest = int(max(first_zone.demand_growth.index))
    periods = investment_periods(pathway.periods, rate, latest, pathway.base_year, pathway.last_period_years)
    targets = policy_targets(scenario.targets)
    found = []
    for period in periods:
        zone, net = prepare(dataclasses.replace(settings, year=period.data_year), scenario)
        binds = pathway.target_periods is None or period.year in pathway.target_periods
        model = ModelSettings(grid_model=settings.model.grid_model, targets=targets if binds else policy_targets(None))
        found.append(PeriodInputs(period=period, inputs=prepare_inputs(zone), net=net, settings=model))
    first = [c.candidate_id for c in found[0].inputs.expansion.candidates]
    for period in found[1:]:
        if [c.candidate_id for c in period.inputs.expansion.candidates] != first:
            raise InputError([Problem(str(scenario.path), None, "pathway.periods",
                                      f"the expansion candidates of {period.period.year} differ from those of "
                                      f"{found[0].period.year}; a pathway needs the same candidates in every period")])
    return tuple(found)


def term_value(solution: Solution, terms: list[Term]) -> float:
    """:math:`\\sum c \\, x` of terms at the solution."""
    columns = solution.index.columns(v for _, v in terms)
    coefficients = np.fromiter((c for c, _ in terms), dtype=float, count=len(terms))
    return float(coefficients @ solution.column_values[columns]) if len(terms) else 0.0


def period_solution(solution: Solution, period: PeriodInputs, costs: list[Term]) -> Solution:
    """The solution as one period's results read it: its system cost :math:`C_p` over its horizon, and duals
    divided by the block's objective weight :math:`D_p \\cdot 8760 / H_p`, so that nodal prices and shadow prices
    are in AZN of the period, not present values over its years."""
    return dataclasses.replace(solution, objective_azn=term_value(solution, costs), tie_break_azn=0.0,
                               row_duals=solution.row_duals / period.scale,
                               column_duals=solution.column_duals / period.scale)


def capacities_by_period(pathway: PathwayModel, solution: Solution, results: dict[int, Results]) -> pd.DataFrame:
    """Each period's capacities table with the capacity built at the period's start (``built_in_period``) and the
    reduced cost of building one more unit then, in AZN of the base year (0 where it is built; positive: how far
    from paying it is)."""
    built = pathway.model.pathway_built
    frames = []
    for period in pathway.periods:
        year = period.period.year
        frame = results[year].tables["capacities"].copy()
        columns = solution.index.columns(built[c, year] for c in frame["candidate_id"])
        values = solution.column_values[columns]
        frame.insert(0, "period", year)
        frame.insert(frame.columns.get_loc("built"), "built_in_period", np.where(np.abs(values) < 1e-9, 0.0, values))
        frame["build_shadow_price_present_value_azn_per_unit"] = solution.column_duals[columns]
        frames.append(frame.rename(columns={"built": "built_in_service"}))
    return pd.concat(frames, ignore_index=True)


def kpis_by_period(pathway: PathwayModel, results: dict[int, Results]) -> pd.DataFrame:
    """One row per period: its years, discount weight, horizon and the KPIs of :data:`PERIOD_KPIS` (a year's)."""
    rows = []
    for period in pathway.periods:
        kpis = results[period.period.year].kpis
        per_year = HOURS_PER_YEAR / period.horizon_hours
        row = {"period": period.period.year, "data_year": period.period.data_year, "years": period.period.years,
               "discount_weight": period.period.discount_weight, "horizon_hours": period.horizon_hours}
        for name in PERIOD_KPIS:
            value = kpis.get(name)
            scaled = name.endswith(("_azn", "_mwh", "_t")) and not name.startswith("cost_per")
            row[f"{name}_per_year" if scaled else name] = value * per_year if scaled and value is not None else value
        rows.append(row)
    return pd.DataFrame(rows)


def pathway_kpis(pathway: PathwayModel, solution: Solution, tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """The discounted total, the tie-break apart, what is built in each period by technology and each period's
    KPIs (``kpis_by_period``'s rows)."""
    capacities = tables["capacities_by_period"]
    built = capacities[capacities["built_in_period"] > 0]
    by_period = {str(year): {f"{tech} ({unit})": float(value)
                             for (tech, unit), value in group.groupby(["technology", "capacity_unit"])
                             ["built_in_period"].sum().items()}
                 for year, group in built.groupby("period")}
    return {"present_value_azn": solution.objective_azn, "tie_break_azn": solution.tie_break_azn,
            "periods": [p.period.year for p in pathway.periods], "built_by_period": by_period,
            "by_period": {str(row.pop("period")): row for row in tables["kpis_by_period"].to_dict("records")}}


def as_run_outcome(outcome: PathwayOutcome) -> RunOutcome:
    """The pathway as one run's outcome, for the regression checks: its tables and KPIs (the full cost of the last
    period, which a pathway's KPIs do not compare)."""
    last = outcome.period_results[max(outcome.period_results)]
    return RunOutcome(results=Results(tables=outcome.tables, kpis=outcome.kpis, full_cost=last.full_cost),
                      out_dir=outcome.out_dir)


def run_or_plan(settings: RunSettings, scenario: Scenario) -> RunOutcome:
    """A scenario solved without writing: planned where it has a pathway, else run (as the regression checks do)."""
    if scenario.pathway is not None:
        return as_run_outcome(plan(settings, scenario, write=False))
    return run(settings, scenario, write=False)
