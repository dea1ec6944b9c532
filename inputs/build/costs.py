"""Step: the costs table: investment, fixed and variable O&M and lifetime of the zone's assets, in AZN.

    python inputs/build/costs.py [--shared ../shared/data] [--work inputs/build/products]

Reads the technology cost sheet ``technology_costs_2025.csv`` beside ZONE.md (T10: the PyPSA technology-data
costs of 2025, in EUR of 2015-2020) and ``facts/costs.csv`` (which sheet technology prices which of the zone's
technologies or assets, and the published per-asset figures).  Per row: investment per capacity unit = the
asset's published figure, or the sheet's x units per capacity unit (1,000 kW per MW); fixed O&M per year =
the sheet's FOM (%/yr) x that investment; lifetime = the sheet's; variable O&M = the ZONE.md T10 figure the
units' marginal cost is built from (fleet.py), 0 elsewhere.  EUR at the dataset's rate, USD at ZONE.md's
1.70 AZN [T1].  The national grid's substations (the buses of the grid connections) cost the zone nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path

from common import EUR_TO_AZN, Sources, constants, fact_rows, step_arguments, write_product

C = constants()
RATES = {"EUR": EUR_TO_AZN, "USD": C["usd_to_azn"], "AZN": 1.0}
SHEET = "technology_costs_2025.csv"


def read_sheet(shared: Path) -> dict[tuple[str, str], tuple[float, str]]:
    """The sheet as (technology, parameter) -> (value, unit)."""
    with (shared / SHEET).open(encoding="utf-8", errors="replace", newline="") as handle:
        return {(row["technology"], row["parameter"]): (float(row["value"]), row["unit"])
                for row in csv.DictReader(handle)}


def investment_azn(fact: dict[str, str], sheet: dict[tuple[str, str], tuple[float, str]]) -> tuple[float, str]:
    """Investment per capacity unit in AZN, and how it was derived."""
    if fact["investment"]:
        value, currency = float(fact["investment"]), fact["currency"]
        return value * RATES[currency], f"{value:,.0f} {currency} x {RATES[currency]} AZN/{currency}"
    value, unit = sheet[fact["sheet_technology"], "investment"]
    per = float(fact["sheet_units_per_capacity_unit"])
    return (value * per * EUR_TO_AZN,
            f"{value:g} {unit} x {per:g} per {fact['capacity_unit']} x {EUR_TO_AZN} AZN/EUR ({fact['sheet_technology']})")


def variable_om_source(fact: dict[str, str], sheet: dict[tuple[str, str], tuple[float, str]]) -> tuple[str, str]:
    """Where the variable O&M comes from: the figure the units' marginal cost is built from, or none."""
    constant = fact["variable_om_constant"]
    if constant:
        return "T10", f"{C[constant]:g} EUR/MWh x {EUR_TO_AZN} AZN/EUR, the figure the units' marginal cost is built from"
    if (fact["sheet_technology"], "VOM") in sheet:
        return "ASSUMPTION", "the sheet's variable O&M is not modelled (the dispatch has no cost for it): 0"
    return "T10", "no variable O&M in the sheet: 0"


def build_row(fact: dict[str, str], sheet: dict[tuple[str, str], tuple[float, str]],
              sources: Sources) -> dict[str, object]:
    investment, derivation = investment_azn(fact, sheet)
    fom_percent = sheet.get((fact["sheet_technology"], "FOM"), (0.0, "%/year"))[0]
    lifetime = sheet[fact["sheet_technology"], "lifetime"][0]
    constant = fact["variable_om_constant"]
    variable_om = C[constant] * EUR_TO_AZN if constant else 0.0
    cost_id, source = fact["cost_id"], fact["source"]
    sources.add_row("costs", cost_id, {
        "investment_azn_per_capacity_unit": (source, f"{fact['note']}: {derivation}"),
        "fixed_om_azn_per_capacity_unit_year": (
            "T10" if fact["sheet_technology"] else source,
            f"{fom_percent:g} %/yr of the investment ({fact['sheet_technology']} fixed O&M)"),
        "variable_om_azn_per_mwh": variable_om_source(fact, sheet),
        "lifetime_years": ("T10", f"{fact['sheet_technology']} technical lifetime"),
    })
    return {"cost_id": cost_id, "asset_table": fact["asset_table"], "technology": fact["technology"],
            "asset_id": fact["asset_id"] or None, "capacity_unit": fact["capacity_unit"], "owner": fact["owner"],
            "investment_azn_per_capacity_unit": round(investment, 4),
            "fixed_om_azn_per_capacity_unit_year": round(investment * fom_percent / 100.0, 4),
            "variable_om_azn_per_mwh": round(variable_om, 4), "lifetime_years": lifetime}


def national_grid_rows(sources: Sources) -> list[dict[str, object]]:
    """A zero cost for each national-grid bus: the national grid's substations, not the zone's."""
    rows = []
    for connection in fact_rows("grid_connections"):
        cost_id = f"NATIONAL_{connection['bus']}"
        rows.append({"cost_id": cost_id, "asset_table": "buses", "technology": "substation",
                     "asset_id": connection["bus"], "capacity_unit": "each", "owner": "system",
                     "investment_azn_per_capacity_unit": 0.0, "fixed_om_azn_per_capacity_unit_year": 0.0,
                     "variable_om_azn_per_mwh": 0.0, "lifetime_years": 40.0})
        sources.add("costs", cost_id, "*", "ASSUMPTION",
                    f"{connection['bus']} is the national grid's end of a connection: not a cost of the zone")
    return rows


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    sheet = read_sheet(arguments.shared)
    sources = Sources()
    rows = [build_row(fact, sheet, sources) for fact in fact_rows("costs")] + national_grid_rows(sources)
    write_product(arguments.work, "costs", {"costs": rows}, sources)
    print(f"costs: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
