"""The zone's finances under its tariffs: revenue against the full cost of serving its consumers.

The zone's own supply costs :math:`S = K + F + V + C` (annualised capital, fixed
O&M, variable and carbon cost of the system-owned assets over the horizon,
:class:`gezopt.costs.FullCost`) serve both local consumption and exports.
``tariffs.cost_allocation`` splits them:

- ``energy_share`` (default): by energy.  Consumers bear the share
  :math:`s = E / (E + X^{MWh})` of :math:`S` (:math:`E` MWh served in the zone,
  :math:`X^{MWh}` MWh exported) and every import :math:`M` (imports serve the
  zone): :math:`\\text{cost} = s S + M`; exports bear :math:`(1 - s) S`.
- ``exports_at_marginal_value``: exports bear exactly what they earn at the
  export price, their value to the national grid at the margin (:math:`X`);
  consumers bear the rest: :math:`\\text{cost} = S + M - X`.

Cost recovery = tariff revenue / cost (undefined when the cost is not
positive); subsidy = :math:`\\max(\\text{cost} - \\text{revenue}, 0)`.

The marginal-value view is kept apart: every MWh consumed valued at its nodal
price, :math:`\\sum_{t,b} w_t d_{b,t} \\lambda_{b,t}` (what the zone gives up at the
margin to serve it, the export value in an exporting hour);
``marginal_value_cost_recovery_ratio`` = revenue / that.  Carbon certificate
revenue = the certificate price x local certificate-eligible output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gezopt.carriers import CERTIFICATE_CARRIERS
from gezopt.costs import FullCost
from gezopt.data import ZoneData
from gezopt.scenario.schema import CostAllocation, Tariffs


@dataclass(frozen=True)
class CostRecovery:
    """Tariff revenue against the full cost of serving the zone's consumers, AZN over the horizon."""

    allocation: CostAllocation
    revenue_azn: float
    consumer_energy_share: float
    consumer_cost_azn: float
    export_cost_azn: float

    @property
    def ratio(self) -> float | None:
        """Revenue / the consumers' cost (None when that cost is not positive)."""
        return self.revenue_azn / self.consumer_cost_azn if self.consumer_cost_azn > 0 else None

    @property
    def subsidy_azn(self) -> float:
        """The shortfall of revenue against the consumers' cost, AZN (0 when revenue covers it)."""
        return max(self.consumer_cost_azn - self.revenue_azn, 0.0)


def cost_recovery(full: FullCost, revenue_azn: float, allocation: CostAllocation) -> CostRecovery:
    """The consumers' share of the full cost by ``allocation`` (see the module), and the revenue against it."""
    delivered_mwh = full.served_mwh + full.exports_mwh
    share = full.served_mwh / delivered_mwh if delivered_mwh > 0 else 1.0
    shared = full.own_supply_azn
    if allocation is CostAllocation.ENERGY_SHARE:
        consumer, exports = share * shared + full.import_azn, (1.0 - share) * shared
    else:
        consumer, exports = shared + full.import_azn - full.export_revenue_azn, full.export_revenue_azn
    return CostRecovery(allocation=allocation, revenue_azn=revenue_azn, consumer_energy_share=share,
                        consumer_cost_azn=consumer, export_cost_azn=exports)


def marginal_value_supply_cost_azn(zone: ZoneData, tables: dict[str, pd.DataFrame]) -> float:
    """Every MWh consumed (demand, scheduled EV charging, heat electricity, less shed) at its nodal price, AZN."""
    weights = pd.Series(np.asarray(zone.snapshot_hours, dtype=float), index=zone.snapshots)
    demand, prices = tables["demand"], tables["prices"]
    consumed = demand["demand_mw"] + demand["ev_scheduled_mw"] + demand["heat_electricity_mw"] - demand["shed_mw"]
    valued = (consumed.to_numpy() * prices["price_azn_per_mwh"].to_numpy()
              * weights.reindex(demand["snapshot"]).to_numpy())
    return float(valued.sum())


def finances(zone: ZoneData, tables: dict[str, pd.DataFrame], kpis: dict, bill_table: pd.DataFrame,
             tariffs: Tariffs, full: FullCost) -> dict[str, float | str | None]:
    """Tariff revenue, cost recovery against the full cost and the subsidy; the marginal-value view; certificates."""
    revenue = float(bill_table["bill_azn"].sum()) if len(bill_table) else 0.0
    recovery = cost_recovery(full, revenue, tariffs.cost_allocation)
    marginal_value = marginal_value_supply_cost_azn(zone, tables)
    renewable_mwh = sum(v for k, v in kpis["energy_by_technology_mwh"].items() if k in CERTIFICATE_CARRIERS)
    return {
        "tariff_revenue_azn": revenue,
        "cost_allocation": recovery.allocation.value,
        "consumer_energy_share": recovery.consumer_energy_share,
        "consumer_full_cost_azn": recovery.consumer_cost_azn,
        "export_allocated_cost_azn": recovery.export_cost_azn,
        "cost_recovery_ratio": recovery.ratio,
        "subsidy_azn": recovery.subsidy_azn,
        "marginal_value_supply_cost_azn": marginal_value,
        "marginal_value_cost_recovery_ratio": revenue / marginal_value if marginal_value > 0 else None,
        "carbon_certificate_revenue_azn": tariffs.carbon_certificate_azn_per_mwh * renewable_mwh,
    }
