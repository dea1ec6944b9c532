"""Unit families on one- and two-bus networks with hand-computable optima."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import (
    bus,
    connection,
    generator,
    load,
    solve_dataset,
    value_at,
    waste_plant,
    write_dataset,
)


def hydro_plant(plant_id: str, bus_id: str, p_nom_mw: float, inflow_m3s: float, mw_per_m3s: float = 1.0,
                profile: str = "flat", environmental_m3s: float = 0.0, min_output_share: float = 0.0) -> dict:
    return {"plant_id": plant_id, "name": plant_id, "bus": bus_id, "river": "test", "p_nom_mw": p_nom_mw,
            "mw_per_m3s": mw_per_m3s, "local_inflow_m3s": inflow_m3s, "inflow_profile": profile,
            "min_environmental_flow_m3s": environmental_m3s, "min_output_share": min_output_share}


def reservoir(plant_id: str, start: float = 1.0, end: float | None = None, low: float = 0.0,
              high: float = 2.0) -> dict:
    return {"plant_id": plant_id, "volume_max_mcm": high, "volume_min_mcm": low, "volume_start_mcm": start,
            "volume_end_mcm": end}


def test_curtailment_is_available_minus_dispatched(tmp_path):
    # 50 MW of wind at 0.8 availability (40 MW) against a 25 MW load and no export: 15 MW curtailed.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 50.0, profile="wind")],
        "loads": [load("L", "A", 25.0)],
    }, profiles={"wind": [0.8] * 24})
    results = solve_dataset(dataset, hours=4).results
    dispatch = results.tables["dispatch"]
    assert value_at(dispatch, "available_mw", unit="WIND") == pytest.approx([40.0] * 4)
    assert value_at(dispatch, "curtailed_mw", unit="WIND") == pytest.approx([15.0] * 4, abs=1e-6)
    assert results.kpis["curtailment_mwh"] == pytest.approx(60.0, abs=1e-6)
    # no hydro or waste plant: their rows are none, and the labels stay strings (written without a conversion)
    assert [str(dispatch[column].dtype) for column in ("unit", "carrier", "bus")] == ["str", "str", "str"]


def test_run_of_river_turbines_its_inflow_less_the_environmental_flow(tmp_path):
    # 5 m3/s x shape [0.2, 1, 3] = 1, 5, 15 m3/s; 0.5 m3/s stays in the river; turbines take 10 m3/s at most.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "hydro_plants": [hydro_plant("ROR", "A", 10.0, 5.0, profile="shape", environmental_m3s=0.5)],
        "loads": [load("L", "A", 100.0)],
        "grid_connections": [connection("GRID", "A")],
    }, profiles={"shape": [0.2, 1.0, 3.0]}, hours=3)
    tables = solve_dataset(dataset, hours=3).results.tables
    assert value_at(tables["dispatch"], "p_mw", unit="ROR") == pytest.approx([0.5, 4.5, 10.0], abs=1e-6)
    # the environmental flow forces spill although the turbines had room and power was dear
    assert value_at(tables["hydro"], "spill_m3s", plant_id="ROR") == pytest.approx([0.5, 0.5, 5.0], abs=1e-6)


def test_reservoir_level_history_closes_and_shifts_water_to_the_expensive_hour(tmp_path):
    # Imports cost 10 in hours 0-1 and 100 in hours 2-3 (price profile). Inflow 10 m3/s every hour,
    # 1 MW per m3/s, cyclic volume: the 40 m3/s.h of the horizon are released where imports are dear.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "hydro_plants": [hydro_plant("DAM", "A", 30.0, 10.0)],
        "reservoirs": [reservoir("DAM", start=1.0)],
        "loads": [load("L", "A", 20.0)],
        "grid_connections": [{**connection("GRID", "A", import_price=1.0, export_price=0.0),
                              "import_price_profile": "price"}],
    }, profiles={"price": [10.0, 10.0, 100.0, 100.0]}, hours=4)
    hydro = solve_dataset(dataset, hours=4).results.tables["hydro"]
    assert hydro["release_m3s"].to_numpy() == pytest.approx([0.0, 0.0, 20.0, 20.0], abs=1e-6)
    volume = np.concatenate([[1.0], hydro["volume_mcm"].to_numpy()])
    change = 0.0036 * (hydro["inflow_m3s"] - hydro["release_m3s"] - hydro["spill_m3s"]).to_numpy()
    assert np.diff(volume) == pytest.approx(change, abs=1e-9)
    assert volume[-1] == pytest.approx(1.0, abs=1e-9)  # cyclic: back to the start volume


def test_environmental_flow_forces_release_or_spill_below_a_dam(tmp_path):
    # No demand and no export value: without the 5 m3/s minimum the dam would hold everything back.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "hydro_plants": [hydro_plant("DAM", "A", 30.0, 0.0, environmental_m3s=5.0)],
        "reservoirs": [reservoir("DAM", start=1.0, end=0.5)],
        "loads": [load("L", "A", 0.0)],
        "grid_connections": [connection("GRID", "A", export_price=0.0)],
    }, hours=3)
    hydro = solve_dataset(dataset, hours=3).results.tables["hydro"]
    assert np.all((hydro["release_m3s"] + hydro["spill_m3s"]).to_numpy() >= 5.0 - 1e-9)
    assert hydro["volume_mcm"].iloc[-1] == pytest.approx(0.5, abs=1e-9)


def cascade(directory, travel_time_h: float = 2.0, irrigation: list[dict] | None = None):
    """Dam UP (10 m3/s, 1 MW per m3/s) feeds run-of-river DOWN (2 MW per m3/s, no own catchment)."""
    return write_dataset(directory, {
        "buses": [bus("A")],
        "hydro_plants": [hydro_plant("UP", "A", 30.0, 10.0), hydro_plant("DOWN", "A", 100.0, 0.0, mw_per_m3s=2.0)],
        "reservoirs": [reservoir("UP", start=1.0)],
        "river_links": [{"link_id": "UP_DOWN", "upstream_plant": "UP", "downstream_plant": "DOWN",
                         "travel_time_h": travel_time_h}],
        "irrigation": irrigation or [],
        "loads": [load("L", "A", 100.0)],
        "grid_connections": [{**connection("GRID", "A", import_price=1.0, export_price=0.0),
                              "import_price_profile": "price"}],
    }, profiles={"price": [10.0, 10.0, 100.0, 100.0, 10.0, 10.0]}, hours=6)


def test_downstream_plant_generates_what_the_upstream_release_allows_after_the_delay(tmp_path):
    hydro = solve_dataset(cascade(tmp_path / "d"), hours=6).results.tables["hydro"]
    up = hydro[hydro["plant_id"] == "UP"]
    down = hydro[hydro["plant_id"] == "DOWN"]
    upstream_outflow = (up["release_m3s"] + up["spill_m3s"]).to_numpy()
    # two hours after leaving the dam the water is turbined below it; before, the natural 10 m3/s arrives
    assert down["release_m3s"].to_numpy() == pytest.approx([10.0, 10.0, *upstream_outflow[:4]], abs=1e-6)
    assert down["power_mw"].to_numpy() == pytest.approx(2.0 * down["release_m3s"].to_numpy())
    # the dam holds water in the cheap hours so that it reaches DOWN in the dear hours 2-3 ... which needs
    # release in hours 0-1; water released in hours 2-3 arrives in the cheap hours 4-5 (no value there)
    assert upstream_outflow[:2].sum() > upstream_outflow[2:4].sum()


def test_irrigation_month_takes_the_water_and_the_output(tmp_path):
    dataset = cascade(tmp_path / "d", irrigation=[{"plant_id": "DOWN", "month": 1, "withdrawal_share": 1.0}])
    results = solve_dataset(dataset, hours=6).results
    hydro = results.tables["hydro"]
    down = hydro[hydro["plant_id"] == "DOWN"]
    assert down["power_mw"].to_numpy() == pytest.approx([0.0] * 6, abs=1e-9)
    assert down["withdrawal_m3s"].to_numpy() == pytest.approx(down["inflow_m3s"].to_numpy())


def test_low_water_output_share_makes_the_dam_release(tmp_path):
    # Without a floor the dam keeps its water for the dear hours 2-3 and DOWN idles in the others.
    # With DOWN at no less than 40 % of 100 MW (20 m3/s at 2 MW per m3/s), the floor holds as far as the
    # natural river (10 m3/s) could carry it: the dam must let at least 10 m3/s through every hour.
    free = solve_dataset(cascade(tmp_path / "free", travel_time_h=0.0), hours=6).results.tables["hydro"]
    assert free.loc[free["plant_id"] == "DOWN", "release_m3s"].min() < 1e-6
    dataset = cascade(tmp_path / "floor", travel_time_h=0.0)
    frame = __import__("pandas").read_csv(dataset / "hydro_plants.csv")
    frame.loc[frame["plant_id"] == "DOWN", "min_output_share"] = 0.4
    frame.to_csv(dataset / "hydro_plants.csv", index=False)
    hydro = solve_dataset(dataset, hours=6).results.tables["hydro"]
    assert hydro.loc[hydro["plant_id"] == "DOWN", "release_m3s"].min() >= 10.0 - 1e-6


def test_storage_shifts_energy_with_losses_and_cyclic_state(tmp_path):
    # Imports cost 10 then 100; battery 10 MW / 10 MWh, 0.9 each way. It charges 10 MW in hour 0
    # (stores 9 MWh) and discharges 8.1 MW in hour 1; the state of charge returns to its start.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "storage": [{"storage_id": "BAT", "name": "BAT", "bus": "A", "p_nom_mw": 10.0, "e_nom_mwh": 10.0,
                     "efficiency_charge": 0.9, "efficiency_discharge": 0.9}],
        "loads": [load("L", "A", 20.0)],
        "grid_connections": [{**connection("GRID", "A", import_price=1.0, export_price=0.0),
                              "import_price_profile": "price"}],
    }, profiles={"price": [10.0, 100.0]}, hours=2)
    results = solve_dataset(dataset, hours=2).results
    storage = results.tables["storage"]
    assert storage["charge_mw"].to_numpy() == pytest.approx([10.0, 0.0], abs=1e-6)
    assert storage["discharge_mw"].to_numpy() == pytest.approx([0.0, 8.1], abs=1e-6)
    assert storage["energy_mwh"].to_numpy() == pytest.approx([9.0, 0.0], abs=1e-6)
    assert results.kpis["system_cost_azn"] == pytest.approx(30 * 10 + (20 - 8.1) * 100, abs=1e-6)


def test_waste_plant_respects_daily_waste_and_must_run(tmp_path):
    # 10 t/day x 2 MWh/t x 0.3 = 6 MWh/day; 1 MW plant, must-run 0.1 MW. Over 24 h with imports at 66
    # and waste at 20 AZN/MWh it burns exactly its daily 6 MWh.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "waste_plants": [waste_plant("WTE", "A", 1.0, waste_t_per_day=10.0, electrical_efficiency=0.3,
                                     must_run_share=0.1, cost=20.0, co2=0.5)],
        "loads": [load("L", "A", 5.0)],
        "grid_connections": [connection("GRID", "A", co2=0.45)],
    }, hours=24)
    results = solve_dataset(dataset, hours=24).results
    output = value_at(results.tables["dispatch"], "p_mw", unit="WTE")
    assert output.sum() == pytest.approx(6.0, abs=1e-6)
    assert output.min() >= 0.1 - 1e-9
    assert results.kpis["emissions_t"] == pytest.approx(6.0 * 0.5 + (120.0 - 6.0) * 0.45, abs=1e-6)


def test_load_is_shed_at_the_value_of_lost_load_when_supply_runs_out(tmp_path):
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [generator("WIND", "A", 10.0)],
        "loads": [load("L", "A", 15.0)],
        "grid_connections": [connection("GRID", "A", limit_mw=3.0)],
    })
    results = solve_dataset(dataset, hours=2).results
    assert value_at(results.tables["demand"], "shed_mw", bus="A") == pytest.approx([2.0, 2.0], abs=1e-6)
    assert value_at(results.tables["prices"], "price_azn_per_mwh", bus="A") == pytest.approx([6800.0, 6800.0])
    assert results.kpis["system_cost_azn"] == pytest.approx(2 * (3 * 66 + 2 * 6800), abs=1e-6)


def test_unit_commissioned_inside_the_horizon_is_available_from_that_hour(tmp_path):
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A")],
        "generators": [{**generator("NEW", "A", 10.0, cost=1.0), "commissioned": "2025-01-02"}],
        "loads": [load("L", "A", 5.0)],
        "grid_connections": [connection("GRID", "A", export_price=0.0)],
    }, hours=48)
    dispatch = solve_dataset(dataset, hours=48).results.tables["dispatch"]
    output = value_at(dispatch, "p_mw", unit="NEW")
    assert output[:24] == pytest.approx([0.0] * 24)
    assert output[24:] == pytest.approx([5.0] * 24, abs=1e-6)
