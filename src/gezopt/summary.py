"""The run's headline figures as the plain-text table ``gezopt solve`` prints.

Energies in GWh, money in million AZN over the horizon.  Annuities are scaled to the horizon (annuity x
horizon hours / 8,760, said on the net-cost row); the tariff rows appear only for a run with tariffs.
"""

from __future__ import annotations

GWH_PER_MWH = 1e-3


def or_na(value: float | None, template: str) -> str:
    """``value`` formatted, or ``n/a`` for a figure the run has none of (kpis.json ``null``)."""
    return "n/a" if value is None else template.format(value)


def million(value: float) -> str:
    """AZN as million AZN with three decimals, no ``-0.000`` for a value that rounds to zero."""
    return f"{round(value / 1e6, 3) + 0.0:,.3f} million AZN"


def _cost_rows(kpis: dict[str, object]) -> list[tuple[str, str]]:
    return [
        ("system cost", f"{million(kpis['system_cost_azn'])} (net of export revenue)"),
        ("  local supply cost", million(kpis["local_supply_cost_azn"])),
        ("  import cost", million(kpis["import_cost_azn"])),
        ("  export revenue", million(kpis["export_revenue_azn"])),
        ("  per MWh served", or_na(kpis["cost_per_mwh_served_azn"], "{:,.2f} AZN/MWh")),
        ("net cost", (f"{million(kpis['net_cost_azn'])} (system cost + annuities x {kpis['hours']:,.0f} h / 8,760 h, "
                      "without lost load)")),
        ("  annualised capital", million(kpis["annualised_capital_cost_azn"])),
        ("  fixed O&M", million(kpis["fixed_om_cost_azn"])),
        ("  variable cost", million(kpis["variable_cost_azn"])),
        ("levelised cost", or_na(kpis["levelised_cost_azn_per_mwh_served"], "{:,.2f} AZN/MWh served")),
        ("consumer equipment", (f"{million(kpis['consumer_equipment_cost_azn'])} (annuities of what consumers own, "
                                "not in the net cost)")),
    ]


def _tariff_rows(kpis: dict[str, object]) -> list[tuple[str, str]]:
    if "tariff_revenue_azn" not in kpis:
        return []
    return [
        ("tariff revenue", million(kpis["tariff_revenue_azn"])),
        ("cost recovery", (f"{or_na(kpis['cost_recovery_ratio'], '{:.1%}')} of the consumers' full cost "
                           f"{million(kpis['consumer_full_cost_azn'])} ({kpis['cost_allocation'].replace('_', ' ')})")),
        ("  subsidy", million(kpis["subsidy_azn"])),
        ("  marginal value", (f"{or_na(kpis['marginal_value_cost_recovery_ratio'], '{:.1%}')} of consumption at "
                              f"nodal prices {million(kpis['marginal_value_supply_cost_azn'])}")),
    ]


def _expansion_rows(kpis: dict[str, object]) -> list[tuple[str, str]]:
    """What a capacity expansion built, its annuity and the targets' shadow prices (none without an expansion)."""
    rows = []
    if "investment_annuity_azn" in kpis:
        annuity = million(kpis["investment_annuity_azn"])
        rows.append(("investment annuity", f"{annuity} (capacity built, x horizon / 8,760 h)"))
        rows += [(f"  built {name}", f"{value:,.1f} MW") for name, value in
                 kpis["built_capacity_mw_by_technology"].items() if value]
        rows += [(f"  built {name} energy", f"{value:,.1f} MWh") for name, value in
                 kpis["built_storage_energy_mwh_by_technology"].items() if value]
    prices = [(*key.split("_shadow_price_azn_per_"), value) for key, value in kpis.items()
              if "_shadow_price_azn_per_" in key and isinstance(value, float)]
    rows += [(f"shadow price {name.replace('_', ' ')}", f"{value + 0.0:,.2f} AZN/{'t' if unit == 't' else 'MWh'}")
             for name, unit, value in prices]
    for name, value in (kpis.get("minimum_capacity_shadow_price_azn_per_mw") or {}).items():
        rows.append((f"shadow price minimum {name} capacity", f"{value:,.0f} AZN/MW over the horizon"))
    return rows


def _energy_rows(kpis: dict[str, object]) -> list[tuple[str, str]]:
    rows = [
        ("consumption", f"{kpis['consumption_mwh'] * GWH_PER_MWH:,.2f} GWh (peak {kpis['peak_demand_mw']:,.1f} MW)"),
        ("local generation", f"{kpis['local_generation_mwh'] * GWH_PER_MWH:,.2f} GWh"),
    ]
    rows += [(f"  {carrier}", f"{energy * GWH_PER_MWH:,.2f} GWh") for carrier, energy in kpis["energy_by_technology_mwh"].items()]
    return rows + [
        ("imports", f"{kpis['imports_mwh'] * GWH_PER_MWH:,.2f} GWh (peak {kpis['peak_import_mw']:,.1f} MW)"),
        ("exports", f"{kpis['exports_mwh'] * GWH_PER_MWH:,.2f} GWh"),
        ("emissions", f"{kpis['emissions_t']:,.0f} t CO2"),
        ("  displaced by exports", or_na(kpis["export_displaced_emissions_t"], "{:,.0f} t CO2 of national generation")),
        ("export certificates", f"{kpis['export_certificates_mwh']:,.1f} MWh (one per MWh of renewable exports)"),
        ("renewable share", or_na(kpis["renewable_share"], "{:.1%}")),
        ("curtailment", f"{kpis['curtailment_mwh'] * GWH_PER_MWH:,.2f} GWh"),
        ("load shed", f"{kpis['load_shed_mwh'] * GWH_PER_MWH:,.3f} GWh"),
        ("peak load", (f"{kpis['peak_load_mw']:,.1f} MW (EVs {kpis['ev_peak_contribution_mw']:,.2f} MW, "
                      f"heat {kpis['heat_peak_contribution_mw']:,.2f} MW)")),
        ("EV charging", f"{kpis['ev_charging_mwh'] * GWH_PER_MWH:,.3f} GWh"),
        ("heat", (f"{kpis['heat_demand_mwh_th'] * GWH_PER_MWH:,.2f} GWh_th from "
                 f"{kpis['heat_electricity_mwh'] * GWH_PER_MWH:,.2f} GWh of electricity")),
    ]


def summary_table(kpis: dict[str, object]) -> str:
    """The run's headline figures as a plain-text table (energies in GWh)."""
    rows = [("horizon", f"{kpis['hours']:.0f} h from {kpis['start']} (year {kpis['year']})"),
            *_cost_rows(kpis), *_expansion_rows(kpis), *_tariff_rows(kpis), *_energy_rows(kpis)]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
