"""Every constraint family in the build list has a behavioural test (Calliope's test_all_math_registered)."""

from __future__ import annotations

from pathlib import Path

from gezopt.model import FAMILIES

# which test file exercises each family's behaviour on a tiny network
FAMILY_TESTS = {
    "add_variable_renewables": ("test_units.py", "test_curtailment_is_available_minus_dispatched"),
    "add_hydro": ("test_units.py", "test_downstream_plant_generates_what_the_upstream_release_allows_after_the_delay"),
    "add_waste_to_energy": ("test_units.py", "test_waste_plant_respects_daily_waste_and_must_run"),
    "add_storage": ("test_units.py", "test_storage_shifts_energy_with_losses_and_cyclic_state"),
    "add_ev_charging": ("test_demand_side.py", "test_smart_fleet_charges_in_the_cheapest_hours_and_meets_the_need_exactly"),
    "add_heat": ("test_demand_side.py", "test_heat_bus_balance_closes_with_a_heat_pump_at_its_cop"),
    "add_national_grid": ("test_grid.py", "test_line_limit_holds_back_cheap_unit_and_prices_split"),
    "add_load_shedding": ("test_units.py", "test_load_is_shed_at_the_value_of_lost_load_when_supply_runs_out"),
    "add_grid": ("test_grid.py", "test_three_bus_loop_flows_match_hand_calculation"),
    "add_balance": ("test_cli.py", "test_one_week_of_the_default_dataset_from_the_cli"),
    "add_objective": ("test_grid.py", "test_line_limit_holds_back_cheap_unit_and_prices_split"),
}


def test_every_family_in_the_build_list_has_a_test():
    here = Path(__file__).parent
    names = [family.__name__ for family in FAMILIES]
    assert sorted(names) == sorted(FAMILY_TESTS), "a family was added or removed: map it to its test here"
    for name in names:
        file_name, test_name = FAMILY_TESTS[name]
        assert f"def {test_name}(" in (here / file_name).read_text(), f"{name}: {file_name}::{test_name} is missing"


def test_every_family_documents_its_equations():
    for family in FAMILIES:
        module = __import__(family.__module__, fromlist=["__doc__"])
        assert ".. math::" in module.__doc__ or ":math:" in module.__doc__, family.__module__
