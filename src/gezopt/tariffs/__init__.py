"""Tariffs: pricing before the solve, billing after it.

- :mod:`.pricing`: :func:`~.pricing.price_schedules` builds the run's
  :class:`~.pricing.PriceSchedules` (time-of-use AZN/MWh per snapshot and
  class) once from the scenario's :class:`~gezopt.scenario.schema.Tariffs`
  and the snapshots; the consumer response (:mod:`gezopt.response`) and
  billing both read it.
- :mod:`.billing`: bills per consumer class and the zone's finances, from
  the results tables.
"""

from gezopt.tariffs.billing import bills, block_charge_azn, finances
from gezopt.tariffs.pricing import PriceSchedules, price_schedules

__all__ = ["PriceSchedules", "bills", "block_charge_azn", "finances", "price_schedules"]
