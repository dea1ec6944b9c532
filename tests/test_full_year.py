"""Full-year runs of the default dataset (slow: run with ``pytest -m slow``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPOSITORY

from gezopt.cli import main


def solve_year(year: int, out: Path) -> dict:
    """``gezopt solve scenarios/base.yaml --year YEAR``: the KPIs of an optimal full year."""
    result = CliRunner().invoke(main, ["solve", str(REPOSITORY / "scenarios" / "base.yaml"), "--year", str(year),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "run.json").read_text())["solver"]["termination"] == "optimal"
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis["hours"] == 8760
    assert kpis["load_shed_mwh"] == pytest.approx(0.0, abs=1e-3)
    return kpis


@pytest.mark.slow
def test_full_year_2024_is_a_plausible_zone(tmp_path):
    kpis = solve_year(2024, tmp_path / "base-2024")
    assert 200e3 <= kpis["consumption_mwh"] <= 250e3  # ZONE.md: ~200-250 GWh/yr of local consumption
    assert 40.0 <= kpis["peak_load_mw"] <= 60.0  # ZONE.md assumption 3: ~50 MW in 2025, less in 2024
    by_technology = kpis["energy_by_technology_mwh"]
    hydro = by_technology.get("run_of_river", 0.0) + by_technology.get("reservoir_hydro", 0.0)
    others = {k: v for k, v in by_technology.items() if k not in ("run_of_river", "reservoir_hydro")}
    assert hydro > max(others.values(), default=0.0)  # hydro is the largest local source in 2024


@pytest.mark.slow
def test_full_year_2022_imports_fill_the_gaps(tmp_path):
    kpis = solve_year(2022, tmp_path / "base-2022")
    assert kpis["imports_mwh"] > 0.0
