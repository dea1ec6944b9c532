"""The report's time-series plots: dispatch over time, load duration, nodal prices, EV charging by hour.

Each plot has a single-run form and a comparison form; time series of several
scenarios are drawn one row per scenario on a shared value axis.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gezopt.report import series
from gezopt.report.plot_helpers import (
    WIDTH_IN,
    available,
    date_axis,
    hour_axis,
    missing_note,
    run_title,
)
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.style import carrier_colour, carrier_label, new_figure, scenario_colour

DEMAND_LABEL = "demand (incl. EV charging and heat electricity)"


# --- dispatch stack ---------------------------------------------------------------------------------

def dispatch_stack(results: ResultsFolder) -> Figure:
    """Stacked area of power by technology over time, with the national grid (exports below zero)
    and demand as a line."""
    return dispatch_stack_comparison([results])


def dispatch_stack_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`dispatch_stack` of each scenario, one row each, on a shared MW axis."""
    stacks = [series.supply_stack_mw(results) for results in folders]
    demands = [series.total_demand_mw(results) for results in folders]
    figure = new_figure(WIDTH_IN, 1.2 + 3.2 * len(folders))
    axes_list = figure.subplots(len(folders), 1, sharey=True, squeeze=False)[:, 0]
    columns: list[str] = []
    for axes, results, stack, demand in zip(axes_list, folders, stacks, demands):
        stack, note = series.for_display(stack)
        demand, _ = series.for_display(demand)
        x = stack.index.to_numpy()
        positive, negative = stack.clip(lower=0.0), stack.clip(upper=0.0)
        axes.stackplot(x, positive.T.to_numpy(), colors=[carrier_colour(c) for c in stack.columns], linewidth=0)
        below = [c for c in stack.columns if (negative[c] < -series.ZERO_MW).any()]
        if below:
            axes.stackplot(x, negative[below].T.to_numpy(), colors=[carrier_colour(c) for c in below], linewidth=0)
        axes.plot(demand.index.to_numpy(), demand.to_numpy(), color="black", linewidth=1.3)
        axes.axhline(0.0, color="#333333", linewidth=0.6)
        axes.set_ylabel("MW")
        axes.set_title(run_title(results, note), loc="left", fontsize=11)
        axes.grid(axis="y", alpha=0.3)
        date_axis(axes)
        columns += [c for c in stack.columns if c not in columns]
    handles = [Patch(color=carrier_colour(c), label=carrier_label(c) + (" (net import; export < 0)"
                                                                         if c == "national grid" else ""))
               for c in columns]
    handles.append(Line2D([], [], color="black", linewidth=1.3, label=DEMAND_LABEL))
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), frameon=False)
    figure.suptitle("Dispatch by technology", fontsize=13)
    return figure


# --- load duration ----------------------------------------------------------------------------------

def load_duration_curve(results: ResultsFolder) -> Figure:
    """Total demand (incl. EV charging and heat electricity) sorted from the highest hour."""
    return load_duration_comparison([results])


