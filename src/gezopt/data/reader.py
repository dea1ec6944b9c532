"""Reading one CSV table against its spec, collecting every problem.

Each cell is parsed by its column's type; a cell that does not parse, a
NaN or infinity, an empty required cell, a value outside its bounds (or, in
a column without bounds, beyond the largest accepted magnitude), a duplicate
id, a missing or repeated column, a byte that is not UTF-8, an empty file or
a file without a header becomes a :class:`~gezopt.errors.Problem` located at
``file:line:column`` (line 1 is the header).  Nothing is raised here: the
caller gathers the problems of all tables and raises once.

An unknown column is an error when it looks like a misspelling of a known
column (difflib similarity at least 0.8: its values would otherwise be
silently lost, and a misspelt ``decomissioned`` keeps a unit in service), and
a warning on the ``gezopt.input`` logger naming the closest known column
otherwise (extra columns such as notes are ignored).
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
from collections.abc import Collection
from pathlib import Path

import numpy as np
import pandas as pd

from gezopt.data.specs import MAXIMUM_MAGNITUDE, Column, TableSpec
from gezopt.errors import Problem, excerpt, quoted

FIRST_DATA_LINE = 2  # line number of the first data row (the header is line 1)
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M"
HINT_SIMILARITY = 0.6  # a known name at least this similar is named as the closest
MISSPELLING_SIMILARITY = 0.8  # ... and at least this similar, it is taken for a misspelling of it

input_warnings = logging.getLogger("gezopt.input")


def read_raw_csv(path: Path, problems: list[Problem], expected: Collection[str]) -> pd.DataFrame | None:
    """The file as strings, empty cells as '', no type guessing; None if it is empty or has no header.

    A first line naming none of the ``expected`` columns is not a header.  Bytes that are not UTF-8
    are reported at their line and column and read as U+FFFD so that the rest of the file is still
    checked; a column name given twice is reported and only its first column kept.
    """
    file_label = str(path)
    text = _decode(path.read_bytes(), file_label, problems)
    if not text.strip():
        problems.append(Problem(file_label, None, None, "is empty; a CSV file starts with a header line naming its columns"))
        return None
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.ParserError as error:
        problems.append(Problem(file_label, None, None, f"is not a readable CSV file: {excerpt(error, 120)}"))
        return None
    header = [name.strip() for name in next(csv.reader(io.StringIO(text), skipinitialspace=True))]
    if len(header) != raw.shape[1]:  # pandas took a first column without a header name as the index
        header = [str(name).strip() for name in raw.columns]
    raw.columns = header
    if not set(header) & set(expected):
        problems.append(Problem(file_label, 1, None, "is not a header: it names none of the expected columns "
                                                     f"({', '.join(expected)}); the first line must name the columns"))
        return None
    first_position: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in first_position:
            problems.append(Problem(file_label, 1, name, f"column name given twice (columns {first_position[name] + 1} "
                                                         f"and {position + 1}); only the first is read"))
        else:
            first_position[name] = position
    return raw.iloc[:, sorted(first_position.values())].fillna("")


def _decode(data: bytes, file_label: str, problems: list[Problem]) -> str:
    """UTF-8 text of the file; each line with bytes that are not UTF-8 gives one problem at its first one."""
    text = data.decode("utf-8", errors="replace")
    if "\ufffd" not in text or data.count("\ufffd".encode()) == text.count("\ufffd"):
        return text
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    reported_lines: set[int] = set()
    offset = 0
    while offset < len(data):
        try:
            data[offset:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            position = offset + error.start
            line = data.count(b"\n", 0, position) + 1
            if line not in reported_lines:
                reported_lines.add(line)
                line_start = data.rfind(b"\n", 0, position) + 1
                before = data[line_start:position].decode("utf-8", errors="replace")
                field = len(next(csv.reader([before]), [""])) - 1 if before else 0
                column = header[field].strip() if line > 1 and field < len(header) else None
                problems.append(Problem(file_label, line, column,
                                        f"byte 0x{data[position]:02X} is not UTF-8; save the file as UTF-8"))
            offset = offset + error.end
    return text


def closest_name(name: str, known: Collection[str]) -> tuple[str | None, bool]:
    """The known name most like ``name`` (None if none is alike), and whether ``name`` looks like a misspelling of it."""
    by_lowercase = {k.lower(): k for k in known}
    matches = difflib.get_close_matches(name.lower(), list(by_lowercase), n=1, cutoff=HINT_SIMILARITY)
    if not matches:
        return None, False
    similarity = difflib.SequenceMatcher(None, name.lower(), matches[0]).ratio()
    return by_lowercase[matches[0]], similarity >= MISSPELLING_SIMILARITY


def report_unknown_name(location: Problem, name: str, known: Collection[str], what: str,
                        problems: list[Problem]) -> None:
    """An unknown name at ``location`` (whose message is ignored): an error when it looks like a misspelling
    of a known name (whose values would silently be lost), a warning naming the closest known name otherwise."""
    closest, misspelt = closest_name(name, known)
    if misspelt:
        problems.append(Problem(location.file, location.row, location.column,
                                f"unknown {what} {quoted(name)}; did you mean '{closest}'? (an unknown {what} is ignored)"))
        return
    hint = f" (the closest known {what} is '{closest}')" if closest is not None else ""
    warning = Problem(location.file, location.row, location.column, f"unknown {what} {quoted(name)} is ignored{hint}")
    input_warnings.warning(str(warning))


def read_table(directory: Path, spec: TableSpec, problems: list[Problem]) -> pd.DataFrame:
    """Read ``<directory>/<spec.name>.csv`` into typed columns indexed by the id column.

    A missing optional table gives an empty frame with the spec's columns, and
    so does a file with only its header.
    Problems are appended to ``problems``; rows with problems are kept so that
    later cross-table checks can still run on the rest of the row.
    """
    path = directory / spec.file_name
    file_label = str(path)
    if not path.exists():
        if spec.required:
            problems.append(Problem(file_label, None, None, f"file is missing; the {spec.name} table is required"))
        return _empty_frame(spec)
    known = [c.name for c in spec.columns]
    raw = read_raw_csv(path, problems, known)
    if raw is None:
        return _empty_frame(spec)
    for name in raw.columns:
        if name not in known:
            report_unknown_name(Problem(file_label, 1, name, ""), name, known, "column", problems)
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
                                f"duplicate id {quoted(ids.iloc[position])} (first used on line {first})"))
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
                                    f"{quoted(cell)} is not a date; expected YYYY-MM-DD"))
        if column.default is not None:
            parsed[empty] = pd.Timestamp(column.default)
        return parsed

    if column.dtype == "bool":
        lowered = np.char.lower(cells.astype(str))
        truthy = np.isin(lowered, ["true", "1", "yes"])
        falsy = np.isin(lowered, ["false", "0", "no"])
        bad = ~(truthy | falsy | empty)
        for line, cell in zip(lines[bad], cells[bad]):
            problems.append(Problem(file_label, int(line), column.name, f"{quoted(cell)} is not true or false"))
        values = pd.Series(truthy)
        if column.default is not None:
            values[empty] = bool(column.default)
        return values

    numbers = pd.to_numeric(pd.Series(cells), errors="coerce").to_numpy(dtype=float)
    is_nan_text = np.isin(np.char.lower(cells.astype(str)), ["nan", "na", "n/a", "null", "none"])
    not_number = np.isnan(numbers) & ~empty
    for line, cell, nan_text in zip(lines[not_number], cells[not_number], is_nan_text[not_number]):
        message = "is NaN; a number is required" if nan_text else f"{quoted(cell)} is not a number"
        problems.append(Problem(file_label, int(line), column.name, message))
    for line, cell in zip(lines[np.isinf(numbers)], cells[np.isinf(numbers)]):
        problems.append(Problem(file_label, int(line), column.name, f"{quoted(cell)} is not a finite number"))
    if column.dtype == "int":
        fractional = np.isfinite(numbers) & (numbers != np.round(numbers))
        for line, cell in zip(lines[fractional], cells[fractional]):
            problems.append(Problem(file_label, int(line), column.name, f"{quoted(cell)} is not a whole number"))
    problems.extend(bound_problems(numbers, lines, column, file_label))
    if column.default is not None:
        numbers = np.where(empty, float(column.default), numbers)
    return pd.Series(numbers)


def bound_problems(numbers: np.ndarray, lines: np.ndarray, column: Column, file_label: str) -> list[Problem]:
    """Finite values outside the column's bounds (the largest accepted magnitude where it gives none)."""
    problems = []
    finite = np.isfinite(numbers)
    low, high = column.lower_bound, column.upper_bound
    below = finite & ((numbers <= low) if column.minimum_excluded else (numbers < low))
    for line, number in zip(lines[below], numbers[below]):
        what = "is not above" if column.minimum_excluded else "is below"
        problems.append(Problem(file_label, int(line), column.name, f"{number:g} {what} the minimum {low:g} ({column.unit})"))
    above = finite & (numbers > high)
    for line, number in zip(lines[above], numbers[above]):
        problems.append(Problem(file_label, int(line), column.name, f"{number:g} is above the maximum {high:g} ({column.unit})"))
    return problems


