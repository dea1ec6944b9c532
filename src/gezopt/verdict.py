"""A HiGHS run's verdict: its model status as a :class:`Termination`, and anything but an optimum raised as
the :class:`~gezopt.errors.SolveError` that tells the user what to check."""

from __future__ import annotations

from enum import Enum

import highspy

from gezopt.config import SolverSettings
from gezopt.errors import InfeasibleError, SolverFailureError, TimeLimitError, UnboundedError


class Termination(str, Enum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    INFEASIBLE_OR_UNBOUNDED = "infeasible or unbounded"
    TIME_LIMIT = "time limit"
    FAILURE = "solver failure"


STATUS = {
    highspy.HighsModelStatus.kOptimal: Termination.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: Termination.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: Termination.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: Termination.INFEASIBLE_OR_UNBOUNDED,
    highspy.HighsModelStatus.kTimeLimit: Termination.TIME_LIMIT,
    highspy.HighsModelStatus.kIterationLimit: Termination.TIME_LIMIT,
}


def raise_unless_optimal(termination: Termination, status: str, settings: SolverSettings) -> None:
    """Nothing for an optimum; otherwise the error that names what to check (HiGHS's ``status`` text for a failure)."""
    if termination is Termination.OPTIMAL:
        return
    if termination is Termination.INFEASIBLE:
        raise InfeasibleError(
            "the model is infeasible: no dispatch meets every constraint (check must-run units, reservoir "
            "start/end volumes and minimum flows, and storage settings)"
        )
    if termination is Termination.UNBOUNDED:
        raise UnboundedError("the model is unbounded: some cost can fall without limit (check negative costs)")
    if termination is Termination.INFEASIBLE_OR_UNBOUNDED:
        raise InfeasibleError("the model is infeasible or unbounded (HiGHS could not tell which)")
    if termination is Termination.TIME_LIMIT:
        limit = "an iteration limit" if settings.time_limit_s is None else f"the time limit of {settings.time_limit_s:g} s"
        raise TimeLimitError(f"the solver stopped at {limit} before reaching an optimum; "
                             "raise --time-limit or shorten --hours")
    raise SolverFailureError(f"HiGHS failed: model status '{status}'")
