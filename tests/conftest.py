"""Shared fixtures: tiny datasets written as CSV folders, solved through the real pipeline.

``tiny_dataset(tmp_path, ...)`` writes a complete dataset whose tables hold
only what a test passes (every other table is empty), with flat profiles
over ``hours`` hours of the reference year 2025.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gezopt.config import GridModel, ModelSettings, RunSettings, SolverSettings
from gezopt.data.specs import PROFILES_FILE, TABLES
from gezopt.pipeline import RunOutcome, run
from gezopt.scenario import Scenario
from gezopt.tie_break import TIE_BREAK_AZN

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = REPOSITORY / "inputs" / "zone"

# nodal prices are duals of the LP with its tie-break (gezopt.tie_break): a hand-computed price holds to
# within the tie-break costs of the units that set it, a few TIE_BREAK_AZN per MWh
PRICE_TIE_BREAK_AZN_PER_MWH = 5 * TIE_BREAK_AZN

DEFAULT_PARAMETERS = [
    {"parameter": "value_of_lost_load_azn_per_mwh", "value": 6800.0, "unit": "AZN/MWh"},
    {"parameter": "co2_price_azn_per_t", "value": 0.0, "unit": "AZN/t"},
    {"parameter": "base_power_mva", "value": 100.0, "unit": "MVA"},
]


def bus(bus_id: str, voltage_kv: float = 110.0) -> dict:
    return {"bus_id": bus_id, "name": bus_id, "voltage_kv": voltage_kv, "latitude_deg": 40.0,
            "longitude_deg": 47.0, "district": "test"}


def line(line_id: str, bus0: str, bus1: str, x_ohm_per_km: float = 0.4, length_km: float = 10.0,
         s_nom_mva: float = 1000.0, circuits: int = 1) -> dict:
    return {"line_id": line_id, "bus0": bus0, "bus1": bus1, "voltage_kv": 110.0, "length_km": length_km,
            "circuits": circuits, "x_ohm_per_km": x_ohm_per_km, "s_nom_mva_per_circuit": s_nom_mva}


def generator(generator_id: str, bus_id: str, p_nom_mw: float, cost: float = 0.0,
              profile: str = "flat", carrier: str = "wind") -> dict:
    return {"generator_id": generator_id, "name": generator_id, "bus": bus_id, "carrier": carrier,
            "p_nom_mw": p_nom_mw, "availability_profile": profile, "marginal_cost_azn_per_mwh": cost}


def load(load_id: str, bus_id: str, mean_mw: float, profile: str = "flat", consumer_class: str = "residential") -> dict:
    return {"load_id": load_id, "bus": bus_id, "district": "test", "consumer_class": consumer_class,
            "annual_energy_mwh": mean_mw * 8760.0, "profile": profile}


def connection(connection_id: str, bus_id: str, import_price: float = 66.0, export_price: float = 44.0,
               limit_mw: float = 1000.0, co2: float = 0.45) -> dict:
    return {"connection_id": connection_id, "bus": bus_id, "import_max_mw": limit_mw, "export_max_mw": limit_mw,
            "import_price_azn_per_mwh": import_price, "export_price_azn_per_mwh": export_price,
            "co2_t_per_mwh": co2}


def hot_water_bus(heat_bus_id: str, bus_id: str, profile: str = "flat") -> dict:
    """A heat bus with 1 MW_th of hot water on average (``profile``) and no space heat; its outside temperature
    is the profile ``temperature``."""
    return {"heat_bus_id": heat_bus_id, "bus": bus_id, "district": "test", "temperature_profile": "temperature",
            "temperature_offset_c": 0.0, "floor_area_m2": 0.0, "space_heating_kwh_per_m2": 70.0,
            "reference_heating_degree_days": 2209.0, "hot_water_mwh_per_year": 8760.0, "hot_water_profile": profile}


def waste_plant(plant_id: str, bus_id: str, p_nom_mw: float, waste_t_per_day: float, electrical_efficiency: float,
                must_run_share: float, cost: float, co2: float = 0.0) -> dict:
    """A waste-to-energy plant burning waste of 2 MWh/t."""
    return {"plant_id": plant_id, "name": plant_id, "bus": bus_id, "p_nom_mw": p_nom_mw,
            "waste_t_per_day": waste_t_per_day, "energy_mwh_per_t": 2.0, "electrical_efficiency": electrical_efficiency,
            "must_run_share": must_run_share, "marginal_cost_azn_per_mwh": cost, "co2_t_per_mwh": co2}


def unreachable_reservoir_dataset(directory: Path) -> Path:
    """A dam that must end at 1.5 million m3 from 0.5 with no inflow: an infeasible model."""
    return write_dataset(directory, {
        "buses": [bus("A")],
        "hydro_plants": [{"plant_id": "DAM", "name": "DAM", "bus": "A", "river": "r", "p_nom_mw": 5.0,
                          "mw_per_m3s": 1.0, "local_inflow_m3s": 0.0, "inflow_profile": "flat"}],
        "reservoirs": [{"plant_id": "DAM", "volume_max_mcm": 2.0, "volume_min_mcm": 0.0, "volume_start_mcm": 0.5,
                        "volume_end_mcm": 1.5}],
        "loads": [load("L", "A", 1.0)],
        "grid_connections": [connection("GRID", "A")],
    })


def scenario_for(dataset: Path, hours: int) -> Path:
    """A scenario file beside ``dataset`` (named after it) solving its first ``hours`` hours of 2025."""
    path = dataset.parent / f"{dataset.name}.yaml"
    path.write_text(f"description: {dataset.name}\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: {hours}}}\n")
    return path


def write_dataset(directory: Path, tables: dict[str, list[dict]], profiles: dict[str, list[float]] | None = None,
                  hours: int = 24) -> Path:
    """Write a dataset folder: given tables, empty others, flat profiles unless given."""
    directory.mkdir(parents=True, exist_ok=True)
    defaults = {"parameters": DEFAULT_PARAMETERS, "demand_growth": [{"year": 2025, "demand_scale": 1.0}]}
    for spec in TABLES:
        rows = tables.get(spec.name, defaults.get(spec.name, []))
        frame = pd.DataFrame(rows, columns=[c.name for c in spec.columns])
        frame.to_csv(directory / spec.file_name, index=False)
    series = {"flat": [1.0] * hours}
    series.update(profiles or {})
    stamps = pd.date_range("2025-01-01 00:00", periods=hours, freq="h").strftime("%Y-%m-%d %H:%M")
    pd.DataFrame({"timestamp": stamps, **series}).to_csv(directory / PROFILES_FILE, index=False)
    return directory


def solve_dataset(directory: Path, hours: int | None = None, grid_model: GridModel = GridModel.DC,
                  start: str | None = None, year: int = 2025, solver: SolverSettings | None = None) -> RunOutcome:
    """Solve a dataset through the pipeline without writing results (HiGHS on one thread unless ``solver``)."""
    settings = run_settings_for(directory, hours=hours, grid_model=grid_model, start=start, year=year)
    if solver is not None:
        settings = dataclasses.replace(settings, solver=solver)
    scenario = Scenario(name="test", path=directory / "test.yaml", description="", inputs=directory, year=year,
                        start=start, hours=hours, grid_model=grid_model)
    return run(settings, scenario, write=False)


def run_settings_for(directory: Path, hours: int | None = None, grid_model: GridModel = GridModel.DC,
                     start: str | None = None, year: int = 2025, out: Path | None = None) -> RunSettings:
    return RunSettings(name="test", inputs=directory, year=year, start=start, hours=hours,
                       out=out or directory / "results", model=ModelSettings(grid_model=grid_model),
                       solver=SolverSettings(threads=1))


def value_at(table: pd.DataFrame, column: str, **where: object) -> np.ndarray:
    """Values of ``column`` in the rows matching every ``where`` condition."""
    mask = np.ones(len(table), dtype=bool)
    for key, wanted in where.items():
        mask &= (table[key] == wanted).to_numpy()
    return table.loc[mask, column].to_numpy()


@pytest.fixture
def three_bus_loop(tmp_path: Path) -> Path:
    """A, B, C in a loop of equal lines; 90 MW of free wind at A, 60 MW load at B, grid import at C."""
    return write_dataset(tmp_path / "three_bus", {
        "buses": [bus("A"), bus("B"), bus("C")],
        "lines": [line("AB", "A", "B"), line("BC", "B", "C"), line("CA", "C", "A")],
        "generators": [generator("WIND_A", "A", 90.0)],
        "loads": [load("LOAD_B", "B", 60.0)],
        "grid_connections": [connection("GRID_C", "C", limit_mw=0.0)],
    })
