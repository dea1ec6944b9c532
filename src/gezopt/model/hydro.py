"""Reservoir hydro: water balance in million m3, flows in m3/s.

For reservoir :math:`r` and snapshot :math:`t` (weight :math:`w_t` hours,
:math:`\\kappa = 0.0036` million m3 per (m3/s h)):

.. math::

    V_{r,t} &= V_{r,t-1} + \\kappa \\, w_t \\, (Q_{r,t} - q_{r,t} - \\sigma_{r,t}), \\qquad V_{r,-1} = V^{start}_r \\\\
    V^{min}_r &\\le V_{r,t} \\le V^{max}_r, \\qquad V_{r,T-1} = V^{end}_r \\ (\\text{or } V^{start}_r \\text{ if cyclic}) \\\\
    0 &\\le q_{r,t} \\le u_{r,t} \\, P_r / k_r, \\qquad q_{r,t} + \\sigma_{r,t} \\ge q^{env}_r \\\\
    p_{r,t} &= k_r \\, q_{r,t}

with natural inflow :math:`Q_{r,t} = \\bar Q_r \\phi_{r,t}`, release through the
turbines :math:`q`, spill :math:`\\sigma \\ge 0`, power per flow :math:`k_r`
(MW per m3/s) and environmental minimum :math:`q^{env}_r`.  The plant injects
:math:`p_{r,t}` at its bus.

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
:math:`V_{r,t}`        ``m.reservoir_volume``      reservoirs.csv volume_*_mcm
:math:`q_{r,t}`        ``m.reservoir_release``     hydro_plants.csv p_nom_mw, mw_per_m3s
:math:`\\sigma_{r,t}`   ``m.reservoir_spill``       -
:math:`Q_{r,t}`        ``m.reservoir_inflow_m3s``  inflow_mean_m3s, hydro_plants inflow_profile
:math:`q^{env}_r`      ``m.reservoir_min_flow``    min_release_m3s
=====================  ==========================  ======================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from gezopt.config import ModelSettings
from gezopt.data import ZoneData
from gezopt.model.terms import linear
from gezopt.network import Network

MCM_PER_M3S_HOUR = 3600.0 / 1e6


def reservoir_table(zone: ZoneData) -> pd.DataFrame:
    """Reservoirs joined with their plants' bus, capacity and inflow profile."""
    reservoirs = zone.reservoirs.set_index("plant_id", drop=False)
    plants = zone.hydro_plants.loc[reservoirs.index]
    return reservoirs.assign(bus=plants["bus"], p_nom_mw=plants["p_nom_mw"],
                             inflow_profile=plants["inflow_profile"],
                             marginal_cost_azn_per_mwh=plants["marginal_cost_azn_per_mwh"])


def inflow_m3s(zone: ZoneData) -> pd.DataFrame:
    """Natural inflow per reservoir (columns) and snapshot, m3/s."""
    reservoirs = reservoir_table(zone)
    flows = zone.profile_matrix(reservoirs["inflow_profile"]) * reservoirs["inflow_mean_m3s"].to_numpy()
    return pd.DataFrame(flows, index=zone.snapshots, columns=reservoirs.index)


def add_reservoir_hydro(m: pyo.ConcreteModel, zone: ZoneData, net: Network, settings: ModelSettings) -> None:
    reservoirs = reservoir_table(zone)
    snapshots = list(m.snapshots)
    weights = np.asarray(zone.snapshot_hours, dtype=float)
    in_service = pd.DataFrame(zone.in_service(zone.hydro_plants.loc[reservoirs.index]),
                              columns=reservoirs.index)
    inflow = inflow_m3s(zone)
    m.reservoirs = pyo.Set(initialize=list(reservoirs.index), ordered=True, doc="reservoir hydro plants")
    m.reservoir_inflow_m3s = {(r, t): float(q) for r in reservoirs.index for t, q in enumerate(inflow[r].to_numpy())}
    column = {name: reservoirs[name].to_dict() for name in (
        "p_nom_mw", "mw_per_m3s", "volume_min_mcm", "volume_max_mcm", "volume_start_mcm", "volume_end_mcm",
        "min_release_m3s", "marginal_cost_azn_per_mwh", "bus")}
    max_release = {
        (r, t): column["p_nom_mw"][r] / column["mw_per_m3s"][r] * float(on)
        for r in reservoirs.index for t, on in enumerate(in_service[r].to_numpy())
    }
    m.reservoir_release = pyo.Var(m.reservoirs, m.snapshots, bounds=lambda _, r, t: (0.0, max_release[r, t]),
                                  doc="flow through the turbines, m3/s")
    m.reservoir_spill = pyo.Var(m.reservoirs, m.snapshots, domain=pyo.NonNegativeReals,
                                doc="flow past the turbines, m3/s")
    m.reservoir_volume = pyo.Var(
        m.reservoirs, m.snapshots,
        bounds=lambda _, r, t: (column["volume_min_mcm"][r], column["volume_max_mcm"][r]),
        doc="stored water at the end of the snapshot, million m3",
    )
    volume, release, spill = m.reservoir_volume, m.reservoir_release, m.reservoir_spill

    def water_balance(_, r, t):
        step = MCM_PER_M3S_HOUR * weights[t]
        inflow_mcm = step * m.reservoir_inflow_m3s[r, t]
        outflows = [(1.0, volume[r, t]), (step, release[r, t]), (step, spill[r, t])]
        if t == 0:
            return linear(outflows) == column["volume_start_mcm"][r] + inflow_mcm
        return linear([*outflows, (-1.0, volume[r, t - 1])]) == inflow_mcm

    m.reservoir_water_balance = pyo.Constraint(m.reservoirs, m.snapshots, rule=water_balance,
                                               doc="reservoir continuity, million m3")

    def end_volume(_, r):
        target = column["volume_end_mcm"][r]
        target = column["volume_start_mcm"][r] if pd.isna(target) else target
        return volume[r, snapshots[-1]] == float(target)

    m.reservoir_end_volume = pyo.Constraint(m.reservoirs, rule=end_volume,
                                            doc="fixed or cyclic end volume, million m3")
    m.reservoir_min_flow = pyo.Constraint(
        m.reservoirs, m.snapshots,
        rule=lambda _, r, t: linear([(1.0, release[r, t]), (1.0, spill[r, t])]) >= column["min_release_m3s"][r],
        doc="minimum environmental flow below the dam, m3/s",
    )
    for (r, t), variable in release.items():
        power_per_flow = column["mw_per_m3s"][r]
        m.terms.injection[column["bus"][r], t].append((power_per_flow, variable))
        cost = column["marginal_cost_azn_per_mwh"][r]
        if cost:
            m.terms.cost_azn.append((weights[t] * cost * power_per_flow, variable))