def read_profiles(path: Path, problems: list[Problem]) -> pd.DataFrame:
    """Read the wide time-series file: ``timestamp`` then one numeric column per profile.

    Timestamps must parse as ``YYYY-MM-DD HH:MM``, be unique, increasing and
    hourly; every value must be a finite number of sane magnitude (the range of
    each profile's kind is checked with the tables that name it).
    """
    file_label = str(path)
    if not path.exists():
        problems.append(Problem(file_label, None, None, "file is missing; the time series are required"))
        return pd.DataFrame(index=pd.DatetimeIndex([], name="timestamp"))
    raw = read_raw_csv(path, problems, ["timestamp"])
    if raw is None:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="timestamp"))
    lines = np.arange(FIRST_DATA_LINE, FIRST_DATA_LINE + len(raw))
    stamps = pd.to_datetime(raw["timestamp"].str.strip(), format=TIMESTAMP_FORMAT, errors="coerce")
    for line, cell in zip(lines[stamps.isna().to_numpy()], raw["timestamp"][stamps.isna()]):
        problems.append(Problem(file_label, int(line), "timestamp",
                                f"{quoted(cell)} is not a timestamp; expected YYYY-MM-DD HH:MM"))
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
            what = "is empty" if cell == "" else f"{quoted(cell)} is not a finite number"
            problems.append(Problem(file_label, int(line), name, f"{what}; the time series needs a value every hour"))
        absurd = np.isfinite(numbers) & (np.abs(numbers) > MAXIMUM_MAGNITUDE)
        for line, number in zip(lines[absurd], numbers[absurd]):
            problems.append(Problem(file_label, int(line), name,
                                    f"{number:g} is beyond the largest accepted magnitude {MAXIMUM_MAGNITUDE:g}"))
        values[name] = numbers
    frame = pd.DataFrame(values, index=pd.DatetimeIndex(stamps, name="timestamp"))
    frame.attrs["file"] = file_label
    return frame
