"""Bad expansion candidates and bad expansion or targets sections: every problem at its file:row:column or key."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bus, connection, generator, line, load, write_dataset
from test_bad_input import COSTS_HEADER, assert_input_error

CANDIDATES_HEADER = "candidate_id,asset_table,asset_id,capacity_unit,minimum_capacity,maximum_capacity,cost_id,length_km"
COSTS = ["WIND_MW,generators,wind,,MW,system,1e6,2e4,0,25", "LINE,lines,overhead_line,,MW km,system,1000,0,0,40"]
ENABLED = "expansion: {enabled: true}\n"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """Three buses in a line: wind at A, a battery at A, the load at B, the national grid at C."""
    return write_dataset(tmp_path / "data", {
        "buses": [bus("A"), bus("B"), bus("C")],
        "lines": [line("AB", "A", "B"), line("BC", "B", "C")],
        "generators": [generator("WIND", "A", 20.0)],
        "storage": [{"storage_id": "BAT", "name": "BAT", "bus": "A", "p_nom_mw": 10.0, "e_nom_mwh": 20.0,
                     "efficiency_charge": 0.9, "efficiency_discharge": 0.9}],
        "loads": [load("L", "B", 10.0)],
        "grid_connections": [connection("GRID", "C")],
    })


def write_tables(dataset: Path, candidates: list[str]) -> None:
    (dataset / "costs.csv").write_text("\n".join([COSTS_HEADER, *COSTS, ""]))
    (dataset / "expansion_candidates.csv").write_text("\n".join([CANDIDATES_HEADER, *candidates, ""]))


def test_expansion_candidates_are_checked_at_their_cells(dataset, tmp_path):
    write_tables(dataset, [
        "OK,generators,WIND,MW,,100,,", "PUMP,pumps,P1,MW,,10,,", "NOWHERE,generators,NOPE,MW,,10,,",
        "ENERGY,generators,WIND,MWh,,10,,", "SMALL,lines,AB,MW,500,2000,,", "LOW,lines,BC,MW,,100,,",
        "AGAIN,generators,WIND,MW,,200,,", "NO_COST,grid_connections,GRID,MW,,2000,,",
        "BAD_COST,storage,BAT,MW,,50,LINE,", "UNKNOWN_COST,storage,BAT,MWh,,50,NOPE,"])
    file = f"{dataset}/expansion_candidates.csv"
    assert_input_error(dataset, tmp_path, [
        "error: 9 input problems:",
        (f"{file}:3:asset_table: 'pumps' cannot be extended; expected one of generators, waste_plants, storage, "
         "lines, transformers, grid_connections"),
        f"{file}:4:asset_id: unknown generators id 'NOPE'",
        f"{file}:5:capacity_unit: MWh is the energy of a storage unit; generators are extended in MW",
        (f"{file}:6:minimum_capacity: 500 MW is below the asset's current 1000 MW; an expansion builds on what exists "
         "(remove the asset to retire it)"),
        f"{file}:7:maximum_capacity: 100 MW is below the minimum of 1000 MW",
        (f"{file}:8:asset_id: generators 'WIND' is extended in MW again (candidate 'OK' already does); give each "
         "capacity one candidate"),
        (f"{file}:9:cost_id: a national-grid connection has no technology in the costs table; name the costs row "
         "that prices it"),
        f"{file}:10:cost_id: costs row 'LINE' is per MW km; this candidate's capacity is priced per MW",
        f"{file}:11:cost_id: unknown costs id 'NOPE'",
    ], "--hours", "24")


def test_a_scenario_enables_changes_and_checks_candidates_at_its_keys(dataset, tmp_path):
    write_tables(dataset, ["WIND_MW,generators,WIND,MW,,100,,"])
    scenario = f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n"
    (tmp_path / "case.yaml").write_text(
        scenario + "expansion: {enabled: true, candidates: {WIND_MW: {maximum_capacity: 5}, NOPE: {enabled: false}}}\n")
    assert_input_error(dataset, tmp_path, [
        f"{tmp_path}/case.yaml:-:expansion.candidates.NOPE: no expansion_candidates row with id 'NOPE'"])
    (tmp_path / "case.yaml").write_text(scenario + "expansion: {enabled: true, candidates: {WIND_MW: "
                                        "{maximum_capacity: 5}}}\n")
    assert_input_error(dataset, tmp_path, [
        f"{tmp_path}/case.yaml:-:expansion.candidates.WIND_MW.maximum_capacity: 5 MW is below the minimum of 20 MW"])
    (tmp_path / "case.yaml").write_text(scenario + "targets: {minimum_renewable_share: 1.5, co2_cap_t_per_year: -1}\n")
    assert_input_error(dataset, tmp_path, [
        (f"{tmp_path}/case.yaml:-:targets.minimum_renewable_share: Input should be less than or equal to 1 "
         "(got 1.5)"),
        f"{tmp_path}/case.yaml:-:targets.co2_cap_t_per_year: Input should be greater than or equal to 0 (got -1)",
    ])
