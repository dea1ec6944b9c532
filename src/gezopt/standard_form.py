"""Pyomo model -> sparse standard form  min c'x + c0  s.t.  r_lo <= A x <= r_hi,  x_lo <= x <= x_hi.

Every constraint and the objective of a gezopt model are built by
:func:`gezopt.model.terms.linear` as a Pyomo ``LinearExpression`` (or a
single variable), so their coefficients can be read straight off the
expression's monomials.  :func:`compile_model` does that in one pass, about
twice as fast as Pyomo's general ``LinearStandardFormCompiler``
(``benchmarks/``); a model holding any other kind of expression is handed
to Pyomo's compiler instead, with the same result.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pyomo.environ as pyo
from pyomo.core.base.var import VarData
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler
from scipy import sparse

from gezopt.gc_pause import garbage_collection_paused
from gezopt.model_index import ModelIndex


@dataclass(frozen=True)
class StandardForm:
    """The LP as arrays; ``columns`` and ``rows`` map positions back to Pyomo objects."""

    matrix: sparse.csc_array
    row_lower: np.ndarray
    row_upper: np.ndarray
    column_lower: np.ndarray
    column_upper: np.ndarray
    cost: np.ndarray
    cost_offset: float
    columns: list[VarData]
    rows: list  # ConstraintData, one per row
    column_of: dict[int, int]  # id(VarData) -> column: ``columns`` inverted, as the compiler numbered them


def split_key(key: Hashable) -> tuple[Hashable, int]:
    """(object, snapshot) of an index key: the last integer element is the snapshot (0 where there is none)."""
    if isinstance(key, tuple) and key and isinstance(key[-1], int):
        return key[:-1], key[-1]
    if isinstance(key, int):
        return (), key
    return key, 0


@dataclass(frozen=True)
class ColumnKeys:
    """What each column's index key says, in column order: a code of its component and object, and its
    snapshot.  Read once per solve for the tie-break (:mod:`gezopt.tie_break`) and the order
    (:mod:`gezopt.ordering`)."""

    object_codes: np.ndarray  # CRC-32 of "component/object", uint64
    snapshots: np.ndarray  # int64


def object_code(component_name: str, obj: Hashable) -> int:
    """A code of a component's object, the same on every machine (CRC-32 of its names)."""
    return zlib.crc32(f"{component_name}/{obj!r}".encode())


