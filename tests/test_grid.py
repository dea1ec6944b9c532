"""Grid family: DC power flow against hand calculations, KVL, limits and nodal prices."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import (
    PRICE_TIE_BREAK_AZN_PER_MWH,
    bus,
    connection,
    generator,
    line,
    load,
    run_settings_for,
    solve_dataset,
    value_at,
    write_dataset,
)

from gezopt.config import GridModel


def test_three_bus_loop_flows_match_hand_calculation(three_bus_loop):
    # 60 MW from A to B over a loop of three equal lines: 2/3 direct, 1/3 via C.
    flows = solve_dataset(three_bus_loop, hours=2).results.tables["flows"]
    assert value_at(flows, "flow_mw", branch_id="AB") == pytest.approx([40.0, 40.0], abs=1e-6)
    assert value_at(flows, "flow_mw", branch_id="CA") == pytest.approx([-20.0, -20.0], abs=1e-6)
    assert value_at(flows, "flow_mw", branch_id="BC") == pytest.approx([-20.0, -20.0], abs=1e-6)


def test_unequal_reactances_split_flow_inversely(tmp_path):
    # AB has twice the reactance of each of BC and CA: the direct path and the detour have equal
    # reactance, so each carries half of the 60 MW.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A"), bus("B"), bus("C")],
        "lines": [line("AB", "A", "B", x_ohm_per_km=0.8), line("BC", "B", "C"), line("CA", "C", "A")],
        "generators": [generator("WIND_A", "A", 90.0)],
        "loads": [load("LOAD_B", "B", 60.0)],
    })
    flows = solve_dataset(dataset, hours=1).results.tables["flows"]
    assert value_at(flows, "flow_mw", branch_id="AB")[0] == pytest.approx(30.0, abs=1e-6)
    # Kirchhoff's voltage law around A -> B -> C -> A, rebuilt from the results
    x = {"AB": 0.8, "BC": 0.4, "CA": 0.4}
    loop = sum(x[b] * value_at(flows, "flow_mw", branch_id=b)[0] for b in ("AB", "BC", "CA"))
    assert loop == pytest.approx(0.0, abs=1e-6)


def test_parallel_lines_share_flow_by_reactance(tmp_path):
    # Two lines between A and B, reactances 1 : 3 -> flows 3 : 1 of the 40 MW.
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("L1", "A", "B", x_ohm_per_km=0.2), line("L2", "B", "A", x_ohm_per_km=0.6)],
        "generators": [generator("WIND_A", "A", 50.0)],
        "loads": [load("LOAD_B", "B", 40.0)],
    })
    flows = solve_dataset(dataset, hours=1).results.tables["flows"]
    assert value_at(flows, "flow_mw", branch_id="L1")[0] == pytest.approx(30.0, abs=1e-6)
    assert value_at(flows, "flow_mw", branch_id="L2")[0] == pytest.approx(-10.0, abs=1e-6)  # B->A row


def congested_loop(directory, export_price: float) -> object:
    """Cheap unit at A (10 AZN/MWh), 60 MW load at B, imports at C (66); AB limited to 30 MW."""
    return write_dataset(directory, {
        "buses": [bus("A"), bus("B"), bus("C")],
        "lines": [line("AB", "A", "B", s_nom_mva=30.0), line("BC", "B", "C"), line("CA", "C", "A")],
        "generators": [generator("CHEAP_A", "A", 90.0, cost=10.0)],
        "loads": [load("LOAD_B", "B", 60.0)],
        "grid_connections": [connection("GRID_C", "C", import_price=66.0, export_price=export_price)],
    })


def test_line_limit_holds_back_cheap_unit_and_prices_split(tmp_path):
    # One more MW at B needs -1 MW at A and +2 MW at C to keep AB at its limit: 2*66 - 10 = 122.
    results = solve_dataset(congested_loop(tmp_path / "d", export_price=44.0), hours=1).results
    tables = results.tables
    assert value_at(tables["flows"], "flow_mw", branch_id="AB")[0] == pytest.approx(30.0, abs=1e-6)
    assert value_at(tables["dispatch"], "p_mw", unit="CHEAP_A")[0] == pytest.approx(30.0, abs=1e-6)
    assert value_at(tables["national_grid"], "import_mw", connection_id="GRID_C")[0] == pytest.approx(30.0, abs=1e-6)
    prices = {b: value_at(tables["prices"], "price_azn_per_mwh", bus=b)[0] for b in "ABC"}
    assert prices == pytest.approx({"A": 10.0, "B": 122.0, "C": 66.0}, abs=PRICE_TIE_BREAK_AZN_PER_MWH)
    assert results.kpis["system_cost_azn"] == pytest.approx(30 * 10 + 30 * 66, abs=1e-6)
    assert results.kpis["import_cost_azn"] == pytest.approx(30 * 66, abs=1e-6)
    assert results.kpis["local_supply_cost_azn"] == pytest.approx(30 * 10, abs=1e-6)


def test_transport_model_ignores_kirchhoff(tmp_path):
    # Same network (no export value): without KVL the cheap unit sends 30 MW direct and 30 MW via C.
    dataset = congested_loop(tmp_path / "d", export_price=0.0)
    results = solve_dataset(dataset, hours=1, grid_model=GridModel.TRANSPORT).results
    assert value_at(results.tables["dispatch"], "p_mw", unit="CHEAP_A")[0] == pytest.approx(60.0, abs=1e-6)
    assert results.kpis["system_cost_azn"] == pytest.approx(600.0, abs=1e-6)
    prices = value_at(results.tables["prices"], "price_azn_per_mwh")
    assert np.allclose(prices, 10.0, rtol=0, atol=PRICE_TIE_BREAK_AZN_PER_MWH)


def test_balance_rows_equate_injections_and_demand_and_price_the_marginal_unit(tmp_path):
    """The balance family on its own: one row per bus with terms, none for a bus with nothing on it; supply equals
    demand; the dual is the marginal unit's cost (two units at 10 and 30 AZN/MWh, the cheap one at its limit)."""
    from gezopt.data import load_zone, scale_to_year, select_horizon
    from gezopt.model import build_model
    from gezopt.network import build_network
    from gezopt.prepared import prepare_inputs

    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A"), bus("LONE")],
        "generators": [generator("CHEAP", "A", 4.0, cost=10.0), generator("DEAR", "A", 10.0, cost=30.0)],
        "loads": [load("L", "A", 6.0)],
    }, hours=2)
    zone = select_horizon(scale_to_year(load_zone(dataset), 2025), 2025, None, 2)
    model = build_model(prepare_inputs(zone), build_network(zone), run_settings_for(dataset).model)
    assert sorted(model.nodal_balance.keys()) == [("A", 0), ("A", 1)]
    results = solve_dataset(dataset, hours=2).results
    dispatch = results.tables["dispatch"]
    assert value_at(dispatch, "p_mw", unit="CHEAP") == pytest.approx([4.0, 4.0], abs=1e-9)
    assert value_at(dispatch, "p_mw", unit="DEAR") == pytest.approx([2.0, 2.0], abs=1e-9)
    assert value_at(results.tables["prices"], "price_azn_per_mwh", bus="A") == pytest.approx(
        [30.0, 30.0], abs=PRICE_TIE_BREAK_AZN_PER_MWH)
