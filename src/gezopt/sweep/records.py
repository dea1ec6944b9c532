"""What a sweep knows of each case once it has run: solved now, reused from an earlier run, or failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from gezopt.errors import ExitCode
from gezopt.sweep.definition import Case


class CaseStatus(str, Enum):
    SOLVED = "solved"  # solved by this run
    REUSED = "reused"  # its results folder holds the same inputs hash: not solved again
    FAILED = "failed"


@dataclass(frozen=True)
class CaseRecord:
    """One row of the sweep's table: the case, what became of it, its KPIs (``kpis.json``; empty when it
    failed), its inputs hash, the run's wall time, and the failure's message and exit code."""

    case: Case
    status: CaseStatus
    kpis: dict[str, object] = field(default_factory=dict)
    inputs_sha256: str | None = None
    seconds: float | None = None
    message: str = ""
    exit_code: ExitCode = ExitCode.OK


def failed(case: Case, message: str, exit_code: ExitCode) -> CaseRecord:
    """The record of a case that failed."""
    return CaseRecord(case=case, status=CaseStatus.FAILED, message=message, exit_code=exit_code)
