"""Bills of one customer at consumption bands: what a household using 100, 200, 300 or 500 kWh a month pays.

A class's average bill hides the spread between small and large customers, and
increasing blocks charge them differently.  For each band :math:`b` (kWh per
month, the scenario's ``tariffs.bill_bands_kwh_per_month``, or a class's own
``tariffs.classes.<class>.bill_bands_kwh_per_month``) one customer of the
class consumes :math:`b` in every month, shaped hour by hour like the whole
class's billed consumption :math:`E_t` (so a time-of-use price and a demand
charge see the class's profile, including its response to the tariff):

.. math:: e^{b}_t = \\frac{b \\, f_m}{1000} \\, \\frac{E_t}{\\sum_{t' \\in m} w_{t'} E_{t'}}
          \\quad (t \\in m, \\text{ MW}),

with :math:`f_m` the share of month :math:`m` the run covers (where the class
takes nothing in a month, the customer's consumption is flat over it).  That
profile is billed by :func:`~gezopt.tariffs.billing.bill_parts` for one
customer, without exports, and divided by the months covered
:math:`\\sum_m f_m`: per month, increasing blocks charge exactly
:math:`\\sum_k p_k \\max(0, \\min(b, u_k) - u_{k-1})`, a time-of-use tariff the
class's consumption-weighted price times :math:`b`, a flat tariff :math:`p\\,b`,
plus the fixed charge and the demand charge on the customer's share of the
class's monthly peak.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gezopt.data import ZoneData
from gezopt.scenario.schema import Tariffs
from gezopt.tariffs.billing import (
    BillParts,
    Calendar,
    bill_parts,
    billed_and_exported_mw,
    calendar_of,
)
from gezopt.tariffs.pricing import PriceSchedules


@dataclass(frozen=True)
class BandBill:
    """One customer's monthly bill at a consumption band, by part, AZN per month."""

    consumer_class: str
    band_kwh_per_month: float
    energy_charge_azn_per_month: float
    demand_charge_azn_per_month: float
    fixed_charge_azn_per_month: float

    @property
    def bill_azn_per_month(self) -> float:
        """The whole monthly bill."""
        return self.energy_charge_azn_per_month + self.demand_charge_azn_per_month + self.fixed_charge_azn_per_month


def band_profile_mw(class_billed_mw: np.ndarray, band_kwh_per_month: float, calendar: Calendar) -> np.ndarray:
    """One customer consuming ``band_kwh_per_month`` in every month, shaped like the class (see the module), MW."""
    def month_total(values: np.ndarray) -> np.ndarray:  # each snapshot: the sum over its month
        return pd.Series(values, index=calendar.months).groupby(level=0).transform("sum").to_numpy()

    month_mwh = month_total(class_billed_mw * calendar.weights_h)
    month_hours = month_total(calendar.weights_h)
    customer_mwh = band_kwh_per_month / 1000.0 * calendar.shares.reindex(calendar.months).to_numpy()
    shape = np.divide(class_billed_mw, month_mwh, out=1.0 / month_hours, where=month_mwh > 0)
    return customer_mwh * shape


def band_bill(consumer_class: str, band_kwh_per_month: float, parts: BillParts, calendar: Calendar) -> BandBill:
    """A customer's bill over the run, per month."""
    months = calendar.month_count
    return BandBill(consumer_class=consumer_class, band_kwh_per_month=band_kwh_per_month,
                    energy_charge_azn_per_month=parts.energy_charge_azn / months,
                    demand_charge_azn_per_month=parts.demand_charge_azn / months,
                    fixed_charge_azn_per_month=parts.fixed_charge_azn / months)


def band_bills(zone: ZoneData, tables: dict[str, pd.DataFrame], tariffs: Tariffs,
               prices: PriceSchedules) -> list[BandBill]:
    """Every class with a tariff at each of its bands (its own ``bill_bands_kwh_per_month``, else the tariffs')."""
    calendar = calendar_of(zone)
    bills = []
    for name, (billed_mw, _) in billed_and_exported_mw(zone, tables, tariffs).items():
        for band in tariffs.classes[name].bands_kwh_per_month(tariffs.bill_bands_kwh_per_month):
            profile = band_profile_mw(billed_mw, band, calendar)
            parts = bill_parts(profile, np.zeros(len(profile)), tariffs.classes[name], 1.0, prices.of(name), calendar)
            bills.append(band_bill(name, band, parts, calendar))
    return bills


def band_bill_table(bills: list[BandBill]) -> pd.DataFrame:
    """``bill_bands.csv``: one row per class and band, the bill's parts and the average price per kWh."""
    return pd.DataFrame({
        "consumer_class": [b.consumer_class for b in bills],
        "band_kwh_per_month": [b.band_kwh_per_month for b in bills],
        "energy_charge_azn_per_month": [b.energy_charge_azn_per_month for b in bills],
        "demand_charge_azn_per_month": [b.demand_charge_azn_per_month for b in bills],
        "fixed_charge_azn_per_month": [b.fixed_charge_azn_per_month for b in bills],
        "bill_azn_per_month": [b.bill_azn_per_month for b in bills],
        "average_price_azn_per_kwh": [b.bill_azn_per_month / b.band_kwh_per_month for b in bills],
    }, columns=["consumer_class", "band_kwh_per_month", "energy_charge_azn_per_month", "demand_charge_azn_per_month",
                "fixed_charge_azn_per_month", "bill_azn_per_month", "average_price_azn_per_kwh"])
