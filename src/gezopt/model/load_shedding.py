"""Fixed demand and load shedding at the value of lost load.

Fixed demand :math:`D_{b,t}` of bus :math:`b` is the sum of its loads, grid street
lighting, cooling and uncontrolled EV charging (:mod:`gezopt.demand`); a load is

.. math::  E_l \\, \\pi_{l,t} / 8760

with :math:`E_l` the annual energy (MWh, scaled to the scenario year) and
:math:`\\pi_{l,t}` its profile (mean 1 over the reference year).  Shedding
:math:`0 \\le s_{b,t} \\le D_{b,t}` is an injection at cost
:math:`w_t \\, c^{VoLL} s_{b,t}`.

=====================  ==========================  ==================================
symbol                 Pyomo                       input
=====================  ==========================  ==================================
:math:`D_{b,t}`        ``m.demand_mw`` (dict)      loads, lighting, cooling, EVs
:math:`s_{b,t}`        ``m.load_shed``             -
:math:`c^{VoLL}`       -                           parameters value_of_lost_load_azn_per_mwh
=====================  ==========================  ==================================
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from gezopt.config import ModelSettings
from gezopt.data import ZoneData
from gezopt.demand import fixed_demand_mw
from gezopt.network import Network


def add_load_shedding(m: pyo.ConcreteModel, zone: ZoneData, net: Network, settings: ModelSettings) -> None:
    demand = fixed_demand_mw(zone)
    m.demand_mw = {
        (bus, t): float(value)
        for bus in demand.columns
        for t, value in enumerate(demand[bus].to_numpy())
    }
    index = [key for key, value in m.demand_mw.items() if value > 0]
    m.load_shed_index = pyo.Set(initialize=index, dimen=2, ordered=True, doc="(bus, t) with demand")
    m.load_shed = pyo.Var(
        m.load_shed_index, bounds=lambda _, bus, t: (0.0, m.demand_mw[bus, t]),
        doc="load shed at a bus, MW",
    )
    value_of_lost_load = zone.parameters["value_of_lost_load_azn_per_mwh"]
    weights = np.asarray(zone.snapshot_hours, dtype=float)
    for (bus, t), variable in m.load_shed.items():
        m.terms.injection[bus, t].append((1.0, variable))
        m.terms.cost_azn.append((weights[t] * value_of_lost_load, variable))
