"""How flexible consumers respond to their tariff: ``none``, ``tariff`` or ``system``.

- ``system``: EV fleets (smart, or v2g where the data says so) and hot-water
  tanks are co-optimised with the dispatch: the benchmark a perfect dynamic
  tariff reaches.
- ``none``: EV fleets charge uncontrolled, tanks and home batteries stay idle.
- ``tariff``: first the flexible loads (EV fleets, heat pumps with tanks, home
  batteries: storage with a ``consumer_class``) schedule themselves to minimise their
  own bill, :math:`\\min \\sum_t w_t \\, p^{class}_t \\, (c_t - d_t + \\text{heat electricity}_t)`
  (plus the value of lost load on anything unserved), under the time-of-use
  price of their class, within the same physical model; their schedules are
  then fixed and the zone is dispatched at least cost serving them.  A class
  whose tariff has no time-of-use price gives no reason to shift, so its
  devices behave as with ``none``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pyomo.environ as pyo

from gezopt.config import SolverSettings
from gezopt.data import ZoneData
from gezopt.model.terms import linear
from gezopt.prepared import heat_unit_cop
from gezopt.solve import solve
from gezopt.tariffs import price_profile_azn_per_mwh

RESPONSES = ("none", "tariff", "system")


def _class_prices(zone: ZoneData, tariffs: dict) -> dict[str, np.ndarray]:
    """Time-of-use price (AZN/MWh per snapshot) of every class that has one."""
    prices = {}
    for name, tariff in tariffs["classes"].items():
        profile = price_profile_azn_per_mwh(tariff, zone.snapshots, tariffs["utc_offset_hours"])
        if profile is not None:
            prices[name] = profile
    return prices


def prepare_response(zone: ZoneData, tariffs: dict | None) -> ZoneData:
    """The dataset for the response mode: responsive fleets scheduled (smart, or v2g where the data
    says so), the others uncontrolled; tanks idle unless heat responds."""
    if tariffs is None:
        return zone
    classes = (set(zone.ev_fleets["consumer_class"]) | {tariffs["heat_class"]}
               | set(zone.storage["consumer_class"].dropna()))
    responsive = {"none": set(), "tariff": set(_class_prices(zone, tariffs)), "system": classes}[tariffs["response"]]
    fleets = zone.ev_fleets.copy()
    responds = fleets["consumer_class"].isin(responsive)
    fleets.loc[responds & (fleets["charging_mode"] != "v2g"), "charging_mode"] = "smart"
    fleets.loc[~responds, "charging_mode"] = "uncontrolled"
    stores = zone.thermal_storage
    if tariffs["heat_class"] not in responsive:
        stores = stores.assign(p_nom_mw_th=0.0)
    batteries = zone.storage.copy()
    owned = batteries["consumer_class"].notna()
    batteries.loc[owned & ~batteries["consumer_class"].isin(responsive), "p_nom_mw"] = 0.0  # home batteries idle
    return dataclasses.replace(zone, ev_fleets=fleets, thermal_storage=stores, storage=batteries)


def fix_tariff_response(m: pyo.ConcreteModel, zone: ZoneData, tariffs: dict, settings: SolverSettings) -> None:
    """Schedule the responsive devices against their tariff, then fix their schedules in the model."""
    prices = _class_prices(zone, tariffs)
    weights = np.asarray(zone.snapshot_hours, dtype=float)
    value_of_lost_load = zone.parameters["value_of_lost_load_azn_per_mwh"]
    terms = []
    fleets = zone.ev_fleets
    for (f, t), charge in m.ev_charge.items():
        price = prices.get(fleets.at[f, "consumer_class"])
        if price is not None:
            terms += [(weights[t] * price[t], charge), (-weights[t] * price[t], m.ev_discharge[f, t])]
        terms.append((weights[t] * value_of_lost_load, m.ev_unserved[f, t]))
    batteries = zone.storage
    for (s, t), charge in m.storage_charge.items():
        price = prices.get(batteries.at[s, "consumer_class"])
        if price is not None:
            terms += [(weights[t] * price[t], charge), (-weights[t] * price[t], m.storage_discharge[s, t])]
    heat_price = prices.get(tariffs["heat_class"])
    cop = heat_unit_cop(zone).to_dict("list")
    for (u, t), output in m.heat_output.items():
        if heat_price is not None and cop[u][t] > 0:
            terms.append((weights[t] * heat_price[t] / cop[u][t], output))
    for (h, t), shed in m.heat_shed.items():
        terms.append((weights[t] * value_of_lost_load, shed))
    for (b, t), shed in m.load_shed.items():
        terms.append((weights[t] * value_of_lost_load, shed))
    m.total_cost.deactivate()
    m.consumer_bill = pyo.Objective(expr=linear(terms), sense=pyo.minimize,
                                    doc="flexible consumers' bill under their tariff, AZN")
    first = solve(m, settings)
    home = {s for s in batteries.index if batteries.at[s, "consumer_class"] in prices}

    def schedule(component: pyo.Var, owners: set[str] | None = None) -> list:
        """(variable, value) of the first solve, for the devices in ``owners`` (all when None)."""
        return [(variable, value)
                for (device, _), variable, value in zip(component.keys(), component.values(), first.values(component))
                if owners is None or device in owners]

    flows = [*schedule(m.ev_charge), *schedule(m.ev_discharge), *schedule(m.heat_store_charge),
             *schedule(m.heat_store_discharge), *schedule(m.storage_charge, home),
             *schedule(m.storage_discharge, home)]
    for variable, value in flows:  # the consumers' schedules, fixed
        value = float(np.clip(value, variable.lb, variable.ub))
        variable.setlb(value)
        variable.setub(value)
    m.del_component(m.consumer_bill)
    m.total_cost.activate()
