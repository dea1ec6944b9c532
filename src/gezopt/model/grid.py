"""Line flows: limits, and Kirchhoff's voltage law for the linearised DC power flow.

Flow :math:`f_{l,t}` is positive from ``bus0`` to ``bus1``; it leaves
``bus0`` and enters ``bus1`` in the nodal balance.

.. math::

    -s_l \\le f_{l,t} \\le s_l, \\qquad
    \\sum_{l \\in c} C_{c,l} \\, x_l \\, f_{l,t} = 0 \\quad \\forall c \\in \\text{cycle basis}

with :math:`C_{c,l} = \\pm 1` the orientation of branch :math:`l` in cycle
:math:`c` and :math:`x_l` its per-unit reactance
(:mod:`gezopt.network`).  With ``grid_model: transport`` the cycle
constraints are left out and flows are limited by ratings only.

=====================  ================================  ===========================================
symbol                 Pyomo                             input
=====================  ================================  ===========================================
:math:`f_{l,t}`        ``m.line_flow``                   lines.csv, transformers.csv
:math:`s_l`            variable bound                    s_nom_mva_per_circuit * circuits, s_nom_mva
:math:`x_l`            KVL coefficient                   x_ohm_per_km, length_km, circuits, x_pu
KVL row                ``m.grid_kirchhoff_voltage_law``  network cycle basis
=====================  ================================  ===========================================
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from gezopt.config import GridModel, ModelSettings
from gezopt.model.array_rows import ArrayRows, RowTerms
from gezopt.model.sources import ComponentSource
from gezopt.model.terms import Elements, ModelTerms
from gezopt.model.variables import bounded_variable, by_object
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("line_flow", "branch", "lines.csv s_nom_mva_per_circuit, circuits; transformers.csv s_nom_mva"),
    ComponentSource("grid_kirchhoff_voltage_law", "cycle",
                    "lines.csv x_ohm_per_km, length_km, circuits; transformers.csv x_pu (the network's cycles)"),
)


def add_grid(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    branches = net.branches
    rating = np.repeat(branches["s_nom_mw"].to_numpy(dtype=float), len(m.snapshots))
    m.branches = pyo.Set(initialize=list(branches.index), ordered=True, doc="lines and transformers")
    m.line_flow = bounded_variable(m.branches, m.snapshots, lower=-rating, upper=rating,
                                   doc="flow from bus0 to bus1, MW")
    terms.publish("line_flow", m.line_flow)  # an extendable branch is limited by its rating
    flow = Elements.of(m.line_flow)  # out of bus0 and into bus1, branch by branch
    bus0, bus1 = (flow.per_object(branches[end].to_dict(), dtype=object) for end in ("bus0", "bus1"))
    terms.inject_pairs(flow.snapshots, (bus0, -1.0, flow.variables), (bus1, 1.0, flow.variables))

    if settings.grid_model is GridModel.TRANSPORT:
        return
    reactance = branches["x_pu"].astype(float).to_dict()
    flow_in_time = by_object(m.line_flow, list(m.branches), len(m.snapshots))
    # each cycle's (signed reactance, the branch's flow in time)
    cycles = [[(sign * reactance[l], flow_in_time[l]) for l, sign in cycle] for cycle in net.cycles]
    m.cycles = pyo.Set(initialize=range(len(net.cycles)), ordered=True, doc="independent cycles of the grid")
    law = RowTerms.concatenated([RowTerms.of_columns(*cycle) for cycle in cycles])
    m.grid_kirchhoff_voltage_law = ArrayRows(m.cycles, m.snapshots, arrays=law.equal_to(0.0),
                                             doc="Kirchhoff's voltage law around each cycle, p.u. x MW")
