"""gezopt.rivers: a plant's inflow from the decomposition and the reservoirs' outflows."""

from __future__ import annotations

import numpy as np
from conftest import bus, connection, load, write_dataset

from gezopt.data import load_zone
from gezopt.rivers import build_river_system, inflow_m3s


def test_inflow_from_reservoir_outflows(tmp_path):
    # UP (run-of-river, 1 m3/s) -> DAM (reservoir, 2 m3/s) after 1 h -> LOW (0.5 m3/s) after 2 h; LOW loses half to
    # irrigation in January, which does not change what arrives at it.
    def plant(plant_id: str, local: float) -> dict:
        return {"plant_id": plant_id, "name": plant_id, "bus": "A", "river": "r", "p_nom_mw": 5.0,
                "mw_per_m3s": 1.0, "local_inflow_m3s": local, "inflow_profile": "flat"}
    dataset = write_dataset(tmp_path / "data", {
        "buses": [bus("A")],
        "hydro_plants": [plant("UP", 1.0), plant("DAM", 2.0), plant("LOW", 0.5)],
        "river_links": [{"link_id": "L1", "upstream_plant": "UP", "downstream_plant": "DAM", "travel_time_h": 1},
                        {"link_id": "L2", "upstream_plant": "DAM", "downstream_plant": "LOW", "travel_time_h": 2}],
        "reservoirs": [{"plant_id": "DAM", "volume_max_mcm": 2.0, "volume_min_mcm": 0.0, "volume_start_mcm": 1.0}],
        "irrigation": [{"plant_id": "LOW", "month": 1, "withdrawal_share": 0.5}],
        "loads": [load("L", "A", 1.0)],
        "grid_connections": [connection("GRID", "A")],
    })
    rivers = build_river_system(load_zone(dataset))
    count = len(rivers.usable_share)
    released = np.arange(count, dtype=float)
    assert np.array_equal(inflow_m3s(rivers, "UP", {}), np.full(count, 1.0))
    assert np.array_equal(inflow_m3s(rivers, "DAM", {"DAM": released}), np.full(count, 3.0))
    # before the first snapshot the reservoir's natural outflow (3 m3/s), then what it released 2 h earlier
    expected = 0.5 + np.concatenate([[3.0, 3.0], released[:-2]])
    assert np.array_equal(inflow_m3s(rivers, "LOW", {"DAM": released}), expected)
