"""Waste-to-energy: output limited by rating, must-run share and each day's waste.

.. math::

    \\mu_w P_w u_{w,t} \\le p_{w,t} \\le P_w u_{w,t}, \\qquad
    \\sum_{t \\in d} w_t \\, p_{w,t} \\le \\frac{h_d}{24} \\, M_w \\, e_w \\, \\eta_w

for every calendar day :math:`d` of the horizon, where :math:`h_d` is the
number of hours of day :math:`d` inside the horizon, :math:`M_w` the waste
delivered (t/day), :math:`e_w` its heating value (MWh/t) and :math:`\\eta_w`
the electrical efficiency.

======================  ==========================  =========================================
symbol                  Pyomo                       input
======================  ==========================  =========================================
:math:`p_{w,t}`         ``m.waste_dispatch``        waste_plants.csv p_nom_mw, must_run_share
:math:`M_w e_w \\eta_w`  ``m.waste_daily_energy``    waste_t_per_day, energy_mwh_per_t,
electrical_efficiency
======================  ==========================  =========================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.core as pyo

from gezopt.config import ModelSettings
from gezopt.model.sources import ComponentSource, TimeIndex
from gezopt.model.terms import Elements, ModelTerms, linear
from gezopt.model.variables import bounded_variable
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("waste_dispatch", "plant", "waste_plants.csv p_nom_mw, must_run_share",
                    lower="waste_plants.csv must_run_share x p_nom_mw (in service: commissioned)",
                    upper="waste_plants.csv p_nom_mw"),
    ComponentSource("waste_daily_energy", "plant",
                    "waste_plants.csv waste_t_per_day, energy_mwh_per_t, electrical_efficiency",
                    time=TimeIndex.DAY),
)


def add_waste_to_energy(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    zone = inputs.zone
    plants = zone.waste_plants
    weights = inputs.weights_h
    in_service = zone.in_service(plants).T  # plant x t
    m.waste_plants = pyo.Set(initialize=list(plants.index), ordered=True, doc="waste-to-energy plants")
    must_run, rating = plants["must_run_share"].to_numpy(dtype=float), plants["p_nom_mw"].to_numpy(dtype=float)
    m.waste_dispatch = bounded_variable(m.waste_plants, m.snapshots, lower=(must_run * rating)[:, None] * in_service,
                                        upper=rating[:, None] * in_service,
                                        doc="electrical output of a waste-to-energy plant, MW")
    terms.publish("waste_dispatch", m.waste_dispatch)  # heat recovery is limited by it
    days = pd.Index(zone.snapshots.normalize())
    day_snapshots = {day: np.flatnonzero(days == day) for day in days.unique()}
    m.waste_days = pyo.Set(initialize=list(range(len(day_snapshots))), ordered=True, doc="calendar days of the horizon")
    daily_energy = (plants["waste_t_per_day"] * plants["energy_mwh_per_t"] * plants["electrical_efficiency"]).to_dict()
    day_members = list(day_snapshots.values())

    def daily_waste(_, w, d):
        members = day_members[d]
        hours = float(weights[members].sum())
        return linear((weights[t], m.waste_dispatch[w, int(t)]) for t in members) <= daily_energy[w] * hours / 24.0

    m.waste_daily_energy = pyo.Constraint(m.waste_plants, m.waste_days, rule=daily_waste,
                                          doc="electricity from the waste delivered that day, MWh")
    bus = plants["bus"].to_dict()
    cost = plants["marginal_cost_azn_per_mwh"].astype(float).to_dict()
    co2 = plants["co2_t_per_mwh"].astype(float).to_dict()
    dispatch = Elements.of(m.waste_dispatch)
    weight = weights[dispatch.snapshots]
    terms.inject(dispatch.per_object(bus, dtype=object), dispatch.snapshots, 1.0, dispatch.variables)
    terms.add_energies("waste", weight, dispatch.variables)
    terms.add_costs(weight * dispatch.per_object(cost), dispatch.variables)
    terms.add_emissions(weight * dispatch.per_object(co2), dispatch.variables)
