"""One optimum: the deterministic tie-break (gezopt.tie_break) picks the same solution on every solver path."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import (
    bus,
    connection,
    generator,
    load,
    run_settings_for,
    solve_dataset,
    value_at,
    write_dataset,
)

from gezopt.pipeline import run
from gezopt.scenario import Scenario, load_scenario, run_settings
from gezopt.standard_form import object_code
from gezopt.tie_break import TIE_BREAK_AZN, hash_units, spaced_units, units_of

REPOSITORY = Path(__file__).resolve().parents[1]
METHODS = ["simplex", "ipm"]


def solve_with(dataset: Path, method: str):
    """Solve a tiny dataset through the pipeline with the given HiGHS method."""
    settings = run_settings_for(dataset)
    settings = dataclasses.replace(settings, solver=dataclasses.replace(settings.solver, method=method))
    scenario = Scenario(name="test", path=dataset / "test.yaml", description="", inputs=dataset, year=2025,
                        start=None, hours=None, grid_model=settings.model.grid_model)
    return run(settings, scenario, write=False)


def test_hash_is_fixed_and_independent_of_the_process():
    """The tie-break's numbers are part of the results: they must not depend on Python's hash seed."""
    code = ("from gezopt.tie_break import hash_units; "
            "print(repr(list(hash_units('renewable_dispatch', [('WIND_A', 0), ('WIND_A', 1), ('WIND_B', 0)]))))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "12345")}
    assert len(outputs) == 1
    units = hash_units("renewable_dispatch", [("WIND_A", 0), ("WIND_A", 1), ("WIND_B", 0)])
    assert repr(list(units)) == outputs.pop().strip()
    assert np.all((units >= 0) & (units < 1)) and len(set(units)) == 3


@pytest.fixture
def twin_winds(tmp_path: Path) -> Path:
    """Two free 10 MW wind units at one bus and a 6 MW load: any split of the load is optimal without a tie-break."""
    return write_dataset(tmp_path / "twins", {
        "buses": [bus("A")],
        "generators": [generator("WIND_A", "A", 10.0), generator("WIND_B", "A", 10.0)],
        "loads": [load("LOAD", "A", 6.0)],
    }, hours=4)


@pytest.mark.parametrize("method", METHODS)
def test_twin_units_split_by_the_hand_computed_tie_break(twin_winds, method):
    """Each hour the unit whose hash is lower serves the whole load, under simplex and interior point.

    Its tie-break cost is epsilon (1 + (r + v/2) / 3): r its hash's rank among the hour's three non-negative
    columns (the two winds and the bus's load shedding), v in [0, 1).
    """
    outcome = solve_with(twin_winds, method)
    dispatch = outcome.results.tables["dispatch"]
    lowest, highest = 0.0, 0.0
    for t in range(4):
        hashes = {name: hash_units(component, [(name, t)])[0]
                  for component, name in (("renewable_dispatch", "WIND_A"), ("renewable_dispatch", "WIND_B"),
                                          ("load_shed", "A"))}
        cheaper, dearer = sorted(("WIND_A", "WIND_B"), key=hashes.get)
        stamp = outcome.results.tables["prices"]["snapshot"].unique()[t]
        assert value_at(dispatch, "p_mw", unit=cheaper, snapshot=stamp) == pytest.approx([6.0], abs=1e-9)
        assert value_at(dispatch, "p_mw", unit=dearer, snapshot=stamp) == pytest.approx([0.0], abs=1e-9)
        rank = sorted(hashes.values()).index(hashes[cheaper])
        lowest += 6.0 * TIE_BREAK_AZN * (1 + rank / 3)
        highest += 6.0 * TIE_BREAK_AZN * (1 + (rank + 0.5) / 3)
    # load shedding has its tie-break too, but is zero; the system cost holds no tie-break term
    assert lowest <= outcome.results.kpis["tie_break_azn"] <= highest
    assert outcome.results.kpis["system_cost_azn"] == pytest.approx(0.0, abs=1e-9)


def test_tie_break_spaces_the_columns_of_a_snapshot():
    """Within a snapshot the costs keep the hashes' order and lie at least epsilon / (2 n) apart; one object's
    costs in different snapshots differ."""
    codes = np.array([object_code("hydro_release", f"PLANT_{k}") for k in range(40)] * 3, dtype=np.uint64)
    snapshots = np.repeat(np.arange(3), 40)
    units = spaced_units(codes, snapshots)
    assert np.all((units >= 0) & (units < 1))
    for t in range(3):
        in_snapshot = snapshots == t
        by_hash = np.argsort(units_of(codes[in_snapshot], snapshots[in_snapshot]))
        assert np.all(np.diff(units[in_snapshot][by_hash]) >= 0.5 / 40)
    assert len(np.unique(units)) == len(units)
    shifted = spaced_units(codes, snapshots - 5)  # a key's last int need not be a snapshot from 0 (nor positive)
    assert np.all((shifted >= 0) & (shifted < 1)) and np.array_equal(
        np.argsort(shifted[snapshots == 1]), np.argsort(units_of(codes, snapshots - 5)[snapshots == 1]))
    assert spaced_units(codes[:0], snapshots[:0]).shape == (0,)


def test_tie_break_moves_the_system_cost_within_its_bound():
    """0 <= c'x* - c'x0 <= d'x0 - d'x*: the cost is above the true minimum by at most what the tie-break saved.

    On the committed base week the move is also below 3e-6 of the cost (the README's stated figure).
    """
    loaded = load_scenario(REPOSITORY / "scenarios" / "base-week.yaml")
    settings = run_settings(loaded, threads=1)
    untied = dataclasses.replace(settings, solver=dataclasses.replace(settings.solver, tie_break=False))
    tied_kpis = run(settings, loaded, write=False).results.kpis
    untied_kpis = run(untied, loaded, write=False).results.kpis
    moved = tied_kpis["system_cost_azn"] - untied_kpis["system_cost_azn"]
    saved = untied_kpis["tie_break_azn"] - tied_kpis["tie_break_azn"]
    assert -1e-6 <= moved <= saved + 1e-6
    assert abs(moved) <= 3e-6 * abs(untied_kpis["system_cost_azn"])
    assert 0 < tied_kpis["tie_break_azn"] < 1e-2 * abs(tied_kpis["system_cost_azn"])


@pytest.mark.parametrize("method", METHODS)
def test_storage_does_not_cycle_for_nothing(tmp_path, method):
    """With flat prices a lossless battery could charge and discharge at will: the tie-break keeps it idle."""
    dataset = write_dataset(tmp_path / "battery", {
        "buses": [bus("A")],
        "loads": [load("LOAD", "A", 5.0)],
        "grid_connections": [connection("GRID", "A", import_price=50.0, export_price=50.0)],
        "storage": [{"storage_id": "BESS", "name": "BESS", "bus": "A", "p_nom_mw": 10.0, "e_nom_mwh": 20.0,
                     "efficiency_charge": 1.0, "efficiency_discharge": 1.0, "standing_loss_per_hour": 0.0,
                     "marginal_cost_azn_per_mwh": 0.0}],
    }, hours=6)
    storage = solve_with(dataset, method).results.tables["storage"]
    assert np.abs(storage[["charge_mw", "discharge_mw", "energy_mwh"]].to_numpy()).max() == pytest.approx(0, abs=1e-9)


def test_solve_dataset_reports_tie_break_apart(three_bus_loop):
    kpis = solve_dataset(three_bus_loop).results.kpis
    assert kpis["tie_break_azn"] > 0
    assert kpis["system_cost_azn"] == pytest.approx(0.0, abs=1e-9)  # free wind serves the load
