"""Errors a user can meet, each with its own exit code.

A user's mistake is never a crash: bad input raises :class:`InputError`
holding every problem found, the solver's verdicts other than optimal
raise :class:`SolveError` subclasses, and a destination that cannot be
written raises :class:`WriteError`.  The CLI maps each to an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``gezopt`` command."""

    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    INPUT_ERROR = 3
    INFEASIBLE = 4
    UNBOUNDED = 5
    TIME_LIMIT = 6
    SOLVER_FAILURE = 7
    CALIBRATION_MISS = 8
    REGRESSION_FAILURE = 9
    WRITE_FAILURE = 10
    CLUSTER_FAILURE = 11


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as ``file:row:column``.

    ``row`` is the line number in the file (the header is line 1), or ``None``
    for a problem of the whole file or column (printed as ``-``).
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        column = "-" if self.column is None else self.column
        return f"{self.file}:{row}:{column}: {self.message}"


EXCERPT_LENGTH = 40  # characters of a user's value echoed in a message


def excerpt(value: object, limit: int = EXCERPT_LENGTH) -> str:
    """``value`` as text, cut to ``limit`` characters with an ellipsis: messages never echo a whole value."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object) -> str:
    """A user's value in quotes for a message, cut to a short excerpt."""
    return f"'{excerpt(value)}'"


class GezoptError(Exception):
    """Base class of the errors the CLI reports without a traceback."""

    exit_code: ExitCode = ExitCode.UNEXPECTED


class InputError(GezoptError):
    """Bad input: carries every problem found, in file order."""

    exit_code = ExitCode.INPUT_ERROR

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        header = f"{count} input problem{'s' if count != 1 else ''}:"
        return "\n".join([header, *(str(p) for p in self.problems)])


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, -1 if problem.row is None else problem.row, problem.column or "", problem.message)


class SolveError(GezoptError):
    """The solver did not return an optimal solution."""


class InfeasibleError(SolveError):
    exit_code = ExitCode.INFEASIBLE


class UnboundedError(SolveError):
    exit_code = ExitCode.UNBOUNDED


class TimeLimitError(SolveError):
    exit_code = ExitCode.TIME_LIMIT


class SolverFailureError(SolveError):
    exit_code = ExitCode.SOLVER_FAILURE


class ModelInputError(GezoptError):
    """Bad input caught only at the solver boundary (non-finite coefficients, an empty model)."""

    exit_code = ExitCode.INPUT_ERROR


class WriteError(GezoptError):
    """The results could not be written: a read-only or full disk, a missing permission, or another
    gezopt run writing the same folder.  One line naming the path and the reason."""

    exit_code = ExitCode.WRITE_FAILURE
