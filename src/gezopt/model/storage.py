"""Electricity storage with a cyclic state of charge.

.. math::

    e_{s,t} &= (1 - \\lambda_s)^{w_t} \\, e_{s,t-1} + w_t \\left(\\eta^c_s c_{s,t} - d_{s,t} / \\eta^d_s\\right),
    \\qquad e_{s,-1} = e_{s,T-1} \\\\
    0 &\\le c_{s,t}, d_{s,t} \\le u_{s,t} P_s, \\qquad 0 \\le e_{s,t} \\le E_s

with standing loss :math:`\\lambda_s` per hour.  The unit injects
:math:`d_{s,t} - c_{s,t}` and costs :math:`w_t c^{var}_s d_{s,t}`.

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
:math:`e_{s,t}`        ``m.storage_energy``        storage.csv e_nom_mwh
:math:`c_{s,t}`        ``m.storage_charge``        p_nom_mw, efficiency_charge
:math:`d_{s,t}`        ``m.storage_discharge``     p_nom_mw, efficiency_discharge
:math:`\\lambda_s`      -                           standing_loss_per_hour
continuity             ``m.storage_continuity``    standing_loss_per_hour, efficiencies
=====================  ==========================  ======================================
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from gezopt.component_data import data_objects
from gezopt.config import ModelSettings
from gezopt.model.array_rows import ArrayRows, RowTerms
from gezopt.model.sources import NON_NEGATIVE, ComponentSource
from gezopt.model.terms import Elements, ModelTerms, kept_over_snapshots
from gezopt.model.variables import bounded_variable, by_object, previous_in_cycle
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("storage_charge", "unit", "storage.csv p_nom_mw", lower=NON_NEGATIVE),
    ComponentSource("storage_discharge", "unit", "storage.csv p_nom_mw", lower=NON_NEGATIVE),
    ComponentSource("storage_energy", "unit", "storage.csv e_nom_mwh", lower=NON_NEGATIVE),
    ComponentSource("storage_continuity", "unit",
                    "storage.csv efficiency_charge, efficiency_discharge, standing_loss_per_hour (cyclic)"),
)


def add_storage(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    zone = inputs.zone
    units = zone.storage
    weights = inputs.weights_h
    power = units["p_nom_mw"].to_numpy(dtype=float)[:, None] * zone.in_service(units).T  # unit x t, 0 out of service
    m.storage_units = pyo.Set(initialize=list(units.index), ordered=True, doc="storage units")
    m.storage_charge = bounded_variable(m.storage_units, m.snapshots, lower=0.0, upper=power, doc="charging power, MW")
    m.storage_discharge = bounded_variable(m.storage_units, m.snapshots, lower=0.0, upper=power,
                                           doc="discharging power, MW")
    m.storage_energy = bounded_variable(m.storage_units, m.snapshots, lower=0.0,
                                        upper=np.repeat(units["e_nom_mwh"].to_numpy(dtype=float), len(weights)),
                                        doc="energy stored at the end of the snapshot, MWh")
    efficiency_charge = units["efficiency_charge"].to_dict()
    efficiency_discharge = units["efficiency_discharge"].to_dict()
    loss = units["standing_loss_per_hour"].to_dict()

    energy, charge, discharge = (by_object(variable, list(m.storage_units), len(weights)) for variable in
                                 (m.storage_energy, m.storage_charge, m.storage_discharge))

    continuity = RowTerms.concatenated([RowTerms.of_columns(
        (1.0, energy[s]), (-kept_over_snapshots(loss[s], weights), previous_in_cycle(energy[s])),
        (-weights * efficiency_charge[s], charge[s]), (weights / efficiency_discharge[s], discharge[s]))
        for s in m.storage_units])
    m.storage_continuity = ArrayRows(m.storage_units, m.snapshots, arrays=continuity.equal_to(0.0),
                                     doc="state-of-charge continuity (cyclic), MWh")
    bus, cost = units["bus"].to_dict(), units["marginal_cost_azn_per_mwh"].astype(float).to_dict()
    charging, discharging = Elements.of(m.storage_charge), data_objects(m.storage_discharge)  # the same index
    at_bus = charging.per_object(bus, dtype=object)
    terms.inject_pairs(charging.snapshots, (at_bus, -1.0, charging.variables), (at_bus, 1.0, discharging))
    terms.add_costs(weights[charging.snapshots] * charging.per_object(cost), discharging)
    for name in ("storage_charge", "storage_discharge", "storage_energy"):  # extendable units: limited by capacity
        terms.publish(name, m.component(name))
