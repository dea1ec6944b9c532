"""Hydro plants on their rivers: water in m3/s and million m3, power from turbined flow.

With the inflow decomposition of :mod:`gezopt.rivers`
(:math:`I_{p,t} = c_{p,t} + \\sum a_{p,r,\\ell,t} (q_{r,t-\\ell} + \\sigma_{r,t-\\ell})`),
usable inflow :math:`U_{p,t} = (1-\\omega_{p,t}) I_{p,t}` after irrigation, and
:math:`k_p` MW per m3/s (``mw_per_m3s`` or :math:`\\rho g H \\eta`):

Run-of-river plant :math:`p` (what it does not turbine flows on in the same snapshot):

.. math::

    \\mu_p \\frac{P_p}{k_p} u_{p,t} \\le q_{p,t} \\le \\frac{P_p}{k_p} u_{p,t}, \\qquad
    q_{p,t} \\le U_{p,t} - \\min(e_p, \\bar U_{p,t})

where :math:`e_p` is the environmental flow left in the river below the
intake and :math:`\\bar U` the natural usable inflow.  Where no reservoir
lies upstream, :math:`U` is data and these are variable bounds.

Reservoir plant :math:`r` (:math:`\\kappa = 0.0036` million m3 per m3/s h):

.. math::

    V_{r,t} &= V_{r,t-1} + \\kappa w_t (U_{r,t} - q_{r,t} - \\sigma_{r,t}), \\qquad V_{r,-1} = V^{start}_r \\\\
    V^{min}_r &\\le V_{r,t} \\le V^{max}_r, \\qquad V_{r,T-1} = V^{end}_r \\\\
    q_{r,t} + \\sigma_{r,t} &\\ge e_r, \\qquad 0 \\le q_{r,t} \\le \\frac{P_r}{k_r} u_{r,t}

:math:`V^{start}_r, V^{end}_r` follow the season: the reservoir's seasonal curve at the start and at the end
of the horizon (:mod:`gezopt.reservoir_volumes`; a full year is cyclic), or, without a curve, its fixed
start and end volume (end empty: cyclic).

Every plant injects :math:`k_p q_{p,t}` at its bus.

=====================  ==================================  ==========================================================
symbol                 Pyomo                               input
=====================  ==================================  ==========================================================
:math:`q_{p,t}`        ``m.hydro_release``                 hydro_plants.csv p_nom_mw, mw_per_m3s | head_m, efficiency
:math:`\\sigma_{r,t}`   ``m.reservoir_spill``               -
:math:`V_{r,t}`        ``m.reservoir_volume``              reservoirs.csv volume_*_mcm
:math:`c, a`           :mod:`gezopt.rivers`                local_inflow_m3s, inflow_profile, river_links.csv
:math:`\\omega`         :mod:`gezopt.rivers`                irrigation.csv withdrawal_share
:math:`e_p, \\mu_p`     constraints / bounds                min_environmental_flow_m3s, min_output_share
reservoir continuity   ``m.reservoir_water_balance``       reservoir_curves.csv, or volume_start_mcm
:math:`V^{end}_r`      ``m.reservoir_end_volume``          reservoir_curves.csv, or volume_end_mcm
:math:`e_r`            ``m.reservoir_environmental_flow``  min_environmental_flow_m3s
:math:`q \\le U - e`    ``m.hydro_run_of_river_water``      plants below a reservoir
=====================  ==================================  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyomo.core as pyo
from pyomo.core.base.var import VarData

from gezopt.component_data import keys_and_data
from gezopt.config import ModelSettings
from gezopt.model.array_rows import ArrayRows, RowTerms
from gezopt.model.pair_sets import pair_set
from gezopt.model.sources import NON_NEGATIVE, ComponentSource, TimeIndex
from gezopt.model.terms import Elements, ModelTerms
from gezopt.model.variables import bounded_variable
from gezopt.network import Network
from gezopt.prepared import Prepared
from gezopt.rivers import RiverSystem

MCM_PER_M3S_HOUR = 3600.0 / 1e6

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("hydro_release", "plant", "hydro_plants.csv p_nom_mw, mw_per_m3s | head_m, efficiency",
                    lower="hydro_plants.csv min_output_share (run of river; zero for a reservoir)",
                    upper=("hydro_plants.csv p_nom_mw, mw_per_m3s | head_m, efficiency; run of river also "
                           "local_inflow_m3s, inflow_profile, min_environmental_flow_m3s, irrigation.csv")),
    ComponentSource("reservoir_spill", "reservoir", NON_NEGATIVE),
    ComponentSource("reservoir_volume", "reservoir", "reservoirs.csv volume_min_mcm, volume_max_mcm",
                    lower="reservoirs.csv volume_min_mcm", upper="reservoirs.csv volume_max_mcm"),
    ComponentSource("reservoir_water_balance", "reservoir",
                    ("reservoirs.csv volume_start_mcm | reservoir_curves.csv (at the first hour); hydro_plants.csv "
                     "local_inflow_m3s, inflow_profile; river_links.csv; irrigation.csv withdrawal_share")),
    ComponentSource("reservoir_end_volume", "reservoir",
                    ("reservoirs.csv volume_end_mcm (empty: volume_start_mcm) | reservoir_curves.csv (after the "
                     "last snapshot)"), time=TimeIndex.NONE),
    ComponentSource("reservoir_environmental_flow", "reservoir", "hydro_plants.csv min_environmental_flow_m3s"),
    ComponentSource("hydro_run_of_river_water", "plant",
                    ("hydro_plants.csv local_inflow_m3s, inflow_profile, min_environmental_flow_m3s; "
                     "river_links.csv; irrigation.csv withdrawal_share")),
)


def add_hydro(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    """The hydro family: turbined flow, reservoirs, the water of run-of-river plants below a reservoir,
    and every plant's power and cost."""
    water = _plant_water(inputs)
    _add_hydro_release(m, inputs)
    released = _releases_by_key(m, inputs.rivers)
    _add_reservoirs(m, inputs, water, released)
    _add_regulated_run_of_river(m, inputs, water, released)
    _add_hydro_power(m, inputs, terms)


