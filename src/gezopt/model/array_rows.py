"""Rows given as arrays: an indexed Pyomo constraint whose rows are one sparse matrix, not expressions.

A family that computes a whole component's coefficients with numpy hands them
to :class:`ArrayRows` as one block in compressed-row form: row :math:`i`
(the :math:`i`-th key of the index) is

.. math::

    l_i \\le \\sum_{k = s_i}^{s_{i+1} - 1} a_k \\, x_k \\le u_i

with :math:`a_k` ``coefficients[k]``, :math:`x_k` ``variables[k]`` and
:math:`s` ``starts`` (:math:`s_0 = 0`, one more than the rows), an equality
where :math:`l_i = u_i` and an absent side where it is infinite.

To every other reader the component is an ordinary indexed Pyomo
``Constraint``: its keys are the index's, and each row is a ``ConstraintData``
whose expression is built from the arrays the first time Pyomo reads it
(``body``, ``lb``, ``ub``, ``to_bounded_expression``, the LP writers): the
same ``LinearExpression`` of monomials that :func:`gezopt.model.terms.linear`
builds, in an equality or inequality as a rule would write it.  A row's
expression may be replaced (``set_value``) or the row deactivated as any
other's.  The compiler (:mod:`gezopt.standard_form`) reads the arrays
themselves while every row is active and none was replaced
(:meth:`ArrayRows.as_arrays`), so the block costs no Pyomo object per
monomial, and no object per row until something reads the rows as Pyomo's:
the rows' ``ConstraintData`` are made, all at once, when Pyomo's dict of them
(``_data``) is first read (indexing, ``len``, iteration, ``clone``, the
writers).  A run reads them as arrays only: the full year's 490,000 rows
cost their component 0.19-0.27 s to make, and as many ids to look up in the
hand-off (README, Speed).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Hashable
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter, itemgetter

import numpy as np
from numpy.typing import ArrayLike
from pyomo.core.base.constraint import ConstraintData, IndexedConstraint
from pyomo.core.expr.relational_expr import (
    EqualityExpression,
    InequalityExpression,
    RangedExpression,
)

from gezopt.component_data import FilledWhenRead
from gezopt.model.terms import linear


@dataclass(frozen=True)
class RowTerms:
    """Rows' terms in compressed-row form: row ``i``'s are ``k`` in ``starts[i] .. starts[i + 1] - 1``."""

    starts: np.ndarray  # int64, one more than the rows
    coefficients: np.ndarray  # float, one per term
    variables: list  # VarData, one per term

    @classmethod
    def empty(cls) -> RowTerms:
        return cls(starts=np.zeros(1, dtype=np.int64), coefficients=np.zeros(0), variables=[])

    @classmethod
    def of_columns(cls, *columns: tuple[ArrayLike, list]) -> RowTerms:
        """Rows of one term from each column, in the columns' order: row ``i``'s term from column
        ``(coefficients, variables)`` is ``coefficients[i]`` (or the one number given) times ``variables[i]``."""
        rows = len(columns[0][1])
        coefficients = np.stack([np.broadcast_to(np.asarray(values, dtype=float), rows) for values, _ in columns],
                                axis=1).ravel()
        variables = [variable for row in zip(*(variables for _, variables in columns)) for variable in row]
        return cls(starts=np.arange(0, rows * len(columns) + 1, len(columns), dtype=np.int64),
                   coefficients=coefficients, variables=variables)

    @classmethod
    def of_rows(cls, rows: list[list[tuple[float, object]]]) -> RowTerms:
        """Rows from each row's (coefficient, variable) pairs."""
        pairs = list(chain.from_iterable(rows))
        return cls(starts=np.cumsum([0] + list(map(len, rows)), dtype=np.int64),
                   coefficients=np.fromiter(map(itemgetter(0), pairs), dtype=float, count=len(pairs)),
                   variables=list(map(itemgetter(1), pairs)))

    @classmethod
    def concatenated(cls, blocks: list[RowTerms]) -> RowTerms:
        """The blocks' rows one block after another."""
        if not blocks:
            return cls.empty()
        offsets = np.cumsum([0] + [int(block.starts[-1]) for block in blocks[:-1]])
        return cls(starts=np.concatenate([blocks[0].starts[:1]]
                                         + [block.starts[1:] + offset for block, offset in zip(blocks, offsets)]),
                   coefficients=np.concatenate([block.coefficients for block in blocks]),
                   variables=list(chain.from_iterable(block.variables for block in blocks)))

    def row(self, row: int) -> list[tuple[float, object]]:
        """Row ``row``'s (coefficient, variable) pairs."""
        start, end = int(self.starts[row]), int(self.starts[row + 1])
        return list(zip(self.coefficients[start:end].tolist(), self.variables[start:end]))

    def equal_to(self, right: ArrayLike) -> RowArrays:
        """The rows :math:`\\sum_k a_k x_k = b_i` (``right`` a number for all, or one per row)."""
        return self.bounded(right, right)

    def at_least(self, lower: ArrayLike) -> RowArrays:
        """The rows :math:`\\sum_k a_k x_k \\ge l_i`."""
        return self.bounded(lower, math.inf)

    def at_most(self, upper: ArrayLike) -> RowArrays:
        """The rows :math:`\\sum_k a_k x_k \\le u_i`."""
        return self.bounded(-math.inf, upper)

    def bounded(self, lower: ArrayLike, upper: ArrayLike) -> RowArrays:
        """The rows :math:`l_i \\le \\sum_k a_k x_k \\le u_i` (each a number for all, or one per row; an infinite
        side is absent)."""
        rows = len(self.starts) - 1
        lower, upper = (np.full(rows, float(side)) if np.ndim(side) == 0 else np.asarray(side, dtype=float)
                        for side in (lower, upper))
        return RowArrays(terms=self, lower=lower, upper=upper)


