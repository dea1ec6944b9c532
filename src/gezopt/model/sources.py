"""Where each Pyomo component's rows and bounds come from: the mapping an infeasibility report names.

Every family module lists its components in ``SOURCES`` beside the table of
its docstring (symbol, Pyomo name, input), and :data:`gezopt.model.COMPONENT_SOURCES`
gathers them; a test checks that every variable and constraint of a built
model has an entry and that each entry's component is named in its family's
docstring, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class TimeIndex(str, Enum):
    """What the last element of a component's index is."""

    SNAPSHOT = "snapshot"
    DAY = "day"  # a calendar day of the horizon (waste budget)
    NONE = "none"  # not indexed by time (a reservoir's end volume)


@dataclass(frozen=True)
class ComponentSource:
    """One Pyomo component: what its first index names, and the input files and columns behind it.

    ``inputs`` is where a row's coefficients and right-hand side come from (for a variable, its bounds);
    ``lower`` and ``upper`` say where a variable's lower and upper bounds come from where that differs;
    ``relaxes``, for a penalised slack, which requirement it relaxes and the inputs that set it.  Each is
    text such as ``"reservoirs.csv volume_end_mcm"``.
    """

    component: str
    subject: str  # "bus", "reservoir", "fleet", ...
    inputs: str
    lower: str | None = None
    upper: str | None = None
    time: TimeIndex = TimeIndex.SNAPSHOT
    relaxes: str | None = None

    def bound_inputs(self, side: str) -> str:
        """Where the ``"lower"`` or ``"upper"`` bound comes from."""
        specific = self.lower if side == "lower" else self.upper
        return specific if specific is not None else self.inputs


NON_NEGATIVE = "zero: non-negative by definition"
