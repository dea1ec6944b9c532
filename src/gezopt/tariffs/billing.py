"""Billing, after the solve: who pays what for the zone's electricity.

Consumption is assigned to consumer classes: loads by their
``consumer_class``, EV fleets by theirs (charging less vehicle-to-grid), home
batteries (storage with a ``consumer_class``) by their charging less discharging,
each heat bus's heat-pump, boiler and cooling electricity to the classes owning
its floor area, in their shares (:mod:`.ownership`; all to ``heat_class`` where
the dataset names no owner), street lighting to ``street_lighting``.  Rooftop solar belongs to ``rooftop_class``: each
hour it first covers that class's consumption (net metering), and only the
rest, the export, is paid the feed-in price.

A class's bill over the horizon, for :math:`N` customers and billed energy
:math:`E_t` (MWh):

- time of use: :math:`\\sum_t p(h^{local}_t) \\, E_t`;
- increasing blocks, per calendar month :math:`m` covering a share :math:`f_m`
  of its hours: each customer's :math:`e_m = \\sum_{t \\in m} E_t / N` is charged
  block by block, block edges scaled by :math:`f_m`;
- flat: :math:`p \\sum_t E_t`;
- plus :math:`N \\, c^{fixed} \\sum_m f_m`, the demand charge on each month's class
  peak (kW), :math:`\\sum_m c^{demand} f_m \\max_{t \\in m} E_t`, less the feed-in
  credit on exports.

The same function bills one customer at a consumption band (:mod:`.bands`).

What the bills recover of the zone's full cost is :mod:`gezopt.tariffs.finances`.

Time-of-use prices come from the run's :class:`~gezopt.tariffs.pricing.PriceSchedules`,
built once before the solve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gezopt.data import ZoneData
from gezopt.demand import (
    combine_columns,
    cooling_mw,
    load_demand_mw,
    street_lighting_mw,
    sum_by_label,
)
from gezopt.scenario.schema import Block, ClassTariff, Tariffs
from gezopt.tariffs.ownership import HeatOwnership, heat_ownership
from gezopt.tariffs.pricing import PriceSchedules

STREET_LIGHTING_CLASS = "street_lighting"


def _net_by_class(table: pd.DataFrame, id_column: str, owners: pd.DataFrame,
                  snapshots: pd.DatetimeIndex) -> pd.DataFrame:
    """Charging less discharging of each device in ``table``, summed by its owner's consumer class."""
    net = (table.assign(net=table["charge_mw"] - table["discharge_mw"])
           .pivot(index="snapshot", columns=id_column, values="net").set_axis(snapshots))
    return sum_by_label(net.to_numpy(), owners.loc[net.columns, "consumer_class"], snapshots)


