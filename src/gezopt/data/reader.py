"""Reading one CSV table against its spec, collecting every problem.

Each cell is parsed by its column's type; a cell that does not parse, a
NaN, an empty required cell, a value outside its bounds, a duplicate id, a
missing column or a missing file becomes a :class:`~gezopt.errors.Problem`
located at ``file:line:column`` (line 1 is the header).  Nothing is raised
here: the caller gathers the problems of all tables and raises once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gezopt.data.specs import Column, TableSpec
from gezopt.errors import Problem

FIRST_DATA_LINE = 2  # line number of the first data row (the header is line 1)
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M"


def read_raw_csv(path: Path) -> pd.DataFrame:
    """The file as strings, empty cells as ''; no type guessing."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)


def read_table(directory: Path, spec: TableSpec, problems: list[Problem]) -> pd.DataFrame:
    """Read ``<directory>/<spec.name>.csv`` into typed columns indexed by the id column.

    A missing optional table gives an empty frame with the spec's columns.
    Problems are appended to ``problems``; rows with problems are kept so that
    later cross-table checks can still run on the rest of the row.
    """
    path = directory / spec.file_name
    file_label = str(path)
    if not path.exists():
        if spec.required:
            problems.append(Problem(file_label, None, None, f"file is missing; the {spec.name} table is required"))
        return _empty_frame(spec)
    try:
        raw = read_raw_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        problems.append(Problem(file_label, None, None, f"is not a readable CSV file: {error}"))
        return _empty_frame(spec)

    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    for name in missing:
        problems.append(Problem(file_label, None, name, f"column is missing from the {spec.name} table"))
    if spec.id_column in missing:
        return _empty_frame(spec)

    lines = np.arange(FIRST_DATA_LINE, FIRST_DATA_LINE + len(raw))
    typed = {}
    for column in spec.columns:
        if column.name in raw.columns:
            cells = raw[column.name].str.strip()
        else:
            cells = pd.Series([""] * len(raw), dtype=str)
        typed[column.name] = _parse_column(cells.to_numpy(), lines, column, file_label, problems)
    frame = pd.DataFrame(typed)
    frame["_line"] = lines
    if not spec.unique_ids:
        return frame

    ids = frame[spec.id_column]
    for position in np.flatnonzero(ids.duplicated(keep="first").to_numpy()):
        first = int(lines[np.flatnonzero((ids == ids.iloc[position]).to_numpy())[0]])
        problems.append(Problem(file_label, int(lines[position]), spec.id_column,
                                f"duplicate id '{ids.iloc[position]}' (first used on line {first})"))
    frame = frame.drop_duplicates(subset=spec.id_column, keep="first")
    return frame.set_index(spec.id_column, drop=False).rename_axis(None)


def _empty_frame(spec: TableSpec) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype=_pandas_dtype(c)) for c in spec.columns})
    frame["_line"] = pd.Series(dtype=int)
    return frame.set_index(spec.id_column, drop=False).rename_axis(None)


def _pandas_dtype(column: Column) -> str:
    return {"str": "object", "float": "float64", "int": "int64", "bool": "bool", "date": "datetime64[ns]"}[
        column.dtype
    ]


