"""Electric-vehicle fleets in ``smart`` or ``v2g`` mode: charging scheduled by the LP.

For fleet :math:`f` (one aggregated battery) at snapshot :math:`t`:

.. math::

    e_{f,t} &= e_{f,t-1} + w_t \\left(\\eta_f c_{f,t} - d_{f,t} / \\eta_f - D_{f,t} + u_{f,t}\\right),
    \\qquad e_{f,-1} = e_{f,T-1} \\\\
    0 &\\le c_{f,t} \\le P_{f,t}, \\qquad 0 \\le d_{f,t} \\le v_f P_{f,t} \\ (\\text{v2g only}),
    \\qquad 0 \\le e_{f,t} \\le E_f \\\\
    e_{f,t} &\\ge \\theta_f E_f \\quad \\text{at the end of the hour before departure}

with charging power :math:`P_{f,t} = p^{charger}_f \\min(n^{chargers}_f, n_f \\pi^{plugged}_{f,t})`,
driving draw :math:`D_{f,t}` (daily energy spread by the driving profile),
capacity :math:`E_f`, departure share :math:`\\theta_f`, v2g share :math:`v_f`.
:math:`u \\ge 0` is energy the fleet had to get elsewhere (charged at the value
of lost load), so an impossible schedule shows as unserved energy, not as an
infeasible model.  The fleet injects :math:`d - c` at its bus (a group of fleets that differ only in
size, :mod:`gezopt.fleet_groups`, at its members' buses in their shares).  Fleets in
``uncontrolled`` mode are fixed demand (:func:`gezopt.demand.uncontrolled_charging`).

=====================  ==========================  ======================================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================================
:math:`c_{f,t}`        ``m.ev_charge``             ev_fleets.csv charger_kw, chargers, plugged_in_profile
:math:`d_{f,t}`        ``m.ev_discharge``          v2g_share, charging_mode v2g
:math:`e_{f,t}`        ``m.ev_energy``             vehicles, battery_kwh_per_vehicle
:math:`D_{f,t}`        -                           daily_energy_kwh_per_vehicle, driving_profile
:math:`\\theta_f`       ``m.ev_departure``          departure_hour_utc, departure_state_of_charge
:math:`u_{f,t}`        ``m.ev_unserved``           parameters value_of_lost_load_azn_per_mwh
continuity             ``m.ev_continuity``         charging_efficiency, driving
=====================  ==========================  ======================================================
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from gezopt.component_data import data_objects
from gezopt.config import ChargingMode, ModelSettings
from gezopt.model.array_rows import ArrayRows, RowTerms
from gezopt.model.pair_sets import pair_set
from gezopt.model.sources import NON_NEGATIVE, ComponentSource
from gezopt.model.terms import Elements, ModelTerms, interleaved, interleaved_variables
from gezopt.model.variables import bounded_variable, by_object, previous_in_cycle
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("ev_charge", "fleet", "ev_fleets.csv charger_kw, chargers, vehicles, plugged_in_profile",
                    lower=NON_NEGATIVE),
    ComponentSource("ev_discharge", "fleet", "ev_fleets.csv v2g_share, charging_mode, charger_kw, chargers",
                    lower=NON_NEGATIVE),
    ComponentSource("ev_energy", "fleet", "ev_fleets.csv vehicles, battery_kwh_per_vehicle", lower=NON_NEGATIVE),
    ComponentSource("ev_unserved", "fleet",
                    "parameters.csv value_of_lost_load_azn_per_mwh (its cost)", lower=NON_NEGATIVE,
                    relaxes=("ev_fleets.csv daily_energy_kwh_per_vehicle, departure_state_of_charge (the need) "
                             "beyond charger_kw, chargers, plugged_in_profile (the chargers)")),
    ComponentSource("ev_continuity", "fleet",
                    "ev_fleets.csv charging_efficiency, daily_energy_kwh_per_vehicle, driving_profile (cyclic)"),
    ComponentSource("ev_departure", "fleet",
                    "ev_fleets.csv departure_hour_utc, departure_state_of_charge, battery_kwh_per_vehicle"),
)


def add_ev_charging(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    zone = inputs.zone
    scheduled = inputs.scheduled_fleets
    fleets = scheduled.table
    weights = inputs.weights_h
    count = len(weights)
    ids = list(fleets.index)
    column = {f: i for i, f in enumerate(ids)}
    charge_limit, driving, capacity = scheduled.charge_limit_mw, scheduled.driving_mw, scheduled.capacity_mwh
    discharge_share = {
        f: float(fleets.at[f, "v2g_share"]) if fleets.at[f, "charging_mode"] == ChargingMode.V2G.value else 0.0 for f in ids
    }
    efficiency = fleets["charging_efficiency"].to_dict()
    m.ev_fleets = pyo.Set(initialize=ids, ordered=True, doc="EV fleets scheduled by the LP")
    m.ev_charge = bounded_variable(m.ev_fleets, m.snapshots, lower=0.0, upper=charge_limit.T,
                                   doc="fleet charging from the grid, MW")
    m.ev_discharge = bounded_variable(m.ev_fleets, m.snapshots, lower=0.0,
                                      upper=np.array([discharge_share[f] for f in ids])[:, None] * charge_limit.T,
                                      doc="vehicle-to-grid discharge, MW")
    m.ev_energy = bounded_variable(m.ev_fleets, m.snapshots, lower=0.0, upper=np.repeat(capacity, count),
                                   doc="energy in the fleet's batteries at the end of the snapshot, MWh")
    m.ev_unserved = pyo.Var(m.ev_fleets, m.snapshots, domain=pyo.NonNegativeReals,
                            doc="driving energy the fleet could not charge here, MW")
    charge, discharge, energy, unserved = m.ev_charge, m.ev_discharge, m.ev_energy, m.ev_unserved
    charge_of, discharge_of, energy_of, unserved_of = (by_object(variable, ids, count)
                                                       for variable in (charge, discharge, energy, unserved))

    continuity = RowTerms.concatenated([RowTerms.of_columns(
        (1.0, energy_of[f]), (-1.0, previous_in_cycle(energy_of[f])), (-weights * efficiency[f], charge_of[f]),
        (weights / efficiency[f], discharge_of[f]), (-weights, unserved_of[f])) for f in ids])
    need = np.concatenate([-weights * driving[:, column[f]].astype(float) for f in ids]) if ids else np.zeros(0)
    m.ev_continuity = ArrayRows(m.ev_fleets, m.snapshots, arrays=continuity.equal_to(need),
                                doc="fleet battery continuity (cyclic), MWh")
    first_hour = zone.snapshots.hour.to_numpy()
    departure_hour = fleets["departure_hour_utc"].astype(int).to_dict()
    departures = [  # the snapshot that holds the hour before departure
        (f, int(t)) for f in ids
        for t in np.flatnonzero((departure_hour[f] - 1 - first_hour) % 24 < weights)
    ]
    m.ev_departure_index = pair_set(departures, doc="(fleet, t) at the end of the hour before departure")
    departure_energy = {f: float(fleets.at[f, "departure_state_of_charge"] * capacity[column[f]]) for f in ids}
    charged_by = RowTerms.of_columns((1.0, [energy_of[f][t] for f, t in departures]))
    m.ev_departure = ArrayRows(m.ev_departure_index, arrays=charged_by.at_least(
        [departure_energy[f] for f, _ in departures]),
        doc="charged for the day's driving by departure, MWh")
    value_of_lost_load = zone.parameters["value_of_lost_load_azn_per_mwh"]
    charged, discharged = Elements.of(charge), Elements.of(discharge)  # unserved has the same index
    weight = weights[charged.snapshots]
    _inject(terms, charged, discharged, scheduled.buses_and_shares())
    terms.add_energies("flexible_demand", interleaved(weight, -weight),
                       interleaved_variables(charged.variables, discharged.variables))
    terms.add_costs(weight * value_of_lost_load, data_objects(unserved))


def _inject(terms: ModelTerms, charged: Elements, discharged: Elements,
            bus_shares: dict[str, tuple[tuple[str, float], ...]]) -> None:
    """Each fleet's charge out of, and discharge into, its buses' balances in its shares of them (one bus
    with share 1 unless fleets are grouped: :mod:`gezopt.fleet_groups`), the fleets' first buses first."""
    for slot in range(max((len(shares) for shares in bus_shares.values()), default=0)):
        at_slot = {fleet: shares[slot] for fleet, shares in bus_shares.items() if len(shares) > slot}
        present = charged.per_object({fleet: fleet in at_slot for fleet in bus_shares}, dtype=bool)
        charge, discharge = (charged, discharged) if present.all() else (charged.select(present),
                                                                          discharged.select(present))
        at_bus = charge.per_object({fleet: bus for fleet, (bus, _) in at_slot.items()}, dtype=object)
        share = charge.per_object({fleet: share for fleet, (_, share) in at_slot.items()})
        terms.inject_pairs(charge.snapshots, (at_bus, -share, charge.variables),
                           (at_bus, share, discharge.variables))
