"""Shared helpers of the dataset build: facts, assumptions, sources, local time, CSV writing, step arguments.

Each step script (``profiles.py``, ``grid.py``, ``fleet.py``, ``hydrology.py``,
``demand.py``, ``costs.py``, ``assemble.py``) reads the facts of the data sheet (``facts/*.csv``, one ZONE.md source
key per row), the assumptions (``assumptions.yaml``) and the products of the steps before it from the
work folder, and writes its own product there: table CSVs in the spec's format and its rows of
``sources.csv`` as ``sources/<step>.csv``.
"""

from __future__ import annotations

import argparse
import csv
import math
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from gezopt.data.specs import TABLES_BY_NAME

BUILD = Path(__file__).resolve().parent
REPOSITORY = BUILD.parents[1]
FACTS = BUILD / "facts"
HOURS_PER_YEAR = 8760
SOURCE_COLUMNS = ("table", "row_id", "column", "source", "note")


@cache
def assumptions() -> dict[str, dict[str, object]]:
    """assumptions.yaml as section -> name -> value (the notes stay in the file)."""
    raw = yaml.safe_load((BUILD / "assumptions.yaml").read_text(encoding="utf-8"))
    return {section: {name: entry["value"] for name, entry in entries.items()} for section, entries in raw.items()}


def fact_rows(name: str) -> list[dict[str, str]]:
    """The rows of facts/<name>.csv as text (empty cells are '')."""
    with (FACTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def constants() -> dict[str, float]:
    """facts/constants.csv: the sourced scalars of the data sheet."""
    return {row["name"]: float(row["value"]) for row in fact_rows("constants")}


def districts() -> list[tuple[str, int, str]]:
    """facts/districts.csv as (district, residents, bus), in the data sheet's order."""
    return [(row["district"], int(row["residents"]), row["bus"]) for row in fact_rows("districts")]


def number(text: str) -> float | None:
    return float(text) if text != "" else None


REFERENCE_YEAR = assumptions()["common"]["reference_year"]
LOCAL_UTC_OFFSET_HOURS = assumptions()["common"]["local_utc_offset_hours"]
EUR_TO_AZN = assumptions()["common"]["eur_to_azn"]


def local_time(stamps: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """UTC timestamps in local time (the one place the offset is applied)."""
    return stamps + pd.Timedelta(hours=LOCAL_UTC_OFFSET_HOURS)


def local_hour_to_utc(hour: int) -> int:
    return (hour - LOCAL_UTC_OFFSET_HOURS) % 24


class Sources:
    """Collects the rows of sources.csv: (table, row_id, column, source, note); passed to whoever adds rows."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, table: str, row_id: str, column: str, source: str, note: str = "") -> None:
        self.rows.append((table, row_id, column, source, note))

    def add_row(self, table: str, row_id: str, entries: dict[str, tuple[str, str] | str]) -> None:
        for column, value in entries.items():
            source, note = (value, "") if isinstance(value, str) else value
            self.add(table, row_id, column, source, note)

    def covers(self, table: str, row_id: str, column: str) -> bool:
        return any(t == table and r in (row_id, "*") and c in (column, "*") for t, r, c, _, _ in self.rows)


def format_value(value: object) -> str:
    """Deterministic CSV text: '' for None, shortest fixed-point text for floats."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"non-finite value {value!r}")
        text = f"{float(value):.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([format_value(v) for v in row])


def write_table(directory: Path, name: str, records: list[dict[str, object]]) -> None:
    """Write one table with the spec's columns in the spec's order."""
    spec = TABLES_BY_NAME[name]
    header = [c.name for c in spec.columns]
    for record in records:
        unknown = set(record) - set(header)
        if unknown:
            raise ValueError(f"{name}: unknown columns {sorted(unknown)}")
    write_csv(directory / spec.file_name, header, [[r.get(c) for c in header] for r in records])


def write_product(work: Path, step: str, tables: dict[str, list[dict[str, object]]], sources: Sources) -> None:
    """A step's product: its tables and its sources rows."""
    for name, records in tables.items():
        write_table(work, name, records)
    write_csv(work / "sources" / f"{step}.csv", list(SOURCE_COLUMNS), [list(row) for row in sources.rows])


def product(work: Path, file_name: str) -> Path:
    """The path of an earlier step's product; tells which step to run when it is missing."""
    path = work / file_name
    if not path.exists():
        raise SystemExit(f"{path} is missing: run the step that writes it first (see inputs/build_zone.py)")
    return path


def read_product(work: Path, file_name: str) -> list[dict[str, str]]:
    """A product of an earlier step as text rows."""
    with product(work, file_name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_profiles(work: Path) -> pd.DataFrame:
    """profiles.csv of the profiles step, indexed by its UTC timestamps (floats parsed exactly)."""
    return pd.read_csv(product(work, "profiles.csv"), index_col="timestamp", parse_dates=["timestamp"],
                       float_precision="round_trip")


def step_arguments(description: str, argv: list[str] | None = None, output: bool = False) -> argparse.Namespace:
    """--shared (ZONE.md and jabrayil_tmy.csv), --work (the products) and, for the last step, --output (the
    dataset folder); relative paths are taken from the repository root."""
    parser = argparse.ArgumentParser(description=description)
    if output:
        parser.add_argument("--output", default="inputs/zone", help="dataset folder (relative: from the repository root)")
    parser.add_argument("--shared", default="../shared/data",
                        help="folder with ZONE.md and jabrayil_tmy.csv (relative: from the repository root)")
    parser.add_argument("--work", default="inputs/build/products",
                        help="folder of the steps' products (relative: from the repository root)")
    arguments = parser.parse_args(argv)
    arguments.shared = resolve(arguments.shared).resolve()
    arguments.work = resolve(arguments.work)
    if output:
        arguments.output = resolve(arguments.output)
    return arguments


def resolve(path: str) -> Path:
    return Path(path) if Path(path).is_absolute() else REPOSITORY / path
