"""The comparison KPI table: one row per headline KPI, one column per scenario.

The KPIs are a curated list (:data:`INDICATORS`) read from each run's
``kpis.json``; the tariff KPIs appear only when at least one run has them,
and then with a row per consumer class for its average monthly bill per
customer (``bill_azn_per_customer_month``).
The table renders as aligned terminal text, CSV (numbers at full precision in
the unit of the row) and Markdown.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from gezopt.report.results_folder import ResultsFolder

MISSING = "-"


@dataclass(frozen=True)
class Indicator:
    """A KPI row: its label, unit, the ``kpis.json`` keys to try in order, a scale factor and decimals."""

    label: str
    unit: str
    keys: tuple[str, ...]
    scale: float = 1.0
    decimals: int = 1
    optional: bool = False  # shown only when some run has it (the tariff KPIs)


INDICATORS = (
    Indicator("system cost", "AZN", ("system_cost_azn",), decimals=0),
    Indicator("cost per MWh served", "AZN/MWh", ("cost_per_mwh_served_azn",), decimals=2),
    Indicator("annualised capital cost", "AZN", ("annualised_capital_cost_azn",), decimals=0),
    Indicator("fixed O&M", "AZN", ("fixed_om_cost_azn",), decimals=0),
    Indicator("variable cost", "AZN", ("variable_cost_azn",), decimals=0),
    Indicator("import cost", "AZN", ("import_cost_azn",), decimals=0),
    Indicator("export revenue", "AZN", ("export_revenue_azn",), decimals=0),
    Indicator("net cost", "AZN", ("net_cost_azn",), decimals=0),
    Indicator("levelised cost per MWh served", "AZN/MWh", ("levelised_cost_azn_per_mwh_served",), decimals=2),
    Indicator("consumer equipment (not in net cost)", "AZN", ("consumer_equipment_cost_azn",), decimals=0),
    Indicator("demand-weighted nodal price", "AZN/MWh", ("demand_weighted_price_azn_per_mwh",), decimals=2),
    Indicator("consumption", "MWh", ("consumption_mwh",)),
    Indicator("peak load", "MW", ("peak_load_mw", "peak_demand_mw"), decimals=3),
    Indicator("EVs at the peak hour", "MW", ("ev_peak_contribution_mw",), decimals=3),
    Indicator("local generation", "MWh", ("local_generation_mwh",)),
    Indicator("imports", "MWh", ("imports_mwh",)),
    Indicator("exports", "MWh", ("exports_mwh",)),
    Indicator("emissions", "t CO2", ("emissions_t",)),
    Indicator("emissions displaced by exports", "t CO2", ("export_displaced_emissions_t",)),
    Indicator("export certificates", "MWh", ("export_certificates_mwh",)),
    Indicator("renewable share", "%", ("renewable_share",), scale=100.0),
    Indicator("curtailment", "MWh", ("curtailment_mwh",)),
    Indicator("load shed", "MWh", ("load_shed_mwh",), decimals=3),
    Indicator("EV charging", "MWh", ("ev_charging_mwh",)),
    Indicator("EV charging cost per vehicle", "AZN", ("ev_charging_cost_azn_per_vehicle",), decimals=2),
    Indicator("heat-pump electricity", "MWh", ("heat_pump_electricity_mwh",)),
    Indicator("tariff revenue", "AZN", ("tariff_revenue_azn",), decimals=0, optional=True),
    Indicator("full cost of serving consumers", "AZN", ("consumer_full_cost_azn",), decimals=0, optional=True),
    Indicator("consumers' energy share", "%", ("consumer_energy_share",), scale=100.0, optional=True),
    Indicator("cost recovery ratio", "%", ("cost_recovery_ratio",), scale=100.0, optional=True),
    Indicator("subsidy", "AZN", ("subsidy_azn",), decimals=0, optional=True),
    Indicator("marginal-value supply cost", "AZN", ("marginal_value_supply_cost_azn",), decimals=0, optional=True),
    Indicator("marginal-value cost recovery", "%", ("marginal_value_cost_recovery_ratio",), scale=100.0,
              optional=True),
    Indicator("carbon certificate revenue", "AZN", ("carbon_certificate_revenue_azn",), decimals=0, optional=True),
    Indicator("tariff cost to the system", "AZN", ("tariff_cost_to_system_azn",), decimals=0, optional=True),
)


BILLS_BY_CLASS = "bill_azn_per_customer_month"  # kpis.json: class -> average monthly bill per customer


def bill_indicators(folders: Sequence[ResultsFolder]) -> list[Indicator]:
    """A row per consumer class billed in some run: its average monthly bill per customer (per household)."""
    classes = dict.fromkeys(name for results in folders
                            for name in (results.kpis.get(BILLS_BY_CLASS) or {}))
    return [Indicator(f"bill per customer: {name}", "AZN/month", (f"{BILLS_BY_CLASS}.{name}",), decimals=2,
                      optional=True) for name in classes]


def _lookup(kpis: dict[str, object], key: str) -> object:
    """``kpis[key]``; ``group.name`` reads ``kpis[group][name]`` (a class name may hold dots); None where absent."""
    value: object = kpis
    for part in key.split(".", 1):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def indicator_value(indicator: Indicator, kpis: dict[str, object]) -> float | None:
    """The KPI's value in the row's unit, None if the run does not report it."""
    for key in indicator.keys:
        value = _lookup(kpis, key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return float(value) * indicator.scale
    return None


def format_value(indicator: Indicator, value: float | None) -> str:
    """A value with thousands separators and the row's decimals (no ``-0``); ``-`` when missing."""
    if value is None:
        return MISSING
    rounded = round(value, indicator.decimals) + 0.0
    return f"{rounded:,.{indicator.decimals}f}"


