"""Objective: least total cost of the horizon, AZN.

.. math::

    \\min \\; \\sum_t w_t \\Big( \\sum_g c_g p_{g,t} + \\sum_k (c^{imp}_k m_{k,t} - c^{exp}_k x_{k,t})
    + c^{VoLL} \\sum_b s_{b,t} \\Big) + c^{CO_2} \\sum_t w_t \\sum_i \\epsilon_i q_{i,t}

The cost and emission terms are those the families added to the shared
:class:`~gezopt.model.terms.ModelTerms`.

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
objective              ``m.total_cost``            the families' cost terms
:math:`c^{CO_2}`       cost coefficient            parameters co2_price_azn_per_t
=====================  ==========================  ======================================
"""

from __future__ import annotations

import pyomo.core as pyo

from gezopt.config import ModelSettings
from gezopt.model.terms import ModelTerms, Term, linear
from gezopt.network import Network
from gezopt.prepared import Prepared


def cost_terms(inputs: Prepared, terms: ModelTerms) -> list[Term]:
    """The families' cost terms and the emissions at the CO2 price: the system cost of the horizon, AZN."""
    co2_price = inputs.zone.parameters["co2_price_azn_per_t"]
    return [*terms.cost_azn, *((co2_price * c, v) for c, v in terms.emissions_t)]


def add_objective(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    m.total_cost = pyo.Objective(expr=linear(cost_terms(inputs, terms)), sense=pyo.minimize,
                                 doc="system cost of the horizon, AZN")
