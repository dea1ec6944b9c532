"""What the families share while the model is built.

Units do not write the nodal balance themselves: each family adds its
injections (MW at a bus and snapshot) and its costs and emissions (AZN,
t CO2) to one :class:`ModelTerms`, and the balance and objective families
write the constraint and the objective once from them.  A family adds them
a whole variable at a time, as arrays in the variable's index order
(:class:`Elements`, :meth:`ModelTerms.inject`, :meth:`ModelTerms.add_costs`):
the coefficients are computed by numpy, not term by term in Python.  Where the scenario
sets policy targets, the families also add the energies the targets measure
(:meth:`ModelTerms.add_energies`).  A family whose
constraints need another family's variables gets them through
:meth:`ModelTerms.publish` / :meth:`ModelTerms.require`, which checks that
the family that provides them was built first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from operator import itemgetter

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pyomo.core.base.var import IndexedVar, VarData
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from gezopt.component_data import keys_and_data

Term = tuple[float, VarData]
PairSide = tuple[ArrayLike, ArrayLike, list]  # (buses, coefficients, variables) of one side of ModelTerms.inject_pairs


@dataclass(frozen=True)
class Elements:
    """An indexed variable's elements keyed (object, snapshot), in index order: element ``k`` is
    ``variables[k]``, of object ``objects[k]`` in snapshot ``snapshots[k]``."""

    objects: np.ndarray  # the objects' labels (dtype object)
    snapshots: np.ndarray  # int64
    variables: list[VarData]

    @classmethod
    def of(cls, variable: IndexedVar) -> Elements:
        keys, variables = keys_and_data(variable)
        objects = np.empty(len(keys), dtype=object)
        objects[:] = list(map(itemgetter(0), keys))
        return cls(objects=objects, snapshots=np.fromiter(map(itemgetter(1), keys), dtype=np.int64, count=len(keys)),
                   variables=variables)

    @cached_property
    def _object_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Each element's object as a code into the distinct labels (``pd.factorize``), read once: a family reads
        several figures per object of the same elements (the hydro plants' four)."""
        return pd.factorize(self.objects)

    def per_object(self, values: Mapping[Hashable, object], dtype: type = float) -> np.ndarray:
        """Each element's value of ``values`` (by object label): ``values[objects[k]]``."""
        codes, labels = self._object_codes
        of_label = np.empty(len(labels), dtype=dtype)
        of_label[:] = [values[label] for label in labels]
        return of_label[codes]

    def per_element(self, by_snapshot: pd.DataFrame) -> np.ndarray:
        """Each element's figure in a table of snapshots (rows, in order) by object (columns):
        ``by_snapshot[objects[k]].iloc[snapshots[k]]``."""
        column = self.per_object({obj: i for i, obj in enumerate(by_snapshot.columns)}, dtype=np.int64)
        return by_snapshot.to_numpy(dtype=float)[self.snapshots, column]

    def select(self, mask: np.ndarray) -> Elements:
        """The elements where ``mask`` holds, in order."""
        return Elements(objects=self.objects[mask], snapshots=self.snapshots[mask],
                        variables=list(compress(self.variables, mask.tolist())))


@dataclass(frozen=True)
class Injections:
    """Terms of the nodal balance, whole: ``variables[k]`` injects ``coefficients[k]`` MW per unit of it at bus
    ``buses[k]`` in snapshot ``snapshots[k]``."""

    buses: np.ndarray  # the buses' labels (dtype object)
    snapshots: np.ndarray  # int64
    coefficients: np.ndarray  # float
    variables: list[VarData]


def interleaved(*arrays: np.ndarray) -> np.ndarray:
    """Element ``k`` of every array, then element ``k + 1`` of every array: ``a0 b0 a1 b1 ...``."""
    return np.stack([np.asarray(array) for array in arrays], axis=1).ravel()


def interleaved_variables(*variables: list[VarData]) -> list[VarData]:
    """:func:`interleaved` for lists of variables."""
    return [variable for group in zip(*variables) for variable in group]


class FamilyOrderError(RuntimeError):
    """A family asked for variables no earlier family published: the build list is out of order."""


