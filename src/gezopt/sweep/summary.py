"""The sweep's summary files: the table (``sweep.csv``, ``sweep.parquet``), a page to read (``sweep.md``:
the sweep, the chosen KPIs by case, the plots, the failures) and the plots (``plots/<kpi>.png``), written
into the sweep's staging folder and swapped in whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gezopt.errors import ExitCode
from gezopt.output import OutFolder
from gezopt.sweep.definition import SweepDefinition
from gezopt.sweep.folder import OutputFile, write_files
from gezopt.sweep.plots import SweepPlot, sweep_plots
from gezopt.sweep.records import CaseRecord, CaseStatus
from gezopt.sweep.table import ShortTable, csv_bytes, parquet_bytes, short_table, sweep_frame

TABLE_FILES = ("sweep.csv", "sweep.parquet", "sweep.md")
PLOT_FOLDER = "plots"


@dataclass(frozen=True)
class SweepSummary:
    """What a sweep wrote: its folder, every case's record (in the sweep's order), the short table, the plots
    (drawn or skipped) and the summary files."""

    path: Path
    records: tuple[CaseRecord, ...]
    table: ShortTable
    plots: tuple[SweepPlot, ...]
    files: tuple[Path, ...]

    def count(self, status: CaseStatus) -> int:
        return sum(record.status is status for record in self.records)

    @property
    def exit_code(self) -> ExitCode:
        """The first failed case's exit code (in the sweep's order), 0 when every case solved."""
        return next((r.exit_code for r in self.records if r.status is CaseStatus.FAILED), ExitCode.OK)


def sweep_markdown(definition: SweepDefinition, records: Sequence[CaseRecord], table: ShortTable,
                   plots: Sequence[SweepPlot], labels: dict[str, str]) -> str:
    """``sweep.md``: what the sweep varied over which base, the chosen KPIs by case, the plots, the failures."""
    lines = [f"# Sweep: {definition.description or definition.base.stem}", "",
             f"- base scenario: `{definition.base}`", f"- defined in: `{definition.label}`"]
    lines += [f"- every case sets `{setting.key}` = `{setting.text}`" for setting in definition.shared]
    lines += [f"- parameter `{key}` (shown as {labels[key]})" for key in definition.parameters]
    lines += [f"- {len(records)} cases: " + ", ".join(
        f"{sum(r.status is status for r in records)} {status.value}" for status in CaseStatus), "",
        table.to_markdown(), "", "## Plots", ""]
    for plot in plots:
        lines += [f"![{plot.kpi}]({PLOT_FOLDER}/{plot.file_name})" if plot.png is not None
                  else f"- {plot.kpi}: {plot.note}", ""]
    failed = [record for record in records if record.status is CaseStatus.FAILED]
    if failed:
        lines += ["## Failed cases", "", *(f"- `{record.case.name}`: {record.message}" for record in failed), ""]
    return "\n".join(lines)


def write_summary(target: OutFolder, definition: SweepDefinition, records: Sequence[CaseRecord],
                  labels: dict[str, str]) -> SweepSummary:
    """Write the table, the page and the plots into the staging folder of ``target`` and commit it."""
    frame = sweep_frame(definition, records)
    table = short_table(definition, records, definition.plots, labels)
    plots = sweep_plots(definition, records, labels)
    markdown = sweep_markdown(definition, records, table, plots, labels)
    files = [OutputFile("sweep.csv", csv_bytes(frame)), OutputFile("sweep.parquet", parquet_bytes(frame)),
             OutputFile("sweep.md", markdown.encode()),
             *(OutputFile(f"{PLOT_FOLDER}/{plot.file_name}", plot.png) for plot in plots if plot.png is not None)]
    written = write_files(target, files)
    path = target.commit()
    return SweepSummary(path=path, records=tuple(records), table=table, plots=tuple(plots), files=tuple(written))
