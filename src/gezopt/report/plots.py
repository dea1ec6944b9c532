"""The report's figures: one function per plot, each for one run and for several runs side by side.

Every function takes loaded results (:class:`~gezopt.report.results_folder.ResultsFolder`)
and returns a matplotlib :class:`~matplotlib.figure.Figure` on the Agg canvas.
Time series of several scenarios are drawn one row per scenario on a shared
value axis; totals are grouped bars, one colour per scenario.  A plot whose
data the runs do not hold (no ``bills.csv``, no tariff KPIs, no EV fleets)
raises :class:`~gezopt.report.results_folder.MissingDataError`; :func:`render`
turns that into a note.  :data:`PLOTS` lists the plots in report order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gezopt.report import series
from gezopt.report.results_folder import MissingDataError, ResultsFolder
from gezopt.report.style import (
    carrier_colour,
    carrier_label,
    new_figure,
    png_bytes,
    scenario_colour,
)

WIDTH_IN = 12.0
DEMAND_LABEL = "demand (incl. EV charging and heat electricity)"


def _date_axis(axes) -> None:
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _title(results: ResultsFolder, note: str = "") -> str:
    return f"{results.label}" + (f" ({note})" if note else "")


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
        axes.set_title(_title(results, note), loc="left", fontsize=11)
        axes.grid(axis="y", alpha=0.3)
        _date_axis(axes)
        columns += [c for c in stack.columns if c not in columns]
    handles = [Patch(color=carrier_colour(c), label=carrier_label(c) + (" (net import; export < 0)"
                                                                         if c == "national grid" else ""))
               for c in columns]
    handles.append(Line2D([], [], color="black", linewidth=1.3, label=DEMAND_LABEL))
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4), frameon=False)
    figure.suptitle("Dispatch by technology", fontsize=13)
    return figure


# --- energy mix -------------------------------------------------------------------------------------

def energy_mix(results: ResultsFolder) -> Figure:
    """Energy over the horizon by technology, imports and exports (negative), GWh."""
    return energy_mix_comparison([results])


def energy_mix_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`energy_mix` of each scenario as one stacked bar each."""
    mixes = [series.energy_by_source_mwh(results) / 1e3 for results in folders]
    sources = list(dict.fromkeys(source for mix in mixes for source in mix.index))
    colours = {s: carrier_colour("national grid" if s in ("imports", "exports") else s) for s in sources}
    figure = new_figure(min(WIDTH_IN, 6.0 + 1.6 * len(folders)), 5.5)
    axes = figure.add_subplot()
    x = np.arange(len(folders))
    above, below = np.zeros(len(folders)), np.zeros(len(folders))
    for source in sources:
        values = np.array([float(mix.get(source, 0.0)) for mix in mixes])
        if not np.any(np.abs(values) > series.ZERO_MW):
            continue
        bottom = np.where(values >= 0, above, below)
        axes.bar(x, values, 0.6, bottom=bottom, color=colours[source], label=carrier_label(source),
                 hatch="//" if source == "exports" else None, edgecolor="white", linewidth=0.5)
        above, below = above + np.clip(values, 0, None), below + np.clip(values, None, 0)
    consumption = [float(results.kpis.get("consumption_mwh", np.nan)) / 1e3 for results in folders]
    axes.hlines(consumption, x - 0.36, x + 0.36, color="black", linewidth=2.0, zorder=3,
                label="consumption (incl. EV charging and heat electricity)")
    axes.axhline(0.0, color="#333333", linewidth=0.6)
    axes.set_xticks(x, [results.label for results in folders])
    axes.set_xlim(-0.6, len(folders) - 0.4)
    axes.set_ylabel("GWh over the horizon")
    axes.grid(axis="y", alpha=0.3)
    figure.legend(loc="outside lower center", ncols=3, frameon=False)
    figure.suptitle("Energy by source", fontsize=13)
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
        _date_axis(axes)
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
            _date_axis(axes)
            axes.set_title(_title(folders[position], note) + ": price by bus", loc="left", fontsize=11)
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
    _hour_axis(axes)
    axes.set_title(_title(results), loc="left", fontsize=11)
    axes.legend(frameon=False)
    figure.suptitle("EV charging by hour of day (mean over the horizon)", fontsize=13)
    return figure


def ev_charging_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """Mean net EV charging by hour of day (Baku time), one line per scenario."""
    profiles = _available(folders, series.ev_net_charging_by_hour_mw)
    figure = new_figure(WIDTH_IN * 0.75, 4.5)
    axes = figure.add_subplot()
    for position, results in enumerate(folders):
        if results.label in profiles:
            profile = profiles[results.label]
            axes.plot(profile.index, profile.to_numpy(), marker="o", markersize=3.5, linewidth=1.6,
                      color=scenario_colour(position), label=results.label)
    _hour_axis(axes)
    axes.legend(frameon=False)
    figure.suptitle("EV charging by hour of day (mean net charging over the horizon)"
                    + _missing_note(folders, profiles, "no EV fleets"), fontsize=13)
    return figure


