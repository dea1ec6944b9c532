"""Variable renewables: utility and rooftop solar, wind, run-of-river hydro.

.. math::

    0 \\le p_{g,t} \\le a_{g,t} \\, P_g \\, u_{g,t}

with availability :math:`a_{g,t}` (per MW), rating :math:`P_g` and
:math:`u_{g,t} \\in \\{0,1\\}` in service (commissioning date).  The bound is
a variable bound; curtailment is :math:`a_{g,t} P_g u_{g,t} - p_{g,t}`.
Run-of-river hydro (a plant without a reservoir) has

.. math::  a_{g,t} = \\min(1, \\max(m_g, f_g \\, \\phi_{g,t}))

with capacity factor :math:`f_g`, inflow shape :math:`\\phi_{g,t}` (mean 1)
and low-water floor :math:`m_g`.  Variables exist only where the bound is
positive (no solar variables at night).

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
:math:`p_{g,t}`        ``m.renewable_dispatch``    -
:math:`a_{g,t} P_g`    ``m.renewable_available``   generators.csv availability_profile,
                                                   p_nom_mw; hydro_plants.csv
:math:`c_g`            cost term                   marginal_cost_azn_per_mwh
=====================  ==========================  ======================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from gezopt.config import ModelSettings
from gezopt.data import ZoneData
from gezopt.network import Network


def variable_renewable_units(zone: ZoneData) -> pd.DataFrame:
    """Generators and run-of-river hydro plants as one table: bus, carrier, costs."""
    generators = zone.generators
    run_of_river = zone.hydro_plants[~zone.hydro_plants.index.isin(zone.reservoirs["plant_id"])]
    return pd.concat([
        pd.DataFrame({
            "bus": generators["bus"], "carrier": generators["carrier"], "p_nom_mw": generators["p_nom_mw"],
            "marginal_cost_azn_per_mwh": generators["marginal_cost_azn_per_mwh"],
            "co2_t_per_mwh": generators["co2_t_per_mwh"],
        }),
        pd.DataFrame({
            "bus": run_of_river["bus"], "carrier": "run_of_river", "p_nom_mw": run_of_river["p_nom_mw"],
            "marginal_cost_azn_per_mwh": run_of_river["marginal_cost_azn_per_mwh"], "co2_t_per_mwh": 0.0,
        }),
    ]).rename_axis("unit")


def available_mw(zone: ZoneData) -> pd.DataFrame:
    """Available output a_{g,t} P_g u_{g,t} per unit (columns) and snapshot (rows), MW."""
    generators = zone.generators
    generator_share = zone.profile_matrix(generators["availability_profile"])
    run_of_river = zone.hydro_plants[~zone.hydro_plants.index.isin(zone.reservoirs["plant_id"])]
    hydro_share = np.clip(
        np.maximum(
            run_of_river["min_availability"].to_numpy(),
            run_of_river["capacity_factor"].to_numpy() * zone.profile_matrix(run_of_river["inflow_profile"]),
        ),
        0.0, 1.0,
    )
    share = np.hstack([generator_share, hydro_share])
    rating = np.concatenate([generators["p_nom_mw"].to_numpy(), run_of_river["p_nom_mw"].to_numpy()])
    in_service = np.hstack([zone.in_service(generators), zone.in_service(run_of_river)])
    return pd.DataFrame(share * rating * in_service, index=zone.snapshots,
                        columns=list(generators.index) + list(run_of_river.index))


def add_variable_renewables(m: pyo.ConcreteModel, zone: ZoneData, net: Network, settings: ModelSettings) -> None:
    units = variable_renewable_units(zone)
    available = available_mw(zone)
    m.renewable_available = {
        (unit, t): float(value)
        for unit in available.columns
        for t, value in enumerate(available[unit].to_numpy())
        if value > 0
    }
    m.renewable_index = pyo.Set(initialize=list(m.renewable_available), dimen=2, ordered=True,
                                doc="(unit, t) with available output")
    m.renewable_dispatch = pyo.Var(
        m.renewable_index, bounds=lambda _, unit, t: (0.0, m.renewable_available[unit, t]),
        doc="output of a variable renewable unit, MW",
    )
    weights = np.asarray(zone.snapshot_hours, dtype=float)
    bus = units["bus"].to_dict()
    cost = units["marginal_cost_azn_per_mwh"].to_dict()
    co2 = units["co2_t_per_mwh"].to_dict()
    for (unit, t), variable in m.renewable_dispatch.items():
        m.terms.injection[bus[unit], t].append((1.0, variable))
        if cost[unit]:
            m.terms.cost_azn.append((weights[t] * cost[unit], variable))
        if co2[unit]:
            m.terms.emissions_t.append((weights[t] * co2[unit], variable))
