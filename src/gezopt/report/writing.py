"""Writing the report's files: one run's plots as PNGs, and a comparison's CSV, Markdown and HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gezopt.report.html import report_html
from gezopt.report.plots import RenderedPlot, render_all
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.tables import KpiTable, kpi_table


@dataclass(frozen=True)
class WrittenPlots:
    """The PNG files written and the plots skipped (with the reason)."""

    files: list[Path]
    skipped: dict[str, str]


@dataclass(frozen=True)
class WrittenComparison:
    """The comparison's files, its KPI table and its plots."""

    csv: Path
    markdown: Path
    html: Path
    table: KpiTable
    plots: list[RenderedPlot]


def write_plots(results: ResultsFolder, out_dir: Path) -> WrittenPlots:
    """Draw every single-run plot of ``results`` as ``out_dir/<plot>.png``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files, skipped = [], {}
    for plot in render_all([results]):
        if plot.png is None:
            skipped[plot.name] = plot.note
            continue
        path = out_dir / f"{plot.name}.png"
        path.write_bytes(plot.png)
        files.append(path)
    return WrittenPlots(files=files, skipped=skipped)


def comparison_markdown(folders: Sequence[ResultsFolder], table: KpiTable) -> str:
    """``comparison.md``: the scenarios with their descriptions, then the KPI table."""
    lines = ["# Scenario comparison", ""]
    lines += [f"- **{results.label}**: {results.description or '(no description)'} (`{results.path}`)"
              for results in folders]
    return "\n".join([*lines, "", table.to_markdown(), ""])


def write_comparison(folders: Sequence[ResultsFolder], out_dir: Path) -> WrittenComparison:
    """Write ``comparison.csv``, ``comparison.md``, the self-contained ``report.html`` and ``plots/*.png``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    table = kpi_table(folders)
    plots = render_all(folders)
    csv_path, markdown_path, html_path = out_dir / "comparison.csv", out_dir / "comparison.md", out_dir / "report.html"
    csv_path.write_text(table.to_csv())
    markdown_path.write_text(comparison_markdown(folders, table))
    html_path.write_text(report_html(folders, table, plots))
    plot_folder = out_dir / "plots"
    plot_folder.mkdir(exist_ok=True)
    for plot in plots:
        if plot.png is not None:
            (plot_folder / f"{plot.name}.png").write_bytes(plot.png)
    return WrittenComparison(csv=csv_path, markdown=markdown_path, html=html_path, table=table, plots=plots)
