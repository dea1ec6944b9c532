"""Tariffs: pricing before the solve, billing after it.

- :mod:`.pricing`: :func:`~.pricing.price_schedules` builds the run's
  :class:`~.pricing.PriceSchedules` (time-of-use AZN/MWh per snapshot and
  class) once from the scenario's :class:`~gezopt.scenario.schema.Tariffs`
  and the snapshots; the consumer response (:mod:`gezopt.response`) and
  billing both read it.
- :mod:`.billing`: bills per consumer class, from the results tables.
- :mod:`.finances`: tariff revenue against the full cost of serving the
  zone's consumers (cost recovery, subsidy), the marginal-value view, certificates.
"""

from gezopt.tariffs.billing import bills, block_charge_azn
from gezopt.tariffs.finances import CostRecovery, cost_recovery, finances
from gezopt.tariffs.pricing import PriceSchedules, price_schedules

__all__ = ["CostRecovery", "PriceSchedules", "bills", "block_charge_azn", "cost_recovery", "finances",
           "price_schedules"]
