"""Fixed demand and load shedding at the value of lost load.

Fixed demand :math:`D_{b,t}` of bus :math:`b` is the sum of its loads, grid street
lighting, cooling and uncontrolled EV charging (:mod:`gezopt.demand`); a load is

.. math::  E_l \\, \\pi_{l,t} / 8760

with :math:`E_l` the annual energy (MWh, scaled to the scenario year) and
:math:`\\pi_{l,t}` its profile (mean 1 over the reference year).  Shedding
:math:`0 \\le s_{b,t} \\le D_{b,t}` is an injection at cost
:math:`w_t \\, c^{VoLL} s_{b,t}`.

=====================  ==========================  =========================================
symbol                 Pyomo                       input
=====================  ==========================  =========================================
:math:`D_{b,t}`        bound of ``m.load_shed``    loads, lighting, cooling, EVs
:math:`s_{b,t}`        ``m.load_shed``             -
:math:`c^{VoLL}`       -                           parameters value_of_lost_load_azn_per_mwh
=====================  ==========================  =========================================
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
    ComponentSource("load_shed", "bus",
                    "loads.csv annual_energy_mwh, profile; street lighting, cooling, uncontrolled EV charging",
                    lower=NON_NEGATIVE,
                    relaxes="the bus's fixed demand (loads.csv annual_energy_mwh, profile) beyond what can reach it"),
)


def add_load_shedding(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    zone = inputs.zone
    demand_of = inputs.demand_by_bus_snapshot_mw
    index = list(demand_of)
    m.load_shed_index = pair_set(index, doc="(bus, t) with demand")
    m.load_shed = bounded_variable(m.load_shed_index, lower=0.0, upper=list(demand_of.values()),
                                   doc="load shed at a bus, MW")
    value_of_lost_load = zone.parameters["value_of_lost_load_azn_per_mwh"]
    weights = inputs.weights_h
    shed = Elements.of(m.load_shed)
    terms.inject(shed.objects, shed.snapshots, 1.0, shed.variables)
    terms.add_costs(weights[shed.snapshots] * value_of_lost_load, shed.variables)
