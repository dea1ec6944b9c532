"""The report's time-series plots: dispatch over time, load duration, nodal prices, EV charging by hour.

Each plot has a single-run form and a comparison form; time series of several
scenarios are drawn one row per scenario on a shared value axis.  Every time
axis is in local time (each run's snapshots are UTC; the offset is the one its
tariffs bill in) and says so.  Lines of several scenarios differ in colour,
dash pattern and marker, and a legend names a scenario whose line lies on an
earlier one's.
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
    EmptyPanel,
    available,
    date_axis,
    hour_axis,
    legend_labels,
    local_time_label,
    missing_note,
    run_title,
    scenario_line,
)
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.style import carrier_colour, carrier_label, new_figure

DEMAND_LABEL = "demand (incl. EV charging and heat electricity)"
NATIONAL_GRID_NOTE = " (net import; export < 0)"


# --- dispatch stack ---------------------------------------------------------------------------------

def dispatch_stack(results: ResultsFolder) -> Figure:
    """Stacked area of power by technology over time, with the national grid (exports below zero)
    and demand as a line."""
    return dispatch_stack_comparison([results])


def no_local_generation(folders: Sequence[ResultsFolder]) -> str:
    """The sentence shown instead of the dispatch stack when no scenario has local generation."""
    imports = ", ".join(f"{float(results.kpis.get('imports_mwh') or 0.0):,.1f} MWh ({results.label})"
                        for results in folders)
    return (f"No local generation in any scenario, so there is no dispatch by technology to draw; "
            f"imports from the national grid over the horizon: {imports}.")


def _draw_stack(axes, results: ResultsFolder, stack: pd.DataFrame, demand: pd.Series, label: str) -> None:
    """One scenario's row: generation above zero, exports and storage charging below, demand as a line."""
    stack, note = series.for_display(stack, results.utc_offset_hours)
    demand, _ = series.for_display(demand, results.utc_offset_hours)
    x = stack.index.to_numpy()
    positive, negative = stack.clip(lower=0.0), stack.clip(upper=0.0)
    above = [c for c in stack.columns if (positive[c] > series.ZERO_MW).any()]
    below = [c for c in stack.columns if (negative[c] < -series.ZERO_MW).any()]
    for part, columns in ((positive, above), (negative, below)):
        if columns:
            axes.stackplot(x, part[columns].T.to_numpy(), colors=[carrier_colour(c) for c in columns], linewidth=0)
    if not above and not below:
        axes.text(0.5, 0.5, "nothing supplied in this run", transform=axes.transAxes, ha="center",
                  color="#7b7d7d")
    axes.plot(demand.index.to_numpy(), demand.to_numpy(), color="black", linewidth=1.3)
    axes.axhline(0.0, color="#333333", linewidth=0.6)
    axes.set_ylabel("MW")
    axes.set_title(run_title(results, note), loc="left", fontsize=11)
    axes.grid(axis="y", alpha=0.3)
    date_axis(axes, label)


