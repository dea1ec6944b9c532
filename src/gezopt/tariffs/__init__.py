"""Tariffs: pricing before the solve, billing after it.

- :mod:`.pricing`: :func:`~.pricing.price_schedules` builds the run's
  :class:`~.pricing.PriceSchedules` (time-of-use AZN/MWh per snapshot and
  class) once from the scenario's :class:`~gezopt.scenario.schema.Tariffs`
  and the snapshots; the consumer response (:mod:`gezopt.response`) and
  billing both read it.
- :mod:`.ownership`: which classes own each heat bus's floor area, and so
  pay its heat-pump, boiler and cooling electricity (and set the price its
  heat pumps respond to).
- :mod:`.billing`: bills per consumer class, from the results tables.
- :mod:`.bands`: one customer's monthly bill at each consumption band.
- :mod:`.finances`: tariff revenue against the full cost of serving the
  zone's consumers (cost recovery, subsidy), the marginal-value view, certificates.
"""

from gezopt.tariffs.bands import BandBill, band_bill_table, band_bills
from gezopt.tariffs.billing import bills, bills_per_customer_month, block_charge_azn
from gezopt.tariffs.finances import CostRecovery, cost_recovery, finances
from gezopt.tariffs.ownership import HeatOwnership, heat_ownership
from gezopt.tariffs.pricing import PriceSchedules, price_schedules

__all__ = ["BandBill", "CostRecovery", "HeatOwnership", "PriceSchedules", "band_bill_table", "band_bills", "bills",
           "bills_per_customer_month", "block_charge_azn", "cost_recovery", "finances", "heat_ownership",
           "price_schedules"]
