"""Why HiGHS calls a model infeasible: the conflicting constraints and bounds, found by HiGHS, named.

Beside :mod:`gezopt.solve`, the one other module that talks to HiGHS.  The
infeasible model is built again (the solve released its constraints),
handed to HiGHS in its own order and solved by dual simplex; then:

1. HiGHS's irreducible infeasible subset (``getIis``, ``iis_strategy`` =
   from the LP, reduced to irreducible): rows and bounds that cannot hold
   together, none of which can be dropped, within :data:`IIS_TIME_LIMIT_S`;
2. where HiGHS has none by then, an elastic LP: rows may be violated at a
   cost of one per unit of violation, the bounds hold, the costs are dropped.
   The nodal balances are relaxed first (power with nowhere to go, or none to
   come: the usual conflict of a dispatch), every row only where that is not
   enough (a unit penalty on rows of different units would otherwise pick the
   cheapest unit, e.g. electric boilers turning surplus power into heat
   nobody asked for).  Its optimum names the rows it violates (with by how
   much, in each row's unit), and its reduced costs the bounds that force it
   (those the data sets: a variable's definitional zero is left out).

Measured on the zone (2025): Sarsang asked to fill in a week, the subset in
1.3 s on a week, 29 s on a month, 250 s on a quarter; every run-of-river
plant held at its rating with no export (a May week), the subset in 73 s
(24 rows at one hour), the elastic LP in 1 s.  So an infeasible run of up
to :data:`AUTOMATIC_UP_TO_SNAPSHOTS` snapshots is explained by itself, the
subset given :data:`IIS_TIME_LIMIT_S`; with ``--diagnose``
(``RunSettings.diagnose``) any horizon is, the subset given
:data:`REQUESTED_IIS_TIME_LIMIT_S`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np
import pandas as pd
import pyomo.core as pyo

from gezopt.config import SolverMethod, SolverSettings
from gezopt.errors import InfeasibleError
from gezopt.infeasibility import Diagnosis, Element, Role, findings
from gezopt.model import COMPONENT_SOURCES
from gezopt.model.sources import NON_NEGATIVE
from gezopt.row_matrix import RowMatrix
from gezopt.solve import highs_holding
from gezopt.standard_form import StandardForm, compile_model

AUTOMATIC_UP_TO_SNAPSHOTS = 744  # a month: explained without --diagnose
IIS_TIME_LIMIT_S = 10.0  # then the elastic LP
REQUESTED_IIS_TIME_LIMIT_S = 300.0  # with --diagnose
DUAL_MINIMUM = 1e-7  # smaller duals and reduced costs are solver noise
VIOLATION_MINIMUM = 1e-6
BALANCE_FIRST = ("nodal_balance",)  # rows the elastic LP relaxes first: where power has nowhere to go

_COLUMN_ROLES = {
    int(highspy.IisBoundStatus.kIisBoundStatusLower): (Role.LOWER_BOUND,),
    int(highspy.IisBoundStatus.kIisBoundStatusUpper): (Role.UPPER_BOUND,),
    int(highspy.IisBoundStatus.kIisBoundStatusBoxed): (Role.LOWER_BOUND, Role.UPPER_BOUND),
}
_IIS_FOUND = (2, 3)  # HighsIis.status_: reducible, irreducible (0 unknown, 1 time limit)


class ExplainedInfeasibleError(InfeasibleError):
    """An infeasible model with the diagnosis of its conflict (None where none was made)."""

    def __init__(self, message: str, diagnosis: Diagnosis | None):
        super().__init__(message)
        self.diagnosis = diagnosis


def wanted(snapshot_count: int, requested: bool) -> bool:
    """Whether an infeasible run is explained: on request, or by itself up to a month of snapshots."""
    return requested or snapshot_count <= AUTOMATIC_UP_TO_SNAPSHOTS


def explained(error: InfeasibleError, build: Callable[[], pyo.ConcreteModel], snapshots: pd.DatetimeIndex,
              requested: bool) -> ExplainedInfeasibleError:
    """``error`` with the diagnosis of the model ``build()`` makes, or with how to ask for one.  On request
    (``--diagnose``), HiGHS is given :data:`REQUESTED_IIS_TIME_LIMIT_S` for the subset, else
    :data:`IIS_TIME_LIMIT_S`."""
    if not wanted(len(snapshots), requested):
        return ExplainedInfeasibleError(
            f"{error}\nrerun with --diagnose to name the conflicting constraints and bounds (done by itself up "
            f"to {AUTOMATIC_UP_TO_SNAPSHOTS} snapshots)", None)
    diagnosis = diagnose(build(), snapshots, REQUESTED_IIS_TIME_LIMIT_S if requested else IIS_TIME_LIMIT_S)
    return ExplainedInfeasibleError(f"{error}\n{diagnosis.text()}", diagnosis)


def diagnose(model: pyo.ConcreteModel, snapshots: pd.DatetimeIndex,
             iis_time_limit_s: float = IIS_TIME_LIMIT_S) -> Diagnosis:
    """The conflicting rows and bounds of an infeasible model, by name (the module's docstring); a time limit
    of 0 goes straight to the elastic LP."""
    started = time.perf_counter()
    form = compile_model(model)
    settings = SolverSettings(method=SolverMethod.SIMPLEX, threads=None)
    highs = highs_holding(form, settings)
    highs.run()
    if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        return Diagnosis("no conflict", time.perf_counter() - started, (),
                         note="  HiGHS solves the model rebuilt in the model's own order: no conflict to name")
    elements = _irreducible_subset(highs, form, iis_time_limit_s) if iis_time_limit_s > 0 else None
    method = "irreducible infeasible subset from HiGHS"
    note = "  (one irreducible conflict: others like it may hold at other snapshots or objects)"
    if elements is None:
        elements = _elastic(form, settings) or []
        method = "elastic LP: the rows it violates and the bounds that force it"
        note = f"  (HiGHS found no irreducible infeasible subset within {iis_time_limit_s:g} s)"
    docs = {component.local_name: component.doc or ""
            for component in model.component_objects((pyo.Var, pyo.Constraint), descend_into=True)}
    found = findings(elements, snapshots, docs)
    rows = sum(1 for e in elements if e.role is Role.CONSTRAINT)
    method += f": {_counted(rows, 'row')}, {_counted(len(elements) - rows, 'bound')}"
    return Diagnosis(method, time.perf_counter() - started, found, note=note)


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _element(form: StandardForm, position: int, role: Role, amount: float | None = None,
             row: bool = True) -> Element:
    """The row or column at ``position`` as an :class:`Element` of its component, with its bound or
    right-hand side (an equality's value, or the one finite side of an inequality)."""
    if row:
        data, low, high = form.rows[position], form.row_lower[position], form.row_upper[position]
        finite = [bound for bound in (low, high) if np.isfinite(bound)]
        value = float(low) if low == high else (float(finite[0]) if len(finite) == 1 else None)
    else:
        data = form.columns[position]
        value = float(form.column_lower[position] if role is Role.LOWER_BOUND else form.column_upper[position])
    return Element(data.parent_component().local_name, data.index(), role, amount, value)


def _irreducible_subset(highs: highspy.Highs, form: StandardForm, time_limit_s: float) -> list[Element] | None:
    """HiGHS's irreducible infeasible subset (None where HiGHS finds none within ``time_limit_s``)."""
    strategy = int(highspy.IisStrategy.kIisStrategyFromLp) | int(highspy.IisStrategy.kIisStrategyIrreducible)
    highs.setOptionValue("iis_strategy", strategy)
    highs.setOptionValue("iis_time_limit", float(time_limit_s))
    status, iis = highs.getIis()
    rows, columns = list(iis.row_index_), list(iis.col_index_)
    if status == highspy.HighsStatus.kError or not iis.valid_ or iis.status_ not in _IIS_FOUND \
            or not (rows or columns) or len(rows) >= len(form.rows):
        return None
    elements = [_element(form, r, Role.CONSTRAINT) for r in rows]
    for column, bound in zip(columns, iis.col_bound_, strict=True):
        elements.extend(_element(form, column, role, row=False) for role in _COLUMN_ROLES.get(bound, ()))
    return elements


def _elastic(form: StandardForm, settings: SolverSettings) -> list[Element] | None:
    """The elastic LP's violated rows (with the violation) and the bounds its reduced costs name: first with
    only the nodal balances elastic, then, where that is still infeasible, every row."""
    balance = np.array([row.parent_component().local_name in BALANCE_FIRST for row in form.rows], dtype=bool)
    for relaxed in (balance, np.ones(len(form.rows), dtype=bool)):
        if relaxed.any():
            elements = _elastic_with(form, settings, relaxed)
            if elements is not None:
                return elements
    return None


def _elastic_with(form: StandardForm, settings: SolverSettings, relaxed: np.ndarray) -> list[Element] | None:
    """The elastic LP with the ``relaxed`` rows elastic (None where it is infeasible still)."""
    rows, columns = form.matrix.shape
    chosen = np.flatnonzero(relaxed)
    slack = np.arange(len(chosen))
    matrix = form.matrix
    elastic = StandardForm(  # the slack columns have no Pyomo variable: positions past form.columns
        matrix=RowMatrix.from_entries(  # each chosen row gains +s and -s of its own
            np.concatenate([matrix.entry_rows(), chosen, chosen]),
            np.concatenate([matrix.columns, columns + slack, columns + len(chosen) + slack]),
            np.concatenate([matrix.values, np.ones(len(chosen)), -np.ones(len(chosen))]),
            (rows, columns + 2 * len(chosen))),
        row_lower=form.row_lower, row_upper=form.row_upper,
        column_lower=np.concatenate([form.column_lower, np.zeros(2 * len(chosen))]),
        column_upper=np.concatenate([form.column_upper, np.full(2 * len(chosen), np.inf)]),
        cost=np.concatenate([np.zeros(columns), np.ones(2 * len(chosen))]), cost_offset=0.0,
        columns=form.columns, rows=form.rows, column_lookup=form.column_lookup,
    )
    highs = highs_holding(elastic, settings)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = highs.getSolution()
    values = np.asarray(solution.col_value)
    violation = np.zeros(rows)
    violation[chosen] = values[columns:columns + len(chosen)] + values[columns + len(chosen):]
    reduced, x = np.asarray(solution.col_dual)[:columns], values[:columns]
    at_lower = np.isclose(x, form.column_lower) & (reduced > DUAL_MINIMUM)
    at_upper = np.isclose(x, form.column_upper) & (reduced < -DUAL_MINIMUM)
    violated = np.flatnonzero(violation > VIOLATION_MINIMUM)
    bounds = [_element(form, c, Role.LOWER_BOUND, row=False) for c in np.flatnonzero(at_lower)] \
        + [_element(form, c, Role.UPPER_BOUND, row=False) for c in np.flatnonzero(at_upper)]
    return [_element(form, r, Role.CONSTRAINT, float(violation[r])) for r in violated] \
        + [bound for bound in bounds if _set_by_data(bound)]


def _set_by_data(bound: Element) -> bool:
    """Whether a bound comes from the data, not from a variable's definition (a flow or an output is >= 0)."""
    side = "lower" if bound.role is Role.LOWER_BOUND else "upper"
    return not (bound.value == 0.0 and COMPONENT_SOURCES[bound.component].bound_inputs(side) == NON_NEGATIVE)