@dataclass
class ModelTerms:
    """Linear terms collected from the families, and the variables they share."""

    injections: list[Injections] = field(default_factory=list)
    cost_azn: list[Term] = field(default_factory=list)
    emissions_t: list[Term] = field(default_factory=list)
    shared: dict[str, IndexedVar] = field(default_factory=dict)
    measure_energy: bool = False  # collect `energy` (the policy targets need it; otherwise it is not kept)
    energy_mwh: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))

    def inject(self, buses: ArrayLike, snapshots: ArrayLike, coefficients: ArrayLike, variables: list[VarData]) -> None:
        """``coefficients[k]`` MW per unit of ``variables[k]`` into the balance of ``buses[k]`` in ``snapshots[k]``
        (a number for every element, or one value each); a row's terms keep the order they were added in."""
        count = len(variables)
        self.injections.append(Injections(
            buses=_labels(buses, count), snapshots=np.broadcast_to(np.asarray(snapshots, dtype=np.int64), count),
            coefficients=np.broadcast_to(np.asarray(coefficients, dtype=float), count), variables=variables))

    def inject_pairs(self, snapshots: np.ndarray, first: PairSide, second: PairSide) -> None:
        """Two terms for each element ``k`` in ``snapshots[k]``, the first side's then the second's (a unit's
        charge and discharge at its bus, a branch's flow out of one bus and into another): each side is (buses,
        coefficients, variables) as :meth:`inject` takes them, and the two are interleaved so that a row
        holding both keeps the elements' order."""
        count = len(snapshots)
        buses, coefficients, variables = zip(first, second)  # each: (the first side's, the second's)
        self.inject(interleaved(*(_labels(labels, count) for labels in buses)), interleaved(snapshots, snapshots),
                    interleaved(*(np.broadcast_to(np.asarray(values, dtype=float), count) for values in coefficients)),
                    interleaved_variables(*variables))

    def add_costs(self, coefficients: ArrayLike, variables: list[VarData]) -> None:
        """AZN per unit of each variable in the objective; a zero cost is left out."""
        self.cost_azn.extend(_nonzero_terms(coefficients, variables))

    def add_emissions(self, coefficients: ArrayLike, variables: list[VarData]) -> None:
        """t CO2 per unit of each variable; a zero is left out."""
        self.emissions_t.extend(_nonzero_terms(coefficients, variables))

    def add_energies(self, category: str, coefficients: ArrayLike, variables: list[VarData]) -> None:
        """MWh per unit of each variable of a category the policy targets measure: a carrier's generation,
        ``imports``, ``exports`` or ``flexible_demand`` (EV charging net of discharge, heat-unit electricity);
        kept only if measured."""
        if self.measure_energy:
            values = np.broadcast_to(np.asarray(coefficients, dtype=float), len(variables))
            self.energy_mwh[category].extend(zip(values.tolist(), variables))

    def add_energies_by(self, categories: np.ndarray, coefficients: ArrayLike, variables: list[VarData]) -> None:
        """:meth:`add_energies` with each variable's own category, the categories in the order they first come."""
        if self.measure_energy:
            values = np.broadcast_to(np.asarray(coefficients, dtype=float), len(variables))
            for category in pd.unique(categories):
                kept = categories == category
                self.add_energies(category, values[kept], list(compress(variables, kept.tolist())))

    def publish(self, name: str, variable: IndexedVar) -> None:
        """Offer a family's variable to the families built after it."""
        self.shared[name] = variable

    def require(self, name: str, family: str) -> IndexedVar:
        """A variable an earlier family published; :class:`FamilyOrderError` if none did."""
        if name not in self.shared:
            raise FamilyOrderError(f"{family} needs {name}, which no family built before it publishes; "
                                   "put the family that provides it earlier in gezopt.model.FAMILIES")
        return self.shared[name]


def _labels(buses: ArrayLike, count: int) -> np.ndarray:
    """The buses' labels as an object array of ``count`` (one label for all, or one each)."""
    labels = np.empty(count, dtype=object)
    labels[:] = buses
    return labels


def _nonzero_terms(coefficients: ArrayLike, variables: list[VarData]) -> list[Term]:
    values = np.broadcast_to(np.asarray(coefficients, dtype=float), len(variables))
    kept = values != 0
    return list(zip(values[kept].tolist(), compress(variables, kept.tolist())))


def kept_over_snapshots(loss_per_hour: float, weights_h: np.ndarray) -> np.ndarray:
    """The share of a store's content kept through each snapshot, :math:`(1 - \\lambda)^{w_t}`, as Python's
    float power gives it (one per distinct duration; numpy's vectorised power may differ in the last digit)."""
    durations, of_snapshot = np.unique(weights_h, return_inverse=True)
    return np.array([(1.0 - loss_per_hour) ** duration for duration in durations.tolist()])[of_snapshot]


def linear(terms: Iterable[Term]) -> LinearExpression:
    """A Pyomo linear expression from (coefficient, variable) pairs, built without operator overloading: each
    pair is the argument tuple of its ``MonomialTermExpression`` as it stands (2.5x faster than handing
    ``LinearExpression`` separate lists of coefficients and variables, which it zips back into pairs)."""
    return LinearExpression(list(map(MonomialTermExpression, terms)))
