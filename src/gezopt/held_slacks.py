"""The penalised slacks held at zero until their reduced costs say they may be needed.

The model's penalised slacks (load shed, unserved heat, EV energy from
elsewhere: the components whose :class:`~gezopt.model.sources.ComponentSource`
names what it ``relaxes``) keep every dataset feasible at the value of lost load.
They are columns like any other to HiGHS, 219,000 of the default year's 1.36
million, with the largest costs of the LP (6,800 AZN/MWh against tens), and
the zone's scenarios use none of them.  Write the LP with its slacks :math:`s`
apart,

.. math::

    P: \\quad \\min_{x, s} \\; c^\\top x + v^\\top s \\quad \\text{s.t.} \\quad
    A x + B s = b, \\quad \\underline{x} \\le x \\le \\overline{x}, \\quad 0 \\le s \\le \\overline{s}

(rows with two sides alike).  gezopt first solves :math:`P_0`, the same LP with
:math:`s` fixed at its lower bound 0.  If :math:`P_0` is optimal with row duals
:math:`y` and every slack's reduced cost :math:`d_s = v - B^\\top y` is at least
:math:`-\\tau`, HiGHS's dual feasibility tolerance, then :math:`(x^*, 0)` is
feasible for :math:`P` and :math:`y` is dual feasible for :math:`P` (the
slacks at their lower bound with :math:`d_s \\ge 0`): the pair is optimal for
:math:`P`, by the same test HiGHS applies to its own solutions.  The tie-break
(:mod:`gezopt.tie_break`) gives :math:`P` one optimum, so it is that one, and
every value read is the one a solve of :math:`P` reads.  Otherwise
(:math:`P_0` infeasible, not solved to optimality, or a slack that would pay
for itself) the slacks' bounds are given back and :math:`P` is solved: dual
simplex starts from :math:`P_0`'s basis, an interior point from the start, and
HiGHS's time limit counts both runs.  A run that stops at its time limit in
:math:`P_0` stops there.

Measured (README, Speed): the default full year's HiPO solve 51–54 s held
against 66–69 s with the slacks, 34 interior-point iterations instead of 43,
the same objective to the last digit; dual simplex at 2,190 h 8.1 against
9.0–9.3 s.  A dataset short of supply pays :math:`P_0` on top of :math:`P`:
``solver.hold_slacks: false`` solves :math:`P` from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import highspy
import numpy as np

from gezopt.blocks import Answer
from gezopt.lp_arrays import LpArrays
from gezopt.model import PENALISED_SLACKS
from gezopt.model_index import NO_POSITION, ModelIndex
from gezopt.ordering import Ordering


class SlackOutcome(str, Enum):
    """How the penalised slacks took part in a solve (``run.json``: ``solver.slacks``)."""

    HELD = "held"  # solved at zero, and the optimum certified by their reduced costs
    RELEASED = "released"  # held first, then solved with them: P_0 had no optimum, or a slack would pay
    WITH_THE_LP = "with the LP"  # solved with them from the start (none that can move, or hold_slacks off)


@dataclass(frozen=True)
class HeldSlacks:
    """The slack columns that can move (upper bound above the lower), at their positions in HiGHS's LP."""

    positions: np.ndarray  # int32
    lower: np.ndarray
    upper: np.ndarray

    @classmethod
    def in_lp(cls, index: ModelIndex, order: Ordering, lp: LpArrays) -> HeldSlacks | None:
        """The model's penalised slacks (:data:`gezopt.model.PENALISED_SLACKS`, by their local name) in HiGHS's
        ``lp``, whose column ``i`` is the model's column ``order.columns[i]``."""
        slacks = [index.column_positions(variable) for variable in index.variables.values()
                  if variable.local_name in PENALISED_SLACKS]
        columns = np.concatenate(slacks) if slacks else np.empty(0, dtype=np.int64)
        columns = columns[columns != NO_POSITION]
        positions = order.restore_columns(np.arange(len(order.columns)))[columns]  # each model column's place
        return cls.of(positions, lp.column_lower[positions], lp.column_upper[positions])

    @classmethod
    def of(cls, positions: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> HeldSlacks | None:
        """The slacks at HiGHS ``positions`` with their bounds there; ``None`` where none can move."""
        movable = np.isfinite(lower) & (upper > lower)
        if not movable.any():
            return None
        return cls(positions=positions[movable].astype(np.int32), lower=lower[movable], upper=upper[movable])

    def solve(self, highs: highspy.Highs, run: Callable[[str], None]) -> tuple[Answer, SlackOutcome]:
        """Solve :math:`P_0`, keep its answer where the reduced costs certify it, else solve :math:`P`;
        ``run(label)`` runs HiGHS, the label naming the LP in the solver's log.  HiGHS holds :math:`P` after."""
        self._bound(highs, self.lower)
        run("penalised slacks held at zero")
        held = Answer.of(highs)
        self._bound(highs, self.upper)
        if held.status == highspy.HighsModelStatus.kTimeLimit or self.certify(held, highs):
            return held, SlackOutcome.HELD
        run("penalised slacks released")
        return Answer.of(highs), SlackOutcome.RELEASED

    def certify(self, answer: Answer, highs: highspy.Highs) -> bool:
        """Whether ``answer``, optimal with the slacks held, is optimal with them free: every reduced cost
        :math:`d_s \\ge -\\tau`."""
        if answer.status != highspy.HighsModelStatus.kOptimal:
            return False
        tolerance = highs.getOptions().dual_feasibility_tolerance
        return bool((answer.column_duals[self.positions] >= -tolerance).all())

    def _bound(self, highs: highspy.Highs, upper: np.ndarray) -> None:
        """The slacks' bounds from their lower bound to ``upper`` (their own, or the lower: held)."""
        highs.changeColsBounds(len(self.positions), self.positions, self.lower, upper)