def dispatch_stack_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`dispatch_stack` of each scenario, one row each, on a shared MW axis; :class:`EmptyPanel` when no
    scenario has local generation."""
    if not any(series.has_local_generation(results) for results in folders):
        raise EmptyPanel(no_local_generation(folders))
    stacks = [series.supply_stack_mw(results) for results in folders]
    figure = new_figure(WIDTH_IN, 1.4 + 3.2 * len(folders))
    axes_list = figure.subplots(len(folders), 1, sharey=True, squeeze=False)[:, 0]
    label = local_time_label(folders)
    for axes, results, stack in zip(axes_list, folders, stacks):  # the time axis labelled under the last row
        _draw_stack(axes, results, stack, series.total_demand_mw(results), label if axes is axes_list[-1] else "")
    columns = list(dict.fromkeys(c for stack in stacks for c in stack.columns))
    handles = [Patch(color=carrier_colour(c), label=carrier_label(c) + (NATIONAL_GRID_NOTE if c == "national grid"
                                                                         else "")) for c in columns]
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
    peaks = [f"{results.label} (peak {load.max():,.1f} MW)" if len(load) else results.label
             for results, (_, load) in zip(folders, curves)]
    labels = legend_labels(peaks, [load for _, load in curves], [results.label for results in folders])
    figure = new_figure(WIDTH_IN * 0.75, 4.8)
    axes = figure.add_subplot()
    for position, (label, (hours, load)) in enumerate(zip(labels, curves)):
        x = hours if same_horizon else 100.0 * hours / hours[-1]
        axes.plot(x, load, **scenario_line(position, len(folders), len(load)), label=label)
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


def _price_lines(axes, folders: Sequence[ResultsFolder], tables: list, spread: list[bool]) -> None:
    """Each scenario's mean price over buses on one axis (local time), with its range over buses where
    they differ."""
    same_start = len({table.index[0] for table, _ in tables if len(table)}) <= 1
    means = [table.mean(axis=1).to_numpy() for table, _ in tables]
    names = [results.label for results in folders]
    labels = legend_labels([f"{name}: mean over buses" + (f" ({note})" if note else "")
                            for name, (_, note) in zip(names, tables)], means, names)
    for position, ((table, _), mean, label) in enumerate(zip(tables, means, labels)):
        x = table.index.to_numpy() if same_start else (table.index - table.index[0]) / pd.Timedelta(hours=1)
        style = scenario_line(position, len(folders), len(mean))
        axes.plot(x, mean, **style, label=label)
        if spread[position]:
            axes.fill_between(x, table.min(axis=1).to_numpy(), table.max(axis=1).to_numpy(), color=style["color"],
                              alpha=0.2, linewidth=0, label=f"{folders[position].label}: lowest to highest bus")
    if same_start:
        date_axis(axes, local_time_label(folders))
    else:
        axes.set_xlabel("hours from the start of each run")
    axes.set_ylabel("AZN/MWh")
    axes.grid(alpha=0.3)
    axes.legend(frameon=False, fontsize=9)


def _price_maps(figure: Figure, axes_list, folders: Sequence[ResultsFolder], tables: list, maps: list[int]) -> None:
    """A heatmap bus x local time per scenario whose buses' prices differ, on a shared colour scale."""
    values = np.concatenate([tables[p][0].to_numpy().ravel() for p in maps])
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    image = None
    for axes, position in zip(axes_list, maps):
        table, note = tables[position]
        step = table.index[1] - table.index[0] if len(table.index) > 1 else pd.Timedelta(hours=1)
        extent = (date2num(table.index[0]), date2num(table.index[-1] + step), table.shape[1] - 0.5, -0.5)
        image = axes.imshow(table.T.to_numpy(), aspect="auto", interpolation="nearest", cmap="viridis",
                            vmin=low, vmax=high, extent=extent)
        axes.set_yticks(range(table.shape[1]), list(table.columns), fontsize=7)
        axes.xaxis_date()
        date_axis(axes, local_time_label(folders))
        axes.set_title(run_title(folders[position], note) + ": price by bus", loc="left", fontsize=11)
    figure.colorbar(image, ax=list(axes_list), label="AZN/MWh", shrink=0.9)


def nodal_prices_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`nodal_prices` of several scenarios: their price ranges on one axis, then one heatmap
    row per scenario whose buses' prices differ, on a shared colour scale."""
    tables = [series.for_display(series.prices_by_bus(results), results.utc_offset_hours) for results in folders]
    spread = [bool((table.max(axis=1) - table.min(axis=1) > PRICE_SPREAD_AZN).any()) for table, _ in tables]
    maps = [position for position, differs in enumerate(spread) if differs]
    bus_count = max(table.shape[1] for table, _ in tables)
    heights = [3.8] + [1.2 + 0.17 * bus_count] * len(maps)
    figure = new_figure(WIDTH_IN, 1.2 + sum(heights))
    axes_list = figure.subplots(len(heights), 1, squeeze=False, height_ratios=heights)[:, 0]
    _price_lines(axes_list[0], folders, tables, spread)
    axes_list[0].set_title("the same price at every bus (no congestion)" if not maps else "mean and range over buses",
                           loc="left", fontsize=11)
    if maps:
        _price_maps(figure, axes_list[1:], folders, tables, maps)
    figure.suptitle("Nodal prices", fontsize=13)
    return figure


# --- EV charging ------------------------------------------------------------------------------------

def ev_charging_profile(results: ResultsFolder) -> Figure:
    """Mean EV charging by hour of day (local time), uncontrolled and scheduled stacked, v2g below zero."""
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
    hour_axis(axes, local_time_label([results]))
    axes.set_title(run_title(results), loc="left", fontsize=11)
    axes.legend(frameon=False)
    figure.suptitle("EV charging by hour of day (mean over the horizon)", fontsize=13)
    return figure


def ev_charging_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """Mean net EV charging by hour of day (local time), one line per scenario."""
    profiles = available(folders, series.ev_net_charging_by_hour_mw)
    shown = [(position, results) for position, results in enumerate(folders) if results.label in profiles]
    curves = [profiles[results.label].to_numpy() for _, results in shown]
    labels = legend_labels([results.label for _, results in shown], curves)
    figure = new_figure(WIDTH_IN * 0.75, 4.5)
    axes = figure.add_subplot()
    for (position, _), curve, label in zip(shown, curves, labels):
        style = {**scenario_line(position, len(folders), len(curve)), "markevery": None}
        axes.plot(range(24), curve, **style, label=label)
    hour_axis(axes, local_time_label(folders))
    axes.legend(frameon=False)
    figure.suptitle("EV charging by hour of day (mean net charging over the horizon)"
                    + missing_note(folders, profiles, "no EV fleets"), fontsize=13)
    return figure
