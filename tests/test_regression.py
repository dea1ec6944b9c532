"""Regression: every scenario with a committed baseline is solved and compared by gezopt's own machinery.

A change that moves a committed result beyond its tolerance fails here with
the same table ``gezopt regress`` prints.  Rewrite the baselines deliberately
with ``gezopt regress --update SCENARIO...``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gezopt import regression
from gezopt.pipeline import run
from gezopt.scenario import load_scenario, run_settings

REPOSITORY = Path(__file__).resolve().parents[1]
BASELINES = REPOSITORY / "tests" / "baselines"


@pytest.mark.parametrize("scenario", sorted(p.stem for p in BASELINES.glob("*.json")))
def test_scenario_matches_its_baseline(scenario):
    loaded = load_scenario(REPOSITORY / "scenarios" / f"{scenario}.yaml")
    outcome = run(run_settings(loaded, threads=1), loaded, write=False)
    baseline = json.loads((BASELINES / f"{scenario}.json").read_text())
    checks = regression.compare(loaded, outcome, baseline)
    failed = [c for c in checks if not c.passed]
    assert not failed, "results moved beyond tolerance:\n" + regression.format_checks(checks, only_failures=True)
