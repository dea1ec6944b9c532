"""The linear program: one module per constraint family, built in a fixed order.

``build_model`` creates a Pyomo ``ConcreteModel`` with integer snapshots
``t = 0..T-1`` (weights ``w_t`` in hours) and calls each ``add_<family>`` of
:data:`FAMILIES` in order with the prepared inputs (:mod:`gezopt.prepared`).
Families write only Pyomo components on the model.  Unit families add their
injections, costs and emissions to one :class:`~gezopt.model.terms.ModelTerms`
held by the build; the balance family writes the nodal balance once from
them, and the objective family sums the costs.  A family that needs another's
variable requires what that family published, so the order is checked.
"""

from __future__ import annotations

import pyomo.core as pyo

from gezopt.config import ModelSettings
from gezopt.gc_pause import garbage_collection_paused
from gezopt.model.balance import SOURCES as BALANCE_SOURCES
from gezopt.model.balance import add_balance
from gezopt.model.ev import SOURCES as EV_SOURCES
from gezopt.model.ev import add_ev_charging
from gezopt.model.expansion import SOURCES as EXPANSION_SOURCES
from gezopt.model.expansion import add_expansion
from gezopt.model.grid import SOURCES as GRID_SOURCES
from gezopt.model.grid import add_grid
from gezopt.model.heat import SOURCES as HEAT_SOURCES
from gezopt.model.heat import add_heat
from gezopt.model.hydro import SOURCES as HYDRO_SOURCES
from gezopt.model.hydro import add_hydro
from gezopt.model.load_shedding import SOURCES as LOAD_SHEDDING_SOURCES
from gezopt.model.load_shedding import add_load_shedding
from gezopt.model.national_grid import SOURCES as NATIONAL_GRID_SOURCES
from gezopt.model.national_grid import add_national_grid
from gezopt.model.objective import add_objective
from gezopt.model.renewables import SOURCES as RENEWABLES_SOURCES
from gezopt.model.renewables import add_variable_renewables
from gezopt.model.sources import ComponentSource
from gezopt.model.storage import SOURCES as STORAGE_SOURCES
from gezopt.model.storage import add_storage
from gezopt.model.targets import SOURCES as TARGETS_SOURCES
from gezopt.model.targets import add_targets
from gezopt.model.terms import ModelTerms
from gezopt.model.waste import SOURCES as WASTE_SOURCES
from gezopt.model.waste import add_waste_to_energy
from gezopt.network import Network
from gezopt.prepared import Prepared

FAMILIES = (
    add_variable_renewables,
    add_hydro,
    add_waste_to_energy,
    add_storage,
    add_ev_charging,
    add_heat,
    add_national_grid,
    add_load_shedding,
    add_grid,
    add_expansion,
    add_targets,
    add_balance,
    add_objective,
)

# family name -> where its components' rows and bounds come from (gezopt.model.sources); objective has none
FAMILY_SOURCES: dict[str, tuple[ComponentSource, ...]] = {
    "renewables": RENEWABLES_SOURCES,
    "hydro": HYDRO_SOURCES,
    "waste": WASTE_SOURCES,
    "storage": STORAGE_SOURCES,
    "ev": EV_SOURCES,
    "heat": HEAT_SOURCES,
    "national_grid": NATIONAL_GRID_SOURCES,
    "load_shedding": LOAD_SHEDDING_SOURCES,
    "grid": GRID_SOURCES,
    "expansion": EXPANSION_SOURCES,
    "targets": TARGETS_SOURCES,
    "balance": BALANCE_SOURCES,
}
COMPONENT_FAMILY: dict[str, str] = {source.component: family for family, sources in FAMILY_SOURCES.items()
                                    for source in sources}
COMPONENT_SOURCES: dict[str, ComponentSource] = {source.component: source for sources in FAMILY_SOURCES.values()
                                                 for source in sources}
# the penalised slacks: the variables that relax a requirement at the value of lost load (gezopt.held_slacks)
PENALISED_SLACKS: tuple[str, ...] = tuple(name for name, source in COMPONENT_SOURCES.items() if source.relaxes)


def build_model(inputs: Prepared, net: Network, settings: ModelSettings,
                families: tuple = FAMILIES) -> pyo.ConcreteModel:
    """The dispatch LP of one run (Python's garbage collector paused while building)."""
    with garbage_collection_paused():
        m = pyo.ConcreteModel(name="gezopt")
        m.snapshots = pyo.Set(initialize=range(len(inputs.snapshots)), ordered=True, doc="snapshot index t")
        # the term lists are only memory once the balance and objective are written; energies only for targets
        terms = ModelTerms(measure_energy=settings.targets.active)
        for add_family in families:
            add_family(m, inputs, net, settings, terms)
    return m
