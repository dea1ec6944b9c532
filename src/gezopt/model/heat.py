"""Heat buses: heat pumps, electric boilers, recovered waste heat and hot-water tanks.

For heat bus :math:`h` and snapshot :math:`t`, with heat output :math:`q_{u,t}` of unit :math:`u`:

.. math::

    \\sum_{u \\in h} q_{u,t} + z^{out}_{s,t} - z^{in}_{s,t} + r_{h,t} &= H_{h,t}
    \\qquad (\\text{dual} / w_t = \\text{heat price}) \\\\
    0 \\le q_{u,t} &\\le Q_u, \\qquad q_{u,t} \\le \\rho_u \\, p_{w(u),t} \\ (\\text{waste heat}) \\\\
    x_{s,t} &= (1 - \\lambda_s)^{w_t} x_{s,t-1} + w_t (z^{in}_{s,t} - z^{out}_{s,t}), \\qquad x_{s,-1} = x_{s,T-1}

A heat pump draws :math:`q / COP_{u,t}` of electricity at the heat bus's
electric bus (:func:`gezopt.demand.heat_pump_cop` of its sink temperature and
the district's hourly air temperature), a boiler :math:`q / \\eta_u`; waste
heat is limited by :math:`\\rho_u` MWh_th per MWh of the waste plant's
electricity.  Unserved heat :math:`r \\le H` costs the value of lost load.

=======================  ============================  ============================================
symbol                   Pyomo                         input
=======================  ============================  ============================================
:math:`q_{u,t}`          ``m.heat_output``             heat_units.csv kind, p_nom_mw_th, efficiency
:math:`COP_{u,t}`        electricity coefficient       sink_temperature_c; heat_buses temperature
:math:`p_{w,t}`          ``waste_dispatch``            published by the waste family
:math:`z^{in}_{s,t}`     ``m.heat_store_charge``       thermal_storage.csv p_nom_mw_th
:math:`z^{out}_{s,t}`    ``m.heat_store_discharge``    p_nom_mw_th
:math:`x_{s,t}`          ``m.heat_store_energy``       e_nom_mwh_th
tank continuity          ``m.heat_store_continuity``   standing_loss_per_hour
:math:`H_{h,t}`          bound of ``m.heat_shed``      heat_buses.csv (:mod:`gezopt.demand`)
:math:`r_{h,t}`          ``m.heat_shed``               value_of_lost_load_azn_per_mwh
heat balance row         ``m.heat_balance``            - (dual / w_t: heat price)
:math:`\\rho_u`          ``m.heat_waste_recovery``     heat_units.csv efficiency, waste_plant
=======================  ============================  ============================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.core as pyo

from gezopt.config import ModelSettings
from gezopt.model.array_rows import ArrayRows, RowTerms
from gezopt.model.pair_sets import pair_set
from gezopt.model.sources import NON_NEGATIVE, ComponentSource
from gezopt.model.terms import Elements, ModelTerms, kept_over_snapshots, linear
from gezopt.model.variables import bounded_variable, by_object, previous_in_cycle
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("heat_output", "heat unit", "heat_units.csv p_nom_mw_th", lower=NON_NEGATIVE),
    ComponentSource("heat_shed", "heat bus", "heat_buses.csv (the bus's heat demand)", lower=NON_NEGATIVE,
                    relaxes="heat_buses.csv heat demand beyond heat_units.csv p_nom_mw_th and the tanks"),
    ComponentSource("heat_store_charge", "tank", "thermal_storage.csv p_nom_mw_th", lower=NON_NEGATIVE),
    ComponentSource("heat_store_discharge", "tank", "thermal_storage.csv p_nom_mw_th", lower=NON_NEGATIVE),
    ComponentSource("heat_store_energy", "tank", "thermal_storage.csv e_nom_mwh_th", lower=NON_NEGATIVE),
    ComponentSource("heat_store_continuity", "tank", "thermal_storage.csv standing_loss_per_hour (cyclic)"),
    ComponentSource("heat_waste_recovery", "heat unit", "heat_units.csv efficiency, waste_plant"),
    ComponentSource("heat_balance", "heat bus", "heat_buses.csv (heat demand); heat_units.csv, thermal_storage.csv"),
)


def add_heat(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    """The heat family: units and unserved heat, hot-water tanks, waste-heat recovery, the heat balance,
    and the units' electricity and costs."""
    demand = _heat_demand(inputs)
    unit_limit = _unit_limits(inputs)
    _add_heat_units_and_shed(m, inputs, unit_limit, demand)
    _add_heat_stores(m, inputs)
    _add_waste_heat_recovery(m, inputs, unit_limit, terms)
    _add_heat_balance(m, inputs, demand)
    _add_heat_costs_and_electricity(m, inputs, terms)


