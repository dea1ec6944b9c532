"""What the report's plots share: the figure width, titles, the local-time and hour axes, line styles that keep
overlapping scenarios apart, panels with nothing to draw, and data some runs lack."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

from gezopt.report.results_folder import MissingDataError, ResultsFolder
from gezopt.report.style import scenario_colour, scenario_dashes, scenario_marker

WIDTH_IN = 12.0
MARKERS_PER_LINE = 12  # markers along a long line: enough to tell the scenarios apart, few enough to read it


class EmptyPanel(Exception):
    """A plot with nothing to draw in any scenario; its message is the sentence the report shows instead."""


def utc_label(offset_hours: int) -> str:
    """``UTC+4`` for an offset of 4 hours."""
    return f"UTC{offset_hours:+d}"


def local_time_label(folders: Sequence[ResultsFolder]) -> str:
    """How a time axis in local time is labelled: ``local time (UTC+4)``, or each run's offset if they differ."""
    offsets = sorted({results.utc_offset_hours for results in folders})
    if len(offsets) == 1:
        return f"local time ({utc_label(offsets[0])})"
    return "local time of each run (" + ", ".join(utc_label(offset) for offset in offsets) + ")"


def date_axis(axes, label: str) -> None:
    """Date ticks on the x axis, labelled concisely, and the axis label (the local time it shows)."""
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_xlabel(label)


def hour_axis(axes, label: str) -> None:
    """The x axis of a profile by hour of day in local time, MW on the y axis, a zero line."""
    axes.set_xticks(range(0, 24, 2))
    axes.set_xlim(-0.6, 23.6)
    axes.set_xlabel(f"hour of day, {label}")
    axes.set_ylabel("MW")
    axes.axhline(0.0, color="#333333", linewidth=0.6)
    axes.grid(axis="y", alpha=0.3)


def scenario_line(position: int, count: int, points: int) -> dict[str, object]:
    """Line keywords for the scenario at ``position`` of ``count``: its colour, dash pattern and marker, the
    markers spaced along the line and offset per scenario, so lines drawn over each other stay apart."""
    step = max(1, points // MARKERS_PER_LINE)
    return {"color": scenario_colour(position), "linestyle": scenario_dashes(position),
            "marker": scenario_marker(position), "markersize": 5.0, "linewidth": 1.6,
            "markevery": ((position * step) // max(count, 1), step)}


def same_as(curves: Sequence[np.ndarray | None], tolerance: float = 1e-6) -> list[int | None]:
    """For each curve, the position of the first earlier curve it equals (within ``tolerance``), else None."""
    found: list[int | None] = []
    for position, curve in enumerate(curves):
        found.append(next((earlier for earlier in range(position)
                           if curve is not None and curves[earlier] is not None
                           and np.shape(curves[earlier]) == np.shape(curve)
                           and np.allclose(curves[earlier], curve, rtol=0.0, atol=tolerance, equal_nan=True)),
                          None))
    return found


def legend_labels(labels: Sequence[str], curves: Sequence[np.ndarray | None],
                  names: Sequence[str] | None = None) -> list[str]:
    """Each scenario's legend label, ``, same as X`` added where its curve repeats an earlier scenario's (``X``
    from ``names``, by default the labels themselves)."""
    names = labels if names is None else names
    return [label + (f", same as {names[earlier]}" if earlier is not None else "")
            for label, earlier in zip(labels, same_as(curves))]


def run_title(results: ResultsFolder, note: str = "") -> str:
    """The run's label and year, with ``note`` in parentheses."""
    year = results.kpis.get("year")
    return f"{results.label}" + (f", {year}" if year is not None else "") + (f" ({note})" if note else "")


def available(folders: Sequence[ResultsFolder], read: Callable[[ResultsFolder], object]) -> dict[str, object]:
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


def missing_note(folders: Sequence[ResultsFolder], found: dict, reason: str) -> str:
    """A title line naming the runs without the data (empty when every run has it)."""
    missing = [results.label for results in folders if results.label not in found]
    return f"\n({reason} in {', '.join(missing)})" if missing else ""
