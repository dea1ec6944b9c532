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
    "add_expansion": ("test_expansion.py",
                      "test_base_capacity_is_built_to_the_load_duration_break_even_of_two_technologies"),
    "add_targets": ("test_expansion.py", "test_a_binding_co2_cap_is_priced_at_the_marginal_abatement_cost"),
    "add_balance": ("test_grid.py", "test_balance_rows_equate_injections_and_demand_and_price_the_marginal_unit"),
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


def _family_components(inputs, net, settings) -> dict[str, set[str]]:
    """The variables, constraints and objectives each family adds, found by building the families one by one."""
    import pyomo.environ as pyo

    from gezopt.model.terms import ModelTerms

    m = pyo.ConcreteModel()
    m.snapshots = pyo.Set(initialize=range(len(inputs.snapshots)), ordered=True)
    terms = ModelTerms()
    added: dict[str, set[str]] = {}
    kinds = (pyo.Var, pyo.Constraint, pyo.Objective)
    for family in FAMILIES:
        before = {c.local_name for c in m.component_objects(kinds)}
        family(m, inputs, net, settings, terms)
        added[family.__name__] = {c.local_name for c in m.component_objects(kinds)} - before
    return added


def _documented_components(family) -> set[str]:
    """The ``m.<name>`` entries of a family's symbol table (``*`` as a wildcard)."""
    import re

    module = __import__(family.__module__, fromlist=["__doc__"])
    return set(re.findall(r"``m\.([A-Za-z_*]+)``", module.__doc__))


def test_every_family_documents_every_component_and_nothing_else():
    """The symbol table of each family's docstring names exactly the variables and constraints it builds."""
    import fnmatch

    from conftest import DEFAULT_INPUTS, run_settings_for

    from gezopt.data import load_zone, scale_to_year, select_horizon
    from gezopt.network import build_network
    from gezopt.prepared import prepare_inputs

    # one day of 2026: every family has objects (reservoir, battery, waste plant, heat, EVs)
    zone = select_horizon(scale_to_year(load_zone(DEFAULT_INPUTS), 2026), 2026, "07-01 00:00", 24)
    settings = run_settings_for(DEFAULT_INPUTS, hours=24, year=2026).model
    built = _family_components(prepare_inputs(zone), build_network(zone), settings)
    problems = []
    for family in FAMILIES:
        documented = _documented_components(family)
        for name in sorted(built[family.__name__]):
            if not any(fnmatch.fnmatch(name, pattern) for pattern in documented):
                problems.append(f"{family.__name__}: m.{name} is built but not in the symbol table")
        for pattern in sorted(documented):
            if not any(fnmatch.fnmatch(name, pattern) for name in built[family.__name__]):
                problems.append(f"{family.__name__}: m.{pattern} is in the symbol table but not built")
    assert not problems, "\n".join(problems)


def test_a_family_built_before_what_it_needs_is_an_error():
    """The heat family needs the waste plants' dispatch: built before the waste family, the build says so."""
    import pytest
    from conftest import DEFAULT_INPUTS, run_settings_for

    from gezopt.data import load_zone, scale_to_year, select_horizon
    from gezopt.model import build_model
    from gezopt.model.heat import add_heat
    from gezopt.model.terms import FamilyOrderError
    from gezopt.network import build_network
    from gezopt.prepared import prepare_inputs

    zone = select_horizon(scale_to_year(load_zone(DEFAULT_INPUTS), 2026), 2026, "07-01 00:00", 2)
    inputs, net = prepare_inputs(zone), build_network(zone)
    settings = run_settings_for(DEFAULT_INPUTS, hours=2, year=2026).model
    reordered = (add_heat, *(family for family in FAMILIES if family is not add_heat))
    with pytest.raises(FamilyOrderError, match="add_heat needs waste_dispatch, which no family built before it"):
        build_model(inputs, net, settings, families=reordered)
    assert build_model(inputs, net, settings).nodal_balance  # the build list's own order is right


def test_every_component_has_its_sources_in_its_own_family():
    """The mapping an infeasibility report names (gezopt.model.sources) covers every variable and constraint,
    each under the family that builds it."""
    from conftest import DEFAULT_INPUTS, run_settings_for

    from gezopt.data import load_zone, scale_to_year, select_horizon
    from gezopt.model import COMPONENT_FAMILY, FAMILY_SOURCES
    from gezopt.network import build_network
    from gezopt.prepared import prepare_inputs

    zone = select_horizon(scale_to_year(load_zone(DEFAULT_INPUTS), 2026), 2026, "07-01 00:00", 24)
    settings = run_settings_for(DEFAULT_INPUTS, hours=24, year=2026).model
    built = _family_components(prepare_inputs(zone), build_network(zone), settings)
    for family in FAMILIES:
        family_name = family.__module__.rsplit(".", 1)[-1]
        components = built[family.__name__] - {"total_cost"}  # the objective is no row and no bound
        mapped = {source.component for source in FAMILY_SOURCES.get(family_name, ())}
        assert components == mapped, family_name
        assert all(COMPONENT_FAMILY[name] == family_name for name in components)