def _hour_axis(axes) -> None:
    axes.set_xticks(range(0, 24, 2))
    axes.set_xlim(-0.6, 23.6)
    axes.set_xlabel(f"hour of day, Baku time (UTC+{series.LOCAL_UTC_OFFSET_HOURS})")
    axes.set_ylabel("MW")
    axes.axhline(0.0, color="#333333", linewidth=0.6)
    axes.grid(axis="y", alpha=0.3)


# --- bills ------------------------------------------------------------------------------------------

BILL_MEASURES = (("average_monthly_bill_azn_per_customer", "average monthly bill per customer (AZN)"),
                 ("average_price_azn_per_mwh", "average price (AZN/MWh)"))


def bills_by_class(results: ResultsFolder) -> Figure:
    """Average monthly bill per customer and average price by consumer class (from ``bills.csv``)."""
    return bills_comparison([results])


def bills_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`bills_by_class` with one bar per scenario in each consumer class."""
    bills = _available(folders, lambda results: results.table("bills"))
    classes = list(dict.fromkeys(c for table in bills.values() for c in table["consumer_class"]))
    figure = new_figure(WIDTH_IN, 4.6)
    axes_list = figure.subplots(1, len(BILL_MEASURES), squeeze=False)[0]
    shown = [(position, results) for position, results in enumerate(folders) if results.label in bills]
    width = 0.8 / len(shown)
    for axes, (column, label) in zip(axes_list, BILL_MEASURES):
        for rank, (position, results) in enumerate(shown):
            table = bills[results.label].set_index("consumer_class")
            values = [float(table[column].get(c, np.nan)) for c in classes]
            bars = axes.bar(np.arange(len(classes)) + (rank - (len(shown) - 1) / 2) * width, values, width,
                            color=scenario_colour(position), label=results.label)
            axes.bar_label(bars, fmt="{:,.1f}", fontsize=7)
        axes.set_xticks(range(len(classes)), [c.replace("_", " ") for c in classes])
        axes.set_title(label, loc="left", fontsize=11)
        axes.grid(axis="y", alpha=0.3)
    axes_list[0].legend(frameon=False)
    figure.suptitle("Bills by consumer class" + _missing_note(folders, bills, "no bills.csv"), fontsize=13)
    return figure


# --- cost recovery ----------------------------------------------------------------------------------

RECOVERY_MEASURES = (("tariff_revenue_azn", "tariff revenue", "#27ae60"),
                     ("supply_cost_azn", "supply cost", "#c0392b"),
                     ("subsidy_azn", "subsidy", "#f39c12"),
                     ("carbon_certificate_revenue_azn", "carbon certificate revenue", "#16a085"))


def cost_recovery(results: ResultsFolder) -> Figure:
    """Tariff revenue against the cost of supply (and subsidy, carbon certificate revenue), with the ratio."""
    return cost_recovery_comparison([results])


def cost_recovery_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`cost_recovery` of each scenario as a group of bars."""
    def measures(results: ResultsFolder) -> dict[str, float]:
        results.kpi("tariff_revenue_azn"), results.kpi("supply_cost_azn")
        return {key: float(results.kpis[key]) for key, _, _ in RECOVERY_MEASURES if results.kpis.get(key) is not None}

    figures = _available(folders, measures)
    shown = [results for results in folders if results.label in figures]
    keys = [m for m in RECOVERY_MEASURES if any(m[0] in figures[r.label] for r in shown)]
    largest = max((abs(v) for values in figures.values() for v in values.values()), default=0.0)
    scale, unit = (1e6, "million AZN") if largest >= 1e6 else (1e3, "thousand AZN")
    figure = new_figure(min(WIDTH_IN, 4.5 + 2.2 * len(shown)), 4.8)
    axes = figure.add_subplot()
    width = 0.8 / len(keys)
    for rank, (key, label, colour) in enumerate(keys):
        values = [figures[r.label].get(key, np.nan) / scale for r in shown]
        bars = axes.bar(np.arange(len(shown)) + (rank - (len(keys) - 1) / 2) * width, values, width,
                        color=colour, label=label)
        axes.bar_label(bars, fmt="{:,.1f}", fontsize=7)
    labels = []
    for results in shown:
        ratio = results.kpis.get("cost_recovery_ratio")
        labels.append(results.label + (f"\ncost recovery {float(ratio) * 100:.0f} %" if ratio is not None else ""))
    axes.set_xticks(range(len(shown)), labels)
    axes.set_ylabel(unit)
    axes.axhline(0.0, color="#333333", linewidth=0.6)
    axes.grid(axis="y", alpha=0.3)
    figure.legend(loc="outside right upper", frameon=False)
    figure.suptitle("Cost recovery: tariff revenue against the cost of supply"
                    + _missing_note(folders, figures, "no tariff KPIs"), fontsize=13)
    return figure


# --- emissions --------------------------------------------------------------------------------------

def emissions(results: ResultsFolder) -> Figure:
    """Emissions over the horizon (t CO2) and per MWh consumed (kg CO2/MWh)."""
    return emissions_comparison([results])


