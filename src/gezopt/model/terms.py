"""What the families share while the model is built.

Units do not write the nodal balance themselves: each family adds its
injections (MW at a bus and snapshot) and its costs and emissions (AZN,
t CO2) to one :class:`ModelTerms`, and the balance and objective families
write the constraint and the objective once from them.  Where the scenario
sets policy targets, the families also add the energies the targets measure
(:meth:`ModelTerms.add_energy`).  A family whose
constraints need another family's variables gets them through
:meth:`ModelTerms.publish` / :meth:`ModelTerms.require`, which checks that
the family that provides them was built first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyomo.core.base.var import IndexedVar, VarData
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

Term = tuple[float, VarData]


class FamilyOrderError(RuntimeError):
    """A family asked for variables no earlier family published: the build list is out of order."""


@dataclass
class ModelTerms:
    """Linear terms collected from the families, and the variables they share."""

    injection: dict[tuple[str, int], list[Term]] = field(default_factory=lambda: defaultdict(list))
    cost_azn: list[Term] = field(default_factory=list)
    emissions_t: list[Term] = field(default_factory=list)
    shared: dict[str, IndexedVar] = field(default_factory=dict)
    measure_energy: bool = False  # collect `energy` (the policy targets need it; otherwise it is not kept)
    energy_mwh: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))

    def add_energy(self, category: str, coefficient: float, variable: VarData) -> None:
        """MWh of a category the policy targets measure: a carrier's generation, ``imports``, ``exports`` or
        ``flexible_demand`` (EV charging net of discharge, heat-unit electricity); kept only if measured."""
        if self.measure_energy:
            self.energy_mwh[category].append((coefficient, variable))

    def publish(self, name: str, variable: IndexedVar) -> None:
        """Offer a family's variable to the families built after it."""
        self.shared[name] = variable

    def require(self, name: str, family: str) -> IndexedVar:
        """A variable an earlier family published; :class:`FamilyOrderError` if none did."""
        if name not in self.shared:
            raise FamilyOrderError(f"{family} needs {name}, which no family built before it publishes; "
                                   "put the family that provides it earlier in gezopt.model.FAMILIES")
        return self.shared[name]


def linear(terms: Iterable[Term]) -> LinearExpression:
    """A Pyomo linear expression from (coefficient, variable) pairs, built without operator overloading: each
    pair is the argument tuple of its ``MonomialTermExpression`` as it stands (2.5x faster than handing
    ``LinearExpression`` separate lists of coefficients and variables, which it zips back into pairs)."""
    return LinearExpression(list(map(MonomialTermExpression, terms)))
