"""How flexible consumers respond to their tariff (:class:`~gezopt.scenario.schema.Response`).

- ``system``: EV fleets (smart, or v2g where the data says so) and hot-water
  tanks are co-optimised with the dispatch: the benchmark a perfect dynamic
  tariff reaches.
- ``none``: EV fleets charge uncontrolled, tanks and home batteries stay idle.
- ``tariff``: first the flexible loads (EV fleets, heat pumps with tanks, home
  batteries: storage with a ``consumer_class``) schedule themselves to minimise their
  own bill, :math:`\\min \\sum_t w_t \\, p^{class}_t \\, (c_t - d_t + \\text{heat electricity}_t)`
  (a heat bus's heat electricity at the price its floor area's owners pay together,
  :math:`\\sum_c s_{h,c} p^{c}_t`, :mod:`gezopt.tariffs.ownership`)
  (plus the value of lost load on anything unserved), under the time-of-use
  price of their class, within their own devices' limits
  (:data:`CONSUMER_FAMILIES`: the fleets, the heat buses with their units and
  tanks, the waste plants whose heat they recover, the responsive home
  batteries).  Consumers see their tariff, not the grid: their schedules are
  then fixed and the zone is dispatched at least cost serving them, shedding
  load at the value of lost load where the grid cannot.  A class whose tariff
  has no time-of-use price gives no reason to shift, so its devices behave as
  with ``none``.

The stages, in the order the pipeline calls them:
:func:`prepare_response` sets the dataset's devices for the response mode;
:func:`consumer_schedules` (``tariff`` only) builds the response stage's own
model (:func:`consumer_model`), its objective the consumers' bill, solves it device by device through
:func:`gezopt.solve.hand_over` and returns a :class:`ConsumerSchedules`;
:func:`fix_schedules` fixes those schedules in the dispatch model.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pyomo.core as pyo

from gezopt.config import ChargingMode, RunSettings, SolverMethod
from gezopt.data import ZoneData
from gezopt.model import build_model
from gezopt.model.array_rows import ArrayRows
from gezopt.model.ev import add_ev_charging
from gezopt.model.heat import add_heat
from gezopt.model.storage import add_storage
from gezopt.model.terms import Term, linear
from gezopt.model.waste import add_waste_to_energy
from gezopt.model_index import IndexedPositions
from gezopt.network import Network
from gezopt.prepared import Prepared
from gezopt.scenario.schema import Response, Tariffs
from gezopt.solve import Solution, hand_over
from gezopt.tariffs.ownership import HeatOwnership, heat_ownership
from gezopt.tariffs.pricing import PriceSchedules

Schedule = dict[tuple[str, int], float]  # MW per (device, snapshot index t)
CONSUMER_FAMILIES = (add_waste_to_energy, add_storage, add_ev_charging, add_heat)  # the consumers' own model


@dataclasses.dataclass(frozen=True)
class ConsumerSchedules:
    """The flexible consumers' own schedules under their tariff, per (device, snapshot): every variable of
    their devices, MW (energies MWh).

    Each field is named after the model variable it fixes.
    """

    ev_charge: Schedule
    ev_discharge: Schedule
    ev_energy: Schedule
    ev_unserved: Schedule
    heat_store_charge: Schedule
    heat_store_discharge: Schedule
    heat_store_energy: Schedule
    storage_charge: Schedule  # home batteries of classes with a time-of-use price
    storage_discharge: Schedule
    storage_energy: Schedule


# the devices' own rows, by the schedule whose devices they belong to: fully fixed in the dispatch
DEVICE_ROWS = {"ev_continuity": "ev_charge", "ev_departure": "ev_charge",
               "heat_store_continuity": "heat_store_charge", "storage_continuity": "storage_charge"}
DEVICE_ROW_TOLERANCE = 1e-6  # MWh: the room a fully fixed device row gets for the consumers' solver residuals


def responsive_classes(zone: ZoneData, ownership: HeatOwnership, response: Response,
                       prices: PriceSchedules) -> set[str]:
    """The consumer classes whose flexible devices respond: none, those with a time-of-use price, or all."""
    if response is Response.NONE:
        return set()
    if response is Response.TARIFF:
        return set(prices.classes)
    return (set(zone.ev_fleets["consumer_class"]) | set(ownership.classes)
            | set(zone.storage["consumer_class"].dropna()))


def prepare_response(zone: ZoneData, tariffs: Tariffs | None, response: Response,
                     prices: PriceSchedules | None) -> ZoneData:
    """The dataset for the response mode: responsive fleets scheduled (smart, or v2g where the data
    says so), the others uncontrolled; tanks and home batteries idle unless their class responds."""
    if tariffs is None:
        return zone
    ownership = heat_ownership(zone, tariffs.heat_class)
    responsive = responsive_classes(zone, ownership, response, prices)
    fleets = zone.ev_fleets.copy()
    responds = fleets["consumer_class"].isin(responsive)
    fleets.loc[responds & (fleets["charging_mode"] != ChargingMode.V2G.value), "charging_mode"] = ChargingMode.SMART.value
    fleets.loc[~responds, "charging_mode"] = ChargingMode.UNCONTROLLED.value
    stores = zone.thermal_storage
    idle = [not ownership.owners(heat_bus) & responsive for heat_bus in stores["heat_bus"]]
    stores = stores.assign(p_nom_mw_th=np.where(idle, 0.0, stores["p_nom_mw_th"].to_numpy(dtype=float)))
    batteries = zone.storage.copy()
    owned = batteries["consumer_class"].notna()
    batteries.loc[owned & ~batteries["consumer_class"].isin(responsive), "p_nom_mw"] = 0.0  # home batteries idle
    return dataclasses.replace(zone, ev_fleets=fleets, thermal_storage=stores, storage=batteries)


def consumer_bill_terms(m: pyo.ConcreteModel, inputs: Prepared, ownership: HeatOwnership,
                        prices: PriceSchedules) -> list[Term]:
    """The flexible consumers' bill under their time-of-use prices, plus the value of lost load, as linear terms;
    a heat bus's heat pumps and boilers pay the price its owners pay together (:mod:`gezopt.tariffs.ownership`)."""
    zone, weights = inputs.zone, inputs.weights_h
    value_of_lost_load = zone.parameters["value_of_lost_load_azn_per_mwh"]
    terms = []
    fleet_price = {f: prices.of(c) for f, c in zone.ev_fleets["consumer_class"].items()}
    for (f, t), charge in m.ev_charge.items():
        price = fleet_price[f]
        if price is not None:
            terms += [(weights[t] * price[t], charge), (-weights[t] * price[t], m.ev_discharge[f, t])]
        terms.append((weights[t] * value_of_lost_load, m.ev_unserved[f, t]))
    battery_price = {s: prices.of(c) for s, c in zone.storage["consumer_class"].items()}
    for (s, t), charge in m.storage_charge.items():
        price = battery_price[s]
        if price is not None:
            terms += [(weights[t] * price[t], charge), (-weights[t] * price[t], m.storage_discharge[s, t])]
    heat_bus_of = zone.heat_units["heat_bus"].to_dict()
    heat_price = {h: ownership.price_azn_per_mwh(h, prices) for h in zone.heat_buses.index}
    cop = inputs.heat_unit_cop.to_dict("list")
    for (u, t), output in m.heat_output.items():
        price = heat_price[heat_bus_of[u]]
        if price is not None and cop[u][t] > 0:
            terms.append((weights[t] * price[t] / cop[u][t], output))
    for (h, t), shed in m.heat_shed.items():
        terms.append((weights[t] * value_of_lost_load, shed))
    return terms


