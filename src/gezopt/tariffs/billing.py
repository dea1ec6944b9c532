"""Billing, after the solve: who pays what for the zone's electricity.

Consumption is assigned to consumer classes: loads by their
``consumer_class``, EV fleets by theirs (charging less vehicle-to-grid), home
batteries (storage with a ``consumer_class``) by their charging less discharging,
heat-pump, boiler and cooling electricity to ``heat_class``, street lighting
to ``street_lighting``.  Rooftop solar belongs to ``rooftop_class``: each
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
  peak (kW), less the feed-in credit on exports.

What the bills recover of the zone's full cost is :mod:`gezopt.tariffs.finances`.

Time-of-use prices come from the run's :class:`~gezopt.tariffs.pricing.PriceSchedules`,
built once before the solve.
"""

from __future__ import annotations

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
from gezopt.scenario.schema import Block, Tariffs
from gezopt.tariffs.pricing import PriceSchedules

STREET_LIGHTING_CLASS = "street_lighting"


def _net_by_class(table: pd.DataFrame, id_column: str, owners: pd.DataFrame,
                  snapshots: pd.DatetimeIndex) -> pd.DataFrame:
    """Charging less discharging of each device in ``table``, summed by its owner's consumer class."""
    net = (table.assign(net=table["charge_mw"] - table["discharge_mw"])
           .pivot(index="snapshot", columns=id_column, values="net").set_axis(snapshots))
    return sum_by_label(net.to_numpy(), owners.loc[net.columns, "consumer_class"], snapshots)


def class_consumption_mw(zone: ZoneData, tables: dict[str, pd.DataFrame], heat_class: str) -> pd.DataFrame:
    """Electricity each consumer class takes from the grid, before rooftop netting (snapshots x classes), MW."""
    snapshots = zone.snapshots
    parts = [sum_by_label(load_demand_mw(zone), zone.loads["consumer_class"], snapshots)]
    if len(tables["ev"]):
        parts.append(_net_by_class(tables["ev"], "fleet_id", zone.ev_fleets, snapshots))
    batteries = zone.storage[zone.storage["consumer_class"].notna()]
    if len(batteries):
        storage = tables["storage"][tables["storage"]["storage_id"].isin(batteries.index)]
        parts.append(_net_by_class(storage, "storage_id", batteries, snapshots))
    heat = tables["heat_units"].groupby("snapshot")["electricity_mw"].sum().reindex(snapshots, fill_value=0.0)
    parts.append(pd.DataFrame({heat_class: heat.to_numpy() + cooling_mw(zone).sum(axis=1)}, index=snapshots))
    grid_lighting, _ = street_lighting_mw(zone)
    parts.append(pd.DataFrame({STREET_LIGHTING_CLASS: grid_lighting.sum(axis=1)}, index=snapshots))
    return combine_columns(pd.concat(parts, axis=1))


def rooftop_mw(tables: dict[str, pd.DataFrame], snapshots: pd.DatetimeIndex) -> np.ndarray:
    """Rooftop solar output per snapshot, MW."""
    dispatch = tables["dispatch"]
    rooftop = dispatch[dispatch["carrier"] == "rooftop_solar"].groupby("snapshot")["p_mw"].sum()
    return rooftop.reindex(snapshots, fill_value=0.0).to_numpy()


def block_charge_azn(energy_kwh_per_customer: float, blocks: list[Block], month_share: float) -> float:
    """Charge of one customer's monthly energy under increasing blocks, edges scaled by the share of the month."""
    charge, lower = 0.0, 0.0
    for block in blocks:
        upper = np.inf if block.up_to_kwh_per_month is None else block.up_to_kwh_per_month * month_share
        charge += block.azn_per_kwh * max(0.0, min(energy_kwh_per_customer, upper) - lower)
        lower = upper
        if energy_kwh_per_customer <= lower:
            break
    return charge


def month_shares(snapshots: pd.DatetimeIndex, weights: np.ndarray) -> pd.Series:
    """Share of each calendar month's hours that the horizon covers."""
    months = snapshots.to_period("M")
    covered = pd.Series(weights, index=months).groupby(level=0).sum()
    return covered / pd.Series([p.days_in_month * 24.0 for p in covered.index], index=covered.index)


def bills(zone: ZoneData, tables: dict[str, pd.DataFrame], tariffs: Tariffs, prices: PriceSchedules) -> pd.DataFrame:
    """One row per consumer class with a tariff: energy, exports, the parts of the bill, averages."""
    snapshots = zone.snapshots
    weights = np.asarray(zone.snapshot_hours, dtype=float)
    consumption = class_consumption_mw(zone, tables, tariffs.heat_class)
    rooftop_class = tariffs.rooftop_class
    rooftop = rooftop_mw(tables, snapshots)
    shares = month_shares(snapshots, weights)
    months = snapshots.to_period("M")
    rows = []
    for name, tariff in tariffs.classes.items():
        gross = consumption[name].to_numpy() if name in consumption else np.zeros(len(snapshots))
        own_rooftop = rooftop if name == rooftop_class else np.zeros(len(snapshots))
        billed_mw = np.maximum(gross - own_rooftop, 0.0)
        exported_mw = np.maximum(own_rooftop - gross, 0.0)
        billed_mwh = billed_mw * weights
        customers = float(tariff.customers)
        time_of_use = prices.of(name)
        if time_of_use is not None:
            energy_charge = float((time_of_use * billed_mwh).sum())
        elif tariff.blocks:
            per_month = pd.Series(billed_mwh, index=months).groupby(level=0).sum()
            energy_charge = float(sum(
                customers * block_charge_azn(per_month[m] * 1000.0 / customers, tariff.blocks, shares[m])
                for m in per_month.index))
        else:
            energy_charge = float((tariff.energy_azn_per_kwh or 0.0) * 1000.0 * billed_mwh.sum())
        monthly_peak_kw = pd.Series(billed_mw, index=months).groupby(level=0).max() * 1000.0
        demand_charge = float((tariff.demand_azn_per_kw_month * monthly_peak_kw * shares).sum())
        fixed_charge = customers * tariff.fixed_azn_per_month * float(shares.sum())
        feed_in = float((tariff.feed_in_azn_per_kwh or 0.0) * 1000.0 * (exported_mw * weights).sum())
        bill = energy_charge + demand_charge + fixed_charge - feed_in
        energy_mwh = float(billed_mwh.sum())
        rows.append({
            "consumer_class": name, "customers": customers, "energy_mwh": energy_mwh,
            "exported_mwh": float((exported_mw * weights).sum()), "energy_charge_azn": energy_charge,
            "demand_charge_azn": demand_charge, "fixed_charge_azn": fixed_charge, "feed_in_credit_azn": feed_in,
            "bill_azn": bill, "months": float(shares.sum()),
            "average_monthly_bill_azn_per_customer": bill / customers / float(shares.sum()),
            "average_price_azn_per_mwh": bill / energy_mwh if energy_mwh else None,
        })
    return pd.DataFrame(rows)
