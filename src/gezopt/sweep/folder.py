"""The sweep's folder: each case's results folder, written as the case is solved, and the table and plots.

::

    OUT/                      a gezopt "sweep" folder (marker .gezopt-results)
      cases/<case>/           each case's results folder, as `gezopt solve` writes it; run.json's
                              "sweep" entry records the case's name and inputs hash
      sweep.csv, sweep.parquet, sweep.md, plots/<kpi>.png

``OUT`` follows the project's rules (:mod:`gezopt.output`): it is checked and locked before anything is
solved, and the table and plots are staged beside it and swapped in whole at the end (the cases' folders
taken into the staging folder by hard links).  Each case's folder is committed inside ``OUT`` on its own
as soon as the case is solved, so a sweep that is stopped keeps the cases it finished, and its rerun
(:func:`reusable`) solves only the others.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gezopt.output import FolderKind, OutFolder, linked_copy, marked_in_place, read_marker, writing
from gezopt.results import write_results
from gezopt.sweep.cases import CaseTask
from gezopt.sweep.records import CaseRecord, CaseStatus
from gezopt.sweep.tasks import CaseSolved

SWEEP_FOLDER = FolderKind("sweep")
CASES = "cases"
SWEEP_ENTRY = "sweep"  # run.json: {"case": name, "inputs_sha256": hash}


def case_folder(out: Path, name: str) -> Path:
    return out / CASES / name


def run_seconds(info: dict) -> float | None:
    """The wall time of a run's stages (``run.json``'s timings), s."""
    timings = info.get("timings_s")
    return float(sum(timings.values())) if isinstance(timings, dict) and timings else None


def reusable(out: Path, task: CaseTask) -> CaseRecord | None:
    """The case as an earlier run left it in ``out``, when its folder records the same inputs hash."""
    folder = case_folder(out, task.case.name)
    try:
        marker = read_marker(folder)
        info = json.loads((folder / "run.json").read_text())
        kpis = json.loads((folder / "kpis.json").read_text())
    except (OSError, ValueError):
        return None
    entry = info.get(SWEEP_ENTRY) if isinstance(info, dict) else None
    if marker is None or not isinstance(entry, dict) or entry.get("inputs_sha256") != task.inputs_sha256 \
            or not isinstance(kpis, dict):
        return None
    return CaseRecord(case=task.case, status=CaseStatus.REUSED, kpis=kpis, inputs_sha256=task.inputs_sha256,
                      seconds=run_seconds(info))


def write_case(out: Path, task: CaseTask, solved: CaseSolved) -> CaseRecord:
    """Commit the solved case's results folder inside ``out`` (made a sweep folder if new), its inputs hash in
    ``run.json``; the case's row."""
    marked_in_place(out, SWEEP_FOLDER)
    info = {**solved.info, SWEEP_ENTRY: {"case": task.case.name, "inputs_sha256": task.inputs_sha256,
                                         "worker": solved.worker}}
    write_results(solved.results, info, case_folder(out, task.case.name))
    return CaseRecord(case=task.case, status=CaseStatus.SOLVED, kpis=solved.results.kpis,
                      inputs_sha256=task.inputs_sha256, seconds=solved.seconds)


def stage_cases(target: OutFolder) -> None:
    """Take every case folder in the sweep's folder (this sweep's and earlier ones') into its staging folder."""
    cases = target.path / CASES
    if cases.is_dir():
        linked_copy(cases, target.staging / CASES)


@dataclass(frozen=True)
class OutputFile:
    """A file of the sweep's summary: its path inside the sweep's folder and its bytes."""

    relative_path: str
    content: bytes


def write_files(target: OutFolder, files: Sequence[OutputFile]) -> list[Path]:
    """Write ``files`` into the staging folder; their final paths."""
    with writing(target.path):
        for file in files:
            path = target.staging / file.relative_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.content)
    return [target.path / file.relative_path for file in files]
