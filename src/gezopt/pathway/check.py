"""The error of a pathway's representative time: one period's plan re-dispatched at a finer resolution.

The capacities a period of the plan has in service (``capacities_by_period``'s ``total``) are fixed
(each candidate's minimum = maximum = its total) and the period's data year is dispatched over one
window twice: at the pathway's ``resolution_hours`` and hourly, with no targets (a dispatch of the
plan, not a new plan).  For each KPI :math:`k` of :data:`COMPARED` the error is

.. math::

    e_k = \\frac{k_{\\text{coarse}} - k_{\\text{hourly}}}{|k_{\\text{hourly}}|}

(absolute where :math:`|k_{\\text{hourly}}|` is below :data:`NEGLIGIBLE`, and values below it read as 0).
It measures what averaging :math:`n` hours into one
snapshot hides (the daily solar peak, storage cycling within the snapshot, flows and prices within
it) on that window; the choice of window is the reader's (a winter and a summer week).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from gezopt.pipeline import run
from gezopt.scenario import Scenario
from gezopt.scenario.loading import run_settings
from gezopt.scenario.schema import CandidateChange, Expansion

NEGLIGIBLE = 1e-6  # a KPI this small is solver noise (MWh, AZN or a share)
COMPARED = ("system_cost_azn", "dispatch_cost_azn", "imports_mwh", "exports_mwh", "curtailment_mwh",
            "load_shed_mwh", "storage_discharge_mwh", "renewable_share", "demand_weighted_price_azn_per_mwh")


def fixed_plan(scenario: Scenario, totals: dict[str, float]) -> Scenario:
    """The scenario with every candidate held at its planned total and no targets or pathway."""
    changes = {candidate_id: CandidateChange(minimum_capacity=total, maximum_capacity=total)
               for candidate_id, total in totals.items()}
    return dataclasses.replace(scenario, expansion=Expansion(enabled=True, candidates=changes), targets=None,
                               pathway=None)


def resolution_error(scenario: Scenario, capacities_by_period: pd.DataFrame, period: int, data_year: int,
                     start: str, hours: int) -> pd.DataFrame:
    """One row per KPI of :data:`COMPARED`: the window dispatched coarse and hourly, and the error (see module)."""
    planned = capacities_by_period[capacities_by_period["period"] == period]
    fixed = fixed_plan(scenario, dict(zip(planned["candidate_id"], planned["total"].clip(lower=0.0))))
    found = {}
    for label, resolution in (("coarse", scenario.resolution_hours), ("hourly", 1)):
        window = dataclasses.replace(fixed, start=start, hours=hours, resolution_hours=resolution)
        found[label] = run(run_settings(window, year=data_year), window, write=False).results.kpis
    rows = []
    for name in COMPARED:
        coarse, hourly = (_significant(found[label][name]) for label in ("coarse", "hourly"))
        error = (coarse - hourly) / abs(hourly) if hourly else coarse - hourly
        rows.append({"kpi": name, "coarse": coarse, "hourly": hourly, "error": error})
    return pd.DataFrame(rows)


def _significant(value: float | None) -> float:
    """The value, 0 where it is missing or below :data:`NEGLIGIBLE`."""
    return float(value) if value is not None and abs(value) >= NEGLIGIBLE else 0.0
