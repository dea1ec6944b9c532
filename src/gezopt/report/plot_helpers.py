"""What the report's plots share: the figure width, titles, date and hour axes, and data some runs lack."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

from gezopt.report import series
from gezopt.report.results_folder import MissingDataError, ResultsFolder

WIDTH_IN = 12.0


def date_axis(axes) -> None:
    """Date ticks on the x axis, labelled concisely."""
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def hour_axis(axes) -> None:
    """The x axis of a profile by hour of day (Baku time), MW on the y axis, a zero line."""
    axes.set_xticks(range(0, 24, 2))
    axes.set_xlim(-0.6, 23.6)
    axes.set_xlabel(f"hour of day, Baku time (UTC+{series.LOCAL_UTC_OFFSET_HOURS})")
    axes.set_ylabel("MW")
    axes.axhline(0.0, color="#333333", linewidth=0.6)
    axes.grid(axis="y", alpha=0.3)


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
