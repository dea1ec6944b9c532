"""The zone's full cost over the run's horizon: annuities of its assets beside the cost of the dispatch.

For the assets the zone's supply owns (``owner`` system: generation, storage,
the grid), over a horizon of :math:`H` hours (AZN):

.. math::

    K = \\sum_a \\mathrm{capital}^H_a, \\quad F = \\sum_a \\mathrm{fixed\\,O\\&M}^H_a, \\quad
    V = \\text{local supply cost} - c^{CO_2} E - c^{VoLL} S, \\qquad C = c^{CO_2} E

(the annuities times the asset's hours in service / 8760, :mod:`gezopt.costs.annuities`),
where the local supply cost is the dispatch's objective less trade (variable
O&M of the units, the carbon price on the emissions :math:`E`, imports' included,
and the value of lost load on the energy not served :math:`S`: demand, EV
driving, heat).  Then

.. math::

    \\text{net cost} = K + F + V + C + M - X, \\qquad
    \\text{levelised cost} = \\text{net cost} / \\text{MWh served}

with :math:`M` the import cost and :math:`X` the export revenue.  The net cost
is money: it leaves out the value of lost load (reported apart), so it equals
the system cost + K + F − :math:`c^{VoLL} S`.  Consumer-owned equipment (rooftop
PV, heat pumps, boilers, tanks, home chargers and batteries) is paid by its
owners, not through tariffs: its annuities are reported beside the net cost,
not in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from gezopt.costs.annuities import AssetCosts, Owner


@dataclass(frozen=True)
class FullCost:
    """The parts of the zone's full cost over the horizon, AZN (see the module)."""

    horizon_hours: float
    capital_azn: float
    fixed_om_azn: float
    variable_azn: float
    carbon_azn: float
    lost_load_azn: float
    import_azn: float
    export_revenue_azn: float
    consumer_equipment_azn: float
    served_mwh: float
    exports_mwh: float
    unpriced_assets: int

    @property
    def own_supply_azn(self) -> float:
        """What the zone's own supply costs: K + F + V + C (shared by local consumption and exports)."""
        return self.capital_azn + self.fixed_om_azn + self.variable_azn + self.carbon_azn

    @property
    def net_azn(self) -> float:
        """K + F + V + C + imports - exports, AZN."""
        return self.own_supply_azn + self.import_azn - self.export_revenue_azn

    @property
    def levelised_azn_per_mwh(self) -> float | None:
        """Net cost per MWh served, AZN/MWh (None when nothing is served)."""
        return self.net_azn / self.served_mwh if self.served_mwh > 0 else None

    def kpis(self) -> dict[str, float | int | None]:
        """The KPIs of the full cost (kpis.json)."""
        return {
            "annualised_capital_cost_azn": self.capital_azn,
            "fixed_om_cost_azn": self.fixed_om_azn,
            "variable_cost_azn": self.variable_azn,
            "carbon_cost_azn": self.carbon_azn,
            "lost_load_cost_azn": self.lost_load_azn,
            "net_cost_azn": self.net_azn,
            "levelised_cost_azn_per_mwh_served": self.levelised_azn_per_mwh,
            "consumer_equipment_cost_azn": self.consumer_equipment_azn,
            "unpriced_assets": self.unpriced_assets,
        }


def full_cost(costs: AssetCosts, kpis: dict[str, object], parameters: dict[str, float]) -> FullCost:
    """The full cost from the asset annuities and the dispatch's figures (:func:`gezopt.results.key_figures`)."""
    carbon = parameters["co2_price_azn_per_t"] * float(kpis["emissions_t"])
    unserved_mwh = float(kpis["load_shed_mwh"]) + float(kpis["ev_unserved_mwh"]) + float(kpis["heat_shed_mwh_th"])
    lost_load = parameters["value_of_lost_load_azn_per_mwh"] * unserved_mwh
    return FullCost(
        horizon_hours=float(kpis["hours"]),
        capital_azn=costs.capital_azn(Owner.SYSTEM),
        fixed_om_azn=costs.fixed_om_azn(Owner.SYSTEM),
        variable_azn=float(kpis["local_supply_cost_azn"]) - carbon - lost_load,
        carbon_azn=carbon,
        lost_load_azn=lost_load,
        import_azn=float(kpis["import_cost_azn"]),
        export_revenue_azn=float(kpis["export_revenue_azn"]),
        consumer_equipment_azn=costs.capital_azn(Owner.CONSUMERS) + costs.fixed_om_azn(Owner.CONSUMERS),
        served_mwh=float(kpis["consumption_mwh"]) - float(kpis["load_shed_mwh"]),
        exports_mwh=float(kpis["exports_mwh"]),
        unpriced_assets=len(costs.unpriced),
    )