def _heat_demand(inputs: Prepared) -> np.ndarray:
    """Heat demand :math:`H_{h,t}`, MW_th, heat bus by heat bus and in time within each (the order of
    ``heat_buses`` x ``snapshots``)."""
    heat_buses = list(inputs.zone.heat_buses.index)
    return inputs.heat_demand_mw_th[heat_buses].to_numpy(dtype=float).T.ravel()


def _unit_limits(inputs: Prepared) -> dict[str, np.ndarray]:
    """Each heat unit's largest output by snapshot: 0 out of service, and for waste heat without its plant."""
    zone = inputs.zone
    units = zone.heat_units
    # recovered heat needs its waste plant in the run
    has_source = ~((units["kind"] == "waste_heat") & ~units["waste_plant"].isin(zone.waste_plants.index))
    return _by_column(zone.in_service(units) * (units["p_nom_mw_th"] * has_source).to_numpy(), units.index)


def _by_column(values: np.ndarray, labels: pd.Index) -> dict[str, np.ndarray]:
    """Each column of a snapshots x objects matrix, by the object's label (numpy rows, never boxed floats)."""
    return dict(zip(labels, np.asarray(values, dtype=float).T))


def _add_heat_units_and_shed(m: pyo.ConcreteModel, inputs: Prepared, unit_limit: dict[str, np.ndarray],
                             demand: np.ndarray) -> None:
    """The heat units' output :math:`q` and the unserved heat :math:`r` of every heat bus."""
    zone = inputs.zone
    m.heat_units = pyo.Set(initialize=list(zone.heat_units.index), ordered=True, doc="heat pumps, boilers, waste heat")
    m.heat_output = bounded_variable(m.heat_units, m.snapshots, lower=0.0, upper=[unit_limit[u] for u in m.heat_units],
                                     doc="heat delivered to the heat bus, MW_th")
    m.heat_buses = pyo.Set(initialize=list(zone.heat_buses.index), ordered=True, doc="heat buses")
    m.heat_shed = bounded_variable(m.heat_buses, m.snapshots, lower=0.0, upper=demand,
                                   doc="heat demand not served, MW_th")


def _add_heat_stores(m: pyo.ConcreteModel, inputs: Prepared) -> None:
    """Hot-water tanks: charge, discharge, content and their cyclic continuity."""
    zone = inputs.zone
    stores = zone.thermal_storage
    weights = inputs.weights_h
    count = len(weights)
    store_limit = _by_column(zone.in_service(stores) * stores["p_nom_mw_th"].to_numpy(), stores.index)
    capacity = stores["e_nom_mwh_th"].astype(float).to_dict()
    m.heat_stores = pyo.Set(initialize=list(stores.index), ordered=True, doc="hot-water tanks")
    power = [store_limit[s] for s in m.heat_stores]
    m.heat_store_charge = bounded_variable(m.heat_stores, m.snapshots, lower=0.0, upper=power,
                                           doc="heat into the tank, MW_th")
    m.heat_store_discharge = bounded_variable(m.heat_stores, m.snapshots, lower=0.0, upper=power,
                                              doc="heat out of the tank, MW_th")
    m.heat_store_energy = bounded_variable(m.heat_stores, m.snapshots, lower=0.0,
                                           upper=[[capacity[s]] * count for s in m.heat_stores],
                                           doc="heat in the tank at the end of the snapshot, MWh_th")
    loss = stores["standing_loss_per_hour"].to_dict()
    tanks = list(m.heat_stores)
    energy, charge, discharge = (by_object(variable, tanks, count) for variable in
                                 (m.heat_store_energy, m.heat_store_charge, m.heat_store_discharge))

    continuity = RowTerms.concatenated([RowTerms.of_columns(
        (1.0, energy[s]), (-kept_over_snapshots(loss[s], weights), previous_in_cycle(energy[s])),
        (-weights, charge[s]), (weights, discharge[s])) for s in tanks])
    m.heat_store_continuity = ArrayRows(m.heat_stores, m.snapshots, arrays=continuity.equal_to(0.0),
                                        doc="tank continuity (cyclic), MWh_th")