def _parse_column(cells: np.ndarray, lines: np.ndarray, column: Column, file_label: str,
                  problems: list[Problem]) -> pd.Series:
    """Parse one column's cells by type, filling empty optional cells with the default."""
    empty = cells == ""
    if column.required:
        for line in lines[empty]:
            problems.append(Problem(file_label, int(line), column.name, "is empty; a value is required"))

    if column.dtype == "str":
        values = pd.Series(cells, dtype=object)
        values[empty] = column.default
        return values

    if column.dtype == "date":
        parsed = pd.to_datetime(pd.Series(cells), format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna().to_numpy() & ~empty
        for line, cell in zip(lines[bad], cells[bad]):
            problems.append(Problem(file_label, int(line), column.name,
                                    f"'{cell}' is not a date; expected YYYY-MM-DD"))
        if column.default is not None:
            parsed[empty] = pd.Timestamp(column.default)
        return parsed

    if column.dtype == "bool":
        lowered = np.char.lower(cells.astype(str))
        truthy = np.isin(lowered, ["true", "1", "yes"])
        falsy = np.isin(lowered, ["false", "0", "no"])
        bad = ~(truthy | falsy | empty)
        for line, cell in zip(lines[bad], cells[bad]):
            problems.append(Problem(file_label, int(line), column.name, f"'{cell}' is not true or false"))
        values = pd.Series(truthy)
        if column.default is not None:
            values[empty] = bool(column.default)
        return values

    numbers = pd.to_numeric(pd.Series(cells), errors="coerce").to_numpy(dtype=float)
    is_nan_text = np.isin(np.char.lower(cells.astype(str)), ["nan", "na", "n/a", "null", "none"])
    not_number = np.isnan(numbers) & ~empty
    for line, cell, nan_text in zip(lines[not_number], cells[not_number], is_nan_text[not_number]):
        message = "is NaN; a number is required" if nan_text else f"'{cell}' is not a number"
        problems.append(Problem(file_label, int(line), column.name, message))
    if column.dtype == "int":
        fractional = ~np.isnan(numbers) & (numbers != np.round(numbers))
        for line, cell in zip(lines[fractional], cells[fractional]):
            problems.append(Problem(file_label, int(line), column.name, f"'{cell}' is not a whole number"))
    finite = ~np.isnan(numbers)
    if column.minimum is not None:
        below = finite & (numbers < column.minimum)
        for line, number in zip(lines[below], numbers[below]):
            problems.append(Problem(file_label, int(line), column.name,
                                    f"{number:g} is below the minimum {column.minimum:g} ({column.unit})"))
    if column.maximum is not None:
        above = finite & (numbers > column.maximum)
        for line, number in zip(lines[above], numbers[above]):
            problems.append(Problem(file_label, int(line), column.name,
                                    f"{number:g} is above the maximum {column.maximum:g} ({column.unit})"))
    if column.default is not None:
        numbers = np.where(empty, float(column.default), numbers)
    return pd.Series(numbers)


def read_profiles(path: Path, problems: list[Problem]) -> pd.DataFrame:
    """Read the wide time-series file: ``timestamp`` then one numeric column per profile.

    Timestamps must parse as ``YYYY-MM-DD HH:MM``, be unique, increasing and
    hourly; every value must be a finite number.
    """
    file_label = str(path)
    if not path.exists():
        problems.append(Problem(file_label, None, None, "file is missing; the time series are required"))
        return pd.DataFrame(index=pd.DatetimeIndex([], name="timestamp"))
    raw = read_raw_csv(path)
    raw.columns = [str(c).strip() for c in raw.columns]
    if "timestamp" not in raw.columns:
        problems.append(Problem(file_label, None, "timestamp", "column is missing; the first column must be timestamp"))
        return pd.DataFrame(index=pd.DatetimeIndex([], name="timestamp"))
    lines = np.arange(FIRST_DATA_LINE, FIRST_DATA_LINE + len(raw))
    stamps = pd.to_datetime(raw["timestamp"].str.strip(), format=TIMESTAMP_FORMAT, errors="coerce")
    for line, cell in zip(lines[stamps.isna().to_numpy()], raw["timestamp"][stamps.isna()]):
        problems.append(Problem(file_label, int(line), "timestamp",
                                f"'{cell}' is not a timestamp; expected YYYY-MM-DD HH:MM"))
    valid = stamps.dropna()
    steps = valid.diff().dropna()
    wrong_step = steps != pd.Timedelta(hours=1)
    for position in np.flatnonzero(wrong_step.to_numpy()):
        index = steps.index[position]
        problems.append(Problem(file_label, int(lines[index]), "timestamp",
                                f"{valid[index]:%Y-%m-%d %H:%M} does not follow the previous row by one hour"))

    values = {}
    for name in raw.columns:
        if name == "timestamp":
            continue
        cells = raw[name].str.strip().to_numpy()
        numbers = pd.to_numeric(pd.Series(cells), errors="coerce").to_numpy(dtype=float)
        for line, cell in zip(lines[~np.isfinite(numbers)], cells[~np.isfinite(numbers)]):
            what = "is empty" if cell == "" else f"'{cell}' is not a finite number"
            problems.append(Problem(file_label, int(line), name, f"{what}; the time series needs a value every hour"))
        values[name] = numbers
    frame = pd.DataFrame(values, index=pd.DatetimeIndex(stamps, name="timestamp"))
    frame.attrs["file"] = file_label
    return frame