@dataclass(frozen=True)
class KpiTable:
    """KPI rows by scenario: ``values[i][j]`` is indicator ``i`` of scenario ``j``."""

    scenarios: list[str]
    indicators: list[Indicator]
    values: list[list[float | None]]

    def to_frame(self) -> pd.DataFrame:
        """Columns kpi, unit and one per scenario (numbers; NaN when missing)."""
        frame = pd.DataFrame({"kpi": [i.label for i in self.indicators], "unit": [i.unit for i in self.indicators]})
        for position, scenario in enumerate(self.scenarios):
            frame[scenario] = [row[position] for row in self.values]
        return frame

    def to_csv(self) -> str:
        """The table as CSV text."""
        buffer = io.StringIO()
        self.to_frame().to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()

    def formatted_rows(self) -> list[list[str]]:
        """Each row as strings: label, unit, then each scenario's formatted value."""
        return [[indicator.label, indicator.unit, *(format_value(indicator, v) for v in row)]
                for indicator, row in zip(self.indicators, self.values)]

    def to_text(self) -> str:
        """Aligned plain text for the terminal: labels left, numbers right."""
        header = ["KPI", "unit", *self.scenarios]
        rows = [header, *self.formatted_rows()]
        widths = [max(len(row[c]) for row in rows) for c in range(len(header))]
        lines = []
        for row in rows:
            cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
            cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:])]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table, numbers right-aligned."""
        def cell(text: str) -> str:
            return text.replace("|", "\\|")

        lines = ["| KPI | unit | " + " | ".join(cell(s) for s in self.scenarios) + " |",
                 "|---|---|" + "---:|" * len(self.scenarios)]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in self.formatted_rows()]
        return "\n".join(lines)


def kpi_table(folders: Sequence[ResultsFolder], extra: Sequence[Indicator] = ()) -> KpiTable:
    """The comparison table of ``folders``, one column each, labelled as the folders are; ``extra`` rows after
    the bills (the capacity and target rows of :mod:`gezopt.report.capacity_rows`)."""
    indicators, values = [], []
    for indicator in (*INDICATORS, *bill_indicators(folders), *extra):
        row = [indicator_value(indicator, results.kpis) for results in folders]
        if indicator.optional and all(value is None for value in row):
            continue
        indicators.append(indicator)
        values.append(row)
    return KpiTable(scenarios=[results.label for results in folders], indicators=indicators, values=values)