def heat_bus_electricity_mw(zone: ZoneData, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Heat-pump, boiler and cooling electricity of every heat bus (snapshots x heat buses), MW."""
    snapshots = zone.snapshots
    units = tables["heat_units"]
    by_unit = (units.pivot(index="snapshot", columns="unit_id", values="electricity_mw").set_axis(snapshots)
               if len(units) else pd.DataFrame(index=snapshots))
    heat = sum_by_label(by_unit.to_numpy(), zone.heat_units.loc[by_unit.columns, "heat_bus"], snapshots)
    cooling = pd.DataFrame(cooling_mw(zone), index=snapshots, columns=zone.heat_buses.index)
    return combine_columns(pd.concat([heat, cooling], axis=1))


def class_consumption_mw(zone: ZoneData, tables: dict[str, pd.DataFrame], ownership: HeatOwnership) -> pd.DataFrame:
    """Electricity each consumer class takes from the grid, before rooftop netting (snapshots x classes), MW;
    the heat buses' electricity split among the owners of their floor area (:mod:`.ownership`)."""
    snapshots = zone.snapshots
    parts = [sum_by_label(load_demand_mw(zone), zone.loads["consumer_class"], snapshots)]
    if len(tables["ev"]):
        parts.append(_net_by_class(tables["ev"], "fleet_id", zone.ev_fleets, snapshots))
    batteries = zone.storage[zone.storage["consumer_class"].notna()]
    if len(batteries):
        storage = tables["storage"][tables["storage"]["storage_id"].isin(batteries.index)]
        parts.append(_net_by_class(storage, "storage_id", batteries, snapshots))
    parts.append(ownership.by_class(heat_bus_electricity_mw(zone, tables)))
    grid_lighting, _ = street_lighting_mw(zone)
    parts.append(pd.DataFrame({STREET_LIGHTING_CLASS: grid_lighting.sum(axis=1)}, index=snapshots))
    return combine_columns(pd.concat(parts, axis=1))


def rooftop_mw(tables: dict[str, pd.DataFrame], snapshots: pd.DatetimeIndex) -> np.ndarray:
    """Rooftop solar output per snapshot, MW."""
    dispatch = tables["dispatch"]
    rooftop = dispatch[dispatch["carrier"] == "rooftop_solar"].groupby("snapshot")["p_mw"].sum()
    return rooftop.reindex(snapshots, fill_value=0.0).to_numpy()


def block_charge_azn(energy_kwh_per_customer: float, blocks: list[Block], month_share: float) -> float:
    """Charge of one customer's monthly energy under increasing blocks, edges scaled by the share of the month.

    :math:`\\sum_k p_k \\max(0, \\min(e, f u_k) - f u_{k-1})` for block edges :math:`u_k` (:math:`u_0 = 0`,
    the last open) and the month share :math:`f`.
    """
    charge, lower = 0.0, 0.0
    for block in blocks:
        upper = np.inf if block.up_to_kwh_per_month is None else block.up_to_kwh_per_month * month_share
        charge += block.azn_per_kwh * max(0.0, min(energy_kwh_per_customer, upper) - lower)
        lower = upper
        if energy_kwh_per_customer <= lower:
            break
    return charge


@dataclass(frozen=True)
class Calendar:
    """The months a run covers: each snapshot's month and weight (h), each month's covered share :math:`f_m`."""

    months: pd.PeriodIndex  # per snapshot
    weights_h: np.ndarray  # per snapshot
    shares: pd.Series  # per month: hours covered / hours of the month

    @property
    def month_count(self) -> float:
        """:math:`\\sum_m f_m`: how many months the run covers."""
        return float(self.shares.sum())


def calendar_of(zone: ZoneData) -> Calendar:
    """The run's :class:`Calendar`."""
    weights = np.asarray(zone.snapshot_hours, dtype=float)
    months = zone.snapshots.to_period("M")
    covered = pd.Series(weights, index=months).groupby(level=0).sum()
    shares = covered / pd.Series([p.days_in_month * 24.0 for p in covered.index], index=covered.index)
    return Calendar(months=months, weights_h=weights, shares=shares)


@dataclass(frozen=True)
class BillParts:
    """What ``customers`` of a class pay over the run, by part, AZN."""

    energy_charge_azn: float
    demand_charge_azn: float
    fixed_charge_azn: float
    feed_in_credit_azn: float

    @property
    def bill_azn(self) -> float:
        """Energy, demand and fixed charges less the feed-in credit."""
        return self.energy_charge_azn + self.demand_charge_azn + self.fixed_charge_azn - self.feed_in_credit_azn


def bill_parts(billed_mw: np.ndarray, exported_mw: np.ndarray, tariff: ClassTariff, customers: float,
               time_of_use: np.ndarray | None, calendar: Calendar) -> BillParts:
    """The bill of ``customers`` taking ``billed_mw`` and exporting ``exported_mw`` per snapshot (see the module)."""
    billed_mwh = billed_mw * calendar.weights_h
    if time_of_use is not None:
        energy_charge = float((time_of_use * billed_mwh).sum())
    elif tariff.blocks:
        per_month = pd.Series(billed_mwh, index=calendar.months).groupby(level=0).sum()
        energy_charge = float(sum(
            customers * block_charge_azn(per_month[m] * 1000.0 / customers, tariff.blocks, calendar.shares[m])
            for m in per_month.index))
    else:
        energy_charge = float((tariff.energy_azn_per_kwh or 0.0) * 1000.0 * billed_mwh.sum())
    monthly_peak_kw = pd.Series(billed_mw, index=calendar.months).groupby(level=0).max() * 1000.0
    return BillParts(
        energy_charge_azn=energy_charge,
        demand_charge_azn=float((tariff.demand_azn_per_kw_month * monthly_peak_kw * calendar.shares).sum()),
        fixed_charge_azn=customers * tariff.fixed_azn_per_month * calendar.month_count,
        feed_in_credit_azn=float((tariff.feed_in_azn_per_kwh or 0.0) * 1000.0
                                 * (exported_mw * calendar.weights_h).sum()))


def billed_and_exported_mw(zone: ZoneData, tables: dict[str, pd.DataFrame],
                           tariffs: Tariffs) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per class with a tariff: (energy billed, rooftop energy exported) per snapshot, MW, netted hour by hour."""
    snapshots = zone.snapshots
    consumption = class_consumption_mw(zone, tables, heat_ownership(zone, tariffs.heat_class))
    rooftop = rooftop_mw(tables, snapshots)
    flows = {}
    for name in tariffs.classes:
        gross = consumption[name].to_numpy() if name in consumption else np.zeros(len(snapshots))
        own_rooftop = rooftop if name == tariffs.rooftop_class else np.zeros(len(snapshots))
        flows[name] = (np.maximum(gross - own_rooftop, 0.0), np.maximum(own_rooftop - gross, 0.0))
    return flows


def bills(zone: ZoneData, tables: dict[str, pd.DataFrame], tariffs: Tariffs, prices: PriceSchedules) -> pd.DataFrame:
    """One row per consumer class with a tariff: energy, exports, the parts of the bill, averages."""
    calendar = calendar_of(zone)
    months = calendar.month_count
    rows = []
    for name, (billed_mw, exported_mw) in billed_and_exported_mw(zone, tables, tariffs).items():
        customers = float(tariffs.classes[name].customers)
        parts = bill_parts(billed_mw, exported_mw, tariffs.classes[name], customers, prices.of(name), calendar)
        energy_mwh = float((billed_mw * calendar.weights_h).sum())
        rows.append({
            "consumer_class": name, "customers": customers, "energy_mwh": energy_mwh,
            "exported_mwh": float((exported_mw * calendar.weights_h).sum()),
            "energy_charge_azn": parts.energy_charge_azn, "demand_charge_azn": parts.demand_charge_azn,
            "fixed_charge_azn": parts.fixed_charge_azn, "feed_in_credit_azn": parts.feed_in_credit_azn,
            "bill_azn": parts.bill_azn, "months": months,
            "average_monthly_bill_azn_per_customer": parts.bill_azn / customers / months,
            "average_price_azn_per_mwh": parts.bill_azn / energy_mwh if energy_mwh else None,
        })
    return pd.DataFrame(rows)


def bills_per_customer_month(bill_table: pd.DataFrame) -> dict[str, float]:
    """The average monthly bill per customer of each class (KPI ``bill_azn_per_customer_month``), AZN."""
    if bill_table.empty:
        return {}
    return {str(name): float(value) for name, value in
            zip(bill_table["consumer_class"], bill_table["average_monthly_bill_azn_per_customer"])}