def load_duration_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`load_duration_curve` of each scenario on one axis (share of the horizon when they differ)."""
    curves = [series.load_duration_mw(results) for results in folders]
    same_horizon = len({round(float(hours[-1]), 6) for hours, _ in curves if len(hours)}) <= 1
    figure = new_figure(WIDTH_IN * 0.75, 4.8)
    axes = figure.add_subplot()
    for position, (results, (hours, load)) in enumerate(zip(folders, curves)):
        x = hours if same_horizon else 100.0 * hours / hours[-1]
        axes.plot(x, load, color=scenario_colour(position), linewidth=1.6,
                  label=f"{results.label} (peak {load.max():,.1f} MW)" if len(load) else results.label)
    axes.set_xlabel("hours of the horizon at or above the load" if same_horizon else "% of the horizon")
    axes.set_ylabel("MW")
    axes.set_xlim(left=0)
    axes.grid(alpha=0.3)
    axes.legend(frameon=False)
    figure.suptitle("Load duration curve (demand incl. EV charging and heat electricity)", fontsize=13)
    return figure


# --- nodal prices -----------------------------------------------------------------------------------

PRICE_SPREAD_AZN = 0.01  # buses whose prices differ by less than this are "one price" (no congestion)


def nodal_prices(results: ResultsFolder) -> Figure:
    """Nodal prices: the range over buses through time, and a heatmap bus x time when they differ."""
    return nodal_prices_comparison([results])


def nodal_prices_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`nodal_prices` of several scenarios: their price ranges on one axis, then one heatmap
    row per scenario whose buses' prices differ, on a shared colour scale."""
    tables = [series.for_display(series.prices_by_bus(results)) for results in folders]
    spread = [bool((table.max(axis=1) - table.min(axis=1) > PRICE_SPREAD_AZN).any()) for table, _ in tables]
    maps = [position for position, differs in enumerate(spread) if differs]
    bus_count = max(table.shape[1] for table, _ in tables)
    heights = [3.6] + [1.0 + 0.17 * bus_count] * len(maps)
    figure = new_figure(WIDTH_IN, 1.2 + sum(heights))
    axes_list = figure.subplots(len(heights), 1, squeeze=False, height_ratios=heights)[:, 0]
    same_start = len({table.index[0] for table, _ in tables if len(table)}) <= 1
    axes = axes_list[0]
    for position, (results, (table, note)) in enumerate(zip(folders, tables)):
        x = table.index.to_numpy() if same_start else (table.index - table.index[0]) / pd.Timedelta(hours=1)
        colour = scenario_colour(position)
        axes.plot(x, table.mean(axis=1).to_numpy(), color=colour, linewidth=1.5,
                  label=f"{results.label}: mean over buses" + (f" ({note})" if note else ""))
        if spread[position]:
            axes.fill_between(x, table.min(axis=1).to_numpy(), table.max(axis=1).to_numpy(), color=colour,
                              alpha=0.2, linewidth=0, label=f"{results.label}: lowest to highest bus")
    if same_start:
        date_axis(axes)
    else:
        axes.set_xlabel("hours from the start of each run")
    axes.set_ylabel("AZN/MWh")
    axes.grid(alpha=0.3)
    axes.legend(frameon=False, fontsize=9)
    axes.set_title("the same price at every bus (no congestion)" if not maps else "mean and range over buses",
                   loc="left", fontsize=11)
    if maps:
        values = np.concatenate([tables[p][0].to_numpy().ravel() for p in maps])
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        image = None
        for axes, position in zip(axes_list[1:], maps):
            table, note = tables[position]
            step = table.index[1] - table.index[0] if len(table.index) > 1 else pd.Timedelta(hours=1)
            extent = (date2num(table.index[0]), date2num(table.index[-1] + step), table.shape[1] - 0.5, -0.5)
            image = axes.imshow(table.T.to_numpy(), aspect="auto", interpolation="nearest", cmap="viridis",
                                vmin=low, vmax=high, extent=extent)
            axes.set_yticks(range(table.shape[1]), list(table.columns), fontsize=7)
            axes.xaxis_date()
            date_axis(axes)
            axes.set_title(run_title(folders[position], note) + ": price by bus", loc="left", fontsize=11)
        figure.colorbar(image, ax=list(axes_list[1:]), label="AZN/MWh", shrink=0.9)
    figure.suptitle("Nodal prices", fontsize=13)
    return figure


# --- EV charging ------------------------------------------------------------------------------------

def ev_charging_profile(results: ResultsFolder) -> Figure:
    """Mean EV charging by hour of day (Baku time), uncontrolled and scheduled stacked, v2g below zero."""
    hourly = series.ev_charging_by_hour_mw(results)
    figure = new_figure(WIDTH_IN * 0.75, 4.5)
    axes = figure.add_subplot()
    colours = {"uncontrolled": "#e67e22", "scheduled": "#27ae60", "v2g": "#8e44ad"}
    bottom = np.zeros(24)
    for column in ("uncontrolled", "scheduled"):
        if not (hourly[column] > series.ZERO_MW).any():
            continue
        axes.bar(hourly.index, hourly[column], 0.8, bottom=bottom, color=colours[column], label=f"{column} charging")
        bottom += hourly[column].to_numpy()
    if (hourly["v2g"] < -series.ZERO_MW).any():
        axes.bar(hourly.index, hourly["v2g"], 0.8, color=colours["v2g"], label="v2g discharge")
    hour_axis(axes)
    axes.set_title(run_title(results), loc="left", fontsize=11)
    axes.legend(frameon=False)
    figure.suptitle("EV charging by hour of day (mean over the horizon)", fontsize=13)
    return figure


def ev_charging_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """Mean net EV charging by hour of day (Baku time), one line per scenario."""
    profiles = available(folders, series.ev_net_charging_by_hour_mw)
    figure = new_figure(WIDTH_IN * 0.75, 4.5)
    axes = figure.add_subplot()
    for position, results in enumerate(folders):
        if results.label in profiles:
            profile = profiles[results.label]
            axes.plot(profile.index, profile.to_numpy(), marker="o", markersize=3.5, linewidth=1.6,
                      color=scenario_colour(position), label=results.label)
    hour_axis(axes)
    axes.legend(frameon=False)
    figure.suptitle("EV charging by hour of day (mean net charging over the horizon)"
                    + missing_note(folders, profiles, "no EV fleets"), fontsize=13)
    return figure
