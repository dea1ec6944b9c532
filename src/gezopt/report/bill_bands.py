"""Winners and losers: one customer's monthly bill at each consumption band, scenario against the first.

Each run with tariffs writes ``bill_bands.csv`` (:mod:`gezopt.tariffs.bands`):
per consumer class and band (kWh a month) the bill of one customer.  Across
scenarios, the first is the reference; for every other scenario :math:`s`
the difference :math:`\\Delta_s = B_s - B_{ref}` (AZN a month) makes the
customer a *winner* (:math:`\\Delta_s` below minus half a qəpik, pays less),
a *loser* (above half a qəpik, pays more) or *unchanged*.  A class billed in
only some scenarios shows ``-`` where it has no tariff.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import pandas as pd

from gezopt.report.results_folder import ResultsFolder

UNCHANGED_WITHIN_AZN = 0.005  # half a qəpik: differences smaller than this are rounding
MISSING = "-"


class Outcome(str, Enum):
    """What a scenario does to a customer's bill against the reference scenario."""

    WINNER = "winner"  # pays less
    LOSER = "loser"  # pays more
    UNCHANGED = "unchanged"


def outcome_of(difference_azn: float) -> Outcome:
    """Winner below :data:`UNCHANGED_WITHIN_AZN` less, loser above it more, else unchanged."""
    if difference_azn < -UNCHANGED_WITHIN_AZN:
        return Outcome.WINNER
    if difference_azn > UNCHANGED_WITHIN_AZN:
        return Outcome.LOSER
    return Outcome.UNCHANGED


@dataclass(frozen=True)
class BandRow:
    """One class at one band: the monthly bill in each scenario (None where the class has no tariff)."""

    consumer_class: str
    band_kwh_per_month: float
    bills_azn_per_month: tuple[float | None, ...]

    def difference_azn(self, position: int) -> float | None:
        """Bill of scenario ``position`` minus the reference's (the first), or None if either is missing."""
        bill, reference = self.bills_azn_per_month[position], self.bills_azn_per_month[0]
        return None if bill is None or reference is None else bill - reference

    def outcome(self, position: int) -> Outcome | None:
        """Winner, loser or unchanged against the reference; None for the reference itself or a missing bill."""
        difference = self.difference_azn(position)
        return None if position == 0 or difference is None else outcome_of(difference)


@dataclass(frozen=True)
class BandComparison:
    """Bills at consumption bands of several scenarios, the first the reference."""

    scenarios: tuple[str, ...]
    rows: tuple[BandRow, ...]

    @property
    def reference(self) -> str:
        return self.scenarios[0]

    def to_frame(self) -> pd.DataFrame:
        """``bills_by_band.csv``: one row per class, band and scenario, with the difference and the outcome."""
        records = []
        for row in self.rows:
            for position, scenario in enumerate(self.scenarios):
                outcome = row.outcome(position)
                records.append({
                    "consumer_class": row.consumer_class, "band_kwh_per_month": row.band_kwh_per_month,
                    "scenario": scenario, "bill_azn_per_month": row.bills_azn_per_month[position],
                    "reference_scenario": self.reference, "difference_azn_per_month": row.difference_azn(position),
                    "outcome": outcome.value if outcome is not None else None})
        return pd.DataFrame.from_records(records, columns=[
            "consumer_class", "band_kwh_per_month", "scenario", "bill_azn_per_month", "reference_scenario",
            "difference_azn_per_month", "outcome"])

    def to_csv(self) -> str:
        buffer = io.StringIO()
        self.to_frame().to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue()

    def cell(self, row: BandRow, position: int) -> str:
        """``8.40`` for the reference, ``7.95 (-0.45)`` for another scenario, ``-`` where missing."""
        bill = row.bills_azn_per_month[position]
        if bill is None:
            return MISSING
        difference = row.difference_azn(position)
        if position == 0 or difference is None:
            return f"{bill:,.2f}"
        shown = "=" if row.outcome(position) is Outcome.UNCHANGED else f"{difference:+,.2f}"
        return f"{bill:,.2f} ({shown})"

    def header(self) -> list[str]:
        return ["class", "kWh/month", *self.scenarios]

    def cells(self) -> list[list[str]]:
        """Each row as strings: class, band, then each scenario's cell."""
        return [[row.consumer_class, f"{row.band_kwh_per_month:,.0f}",
                 *(self.cell(row, position) for position in range(len(self.scenarios)))] for row in self.rows]

    def title(self) -> str:
        return (f"Bills per customer at consumption bands, AZN a month (in brackets: the difference from "
                f"{self.reference}; - pays less, + pays more)")

    def to_text(self) -> str:
        """Aligned plain text: the title, then class and band left, bills right."""
        rows = [self.header(), *self.cells()]
        widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
        lines = [self.title()]
        for row in rows:
            cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:]))]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        lines = [self.title(), "", "| " + " | ".join(self.header()) + " |",
                 "|---|" + "---:|" * (len(self.scenarios) + 1)]
        lines += ["| " + " | ".join(cells) + " |" for cells in self.cells()]
        return "\n".join(lines)


def band_comparison(folders: Sequence[ResultsFolder]) -> BandComparison | None:
    """The bills at bands of ``folders`` side by side (rows in order of first appearance), or None when no run
    wrote ``bill_bands.csv``."""
    tables = {position: results.table("bill_bands") for position, results in enumerate(folders)
              if results.has_table("bill_bands")}
    if not tables:
        return None
    bills: dict[tuple[str, float], list[float | None]] = {}
    for position, table in tables.items():
        for name, band, bill in zip(table["consumer_class"], table["band_kwh_per_month"], table["bill_azn_per_month"]):
            bills.setdefault((str(name), float(band)), [None] * len(folders))[position] = float(bill)
    rows = tuple(BandRow(name, band, tuple(values)) for (name, band), values in bills.items())
    return BandComparison(scenarios=tuple(results.label for results in folders), rows=rows)
