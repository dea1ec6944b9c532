"""Writing the report's files: one run's plots as PNGs, and a comparison's CSV, Markdown and HTML.

Both are folders written like a run's results (:mod:`gezopt.output`):
staged beside the destination, swapped in when complete, and never over a
folder gezopt did not write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gezopt.output import FolderKind, OutFolder, reserved, writing
from gezopt.report.bill_bands import BandComparison, band_comparison
from gezopt.report.capacity_rows import capacity_indicators
from gezopt.report.html import report_html
from gezopt.report.plots import PLOTS, RenderedPlot, render_all
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.summary import summary_of
from gezopt.report.tables import KpiTable, kpi_table

_PLOT_FILE = "(" + "|".join(kind.name for kind in PLOTS) + r")\.png"
PLOT_FOLDER = FolderKind("plots", legacy_files=_PLOT_FILE)
COMPARISON_FOLDER = FolderKind("comparison", ("comparison.csv", "comparison.md", "report.html"),
                               r"comparison\.(csv|md)|report\.html|plots/" + _PLOT_FILE)
BANDS_FILE = "bills_by_band.csv"
COMPARISON_FILES = frozenset({"comparison.csv", "comparison.md", "report.html", "plots", BANDS_FILE})


@dataclass(frozen=True)
class WrittenPlots:
    """The PNG files written and the plots skipped (with the reason)."""

    files: list[Path]
    skipped: dict[str, str]


@dataclass(frozen=True)
class WrittenComparison:
    """The comparison's files, its KPI table, its plots and its written summary."""

    csv: Path
    markdown: Path
    html: Path
    table: KpiTable
    plots: list[RenderedPlot]
    bands: BandComparison | None  # bills at consumption bands, when some run has them
    bands_csv: Path | None
    summary: list[str]  # the sentences at the top of the report


def write_plots(results: ResultsFolder, out_dir: Path | OutFolder) -> WrittenPlots:
    """Draw every single-run plot of ``results`` as ``out_dir/<plot>.png`` (a :data:`PLOT_FOLDER`)."""
    with reserved(out_dir, PLOT_FOLDER) as target:
        names, skipped = [], {}
        with writing(target.path):
            for plot in render_all([results]):
                if plot.png is None:
                    skipped[plot.name] = plot.note
                    continue
                (target.staging / f"{plot.name}.png").write_bytes(plot.png)
                names.append(f"{plot.name}.png")
        path = target.commit()
    return WrittenPlots(files=[path / name for name in names], skipped=skipped)


def comparison_markdown(folders: Sequence[ResultsFolder], table: KpiTable, bands: BandComparison | None,
                        summary: Sequence[str]) -> str:
    """``comparison.md``: the summary, the scenarios with their descriptions, the KPI table, the bills at
    bands."""
    lines = ["# Scenario comparison", ""]
    if summary:
        lines += ["## Summary", "", *(f"- {sentence}" for sentence in summary), "", "## Scenarios", ""]
    lines += [f"- **{results.label}**: {results.description or '(no description)'} (`{results.shown_path}`)"
              for results in folders]
    lines += ["", table.to_markdown(), ""]
    if bands is not None:
        lines += ["## Who pays what", "", bands.to_markdown(), ""]
    return "\n".join(lines)


def write_comparison(folders: Sequence[ResultsFolder], out_dir: Path | OutFolder) -> WrittenComparison:
    """Write ``comparison.csv``, ``comparison.md``, the self-contained ``report.html`` and ``plots/*.png``
    (a :data:`COMPARISON_FOLDER`)."""
    with reserved(out_dir, COMPARISON_FOLDER) as target:
        table = kpi_table(folders, capacity_indicators(folders))
        plots = render_all(folders)
        bands = band_comparison(folders)
        summary = summary_of(folders, bands)
        staging = target.staging
        with writing(target.path):
            (staging / "comparison.csv").write_text(table.to_csv())
            (staging / "comparison.md").write_text(comparison_markdown(folders, table, bands, summary))
            (staging / "report.html").write_text(report_html(folders, table, plots, bands=bands, summary=summary))
            if bands is not None:
                (staging / BANDS_FILE).write_text(bands.to_csv())
            (staging / "plots").mkdir()
            for plot in plots:
                if plot.png is not None:
                    (staging / "plots" / f"{plot.name}.png").write_bytes(plot.png)
        path = target.commit()
    return WrittenComparison(csv=path / "comparison.csv", markdown=path / "comparison.md",
                             html=path / "report.html", table=table, plots=plots, bands=bands,
                             bands_csv=path / BANDS_FILE if bands is not None else None, summary=summary)