def emissions_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`emissions` with one bar per scenario."""
    totals = [float(results.kpi("emissions_t")) for results in folders]
    intensities = [float(results.kpis.get("emissions_t_per_mwh_consumed") or 0.0) * 1e3 for results in folders]
    figure = new_figure(min(WIDTH_IN, 7.0 + 2.0 * len(folders)), 4.2)
    axes_list = figure.subplots(1, 2, squeeze=False)[0]
    colours = [scenario_colour(position) for position in range(len(folders))]
    labels = [results.label for results in folders]
    for axes, values, title in zip(axes_list, (totals, intensities),
                                   ("t CO2 over the horizon", "kg CO2 per MWh consumed")):
        bars = axes.bar(range(len(folders)), values, 0.6, color=colours)
        axes.bar_label(bars, fmt="{:,.1f}", fontsize=8)
        axes.set_xticks(range(len(folders)), labels)
        axes.set_title(title, loc="left", fontsize=11)
        axes.grid(axis="y", alpha=0.3)
        axes.set_ylim(bottom=0.0, top=max(max(values) * 1.15, 1.0))
        if max(values) <= 0.0:
            axes.text(0.5, 0.5, "no emissions", transform=axes.transAxes, ha="center", va="center",
                      color="#7b7d7d", fontsize=12)
    figure.suptitle("Emissions (imports at the national grid's intensity plus local units)", fontsize=13)
    return figure


# --- helpers ----------------------------------------------------------------------------------------

def _available(folders: Sequence[ResultsFolder], read: Callable[[ResultsFolder], object]) -> dict[str, object]:
    """``read`` of each scenario that has the data, by label; MissingDataError if none has."""
    found, reasons = {}, []
    for results in folders:
        try:
            found[results.label] = read(results)
        except MissingDataError as error:
            reasons.append(str(error))
    if not found:
        raise MissingDataError("; ".join(reasons))
    return found


def _missing_note(folders: Sequence[ResultsFolder], found: dict, reason: str) -> str:
    missing = [results.label for results in folders if results.label not in found]
    return f"\n({reason} in {', '.join(missing)})" if missing else ""


# --- registry ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlotKind:
    """One plot of the report: its file name, heading, a one-line reading guide and drawing functions."""

    name: str
    title: str
    caption: str
    single: Callable[[ResultsFolder], Figure]
    comparison: Callable[[Sequence[ResultsFolder]], Figure]


PLOTS = (
    PlotKind("dispatch", "Dispatch by technology",
             "Power by technology each hour; the national grid above zero when the zone imports and below zero "
             "when it exports; the black line is demand including EV charging and heat electricity.",
             dispatch_stack, dispatch_stack_comparison),
    PlotKind("energy_mix", "Energy by source",
             "Energy over each run's horizon by technology, with imports on top and exports below zero; the black "
             "bar is consumption.", energy_mix, energy_mix_comparison),
    PlotKind("load_duration", "Load duration curve",
             "Every hour's demand sorted from the highest: the left end is the peak the network must carry, the "
             "area under the curve the energy consumed.", load_duration_curve, load_duration_comparison),
    PlotKind("prices", "Nodal prices",
             "The price of one more MWh at each bus (the dual of its balance); buses differ only when lines are "
             "congested.", nodal_prices, nodal_prices_comparison),
    PlotKind("ev_charging", "EV charging profile",
             "Mean EV charging in each hour of the day (Baku time) over the horizon: when the fleets draw power.",
             ev_charging_profile, ev_charging_comparison),
    PlotKind("bills", "Bills by consumer class",
             "Average monthly bill per customer and average price paid per MWh in each consumer class.",
             bills_by_class, bills_comparison),
    PlotKind("cost_recovery", "Cost recovery",
             "Tariff revenue against the cost of supplying the zone; the ratio is the share of the cost the "
             "tariffs recover.", cost_recovery, cost_recovery_comparison),
    PlotKind("emissions", "Emissions",
             "CO2 over the horizon and per MWh consumed: imports at the national grid's intensity plus local units.",
             emissions, emissions_comparison),
)


@dataclass(frozen=True)
class RenderedPlot:
    """A plot as PNG bytes, or the reason it was skipped (``png`` is None)."""

    name: str
    title: str
    png: bytes | None
    note: str = ""
    caption: str = ""


def render(kind: PlotKind, folders: Sequence[ResultsFolder]) -> RenderedPlot:
    """Draw ``kind`` for one run (its single-run form) or several (its comparison form) as a PNG."""
    try:
        figure = kind.single(folders[0]) if len(folders) == 1 else kind.comparison(folders)
    except MissingDataError as error:
        return RenderedPlot(kind.name, kind.title, None, f"skipped: {error}", kind.caption)
    return RenderedPlot(kind.name, kind.title, png_bytes(figure), caption=kind.caption)


def render_all(folders: Sequence[ResultsFolder]) -> list[RenderedPlot]:
    """Every plot of :data:`PLOTS` for ``folders``, in report order."""
    return [render(kind, folders) for kind in PLOTS]
