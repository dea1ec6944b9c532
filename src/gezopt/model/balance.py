"""Nodal balance: what enters each bus equals its demand.

.. math::

    \\sum_{g \\in b} p_{g,t} + \\sum_{s \\in b} (d_{s,t} - c_{s,t}) + \\sum_{k \\in b} (m_{k,t} - x_{k,t})
    + \\sum_{l: bus1=b} f_{l,t} - \\sum_{l: bus0=b} f_{l,t} + s_{b,t} = D_{b,t}

The injections are the terms every family added to ``terms.injection``.
The dual of this constraint divided by :math:`w_t` is the nodal price
(AZN/MWh).

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
:math:`D_{b,t}`        prepared demand             loads.csv (:mod:`gezopt.prepared`)
balance row            ``m.nodal_balance``         -
=====================  ==========================  ======================================
"""

from __future__ import annotations

import pyomo.environ as pyo

from gezopt.config import ModelSettings
from gezopt.model.sources import ComponentSource
from gezopt.model.terms import ModelTerms, linear
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("nodal_balance", "bus",
                    ("loads.csv annual_energy_mwh, profile (the bus's fixed demand); every unit, line and "
                     "connection at the bus")),
)


def add_balance(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    buses = list(inputs.zone.buses.index)
    m.buses = pyo.Set(initialize=buses, ordered=True, doc="buses")
    injection = terms.injection
    demand_of = inputs.demand_by_bus_snapshot_mw
    # a row where something is connected; demand always is (load shedding serves it at the value of lost load)
    index = [(bus, t) for bus in buses for t in m.snapshots if (bus, t) in injection]
    m.nodal_balance_index = pyo.Set(initialize=index, dimen=2, ordered=True, doc="(bus, t) with injections")
    m.nodal_balance = pyo.Constraint(
        m.nodal_balance_index, rule=lambda _, bus, t: linear(injection[bus, t]) == demand_of.get((bus, t), 0.0),
        doc="power balance at each bus, MW; dual / w_t is the nodal price",
    )
