"""Network: per-unit reactances, cycle basis (with parallel lines) and islands."""

from __future__ import annotations

import pytest
from conftest import bus, generator, line, load, write_dataset

from gezopt.data import load_zone, select_horizon
from gezopt.errors import InputError
from gezopt.network import build_network


def _network(directory):
    return build_network(select_horizon(load_zone(directory), 2025, None, 1))


def test_cycle_basis_counts_parallel_lines_as_their_own_cycle(tmp_path):
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A"), bus("B"), bus("C"), bus("D")],
        "lines": [line("AB", "A", "B"), line("BC", "B", "C"), line("CA", "C", "A"),
                  line("CD", "C", "D"), line("CD_2", "D", "C")],
        "generators": [generator("G", "A", 10.0)],
        "loads": [load("L", "D", 5.0)],
    })
    net = _network(dataset)
    # 5 branches - 4 buses + 1 island = 2 independent cycles
    assert len(net.cycles) == 2
    branch_sets = sorted(sorted(b for b, _ in cycle) for cycle in net.cycles)
    assert branch_sets == [["AB", "BC", "CA"], ["CD", "CD_2"]]
    # the 2-cycle runs C->D on CD and D->C on CD_2: both rows are oriented C->D... D->C, so same sign
    two_cycle = dict(next(c for c in net.cycles if len(c) == 2))
    assert two_cycle["CD"] == two_cycle["CD_2"]


def test_per_unit_reactance_of_lines_and_transformers(tmp_path):
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("HV", 330.0), bus("LV", 110.0)],
        "lines": [],
        "transformers": [{"transformer_id": "T1", "bus0": "HV", "bus1": "LV", "s_nom_mva": 200.0, "x_pu": 0.12}],
        "generators": [generator("G", "HV", 10.0)],
        "loads": [load("L", "LV", 5.0)],
    })
    net = _network(dataset)
    assert net.branches.at["T1", "x_pu"] == pytest.approx(0.12 * 100 / 200)
    assert net.branches.at["T1", "s_nom_mw"] == pytest.approx(200.0)
    line_data = write_dataset(tmp_path / "e", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B", x_ohm_per_km=0.4, length_km=121.0, circuits=2, s_nom_mva=110.0)],
        "generators": [generator("G", "A", 10.0)],
        "loads": [load("L", "B", 5.0)],
    })
    branches = _network(line_data).branches
    # 0.4 ohm/km * 121 km / 2 circuits = 24.2 ohm; Z_base = 110^2 / 100 = 121 ohm
    assert branches.at["AB", "x_pu"] == pytest.approx(0.2)
    assert branches.at["AB", "s_nom_mw"] == pytest.approx(220.0)


def test_island_with_demand_but_no_supply_is_an_input_error(tmp_path):
    dataset = write_dataset(tmp_path / "d", {
        "buses": [bus("A"), bus("B"), bus("C")],
        "lines": [line("AB", "A", "B")],
        "generators": [generator("G", "A", 10.0)],
        "loads": [load("L", "C", 5.0)],
    })
    with pytest.raises(InputError) as error:
        _network(dataset)
    assert str(error.value.problems[0]) == (
        f"{dataset / 'buses.csv'}:4:bus_id: bus 'C' has demand but its island (C) has neither a generating "
        "unit nor a national-grid connection in service"
    )
