"""Reading a results folder written by ``gezopt solve``: its tables, ``kpis.json`` and ``run.json``.

A folder is a results folder when it holds ``kpis.json`` and ``run.json``;
anything else raises :class:`NotAResultsFolderError` (a user's mistake, with
its own exit code).  Tables are read on first use (Parquet when present, else
CSV), so a report that never draws the line flows never reads them.  A table
or KPI the run did not write (an older run, or one without tariffs) raises
:class:`MissingDataError`, which the report turns into a note, not a failure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gezopt.data.zone import LOCAL_UTC_OFFSET_HOURS
from gezopt.errors import ExitCode, GezoptError
from gezopt.output import restore_interrupted

REQUIRED_FILES = ("kpis.json", "run.json")

SNAPSHOT_FORMAT = "%Y-%m-%d %H:%M"


class NotAResultsFolderError(GezoptError):
    """The path given is not a folder written by ``gezopt solve``."""

    exit_code = ExitCode.INPUT_ERROR


class MissingDataError(LookupError):
    """A table or KPI that this results folder does not hold (the plot or row is skipped)."""


@dataclass
class ResultsFolder:
    """One run's results: KPIs, run information and (lazily read) tables."""

    path: Path
    kpis: dict[str, object]
    run: dict[str, object]
    label: str
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    final_path: Path | None = None  # where the folder will be once its comparison is committed (read from staging)

    @property
    def shown_path(self) -> Path:
        """The folder's path as a report names it: where it is, or will be once the comparison is in place."""
        return self.final_path if self.final_path is not None else self.path

    @property
    def scenario_name(self) -> str:
        """The scenario's name from ``run.json`` (the folder's name if absent)."""
        return str(self.run.get("scenario", {}).get("name") or self.path.name)

    @property
    def description(self) -> str:
        """The scenario's description from ``run.json``."""
        return str(self.run.get("scenario", {}).get("description") or "")

    @property
    def utc_offset_hours(self) -> int:
        """Local time = UTC + this: the offset the run's tariffs bill in (``run.json``), else the zone's (Baku)."""
        resolved = self.run.get("scenario", {}).get("resolved") or {}
        offset = (resolved.get("tariffs") or {}).get("utc_offset_hours")
        return int(offset) if isinstance(offset, (int, float)) else LOCAL_UTC_OFFSET_HOURS

    def has_table(self, name: str) -> bool:
        """Whether the run wrote table ``name`` (as Parquet or CSV)."""
        return any((self.path / f"{name}{suffix}").is_file() for suffix in (".parquet", ".csv"))

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` with ``snapshot`` as datetimes; :class:`MissingDataError` if the run has none."""
        if name not in self._tables:
            if not self.has_table(name):
                raise MissingDataError(f"{self.label}: no {name}.csv")
            self._tables[name] = _read_table(self.path, name)
        return self._tables[name]

    def kpi(self, key: str) -> object:
        """KPI ``key``; :class:`MissingDataError` if ``kpis.json`` has no such key."""
        if key not in self.kpis:
            raise MissingDataError(f"{self.label}: no {key} in kpis.json")
        return self.kpis[key]


def read_results_folder(path: Path | str, label: str | None = None) -> ResultsFolder:
    """Read the KPIs and run information of the results folder at ``path`` (first restoring it if a
    replacement was killed half-way: :func:`gezopt.output.restore_interrupted`)."""
    path = Path(path)
    restore_interrupted(path)
    if not path.is_dir():
        raise NotAResultsFolderError(f"{path} is not a results folder: no such folder "
                                     "(results folders are written by `gezopt solve`)")
    missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
    if missing:
        raise NotAResultsFolderError(f"{path} is not a results folder: no {' or '.join(missing)} "
                                     "(results folders are written by `gezopt solve`)")
    documents = {}
    for name in REQUIRED_FILES:
        try:
            documents[name] = json.loads((path / name).read_text())
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise NotAResultsFolderError(
                f"{path} is not a results folder: {name} is not valid JSON ({error})") from error
        if not isinstance(documents[name], dict):
            raise NotAResultsFolderError(f"{path} is not a results folder: {name} is not a JSON object")
    folder = ResultsFolder(path=path, kpis=documents["kpis.json"], run=documents["run.json"], label="")
    folder.label = label or folder.scenario_name
    return folder


def read_results_folders(paths: list[Path | str]) -> list[ResultsFolder]:
    """Read several results folders, labelled by scenario name; a name that repeats gets its folder's
    name, or else its position (``base-week #2``), so every column of a comparison is distinct."""
    folders = [read_results_folder(path) for path in paths]
    names = [folder.label for folder in folders]
    candidates = [f"{name} ({folder.path.name})" if names.count(name) > 1 and folder.path.name != name else name
                  for name, folder in zip(names, folders)]
    for position, (folder, name, candidate) in enumerate(zip(folders, names, candidates)):
        folder.label = candidate if candidates.count(candidate) == 1 else f"{name} #{position + 1}"
    return folders


def _read_table(folder: Path, name: str) -> pd.DataFrame:
    parquet_path, csv_path = folder / f"{name}.parquet", folder / f"{name}.csv"
    if parquet_path.is_file():
        table = pd.read_parquet(parquet_path)
    elif csv_path.is_file():
        table = pd.read_csv(csv_path)
    else:
        raise MissingDataError(f"{folder} has no {name} table ({name}.csv)")
    if "snapshot" in table.columns:
        if not pd.api.types.is_datetime64_any_dtype(table["snapshot"]):
            table["snapshot"] = pd.to_datetime(table["snapshot"], format=SNAPSHOT_FORMAT)
        table["snapshot"] = table["snapshot"].dt.tz_localize(None) if table["snapshot"].dt.tz else table["snapshot"]
    return table
