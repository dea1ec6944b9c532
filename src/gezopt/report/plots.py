"""The report's figures: the list of plots in report order, and drawing them as PNGs.

The plots themselves, one function per plot, each for one run and for several
runs side by side, are in :mod:`gezopt.report.time_series_plots` and
:mod:`gezopt.report.bar_charts` (re-exported here).

Every function takes loaded results (:class:`~gezopt.report.results_folder.ResultsFolder`)
and returns a matplotlib :class:`~matplotlib.figure.Figure` on the Agg canvas.
Time series of several scenarios are drawn one row per scenario on a shared
value axis; totals are grouped bars, one colour per scenario.  A plot whose
data the runs do not hold (no ``bills.csv``, no tariff KPIs, no EV fleets)
raises :class:`~gezopt.report.results_folder.MissingDataError`, and a plot with
nothing to draw in any scenario (no emissions, no local generation) raises
:class:`~gezopt.report.plot_helpers.EmptyPanel` with the sentence to show
instead; :func:`render` turns either into a note, so no panel is drawn empty.  :data:`PLOTS` lists the plots in report order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from gezopt.report.bar_charts import (
    cost_recovery,
    cost_recovery_comparison,
    emissions,
    emissions_comparison,
    energy_mix,
    energy_mix_comparison,
)
from gezopt.report.bill_charts import bills_by_class, bills_comparison
from gezopt.report.plot_helpers import EmptyPanel
from gezopt.report.results_folder import MissingDataError, ResultsFolder
from gezopt.report.style import png_bytes
from gezopt.report.time_series_plots import (
    dispatch_stack,
    dispatch_stack_comparison,
    ev_charging_comparison,
    ev_charging_profile,
    load_duration_comparison,
    load_duration_curve,
    nodal_prices,
    nodal_prices_comparison,
)

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
             "Power by technology each hour (local time); the national grid above zero when the zone imports and "
             "below zero when it exports; the black line is demand including EV charging and heat electricity.",
             dispatch_stack, dispatch_stack_comparison),
    PlotKind("energy_mix", "Energy by source",
             "Energy over each run's horizon by technology, with imports on top and exports below zero; the black "
             "bar is consumption.", energy_mix, energy_mix_comparison),
    PlotKind("load_duration", "Load duration curve",
             "Every hour's demand sorted from the highest: the left end is the peak the network must carry, the "
             "area under the curve the energy consumed.", load_duration_curve, load_duration_comparison),
    PlotKind("prices", "Nodal prices",
             "The price of one more MWh at each bus (the dual of its balance; local time); buses differ only when "
             "lines are congested. Scenarios with the same prices lie on each other: the legend says which.", nodal_prices, nodal_prices_comparison),
    PlotKind("ev_charging", "EV charging profile",
             "Mean EV charging in each hour of the local day over the horizon: when the fleets draw power.",
             ev_charging_profile, ev_charging_comparison),
    PlotKind("bills", "Bills by consumer class",
             "Average monthly bill per customer (per household for residential) and average price paid per MWh, "
             "one panel per consumer class on its own scale: the classes' bills differ a hundredfold.",
             bills_by_class, bills_comparison),
    PlotKind("cost_recovery", "Cost recovery",
             "Tariff revenue against the full cost of serving the zone's consumers (their share of the annuities, "
             "O&M and variable cost of the zone's supply, and the imports); the ratio is the share the tariffs "
             "recover.", cost_recovery, cost_recovery_comparison),
    PlotKind("emissions", "Emissions",
             "CO2 over the horizon and per MWh consumed: imports at the national grid's intensity plus local units.",
             emissions, emissions_comparison),
)


@dataclass(frozen=True)
class RenderedPlot:
    """A plot as PNG bytes, or (``png`` is None) the sentence shown in its place: why it was skipped (the runs
    lack its data: ``missing_data``) or that it has nothing to draw."""

    name: str
    title: str
    png: bytes | None
    note: str = ""
    caption: str = ""
    missing_data: bool = False


def render(kind: PlotKind, folders: Sequence[ResultsFolder]) -> RenderedPlot:
    """Draw ``kind`` for one run (its single-run form) or several (its comparison form) as a PNG."""
    try:
        figure = kind.single(folders[0]) if len(folders) == 1 else kind.comparison(folders)
    except MissingDataError as error:
        return RenderedPlot(kind.name, kind.title, None, f"skipped: {error}", kind.caption, missing_data=True)
    except EmptyPanel as empty:
        return RenderedPlot(kind.name, kind.title, None, str(empty), kind.caption)
    return RenderedPlot(kind.name, kind.title, png_bytes(figure), caption=kind.caption)


def render_all(folders: Sequence[ResultsFolder]) -> list[RenderedPlot]:
    """Every plot of :data:`PLOTS` for ``folders``, in report order."""
    return [render(kind, folders) for kind in PLOTS]
