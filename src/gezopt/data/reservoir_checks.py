"""Checks of reservoir_curves.csv against reservoirs.csv: where a reservoir's start and end volume come from.

A seasonal curve belongs to a reservoir (a row of reservoirs.csv) and stays within its volume bounds; a
reservoir with a curve takes its start and end volume from it (``volume_start_mcm`` and ``volume_end_mcm``
left empty), one without a curve needs ``volume_start_mcm``.  Every problem is located at its cell
(file:row:column); none raises.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gezopt.data.specs.hydro import MONTH_VOLUME_COLUMNS
from gezopt.errors import Problem, quoted


def _line(row: pd.Series) -> int | None:
    return None if pd.isna(row.get("_line")) else int(row["_line"])


def check_reservoir_curves(directory: Path, reservoirs: pd.DataFrame, curves: pd.DataFrame,
                           problems: list[Problem]) -> None:
    """Curves of known reservoirs, within their bounds; each reservoir's start volume from one place."""
    curves_file, reservoirs_file = str(directory / "reservoir_curves.csv"), str(directory / "reservoirs.csv")
    bounds = {row["plant_id"]: (row["volume_min_mcm"], row["volume_max_mcm"]) for _, row in reservoirs.iterrows()}
    for _, curve in curves.iterrows():
        plant = curve["plant_id"]
        if plant not in bounds:
            problems.append(Problem(curves_file, _line(curve), "plant_id",
                                    f"{quoted(plant)} has no row in reservoirs.csv; a seasonal curve belongs to a "
                                    "reservoir"))
            continue
        low, high = bounds[plant]
        for column in MONTH_VOLUME_COLUMNS:
            if not low <= curve[column] <= high:
                problems.append(Problem(curves_file, _line(curve), column,
                                        f"{curve[column]:g} is outside the volume bounds [{low:g}, {high:g}] "
                                        "million m3 of the reservoir"))
    with_curve = set(curves["plant_id"])
    for _, reservoir in reservoirs.iterrows():
        if reservoir["plant_id"] in with_curve:
            for column in ("volume_start_mcm", "volume_end_mcm"):
                if pd.notna(reservoir[column]):
                    problems.append(Problem(reservoirs_file, _line(reservoir), column,
                                            "is given, but reservoir_curves.csv gives this reservoir a seasonal "
                                            "curve, which sets the start and end volume of every horizon; leave "
                                            "it empty"))
        elif pd.isna(reservoir["volume_start_mcm"]):
            problems.append(Problem(reservoirs_file, _line(reservoir), "volume_start_mcm",
                                    "is empty; give the start volume or a seasonal curve in reservoir_curves.csv"))