def consumer_model(inputs: Prepared, net: Network, tariffs: Tariffs, prices: PriceSchedules,
                   settings: RunSettings) -> pyo.ConcreteModel:
    """The response stage's own model: only the consumers' devices (:data:`CONSUMER_FAMILIES`, built as in
    the dispatch model, with the home batteries of the classes that respond and none of the grid's storage),
    its objective the consumers' bill.  Without the grid, generators and rivers it is a fraction of the
    dispatch model, and no row links two devices."""
    batteries = inputs.zone.storage
    home = batteries[batteries["consumer_class"].isin(prices.classes)]
    devices = dataclasses.replace(inputs, zone=dataclasses.replace(inputs.zone, storage=home))
    m = build_model(devices, net, settings.model, families=CONSUMER_FAMILIES)
    ownership = heat_ownership(inputs.zone, tariffs.heat_class)
    m.consumer_bill = pyo.Objective(expr=linear(consumer_bill_terms(m, devices, ownership, prices)),
                                    sense=pyo.minimize, doc="flexible consumers' bill under their tariff, AZN")
    return m


def consumer_schedules(inputs: Prepared, net: Network, tariffs: Tariffs, prices: PriceSchedules,
                       settings: RunSettings) -> ConsumerSchedules:
    """The responsive devices' schedules against their tariff, from the response stage's own model
    (:func:`consumer_model`), solved device by device (:mod:`gezopt.blocks`: the same optimum as one LP,
    a third of the time on the full year); only the schedules leave this function."""
    m = consumer_model(inputs, net, tariffs, prices, settings)
    solver = settings.solver
    if solver.method is SolverMethod.AUTO:  # independent device blocks: dual simplex is the fastest at any horizon
        solver = dataclasses.replace(solver, method=SolverMethod.SIMPLEX)
    solution = hand_over(m, solver, dual_components=(), by_blocks=True).solve()  # no duals needed; model emptied
    return ConsumerSchedules(**{field.name: _schedule(solution.index.component(field.name), solution)
                                for field in dataclasses.fields(ConsumerSchedules)})


def _schedule(component: IndexedPositions, solution: Solution) -> Schedule:
    """Value of each variable of ``component`` in the solution."""
    return {key: float(value) for key, value in zip(component.keys(), solution.values(component))}


def fix_schedules(m: pyo.ConcreteModel, schedules: ConsumerSchedules) -> None:
    """Fix the consumers' schedules in the dispatch model: every variable of their devices at its value
    (clipped to its bounds), and each of the devices' own rows (:data:`DEVICE_ROWS`), now a check of
    fixed values only, within :data:`DEVICE_ROW_TOLERANCE` of its bounds.

    The schedules come from a solve, exact only to the solver's tolerances: a cyclic continuity row of
    fixed values alone may miss its right-hand side by 1e-9, which over a long horizon left HiGHS
    without a verdict or with one of infeasibility.  With the band, presolve drops the rows and the
    columns, and the dispatch sees the devices as the fixed loads they now are.
    """
    for field in dataclasses.fields(schedules):
        variables = m.component(field.name)
        for key, value in getattr(schedules, field.name).items():
            variable = variables[key]
            low, high = variable.bounds
            value = min(max(value, -math.inf if low is None else low), math.inf if high is None else high)
            variable.setlb(value)  # bounds, not Var.fix: the hand-off reads bounds
            variable.setub(value)
    for row_name, schedule_name in DEVICE_ROWS.items():
        devices = {key[0] for key in getattr(schedules, schedule_name)}
        rows: ArrayRows = m.component(row_name)
        rows.widen([key[0] in devices for key in rows], DEVICE_ROW_TOLERANCE)
