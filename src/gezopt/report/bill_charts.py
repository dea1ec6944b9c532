"""The bills chart: one small panel per consumer class, each on its own scale.

The classes' bills differ a hundredfold (an industrial customer's month against a
household's), so one shared axis would flatten all but the largest.  Each panel
shows one class: a bar per scenario (its colour, in the legend's order) with the
average monthly bill per customer and the average price paid written at its end.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from gezopt.report.plot_helpers import WIDTH_IN, available, missing_note
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.style import new_figure, scenario_colour

BILL = "average_monthly_bill_azn_per_customer"
PRICE = "average_price_azn_per_mwh"
COLUMNS = 3  # panels per row
LABEL_ROOM = 1.6  # the axis runs to this multiple of the largest bill, leaving room for the labels
ROW_IN = 0.4  # height of one scenario's bar and its two-line label


def bills_by_class(results: ResultsFolder) -> Figure:
    """Average monthly bill per customer and average price by consumer class (from ``bills.csv``)."""
    return bills_comparison([results])


def _class_title(name: str, tables: dict[str, pd.DataFrame]) -> str:
    """``residential: 10,786 customers`` (the first count found; ``customers`` differing between runs are
    shown as a range)."""
    counts = sorted({float(table.loc[name, "customers"]) for table in tables.values()
                     if name in table.index and "customers" in table.columns})
    shown = (f"{counts[0]:,.0f}" if len(counts) == 1 else f"{counts[0]:,.0f}-{counts[-1]:,.0f}") if counts else "?"
    return f"{name.replace('_', ' ')}: {shown} customers"


def _class_panel(axes, name: str, shown: list[tuple[int, ResultsFolder]], tables: dict[str, pd.DataFrame]) -> None:
    """One class's panel: a horizontal bar per scenario, top to bottom in the comparison's order, each with its
    bill and price written after it; ``not billed`` where the scenario has no such class."""
    rows = np.arange(len(shown))[::-1]
    bills = []
    for row, (position, results) in zip(rows, shown):
        table = tables[results.label]
        if name not in table.index:
            axes.text(0.0, row, " not billed", va="center", fontsize=8, color="#7b7d7d")
            continue
        bill, price = float(table.loc[name, BILL]), float(table.loc[name, PRICE])
        bills.append(bill)
        axes.barh(row, bill, 0.7, color=scenario_colour(position))
        axes.text(bill, row, f" {bill:,.2f} AZN\n {price:,.1f} AZN/MWh", va="center", fontsize=7.5,
                  linespacing=1.1)
    largest = max(bills, default=1.0)
    axes.set_xlim(0.0, LABEL_ROOM * largest if largest > 0 else 1.0)
    axes.set_yticks([])
    axes.set_ylim(-0.6, len(shown) - 0.4)
    axes.set_title(_class_title(name, tables), loc="left", fontsize=10)
    axes.grid(axis="x", alpha=0.3)
    axes.tick_params(axis="x", labelsize=8)


def bills_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`bills_by_class` of several scenarios: a panel per class on its own AZN scale, a bar per scenario."""
    bills = available(folders, lambda results: results.table("bills"))
    tables = {label: table.set_index("consumer_class") for label, table in bills.items()}
    classes = list(dict.fromkeys(c for table in bills.values() for c in table["consumer_class"]))
    shown = [(position, results) for position, results in enumerate(folders) if results.label in bills]
    rows = math.ceil(len(classes) / COLUMNS)
    columns = min(COLUMNS, len(classes))
    figure = new_figure(WIDTH_IN, 1.4 + rows * (0.7 + ROW_IN * len(shown)))
    axes_grid = figure.subplots(rows, columns, squeeze=False)
    for index, axes in enumerate(axes_grid.ravel()):
        if index < len(classes):
            _class_panel(axes, classes[index], shown, tables)
        else:
            axes.set_visible(False)
    for axes in axes_grid[-1]:
        axes.set_xlabel("AZN a month per customer", fontsize=8)
    handles = [Patch(color=scenario_colour(position), label=results.label) for position, results in shown]
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3), frameon=False)
    figure.suptitle("Average monthly bill per customer and average price paid, by consumer class (each on its "
                    "own scale)" + missing_note(folders, bills, "no bills.csv"), fontsize=12)
    return figure
