"""Bad expansion candidates and bad expansion or targets sections: every problem at its file:row:column or key."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_bad_input import COSTS_HEADER, assert_input_error, dataset  # noqa: F401  (the shared dataset fixture)

CANDIDATES_HEADER = "candidate_id,asset_table,asset_id,capacity_unit,minimum_capacity,maximum_capacity,cost_id,length_km"
COSTS = ["WIND_MW,generators,wind,,MW,system,1e6,2e4,0,25", "LINE,lines,overhead_line,,MW km,system,1000,0,0,40"]
ENABLED = "expansion: {enabled: true}\n"


@pytest.fixture
def candidates_dataset(request: pytest.FixtureRequest) -> Path:
    """The bad-input tests' dataset (wind at A, the load at B, the national grid at C) with a battery at A."""
    folder = request.getfixturevalue("dataset")
    (folder / "storage.csv").write_text("storage_id,name,bus,p_nom_mw,e_nom_mwh,efficiency_charge,efficiency_discharge\n"
                                        "BAT,BAT,A,10,20,0.9,0.9\n")
    return folder


def write_tables(folder: Path, candidates: list[str]) -> None:
    (folder / "costs.csv").write_text("\n".join([COSTS_HEADER, *COSTS, ""]))
    (folder / "expansion_candidates.csv").write_text("\n".join([CANDIDATES_HEADER, *candidates, ""]))


def test_expansion_candidates_are_checked_at_their_cells(candidates_dataset, tmp_path):
    folder = candidates_dataset
    write_tables(folder, [
        "OK,generators,WIND,MW,,100,,", "PUMP,pumps,P1,MW,,10,,", "NOWHERE,generators,NOPE,MW,,10,,",
        "ENERGY,generators,WIND,MWh,,10,,", "SMALL,lines,AB,MW,500,2000,,", "LOW,lines,BC,MW,,100,,",
        "AGAIN,generators,WIND,MW,,200,,", "NO_COST,grid_connections,GRID,MW,,2000,,",
        "BAD_COST,storage,BAT,MW,,50,LINE,", "UNKNOWN_COST,storage,BAT,MWh,,50,NOPE,"])
    file = f"{folder}/expansion_candidates.csv"
    assert_input_error(folder, tmp_path, [
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


def test_a_scenario_enables_changes_and_checks_candidates_at_its_keys(candidates_dataset, tmp_path):
    folder = candidates_dataset
    write_tables(folder, ["WIND_MW,generators,WIND,MW,,100,,"])
    scenario = f"description: test\ninputs: {folder}\nyear: 2025\nhorizon: {{hours: 24}}\n"
    (tmp_path / "case.yaml").write_text(
        scenario + "expansion: {enabled: true, candidates: {WIND_MW: {maximum_capacity: 5}, NOPE: {enabled: false}}}\n")
    assert_input_error(folder, tmp_path, [
        f"{tmp_path}/case.yaml:-:expansion.candidates.NOPE: no expansion_candidates row with id 'NOPE'"])
    (tmp_path / "case.yaml").write_text(scenario + "expansion: {enabled: true, candidates: {WIND_MW: "
                                        "{maximum_capacity: 5}}}\n")
    assert_input_error(folder, tmp_path, [
        f"{tmp_path}/case.yaml:-:expansion.candidates.WIND_MW.maximum_capacity: 5 MW is below the minimum of 20 MW"])
    (tmp_path / "case.yaml").write_text(scenario + "targets: {minimum_renewable_share: 1.5, co2_cap_t_per_year: -1}\n")
    assert_input_error(folder, tmp_path, [
        (f"{tmp_path}/case.yaml:-:targets.minimum_renewable_share: Input should be less than or equal to 1 "
         "(got 1.5)"),
        f"{tmp_path}/case.yaml:-:targets.co2_cap_t_per_year: Input should be greater than or equal to 0 (got -1)",
    ])
