"""Nodal balance: what enters each bus equals its demand.

.. math::

    \\sum_{g \\in b} p_{g,t} + \\sum_{s \\in b} (d_{s,t} - c_{s,t}) + \\sum_{k \\in b} (m_{k,t} - x_{k,t})
    + \\sum_{l: bus1=b} f_{l,t} - \\sum_{l: bus0=b} f_{l,t} + s_{b,t} = D_{b,t}

The injections are the terms every family added to ``m.terms.injection``.
The dual of this constraint divided by :math:`w_t` is the nodal price
(AZN/MWh).

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
:math:`D_{b,t}`        ``m.demand_mw``             loads.csv
balance row            ``m.nodal_balance``         -
=====================  ==========================  ======================================
"""

from __future__ import annotations

import pyomo.environ as pyo

from gezopt.config import ModelSettings
from gezopt.data import ZoneData
from gezopt.model.terms import linear
from gezopt.network import Network


def add_balance(m: pyo.ConcreteModel, zone: ZoneData, net: Network, settings: ModelSettings) -> None:
    buses = list(zone.buses.index)
    m.buses = pyo.Set(initialize=buses, ordered=True, doc="buses")
    injection = m.terms.injection
    demand = m.demand_mw

    def balance(_, bus, t):
        terms = injection.get((bus, t), [])
        required = demand.get((bus, t), 0.0)
        if not terms:
            return pyo.Constraint.Feasible if required == 0.0 else pyo.Constraint.Infeasible
        return linear(terms) == required

    m.nodal_balance = pyo.Constraint(m.buses, m.snapshots, rule=balance,
                                     doc="power balance at each bus, MW; dual / w_t is the nodal price")
