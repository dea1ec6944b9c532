"""Import from and export to Azerbaijan's national grid at the connection buses.

.. math::

    0 \\le m_{k,t} \\le u_{k} M_k, \\qquad 0 \\le x_{k,t} \\le u_{k} X_k

cost :math:`w_t (\\rho^{imp}_{k,t} c^{imp}_k m_{k,t} - \\rho^{exp}_{k,t} c^{exp}_k x_{k,t})` and emissions
:math:`w_t \\, \\epsilon_k \\, m_{k,t}` (imports carry the national grid's CO2 intensity),
with :math:`\\rho` the optional hourly price multipliers.

===================================  ====================================  ======================================
symbol                               Pyomo                                 input
===================================  ====================================  ======================================
:math:`m_{k,t}`                      ``m.grid_import``                     grid_connections.csv import_max_mw
:math:`x_{k,t}`                      ``m.grid_export``                     export_max_mw
:math:`c^{imp}, c^{exp}` cost terms  *_price_azn_per_mwh, *_price_profile
:math:`\\epsilon_k`                   emission terms                        co2_t_per_mwh
===================================  ====================================  ======================================
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from gezopt.component_data import data_objects
from gezopt.config import ModelSettings
from gezopt.model.sources import NON_NEGATIVE, ComponentSource
from gezopt.model.terms import Elements, ModelTerms, interleaved, interleaved_variables
from gezopt.model.variables import bounded_variable
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("grid_import", "connection", "grid_connections.csv import_max_mw", lower=NON_NEGATIVE),
    ComponentSource("grid_export", "connection", "grid_connections.csv export_max_mw", lower=NON_NEGATIVE),
)


def add_national_grid(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    zone = inputs.zone
    connections = zone.grid_connections
    weights = inputs.weights_h
    import_factor = zone.profile_matrix(connections["import_price_profile"])
    export_factor = zone.profile_matrix(connections["export_price_profile"])
    m.grid_connections = pyo.Set(initialize=list(connections.index), ordered=True, doc="national-grid connections")
    hours = len(weights)
    m.grid_import = bounded_variable(m.grid_connections, m.snapshots, lower=0.0,
                                     upper=np.repeat(connections["import_max_mw"].to_numpy(dtype=float), hours),
                                     doc="import from the national grid, MW")
    m.grid_export = bounded_variable(m.grid_connections, m.snapshots, lower=0.0,
                                     upper=np.repeat(connections["export_max_mw"].to_numpy(dtype=float), hours),
                                     doc="export to the national grid, MW")
    imported, exported = Elements.of(m.grid_import), data_objects(m.grid_export)  # the same index
    at_bus = imported.per_object(connections["bus"].to_dict(), dtype=object)
    weight = weights[imported.snapshots]
    terms.inject_pairs(imported.snapshots, (at_bus, 1.0, imported.variables), (at_bus, -1.0, exported))
    # connection-major like the variables: factor[:, k] of connection k, then the next connection's
    import_cost = (weights[:, None] * import_factor * connections["import_price_azn_per_mwh"].to_numpy(float)).T.ravel()
    export_value = (weights[:, None] * export_factor * connections["export_price_azn_per_mwh"].to_numpy(float)).T.ravel()
    # each hour's import and export in turn: a pathway sums the cost expression itself, whose last digit
    # follows the terms' order
    terms.add_costs(interleaved(import_cost, -export_value), interleaved_variables(imported.variables, exported))
    terms.add_energies("imports", weight, imported.variables)
    terms.add_energies("exports", weight, exported)
    terms.add_emissions(weight * imported.per_object(connections["co2_t_per_mwh"].astype(float).to_dict()),
                        imported.variables)
    terms.publish("grid_import", m.grid_import)  # an extendable connection is limited by its capacity
    terms.publish("grid_export", m.grid_export)