@dataclass(frozen=True)
class RowArrays:
    """A block of rows (the module's formula): their terms and bounds."""

    terms: RowTerms
    lower: np.ndarray  # float, -inf where absent
    upper: np.ndarray  # float, +inf where absent

    def __post_init__(self) -> None:
        starts = self.terms.starts
        rows = len(starts) - 1
        if rows < 0 or starts[0] != 0:
            raise ValueError(f"the rows' starts begin with 0; got {starts[:1].tolist()}")
        if len(self.lower) != rows or len(self.upper) != rows:
            raise ValueError(f"{rows} rows need {rows} lower and upper bounds; got {len(self.lower)} and "
                             f"{len(self.upper)}")
        if len(self.terms.coefficients) != len(self.terms.variables) or starts[-1] != len(self.terms.variables):
            raise ValueError(f"the rows' {starts[-1]} terms need as many coefficients and variables; got "
                             f"{len(self.terms.coefficients)} and {len(self.terms.variables)}")


class ArrayRowData(ConstraintData):
    """One row of an :class:`ArrayRows`: its expression built from the block's arrays when it is first read."""

    __slots__ = ("_expression", "_row")

    def __init__(self, component: weakref.ref, index: Hashable, row: int) -> None:
        self._component = component
        self._index = index
        self._active = True
        self._row = row
        self._expression = None

    @property
    def _expr(self):  # ConstraintData reads its expression here
        if self._expression is None:
            self._expression = self.parent_component().row_expression(self._row)
        return self._expression

    @_expr.setter
    def _expr(self, expression) -> None:  # ConstraintData.set_value: the row no longer reads as arrays
        self._expression = expression
        self.parent_component().replaced_rows = True


class ArrayRows(FilledWhenRead, IndexedConstraint):
    """Rows over the index (Pyomo sets, as a Constraint takes them; one key per row, in the index's order) from
    :class:`RowArrays`; their ``ConstraintData`` made when Pyomo's dict of them, ``_data``, is first read
    (:class:`~gezopt.component_data.FilledWhenRead`)."""

    def __init__(self, *index, arrays: RowArrays, doc: str | None = None) -> None:
        super().__init__(*index, doc=doc)
        self.arrays = arrays
        self.replaced_rows = False

    def _elements_from(self, index):
        keys = list(index)
        component = weakref.ref(self)
        return zip(keys, map(ArrayRowData, [component] * len(keys), keys, range(len(keys))))

    def construct(self, data=None) -> None:
        if self._constructed:
            return
        self._constructed = True
        for anonymous in self._anonymous_sets or ():
            anonymous.construct()
        key_count = len(self.index_set())
        if key_count != len(self.arrays.lower):
            raise ValueError(f"{self.name}: {key_count} index keys for {len(self.arrays.lower)} rows")
        self._fill_when_read(self.index_set())  # a row for each key, made when first read

    def rows_made(self) -> bool:
        """Whether the rows' ``ConstraintData`` exist (``_data`` was read since the component was constructed)."""
        return self._unread_source() is None

    def row_expression(self, row: int):
        """Row ``row`` as a Pyomo relational expression."""
        arrays = self.arrays
        body = linear(arrays.terms.row(row))
        lower, upper = float(arrays.lower[row]), float(arrays.upper[row])
        if lower == upper:
            return EqualityExpression((body, upper))
        if lower == -math.inf:
            return InequalityExpression((body, upper), False)
        if upper == math.inf:
            return InequalityExpression((lower, body), False)
        return RangedExpression((lower, body, upper), (False, False))

    def widen(self, rows: np.ndarray, by: float) -> None:
        """Move the given rows' (a mask in index order) bounds ``by`` apart: :math:`l_i - \\delta \\le \\dots
        \\le u_i + \\delta` (an absent side stays absent)."""
        rows = np.asarray(rows, dtype=bool)
        arrays = self.arrays
        self.arrays = RowArrays(terms=arrays.terms, lower=np.where(rows, arrays.lower - by, arrays.lower),
                                upper=np.where(rows, arrays.upper + by, arrays.upper))
        if self.rows_made():  # an expression read before is read again
            for row_data in compress(self._data.values(), rows.tolist()):
                row_data._expression = None

    def as_arrays(self) -> RowArrays | None:
        """The block's arrays while they are what the rows say (every row active, none replaced: so while no
        row is made); else None."""
        if self.rows_made() and (self.replaced_rows or not all(map(attrgetter("_active"), self._data.values()))):
            return None
        return self.arrays