@dataclass(frozen=True)
class _PlantWater:
    """Per plant: environmental flow :math:`e_p`, and by snapshot the usable share :math:`1 - \\omega`,
    the inflow constant :math:`c` and the natural usable inflow :math:`\\bar U`."""

    environmental: dict[str, float]
    usable_share: dict[str, np.ndarray]
    inflow_constant: dict[str, np.ndarray]
    natural_outflow: dict[str, np.ndarray]


def _plant_water(inputs: Prepared) -> _PlantWater:
    """The water figures of every plant the reservoir and run-of-river constraints use."""
    plants, rivers = inputs.zone.hydro_plants, inputs.rivers
    return _PlantWater(
        environmental=plants["min_environmental_flow_m3s"].to_dict(),
        usable_share={p: rivers.usable_share[p].to_numpy() for p in plants.index},
        inflow_constant={p: rivers.inflow_constant_m3s[p].to_numpy() for p in plants.index},
        natural_outflow={p: rivers.natural_outflow_m3s[p].to_numpy() for p in plants.index},
    )


def _add_hydro_release(m: pyo.ConcreteModel, inputs: Prepared) -> None:
    """Turbined flow :math:`q` of every plant and snapshot that can turbine (always for a reservoir)."""
    plants = inputs.zone.hydro_plants
    rivers = inputs.rivers
    upper = inputs.release_upper_m3s[plants.index].to_numpy(dtype=float).T  # plant x t
    lower = inputs.release_lower_m3s[plants.index].to_numpy(dtype=float).T
    turbines = (upper > 0) | plants.index.isin(list(rivers.reservoirs))[:, None]
    index = [(plant, t) for plant, can in zip(plants.index, turbines) for t in np.flatnonzero(can).tolist()]
    m.hydro_release_index = pair_set(index, doc="(plant, t) that can turbine")
    m.hydro_release = bounded_variable(m.hydro_release_index, lower=lower[turbines], upper=upper[turbines],
                                       doc="turbined flow, m3/s")


def _add_reservoirs(m: pyo.ConcreteModel, inputs: Prepared, water: _PlantWater,
                    released: dict[tuple[str, int], VarData]) -> None:
    """Reservoirs: spill, volume, continuity, end volume and the minimum flow below the dam (``released``:
    :func:`_releases_by_key`)."""
    zone = inputs.zone
    rivers = inputs.rivers
    weights = inputs.weights_h
    count = len(weights)
    m.reservoirs = pyo.Set(initialize=list(rivers.reservoirs), ordered=True, doc="reservoir hydro plants")
    m.reservoir_spill = pyo.Var(m.reservoirs, m.snapshots, domain=pyo.NonNegativeReals,
                                doc="flow past the turbines, m3/s")
    reservoirs = zone.reservoirs.set_index("plant_id")
    volumes = inputs.reservoir_volumes
    m.reservoir_volume = bounded_variable(
        m.reservoirs, m.snapshots,
        lower=np.repeat(reservoirs.loc[list(rivers.reservoirs), "volume_min_mcm"].to_numpy(dtype=float), count),
        upper=np.repeat(reservoirs.loc[list(rivers.reservoirs), "volume_max_mcm"].to_numpy(dtype=float), count),
        doc="stored water at the end of the snapshot, million m3",
    )
    spill, volume = m.reservoir_spill, m.reservoir_volume

    balance, inflow, below_dam, environmental = [], [], [], []  # both row blocks read each element once
    for r in m.reservoirs:
        previous = None
        for t in range(count):
            stored, turbined, spilled = volume[r, t], released[r, t], spill[r, t]
            step = MCM_PER_M3S_HOUR * weights[t]
            share = water.usable_share[r][t]
            inflow_mcm = step * share * water.inflow_constant[r][t]
            body = [(1.0, stored), (step, turbined), (step, spilled),
                    *[(-c, v) for c, v in _upstream_outflow_terms(m, rivers, released, r, t, step * share)]]
            balance.append(body if t == 0 else [*body, (-1.0, previous)])
            inflow.append(volumes.start_mcm[r] + inflow_mcm if t == 0 else inflow_mcm)
            below_dam.append([(1.0, turbined), (1.0, spilled)])
            environmental.append(water.environmental[r])
            previous = stored
    m.reservoir_water_balance = ArrayRows(m.reservoirs, m.snapshots,
                                          arrays=RowTerms.of_rows(balance).equal_to(inflow),
                                          doc="reservoir continuity, million m3")

    m.reservoir_end_volume = pyo.Constraint(m.reservoirs, rule=lambda _, r: volume[r, count - 1] == volumes.end_mcm[r],
                                            doc="end volume: the seasonal curve's, or fixed or cyclic, million m3")
    m.reservoir_environmental_flow = ArrayRows(m.reservoirs, m.snapshots,
                                               arrays=RowTerms.of_rows(below_dam).at_least(environmental),
                                               doc="minimum flow below the dam, m3/s")


