"""The linear program: one module per constraint family, built in a fixed order.

``build_model`` creates a Pyomo ``ConcreteModel`` with integer snapshots
``t = 0..T-1`` (weights ``w_t`` in hours) and calls each ``add_<family>`` of
:data:`FAMILIES` in order.  Unit families add their injections, costs and
emissions to ``m.terms`` (:class:`~gezopt.model.terms.ModelTerms`); the
balance family writes the nodal balance once from them, and the objective
family sums the costs.
"""

from __future__ import annotations

import pyomo.environ as pyo

from gezopt.config import ModelSettings
from gezopt.data import ZoneData
from gezopt.gc_pause import garbage_collection_paused
from gezopt.model.balance import add_balance
from gezopt.model.ev import add_ev_charging
from gezopt.model.grid import add_grid
from gezopt.model.heat import add_heat
from gezopt.model.hydro import add_hydro
from gezopt.model.load_shedding import add_load_shedding
from gezopt.model.national_grid import add_national_grid
from gezopt.model.objective import add_objective
from gezopt.model.renewables import add_variable_renewables
from gezopt.model.storage import add_storage
from gezopt.model.terms import ModelTerms
from gezopt.model.waste import add_waste_to_energy
from gezopt.network import Network

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
    add_balance,
    add_objective,
)


def build_model(zone: ZoneData, net: Network, settings: ModelSettings) -> pyo.ConcreteModel:
    """The dispatch LP of one run (Python's garbage collector paused while building)."""
    with garbage_collection_paused():
        m = pyo.ConcreteModel(name="gezopt")
        m.snapshots = pyo.Set(initialize=range(len(zone.snapshots)), ordered=True, doc="snapshot index t")
        m.terms = ModelTerms()
        for add_family in FAMILIES:
            add_family(m, zone, net, settings)
        # the balance and the objective are written: their term lists are only memory now
        m.terms.injection.clear()
        m.terms.cost_azn.clear()
    return m
