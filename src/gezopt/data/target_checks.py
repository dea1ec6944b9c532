"""Checks of hydro_targets.csv: each target's kind and the year or period it is evaluated over.

An annual target names the scenario year it is evaluated in and no period; a cumulative target names its
period (``period_start`` < ``period_end``, the statement's date) and no year.  Every problem is located
at its cell (file:row:column); none raises.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gezopt.data.specs.hydro import TARGET_KINDS
from gezopt.errors import Problem, quoted


def check_hydro_targets(directory: Path, targets: pd.DataFrame, problems: list[Problem]) -> None:
    """Known kinds; an annual target with its year and no period, a cumulative one with an ordered period."""
    file_label = str(directory / "hydro_targets.csv")
    for _, row in targets.iterrows():
        line = None if pd.isna(row.get("_line")) else int(row["_line"])

        def problem(column: str, message: str, line: int | None = line) -> None:
            problems.append(Problem(file_label, line, column, message))

        kind = row["kind"]
        if kind not in TARGET_KINDS:
            problem("kind", f"{quoted(kind)} is not a target kind; expected {', '.join(TARGET_KINDS)}")
            continue
        if kind == "annual":
            if pd.isna(row["year"]):
                problem("year", "is empty; an annual target needs the scenario year it is evaluated in")
            for column in ("period_start", "period_end"):
                if pd.notna(row[column]):
                    problem(column, "is given for an annual target; leave it empty or make the target cumulative")
            continue
        if pd.notna(row["year"]):
            problem("year", "is given for a cumulative target, which is evaluated over its period; leave it empty")
        for column in ("period_start", "period_end"):
            if pd.isna(row[column]):
                problem(column, "is empty; a cumulative target needs the period its total covers")
        if pd.notna(row["period_start"]) and pd.notna(row["period_end"]) \
                and row["period_end"] <= row["period_start"]:
            problem("period_end", f"{row['period_end']:%Y-%m-%d} is not after period_start "
                                  f"{row['period_start']:%Y-%m-%d}")