def _releases_by_key(m: pyo.ConcreteModel, rivers: RiverSystem) -> dict[tuple[str, int], VarData]:
    """The turbined flows of the reservoirs and of the run-of-river plants below them, by (plant, t): the few
    the reservoir and run-of-river rows name one by one, read from the variable's elements in order rather
    than by keying all of them (:class:`~gezopt.model.variables.ElementwiseVar`)."""
    named = set(rivers.reservoirs) | {plant for plant, terms in rivers.inflow_terms.items() if terms}
    keys, elements = keys_and_data(m.hydro_release)
    return {key: element for key, element in zip(keys, elements) if key[0] in named}


def _upstream_outflow_terms(m: pyo.ConcreteModel, rivers: RiverSystem, released: dict[tuple[str, int], VarData],
                            plant: str, t: int, scale: float) -> list:
    """(coefficient, variable) of the reservoir outflows reaching ``plant`` at ``t``, times ``scale``
    (``released``: :func:`_releases_by_key`)."""
    terms = []
    for term in rivers.inflow_terms[plant]:
        coefficient, source_t = term.coefficient[t], t - term.lag
        if coefficient and source_t >= 0:
            terms.append((scale * coefficient, m.reservoir_spill[term.reservoir, source_t]))
            terms.append((scale * coefficient, released[term.reservoir, source_t]))
    return terms


def _add_regulated_run_of_river(m: pyo.ConcreteModel, inputs: Prepared, water: _PlantWater,
                                released: dict[tuple[str, int], VarData]) -> None:
    """Run-of-river plants below a reservoir: turbined flow within the usable inflow less the environmental flow
    (``released``: :func:`_releases_by_key`)."""
    plants = inputs.zone.hydro_plants
    rivers = inputs.rivers
    count = len(inputs.weights_h)
    regulated = [p for p in plants.index if p not in rivers.reservoirs and rivers.inflow_terms[p]]
    regulated_index = [(p, t) for p in regulated for t in range(count) if (p, t) in released]
    m.hydro_regulated_index = pair_set(regulated_index, doc="(plant, t) of run-of-river plants below a reservoir")

    rows, limit = [], []
    for p, t in regulated_index:
        share = water.usable_share[p][t]
        reserved = min(water.environmental[p], water.natural_outflow[p][t])  # natural usable inflow
        rows.append([(1.0, released[p, t]),
                     *[(-c, v) for c, v in _upstream_outflow_terms(m, rivers, released, p, t, share)]])
        limit.append(share * water.inflow_constant[p][t] - reserved)
    m.hydro_run_of_river_water = ArrayRows(
        m.hydro_regulated_index, arrays=RowTerms.of_rows(rows).at_most(limit),
        doc="turbined flow within the usable inflow less the environmental flow, m3/s",
    )


def _add_hydro_power(m: pyo.ConcreteModel, inputs: Prepared, terms: ModelTerms) -> None:
    """Every plant in service injects :math:`k_p q_{p,t}` at its bus, at its marginal cost."""
    plants = inputs.zone.hydro_plants
    rivers = inputs.rivers
    weights = inputs.weights_h
    release = m.hydro_release
    bus = plants["bus"].to_dict()
    cost = plants["marginal_cost_azn_per_mwh"].to_dict()
    elements = Elements.of(release)
    turbining = elements.select(elements.per_element(inputs.release_upper_m3s) != 0)  # out of service: passes water
    power_per_flow = turbining.per_object(rivers.power_per_flow)
    weight = weights[turbining.snapshots]
    terms.inject(turbining.per_object(bus, dtype=object), turbining.snapshots, power_per_flow, turbining.variables)
    category = {p: "reservoir_hydro" if p in rivers.reservoirs else "run_of_river" for p in plants.index}
    terms.add_energies_by(turbining.per_object(category, dtype=object), weight * power_per_flow, turbining.variables)
    terms.add_costs(weight * turbining.per_object(cost) * power_per_flow, turbining.variables)
