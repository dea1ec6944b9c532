"""Reporting: read results folders, draw plots, tabulate KPIs and compare scenarios (issue 6).

``results_folder`` reads a folder written by ``gezopt solve``; ``series``
derives the quantities the plots draw; ``plots`` draws each figure for one run
or several; ``tables`` builds the comparison KPI table; ``html`` assembles the
self-contained HTML report; ``writing`` writes the files of ``gezopt plot``
and ``gezopt compare``.  matplotlib is imported only here, so solving never
pays for it.
"""

from gezopt.report.results_folder import (
    MissingDataError,
    NotAResultsFolderError,
    ResultsFolder,
    read_results_folder,
    read_results_folders,
)
from gezopt.report.tables import KpiTable, kpi_table
from gezopt.report.writing import (
    COMPARISON_FOLDER,
    PLOT_FOLDER,
    WrittenComparison,
    WrittenPlots,
    write_comparison,
    write_plots,
)

__all__ = [
    "COMPARISON_FOLDER",
    "PLOT_FOLDER",
    "KpiTable",
    "MissingDataError",
    "NotAResultsFolderError",
    "ResultsFolder",
    "WrittenComparison",
    "WrittenPlots",
    "kpi_table",
    "read_results_folder",
    "read_results_folders",
    "write_comparison",
    "write_plots",
]
