"""What the families share while the model is built.

Units do not write the nodal balance themselves: each family adds its
injections (MW at a bus and snapshot), its costs (AZN) and its emissions
(t CO2) to one :class:`ModelTerms`, and the balance and objective families
write the constraint and the objective once from them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import LinearExpression

Term = tuple[float, VarData]


@dataclass
class ModelTerms:
    """Linear terms collected from the families."""

    injection: dict[tuple[str, int], list[Term]] = field(default_factory=lambda: defaultdict(list))
    cost_azn: list[Term] = field(default_factory=list)
    emissions_t: list[Term] = field(default_factory=list)


def linear(terms: Iterable[Term], constant: float = 0.0) -> LinearExpression:
    """A Pyomo linear expression from (coefficient, variable) pairs, built without operator overloading."""
    terms = list(terms)
    return LinearExpression(
        constant=constant, linear_coefs=[c for c, _ in terms], linear_vars=[v for _, v in terms]
    )