def key_codes(component_name: str, keys: Iterable[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """(object codes, snapshots) of a component's index keys."""
    cache: dict[Hashable, int] = {}
    codes, snapshots = [], []
    for key in keys:
        obj, t = split_key(key)
        code = cache.get(obj)
        if code is None:
            code = cache[obj] = object_code(component_name, obj)
        codes.append(code)
        snapshots.append(t)
    return np.asarray(codes, dtype=np.uint64), np.asarray(snapshots, dtype=np.int64)


def column_keys(index: ModelIndex, count: int) -> ColumnKeys:
    """Every column's :class:`ColumnKeys` entry (code 0 and snapshot 0 for a column of no variable)."""
    codes, snapshots = np.zeros(count, dtype=np.uint64), np.zeros(count, dtype=np.int64)
    for component in index.variables.values():
        columns = component.positions
        component_codes, component_snapshots = key_codes(component.local_name, component.keys())
        present = columns >= 0
        codes[columns[present]] = component_codes[present]
        snapshots[columns[present]] = component_snapshots[present]
    return ColumnKeys(object_codes=codes, snapshots=snapshots)


class _NotLinearForm(Exception):
    """An expression that is not a LinearExpression or a single variable."""


def compile_model(model: pyo.ConcreteModel) -> StandardForm:
    """The model's one active objective (minimised) and active constraints as a StandardForm."""
    with garbage_collection_paused():
        try:
            return _compile_linear_expressions(model)
        except _NotLinearForm:
            return _compile_with_pyomo(model)


def _monomials(expression) -> tuple[list, float]:
    """(coefficient, variable) pairs and the constant of a linear-form expression."""
    if expression.__class__ is LinearExpression:
        pairs, constant = [], 0.0
        for term in expression.args:
            if term.__class__ is MonomialTermExpression:
                pairs.append(term.args)
            elif isinstance(term, VarData):
                pairs.append((1.0, term))
            elif isinstance(term, (int, float)):
                constant += term
            else:
                raise _NotLinearForm
        return pairs, constant
    if isinstance(expression, VarData):
        return [(1.0, expression)], 0.0
    if isinstance(expression, (int, float)):
        return [], float(expression)
    raise _NotLinearForm


class _Triplets:
    """The matrix as it is read, row by row: each row's length, and each entry's column and value (typed
    arrays, not lists: a year's three million coefficients would otherwise cost ~300 MB more), with the
    columns numbered in the order their variables are first met."""

    def __init__(self) -> None:
        self.row_lengths, self.column_index, self.values = array("q"), array("q"), array("d")
        self.column_of: dict[int, int] = {}
        self.columns: list[VarData] = []

    def column(self, variable: VarData) -> int:
        position = self.column_of.get(id(variable))
        if position is None:
            position = self.column_of[id(variable)] = len(self.columns)
            self.columns.append(variable)
        return position

    def add_row(self, body) -> float:
        """Append a row's entries; its constant (to move to the bounds)."""
        pairs, constant = _monomials(body)
        column_of, column_index, values = self.column_of, self.column_index, self.values
        for coefficient, variable in pairs:
            position = column_of.get(id(variable))
            if position is None:
                position = self.column(variable)
            column_index.append(position)
            values.append(coefficient)
        self.row_lengths.append(len(pairs))
        return constant

    def matrix(self) -> sparse.csc_array:
        row_index = np.repeat(np.arange(len(self.row_lengths)), np.frombuffer(self.row_lengths, dtype=np.int64))
        matrix = sparse.csc_array(
            (np.frombuffer(self.values, dtype=float), (row_index, np.frombuffer(self.column_index, dtype=np.int64))),
            shape=(len(self.row_lengths), len(self.columns)),
        )
        matrix.sum_duplicates()
        return matrix


NATIVE_BOUNDS = frozenset((int, float))  # bounds used as they are; any other is evaluated by Pyomo


def _compile_linear_expressions(model: pyo.ConcreteModel) -> StandardForm:
    triplets = _Triplets()
    lower, upper, rows = array("d"), array("d"), []
    for constraint in model.component_data_objects(pyo.Constraint, active=True, descend_into=True):
        low, body, high = constraint.to_bounded_expression()  # once: Pyomo's body, lb and ub each call it
        constant = triplets.add_row(body)
        if (low is not None and low.__class__ not in NATIVE_BOUNDS) or (
                high is not None and high.__class__ not in NATIVE_BOUNDS):
            low, high = constraint.lb, constraint.ub  # a bound that is an expression: Pyomo evaluates it
        lower.append(-np.inf if low is None else low - constant)
        upper.append(np.inf if high is None else high - constant)
        rows.append(constraint)

    objectives = list(model.component_data_objects(pyo.Objective, active=True, descend_into=True))
    if len(objectives) != 1:
        raise ValueError(f"the model needs exactly one active objective, it has {len(objectives)}")
    objective = objectives[0]
    pairs, cost_offset = _monomials(objective.expr)
    sign = 1.0 if objective.sense == pyo.minimize else -1.0
    cost_terms = [(triplets.column(variable), sign * coefficient) for coefficient, variable in pairs]

    columns = triplets.columns
    matrix = triplets.matrix()
    # one property call per column (Pyomo's lb and ub each resolve the bound), None as an infinite bound
    bounds = np.array([v.bounds for v in columns], dtype=float).reshape(-1, 2)
    bounds[:, 0] = np.where(np.isnan(bounds[:, 0]), -np.inf, bounds[:, 0])
    bounds[:, 1] = np.where(np.isnan(bounds[:, 1]), np.inf, bounds[:, 1])
    cost = np.zeros(len(columns))
    for position, coefficient in cost_terms:
        cost[position] += coefficient
    return StandardForm(
        matrix=matrix, row_lower=np.frombuffer(lower, dtype=float).copy(),
        row_upper=np.frombuffer(upper, dtype=float).copy(),
        column_lower=bounds[:, 0], column_upper=bounds[:, 1],
        cost=cost, cost_offset=sign * cost_offset, columns=columns, rows=rows, column_of=triplets.column_of,
    )


def _compile_with_pyomo(model: pyo.ConcreteModel) -> StandardForm:
    """Pyomo's LinearStandardFormCompiler in mixed form (each row keeps its sense)."""
    compiled = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=pyo.minimize)
    senses = np.fromiter((row.bound_type for row in compiled.rows), dtype=np.int8, count=len(compiled.rows))
    rhs = np.asarray(compiled.rhs, dtype=float)
    matrix = sparse.csc_array(compiled.A)
    bounds = np.array([v.bounds for v in compiled.columns], dtype=float).reshape(-1, 2)
    cost = compiled.c.toarray()[0] if compiled.c.shape[0] else np.zeros(matrix.shape[1])
    return StandardForm(
        matrix=matrix,
        row_lower=np.where(senses <= 0, rhs, -np.inf),  # 0: equality, -1: lower bound
        row_upper=np.where(senses >= 0, rhs, np.inf),  # 0: equality, +1: upper bound
        column_lower=np.where(np.isnan(bounds[:, 0]), -np.inf, bounds[:, 0]),
        column_upper=np.where(np.isnan(bounds[:, 1]), np.inf, bounds[:, 1]),
        cost=np.asarray(cost, dtype=float),
        cost_offset=float(compiled.c_offset[0]) if len(compiled.c_offset) else 0.0,
        columns=list(compiled.columns), rows=[row.constraint for row in compiled.rows],
        column_of={id(v): i for i, v in enumerate(compiled.columns)},
    )
