"""Why HiGHS calls a model infeasible: the conflicting constraints and bounds, found by HiGHS, named.

Beside :mod:`gezopt.solve`, the one other module that talks to HiGHS.  The
infeasible model is built again (the solve released its constraints),
handed to HiGHS in its own order and solved by dual simplex; then:

1. HiGHS's irreducible infeasible subset (``getIis``, ``iis_strategy`` =
   from the LP, reduced to irreducible): rows and bounds that cannot hold
   together, none of which can be dropped, within :data:`IIS_TIME_LIMIT_S`;
2. where HiGHS has none by then, an elastic LP: every row may be violated at a
   cost of one per unit of violation, the bounds hold, the costs are dropped.
   Its optimum names the rows it violates (with by how much, in each row's
   unit), and its duals the rows and bounds that push against them.

Measured on the zone (2025, a reservoir asked to fill in a week): the subset
in 1.3 s on a week, 29 s on a month, 250 s on a quarter; the elastic LP in
0.3 s on a week, 2 s on a month.  So an infeasible run of up to
:data:`AUTOMATIC_UP_TO_SNAPSHOTS` snapshots is explained automatically; a
longer one with ``--diagnose`` (``RunSettings.diagnose``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo
from scipy import sparse

from gezopt.config import SolverMethod, SolverSettings
from gezopt.errors import InfeasibleError
from gezopt.infeasibility import Diagnosis, Element, Role, findings
from gezopt.solve import highs_holding
from gezopt.standard_form import StandardForm, compile_model

AUTOMATIC_UP_TO_SNAPSHOTS = 744  # a month: explained without --diagnose
IIS_TIME_LIMIT_S = 30.0  # then the elastic LP
DUAL_MINIMUM = 1e-7  # smaller duals and reduced costs are solver noise
VIOLATION_MINIMUM = 1e-6

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
              requested: bool, iis_time_limit_s: float = IIS_TIME_LIMIT_S) -> ExplainedInfeasibleError:
    """``error`` with the diagnosis of the model ``build()`` makes, or with how to ask for one."""
    if not wanted(len(snapshots), requested):
        return ExplainedInfeasibleError(
            f"{error}\nrerun with --diagnose to name the conflicting constraints and bounds (done by itself up "
            f"to {AUTOMATIC_UP_TO_SNAPSHOTS} snapshots)", None)
    diagnosis = diagnose(build(), snapshots, iis_time_limit_s)
    return ExplainedInfeasibleError(f"{error}\n{diagnosis.text()}", diagnosis)


def diagnose(model: pyo.ConcreteModel, snapshots: pd.DatetimeIndex,
             iis_time_limit_s: float = IIS_TIME_LIMIT_S) -> Diagnosis:
    """The conflicting rows and bounds of an infeasible model, by name (the module's docstring)."""
    started = time.perf_counter()
    form = compile_model(model)
    settings = SolverSettings(method=SolverMethod.SIMPLEX, threads=None)
    highs = highs_holding(form, settings)
    highs.run()
    if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        return Diagnosis("no conflict", time.perf_counter() - started, (),
                         note="  HiGHS solves the model rebuilt in the model's own order: no conflict to name")
    elements = _irreducible_subset(highs, form, iis_time_limit_s)
    method = "irreducible infeasible subset from HiGHS"
    note = "  (one irreducible conflict: others like it may hold at other snapshots or objects)"
    if elements is None:
        elements = _elastic(form, settings)
        method = "elastic LP: the rows it violates, and the rows and bounds its duals name"
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


def _elastic(form: StandardForm, settings: SolverSettings) -> list[Element]:
    """The elastic LP's violated rows (with the violation) and the rows and bounds its duals name."""
    rows, columns = form.matrix.shape
    identity = sparse.identity(rows, format="csc")
    elastic = StandardForm(  # the slack columns have no Pyomo variable: positions past form.columns
        matrix=sparse.csc_array(sparse.hstack([form.matrix, identity, -identity], format="csc")),
        row_lower=form.row_lower, row_upper=form.row_upper,
        column_lower=np.concatenate([form.column_lower, np.zeros(2 * rows)]),
        column_upper=np.concatenate([form.column_upper, np.full(2 * rows, np.inf)]),
        cost=np.concatenate([np.zeros(columns), np.ones(2 * rows)]), cost_offset=0.0,
        columns=form.columns, rows=form.rows,
    )
    highs = highs_holding(elastic, settings)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return []
    solution = highs.getSolution()
    values = np.asarray(solution.col_value)
    violation = values[columns:columns + rows] + values[columns + rows:]
    row_duals, reduced = np.asarray(solution.row_dual), np.asarray(solution.col_dual)[:columns]
    elements = [_element(form, r, Role.CONSTRAINT, float(violation[r]))
                for r in np.flatnonzero(violation > VIOLATION_MINIMUM)]
    elements += [_element(form, r, Role.CONSTRAINT) for r in np.flatnonzero(np.abs(row_duals) > DUAL_MINIMUM)
                 if violation[r] <= VIOLATION_MINIMUM]
    x = values[:columns]
    at_lower = np.isclose(x, form.column_lower) & (reduced > DUAL_MINIMUM)
    at_upper = np.isclose(x, form.column_upper) & (reduced < -DUAL_MINIMUM)
    elements += [_element(form, c, Role.LOWER_BOUND, row=False) for c in np.flatnonzero(at_lower)]
    elements += [_element(form, c, Role.UPPER_BOUND, row=False) for c in np.flatnonzero(at_upper)]
    return elements
