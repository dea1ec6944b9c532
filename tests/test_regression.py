"""Regression: every scenario with a committed baseline is solved and compared by gezopt's own machinery.

A change that moves a committed result beyond its tolerance fails here with
the same table ``gezopt regress`` prints.  Every baseline must hold under
HiGHS dual simplex (one and two threads) and interior point (IPX and HiPO, each on one and two
threads; HiPO's default is every CPU): the values compared are unique at the optimum (:mod:`gezopt.tie_break`), so the solver's
path must not show in them.  Rewrite the baselines deliberately with
``gezopt regress --update SCENARIO...``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from gezopt import regression
from gezopt.pathway.run import run_or_plan
from gezopt.scenario import load_scenario, run_settings

REPOSITORY = Path(__file__).resolve().parents[1]
BASELINES = REPOSITORY / "tests" / "baselines"
SOLVER_PATHS = [("simplex", 1), ("ipm", 1), ("simplex", 2), ("ipm", 2), ("hipo", 1), ("hipo", 2)]


@pytest.mark.parametrize("method,threads", SOLVER_PATHS, ids=[f"{m}-{t}thread" for m, t in SOLVER_PATHS])
@pytest.mark.parametrize("scenario", sorted(p.stem for p in BASELINES.glob("*.json")))
def test_scenario_matches_its_baseline(scenario, method, threads):
    loaded = load_scenario(REPOSITORY / "scenarios" / f"{scenario}.yaml")
    settings = run_settings(loaded, threads=threads)
    settings = dataclasses.replace(settings, solver=dataclasses.replace(settings.solver, method=method))
    outcome = run_or_plan(settings, loaded)  # a pathway scenario is planned
    baseline = json.loads((BASELINES / f"{scenario}.json").read_text())
    checks = regression.compare(loaded, outcome, baseline)
    failed = [c for c in checks if not c.passed]
    assert not failed, "results moved beyond tolerance:\n" + regression.format_checks(checks, only_failures=True)


def test_every_baseline_is_current_with_its_scenario():
    """A baseline records the scenario it was made from: a stale hash means the scenario changed unreviewed."""
    for path in sorted(BASELINES.glob("*.json")):
        baseline = json.loads(path.read_text())
        assert baseline["scenario_sha256"] == load_scenario(REPOSITORY / "scenarios" / f"{path.stem}.yaml").digest, path
