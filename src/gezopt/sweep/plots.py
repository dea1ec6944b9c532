"""Plots of chosen KPIs against each parameter of a sweep, in the comparison report's style.

One PNG per KPI: one panel per parameter that takes more than one value, the KPI (in the comparison
report's unit, :data:`gezopt.report.tables.INDICATORS`) against the parameter's values, one line per
combination of the other parameters' values, coloured as the report colours scenarios.  Numbers are
placed on a numeric axis; any other values are placed in the order the sweep gives them.  Failed cases
are left out; a KPI no case reports is skipped with a note (naming close KPI names).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gezopt.report.plot_helpers import WIDTH_IN
from gezopt.report.style import new_figure, png_bytes, scenario_colour
from gezopt.report.tables import Indicator, indicator_value
from gezopt.sweep.definition import UNSAFE_IN_NAME, SweepDefinition
from gezopt.sweep.records import CaseRecord, CaseStatus
from gezopt.sweep.table import flat_kpis, indicator_for

PANEL_WIDTH_IN = 4.6
HEIGHT_IN = 4.4


@dataclass(frozen=True)
class SweepPlot:
    """A KPI's plot as PNG bytes, or why it was skipped (``png`` is None)."""

    kpi: str
    png: bytes | None
    note: str = ""

    @property
    def file_name(self) -> str:
        return f"{UNSAFE_IN_NAME.sub('_', self.kpi)}.png"


@dataclass(frozen=True)
class Point:
    """One case on a panel: the parameter's value, the KPI's, and the other parameters' values (its line)."""

    x: object
    y: float
    line: tuple[str, ...]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shown(value: object) -> str:
    return value if isinstance(value, str) else repr(value) if not isinstance(value, (int, float)) else f"{value:g}"


def _points(records: Sequence[CaseRecord], indicator: Indicator, key: str, others: Sequence[str],
            labels: dict[str, str]) -> list[Point]:
    """The cases that set ``key`` and report the KPI, each on the line of its values of ``others``."""
    points = []
    for record in records:
        values = {s.key: s.value for s in record.case.settings}
        y = indicator_value(indicator, record.kpis)
        if key in values and y is not None:
            line = tuple(f"{labels[other]}={_shown(values.get(other, 'base'))}" for other in others)
            points.append(Point(values[key], y, line))
    return points


def _panel(axes: Axes, points: Sequence[Point], key: str, indicator: Indicator) -> None:
    """The KPI against the parameter at key path ``key``: a line with markers per combination of the others."""
    numeric = all(_is_number(point.x) for point in points)
    order = list(dict.fromkeys(_shown(point.x) for point in points))
    lines = list(dict.fromkeys(point.line for point in points))
    for position, line in enumerate(lines):
        members = [point for point in points if point.line == line]
        members.sort(key=lambda p: p.x if numeric else order.index(_shown(p.x)))
        xs = [point.x if numeric else order.index(_shown(point.x)) for point in members]
        axes.plot(xs, [point.y for point in members], marker="o", color=scenario_colour(position),
                  label=", ".join(line) if line else None)
    if not numeric:
        axes.set_xticks(range(len(order)), order)
    axes.set_xlabel(key, fontsize=9 if len(key) > 40 else None)
    axes.set_ylabel(f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label)
    axes.grid(alpha=0.3)
    if len(lines) > 1:
        axes.legend(frameon=False, fontsize=8)


def kpi_figure(definition: SweepDefinition, records: Sequence[CaseRecord], kpi: str,
               labels: dict[str, str]) -> Figure | None:
    """The KPI against each varied parameter (None when no case reports it or nothing varies)."""
    indicator = indicator_for(kpi)
    solved = [record for record in records if record.status is not CaseStatus.FAILED]
    varied = [key for key in definition.parameters
              if len({_shown(s.value) for r in solved for s in r.case.settings if s.key == key}) > 1]
    panels = [(key, _points(solved, indicator, key, [o for o in varied if o != key], labels)) for key in varied]
    panels = [(key, points) for key, points in panels if points]
    if not panels:
        return None
    figure = new_figure(min(WIDTH_IN, 1.4 + PANEL_WIDTH_IN * len(panels)), HEIGHT_IN)
    axes_list = figure.subplots(1, len(panels), squeeze=False)[0]
    for axes, (key, points) in zip(axes_list, panels):
        _panel(axes, points, key, indicator)
    axes_list[0].set_title(definition.description or f"sweep of {definition.base.stem}", loc="left", fontsize=9,
                           color="#566573")
    figure.suptitle(indicator.label + (f" ({indicator.unit})" if indicator.unit else ""), fontsize=13)
    return figure


def _missing_note(records: Sequence[CaseRecord], kpi: str) -> str:
    known = sorted({key for record in records for key in flat_kpis(record.kpis)})
    if not known:
        return "skipped: no case solved"
    close = difflib.get_close_matches(kpi, known, n=3)
    return f"skipped: no case reports the KPI '{kpi}'" + (f" (did you mean {', '.join(close)}?)" if close else "")


def sweep_plots(definition: SweepDefinition, records: Sequence[CaseRecord], labels: dict[str, str]) -> list[SweepPlot]:
    """A plot for each KPI the sweep plots (:attr:`SweepDefinition.plots`), or the note of why it was not drawn."""
    plots = []
    for kpi in definition.plots:
        if not any(indicator_value(indicator_for(kpi), r.kpis) is not None for r in records):
            plots.append(SweepPlot(kpi, None, _missing_note(records, kpi)))
            continue
        figure = kpi_figure(definition, records, kpi, labels)
        plots.append(SweepPlot(kpi, png_bytes(figure)) if figure is not None
                     else SweepPlot(kpi, None, "skipped: no parameter takes two values in the cases solved"))
    return plots
