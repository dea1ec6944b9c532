"""The report's bar charts: energy by source, cost recovery, emissions (the bills: :mod:`bill_charts`).

Each plot has a single-run form and a comparison form; totals of several
scenarios are grouped bars, one colour per scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from gezopt.report import series
from gezopt.report.plot_helpers import WIDTH_IN, EmptyPanel, available, missing_note
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.style import carrier_colour, carrier_label, new_figure, scenario_colour

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


# --- cost recovery ----------------------------------------------------------------------------------

RECOVERY_MEASURES = (("tariff_revenue_azn", "tariff revenue", "#27ae60"),
                     ("consumer_full_cost_azn", "full cost of serving consumers", "#c0392b"),
                     ("subsidy_azn", "subsidy", "#f39c12"),
                     ("carbon_certificate_revenue_azn", "carbon certificate revenue", "#16a085"))


def cost_recovery(results: ResultsFolder) -> Figure:
    """Tariff revenue against the full cost of serving the consumers (and subsidy, carbon certificate revenue),
    with the cost-recovery ratio."""
    return cost_recovery_comparison([results])


def cost_recovery_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`cost_recovery` of each scenario as a group of bars."""
    def measures(results: ResultsFolder) -> dict[str, float]:
        results.kpi("tariff_revenue_azn"), results.kpi("consumer_full_cost_azn")
        return {key: float(results.kpis[key]) for key, _, _ in RECOVERY_MEASURES if results.kpis.get(key) is not None}

    figures = available(folders, measures)
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
        axes.bar_label(bars, fmt="{:,.2f}", fontsize=7)
    labels = []
    for results in shown:
        ratio = results.kpis.get("cost_recovery_ratio")
        labels.append(results.label + (f"\ncost recovery {float(ratio) * 100:.1f} %" if ratio is not None else ""))
    axes.set_xticks(range(len(shown)), labels, fontsize=9)
    axes.set_ylabel(unit)
    axes.axhline(0.0, color="#333333", linewidth=0.6)
    axes.grid(axis="y", alpha=0.3)
    figure.legend(loc="outside lower center", ncols=len(keys), frameon=False)
    figure.suptitle("Cost recovery: tariff revenue against the full cost of serving the consumers"
                    + missing_note(folders, figures, "no tariff KPIs"), fontsize=13)
    return figure


# --- emissions --------------------------------------------------------------------------------------

def emissions(results: ResultsFolder) -> Figure:
    """Emissions over the horizon (t CO2) and per MWh consumed (kg CO2/MWh)."""
    return emissions_comparison([results])


NO_EMISSIONS = ("No emissions in any scenario: neither the zone's own units nor its imports from the national grid "
                "emit CO2 over the horizon.")
ZERO_T = 1e-6  # t CO2: below this, solver residue


def emissions_comparison(folders: Sequence[ResultsFolder]) -> Figure:
    """:func:`emissions` with one bar per scenario; :class:`EmptyPanel` when no scenario emits."""
    totals = [float(results.kpi("emissions_t")) for results in folders]
    if max(abs(total) for total in totals) <= ZERO_T:
        raise EmptyPanel(NO_EMISSIONS)
    intensities = [float(results.kpis.get("emissions_t_per_mwh_consumed") or 0.0) * 1e3 for results in folders]
    figure = new_figure(min(WIDTH_IN, 7.0 + 2.0 * len(folders)), 4.2)
    axes_list = figure.subplots(1, 2, squeeze=False)[0]
    colours = [scenario_colour(position) for position in range(len(folders))]
    labels = [results.label for results in folders]
    for axes, values, title in zip(axes_list, (totals, intensities),
                                   ("t CO2 over the horizon", "kg CO2 per MWh consumed")):
        bars = axes.bar(range(len(folders)), values, 0.6, color=colours)
        axes.bar_label(bars, fmt="{:,.1f}", fontsize=8)
        axes.set_xticks(range(len(folders)), labels, rotation=20 if len(folders) > 3 else 0, ha="right"
                        if len(folders) > 3 else "center", fontsize=8)
        axes.set_title(title, loc="left", fontsize=11)
        axes.grid(axis="y", alpha=0.3)
        axes.set_ylim(bottom=0.0, top=max(values) * 1.15)
    figure.suptitle("Emissions (imports at the national grid's intensity plus local units)", fontsize=13)
    return figure
