"""A run as the console shows it: the horizon it solves and its headline figures."""

from __future__ import annotations

from gezopt.config import RunSettings


def horizon_text(settings: RunSettings, set_keys: tuple[str, ...] = ()) -> str:
    """The horizon a run will solve, as set by the scenario and the options (not the scenario's description);
    ``set_keys`` are the key paths given by ``--set``."""
    start = settings.start or "the start of the profiles"
    hours = f"{settings.hours} h" if settings.hours is not None else "to the end of the profiles"
    options = ", ".join([*(f"--{name}" for name in settings.command_line),
                         *(f"--set {key}" for key in set_keys if key == "horizon" or key.startswith("horizon."))])
    return (f"horizon {hours} from {start}" + (f" at {settings.resolution_hours} h" if settings.resolution_hours > 1 else "")
            + (f" (set by {options}, not the description)" if options else ""))


def _or_na(value: float | None, template: str) -> str:
    """``value`` formatted, or ``n/a`` for a figure the run has none of (kpis.json ``null``)."""
    return "n/a" if value is None else template.format(value)


def summary_table(kpis: dict[str, object]) -> str:
    """The run's headline figures as a plain-text table (energies in GWh)."""
    gwh = 1e-3

    def million(value: float) -> str:  # no "-0.000" for a value that rounds to zero
        return f"{round(value / 1e6, 3) + 0.0:,.3f} million AZN"

    rows = [
        ("horizon", f"{kpis['hours']:.0f} h from {kpis['start']} (year {kpis['year']})"),
        ("system cost", f"{million(kpis['system_cost_azn'])} (net of export revenue)"),
        ("  local supply cost", million(kpis["local_supply_cost_azn"])),
        ("  import cost", million(kpis["import_cost_azn"])),
        ("  export revenue", million(kpis["export_revenue_azn"])),
        ("cost per MWh served", _or_na(kpis["cost_per_mwh_served_azn"], "{:,.2f} AZN/MWh")),
        ("consumption", f"{kpis['consumption_mwh'] * gwh:,.2f} GWh (peak {kpis['peak_demand_mw']:,.1f} MW)"),
        ("local generation", f"{kpis['local_generation_mwh'] * gwh:,.2f} GWh"),
    ]
    for carrier, energy in kpis["energy_by_technology_mwh"].items():
        rows.append((f"  {carrier}", f"{energy * gwh:,.2f} GWh"))
    rows += [
        ("imports", f"{kpis['imports_mwh'] * gwh:,.2f} GWh (peak {kpis['peak_import_mw']:,.1f} MW)"),
        ("exports", f"{kpis['exports_mwh'] * gwh:,.2f} GWh"),
        ("emissions", f"{kpis['emissions_t']:,.0f} t CO2"),
        ("renewable share", _or_na(kpis["renewable_share"], "{:.1%}")),
        ("curtailment", f"{kpis['curtailment_mwh'] * gwh:,.2f} GWh"),
        ("load shed", f"{kpis['load_shed_mwh'] * gwh:,.3f} GWh"),
        ("peak load", (f"{kpis['peak_load_mw']:,.1f} MW (EVs {kpis['ev_peak_contribution_mw']:,.2f} MW, "
                      f"heat {kpis['heat_peak_contribution_mw']:,.2f} MW)")),
        ("EV charging", f"{kpis['ev_charging_mwh'] * gwh:,.3f} GWh"),
        ("heat", (f"{kpis['heat_demand_mwh_th'] * gwh:,.2f} GWh_th from {kpis['heat_electricity_mwh'] * gwh:,.2f} GWh "
                 "of electricity")),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