def _add_waste_heat_recovery(m: pyo.ConcreteModel, inputs: Prepared, unit_limit: dict[str, np.ndarray],
                             terms: ModelTerms) -> None:
    """Recovered heat within :math:`\\rho_u` times the waste plant's electricity (needs the waste family)."""
    units = inputs.zone.heat_units
    waste_dispatch = terms.require("waste_dispatch", "add_heat")
    recovered = units[units["kind"] == "waste_heat"]
    ratio, plant = recovered["efficiency"].astype(float).to_dict(), recovered["waste_plant"].to_dict()
    recovery_index = [(u, t) for u in recovered.index for t in np.flatnonzero(unit_limit[u] > 0).tolist()]
    m.heat_recovery_index = pair_set(recovery_index, doc="(waste-heat unit, t) in service")
    m.heat_waste_recovery = pyo.Constraint(
        m.heat_recovery_index,
        rule=lambda _, u, t: linear([(1.0, m.heat_output[u, t]),
                                     (-ratio[u], waste_dispatch[plant[u], t])])
        <= 0.0,
        doc="recovered heat within the plant's heat-to-power ratio, MW_th",
    )


def _add_heat_balance(m: pyo.ConcreteModel, inputs: Prepared, demand: np.ndarray) -> None:
    """The balance of every heat bus and snapshot: units, tanks and unserved heat meet the demand."""
    zone = inputs.zone
    heat_buses, units, stores = zone.heat_buses, zone.heat_units, zone.thermal_storage
    count = len(inputs.weights_h)
    output = by_object(m.heat_output, list(m.heat_units), count)
    charge, discharge = (by_object(variable, list(m.heat_stores), count)
                         for variable in (m.heat_store_charge, m.heat_store_discharge))
    shed = by_object(m.heat_shed, list(m.heat_buses), count)
    # each heat bus's (coefficient, the variable in time): its units' output, then its tanks' discharge and charge
    members: dict[str, list[tuple[float, list]]] = {h: [(1.0, shed[h])] for h in heat_buses.index}
    for unit_id, bus in units["heat_bus"].items():
        members[bus].append((1.0, output[unit_id]))
    for store_id, bus in stores["heat_bus"].items():
        members[bus].extend([(1.0, discharge[store_id]), (-1.0, charge[store_id])])

    balance = RowTerms.concatenated([RowTerms.of_columns(*members[h]) for h in heat_buses.index])
    m.heat_balance = ArrayRows(m.heat_buses, m.snapshots, arrays=balance.equal_to(demand),
                               doc="heat balance, MW_th; dual / w_t is the heat price")


def _add_heat_costs_and_electricity(m: pyo.ConcreteModel, inputs: Prepared, terms: ModelTerms) -> None:
    """The cost of unserved heat and of the units' output, and the units' electricity at their electric bus."""
    zone = inputs.zone
    heat_buses, units = zone.heat_buses, zone.heat_units
    weights = inputs.weights_h
    cop = inputs.heat_unit_cop
    value_of_lost_load = zone.parameters["value_of_lost_load_azn_per_mwh"]
    shed = Elements.of(m.heat_shed)
    terms.add_costs(weights[shed.snapshots] * value_of_lost_load, shed.variables)
    electric_bus = heat_buses["bus"].to_dict()
    output = Elements.of(m.heat_output)
    ratio = output.per_element(cop)  # MW_th per MW of electricity
    drawing, drawing_ratio = output.select(ratio > 0), ratio[ratio > 0]
    terms.inject(drawing.per_object({u: electric_bus[h] for u, h in units["heat_bus"].items()}, dtype=object),
                 drawing.snapshots, -1.0 / drawing_ratio, drawing.variables)
    terms.add_energies("flexible_demand", weights[drawing.snapshots] / drawing_ratio, drawing.variables)
    terms.add_costs(weights[output.snapshots] * output.per_object(units["marginal_cost_azn_per_mwh"].to_dict()),
                    output.variables)
