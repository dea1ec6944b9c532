"""Regression: KPIs of committed scenarios against reference results, with tolerances.

The baselines in ``tests/baselines/`` were produced by ``gezopt solve`` of
the same scenario; a change that moves a result beyond its tolerance fails
here with the KPI, baseline and new value.  Regenerate one deliberately
with ``python tests/test_regression.py SCENARIO``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezopt.cli import main

BASELINES = Path(__file__).parent / "baselines"
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
RELATIVE_TOLERANCE = 1e-4
ABSOLUTE_TOLERANCE = {"default": 1e-3, "system_cost_azn": 1.0}  # AZN: solver tolerance on a ~10^5 objective
COMPARED = ("system_cost_azn", "consumption_mwh", "local_generation_mwh", "imports_mwh", "exports_mwh",
            "emissions_t", "curtailment_mwh", "load_shed_mwh", "energy_by_technology_mwh", "peak_demand_mw")


def solve_kpis(scenario: str, out: Path) -> dict:
    result = CliRunner().invoke(main, ["solve", str(SCENARIOS / f"{scenario}.yaml"), "--out", str(out),
                                       "--threads", "1"])
    assert result.exit_code == 0, result.output
    return json.loads((out / "kpis.json").read_text())


def flatten(kpis: dict) -> dict[str, float]:
    flat = {}
    for key in COMPARED:
        value = kpis.get(key)
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return flat


@pytest.mark.parametrize("scenario", sorted(p.stem for p in BASELINES.glob("*.json")))
def test_kpis_match_baseline(scenario, tmp_path):
    baseline = flatten(json.loads((BASELINES / f"{scenario}.json").read_text())["kpis"])
    new = flatten(solve_kpis(scenario, tmp_path / scenario))
    assert set(new) == set(baseline), f"KPI keys changed: {sorted(set(new) ^ set(baseline))}"
    moved = []
    for key, expected in baseline.items():
        tolerance = ABSOLUTE_TOLERANCE.get(key.split(".")[0], ABSOLUTE_TOLERANCE["default"])
        if new[key] != pytest.approx(expected, rel=RELATIVE_TOLERANCE, abs=tolerance):
            moved.append(f"{key}: baseline {expected:.6g}, new {new[key]:.6g}, difference {new[key] - expected:+.6g}")
    assert not moved, "KPIs moved beyond tolerance:\n" + "\n".join(moved)


if __name__ == "__main__":  # regenerate a baseline: python tests/test_regression.py base-week
    import tempfile

    name = sys.argv[1]
    with tempfile.TemporaryDirectory() as folder:
        kpis = solve_kpis(name, Path(folder) / name)
    BASELINES.mkdir(exist_ok=True)
    (BASELINES / f"{name}.json").write_text(json.dumps({"scenario": name, "kpis": kpis}, indent=2, sort_keys=True) + "\n")
    print(f"wrote {BASELINES / name}.json")
