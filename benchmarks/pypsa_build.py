"""Build a PyPSA network from the files of ``pypsa_export.py`` and solve it with HiGHS; print JSON.

    <pypsa-venv>/bin/python benchmarks/pypsa_build.py FOLDER --method simplex|hipo|hipo-amd|hipo-gezopt

Runs in PyPSA's own environment (not gezopt's).  The HiGHS time is the sum
of ``highspy.Highs.run`` calls (wrapped here); build is reading the files and
``n.add``; the rest of ``n.optimize`` (linopy's model, hand-off, solution
read-back) is its own figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

import highspy
import pandas as pd
import pypsa

METHODS = {  # HiGHS options of each method
    "simplex": {"solver": "simplex", "simplex_strategy": 1},  # dual simplex
    "hipo": {"solver": "hipo", "run_crossover": "on"},
    "hipo-amd": {"solver": "hipo", "run_crossover": "on", "hipo_ordering": "amd"},  # the ordering gezopt picks here
    # every option gezopt gives HiPO on the default zone: AMD, the normal equations, a thread per CPU
    "hipo-gezopt": {"solver": "hipo", "run_crossover": "on", "hipo_ordering": "amd", "hipo_system": "normaleq",
                    "threads": len(os.sched_getaffinity(0))},
}
COMPONENTS = ("Bus", "Line", "Generator", "StorageUnit", "Link", "Load")
HIGHS_SECONDS = [0.0]


def time_highs_runs() -> None:
    """Add the wall time of every ``Highs.run`` to ``HIGHS_SECONDS``."""
    original = highspy.Highs.run

    def timed_run(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            HIGHS_SECONDS[0] += time.perf_counter() - started

    highspy.Highs.run = timed_run


def build(folder: Path) -> pypsa.Network:
    """The network of ``folder``: static attributes from ``<Component>.csv``, series from ``<Component>-<attr>.csv``."""
    n = pypsa.Network()
    snapshots = pd.read_csv(folder / "Load-p_set.csv", index_col=0, parse_dates=True).index
    n.set_snapshots(snapshots)
    n.add("Carrier", ["AC", "heat", "hydro", "ror", "waste", "battery", "import", "export", "shed", "heat_pump",
                      "boiler", "tank", "water", "solar", "rooftop_solar", "wind"])
    for component in COMPONENTS:
        path = folder / f"{component}.csv"
        if not path.exists():
            continue
        static = fill_defaults(n, component, pd.read_csv(path, index_col="name"))
        series = {path.stem.split("-", 1)[1]: pd.read_csv(path, index_col=0, parse_dates=True)
                  for path in folder.glob(f"{component}-*.csv")}
        n.add(component, static.index, **{column: static[column] for column in static.columns})
        dynamic = n.components[component].dynamic
        for attribute, frame in series.items():
            frame.index = snapshots
            dynamic[attribute] = frame
    return n


def fill_defaults(n: pypsa.Network, component: str, static: pd.DataFrame) -> pd.DataFrame:
    """Empty cells (an attribute given for some objects only) as PyPSA's default of the attribute."""
    defaults = n.components[component].defaults["default"]
    for column in static.columns[static.isna().any()]:
        default = defaults.get(column, "" if column.startswith("bus") else 1.0)
        static[column] = static[column].fillna(default).infer_objects()
    return static


def solve(folder: Path, method: str) -> dict:
    """Build and solve; wall times of each part, HiGHS time, LP size, objective and peak memory."""
    time_highs_runs()
    started = time.perf_counter()
    n = build(folder)
    built = time.perf_counter()
    status, condition = n.optimize(solver_name="highs", solver_options=METHODS[method], io_api="direct",
                                   log_to_console=False)
    finished = time.perf_counter()
    return {
        "status": status, "condition": condition, "method": method,
        "objective_azn": float(n.objective + n.objective_constant),
        "rows": int(n.model.ncons), "columns": int(n.model.nvars),
        "build_s": built - started, "optimize_s": finished - built, "solve_s": HIGHS_SECONDS[0],
        "peak_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "pypsa": pypsa.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--method", choices=sorted(METHODS), default="simplex")
    arguments = parser.parse_args()
    print("RESULT " + json.dumps(solve(arguments.folder, arguments.method)))


if __name__ == "__main__":
    main()
