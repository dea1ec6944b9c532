"""Variable renewables: utility and rooftop solar, wind.

.. math::

    0 \\le p_{g,t} \\le a_{g,t} \\, P_g \\, u_{g,t}

with availability :math:`a_{g,t}` (per MW), rating :math:`P_g` and
:math:`u_{g,t} \\in \\{0,1\\}` in service (commissioning date).  The bound is
a variable bound; curtailment is :math:`a_{g,t} P_g u_{g,t} - p_{g,t}`.
Variables exist only where the bound is positive (no solar variables at
night).  Run-of-river hydro is a river plant (:mod:`gezopt.model.hydro`).

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
:math:`p_{g,t}`        ``m.renewable_dispatch``    -
:math:`a_{g,t} P_g`    bound of the dispatch       generators.csv availability_profile,
p_nom_mw
:math:`c_g`            cost term                   marginal_cost_azn_per_mwh
=====================  ==========================  ======================================
"""

from __future__ import annotations

import pyomo.core as pyo

from gezopt.config import ModelSettings
from gezopt.model.pair_sets import pair_set
from gezopt.model.sources import NON_NEGATIVE, ComponentSource
from gezopt.model.terms import Elements, ModelTerms
from gezopt.model.variables import bounded_variable
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("renewable_dispatch", "unit", "generators.csv p_nom_mw, availability_profile",
                    lower=NON_NEGATIVE,
                    upper="generators.csv p_nom_mw x availability_profile (in service: commissioned)"),
)


def add_variable_renewables(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    units = inputs.zone.generators
    available = inputs.renewable_available_mw
    available_of = {
        (unit, t): float(value)
        for unit in available.columns
        for t, value in enumerate(available[unit].to_numpy())
        if value > 0
    }
    m.renewable_index = pair_set(list(available_of), doc="(unit, t) with available output")
    m.renewable_dispatch = bounded_variable(m.renewable_index, lower=0.0, upper=list(available_of.values()),
                                            doc="output of a variable renewable unit, MW")
    weights = inputs.weights_h
    bus = units["bus"].to_dict()
    cost = units["marginal_cost_azn_per_mwh"].to_dict()
    co2 = units["co2_t_per_mwh"].to_dict()
    carrier = units["carrier"].to_dict()
    dispatch = Elements.of(m.renewable_dispatch)
    weight = weights[dispatch.snapshots]
    terms.inject(dispatch.per_object(bus, dtype=object), dispatch.snapshots, 1.0, dispatch.variables)
    terms.add_energies_by(dispatch.per_object(carrier, dtype=object), weight, dispatch.variables)
    terms.add_costs(weight * dispatch.per_object(cost), dispatch.variables)
    terms.add_emissions(weight * dispatch.per_object(co2), dispatch.variables)
    terms.publish("renewable_dispatch", m.renewable_dispatch)  # an extendable unit is limited by its capacity
