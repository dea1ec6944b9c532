"""The only module that talks to HiGHS.

The Pyomo model is compiled to a sparse matrix (:mod:`gezopt.standard_form`)
and handed to HiGHS in one ``passModel`` call; DESIGN.md §6 measured a
matrix hand-off as the fastest path.  The solver's verdict is mapped to a :class:`~gezopt.verdict.Termination`
and anything but optimal raises a :class:`~gezopt.errors.SolveError`.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from concurrent.futures import Future
from dataclasses import dataclass, field

import highspy
import numpy as np
import pyomo.core as pyo

from gezopt.blocks import Answer, solve_by_blocks
from gezopt.config import SolverMethod, SolverSettings
from gezopt.cpus import use_threads
from gezopt.errors import ModelInputError, SolverFailureError
from gezopt.heap import heap_kept_for_reuse
from gezopt.held_slacks import HeldSlacks, SlackOutcome
from gezopt.hipo_choice import HipoChoice
from gezopt.lp_arrays import LpArrays
from gezopt.model_index import NO_POSITION, IndexedPositions, ModelIndex, index_model
from gezopt.model_release import emptied_beside
from gezopt.ordering import Ordering, chains_per_snapshot, identity_order, row_spans, snapshot_order
from gezopt.solver_files import lp_names, write_model_file
from gezopt.solver_watch import IterationCount, SolveWatch, progress_ticker
from gezopt.standard_form import StandardForm, column_keys, compile_model
from gezopt.tie_break import tie_break_costs
from gezopt.verdict import STATUS, Termination, raise_unless_optimal

HIPO_FROM_SNAPSHOTS = 4000  # auto: HiPO from this horizon on, dual simplex below (measured: README, Speed)


@functools.cache
def hipo_available() -> bool:
    """Whether HiGHS can run HiPO here (it needs the package highspy-extras built for this highspy)."""
    highs = _silent_highs()
    highs.setOptionValue("solver", "hipo")
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = 1, 0
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.array([1.0]), np.array([0.0]), np.array([1.0])
    highs.passModel(lp)
    return highs.run() == highspy.HighsStatus.kOk and highs.getModelStatus() == highspy.HighsModelStatus.kOptimal


def method_for(method: SolverMethod, snapshot_count: int) -> SolverMethod:
    """The algorithm of a solve: ``auto`` is dual simplex below :data:`HIPO_FROM_SNAPSHOTS` snapshots and HiPO
    (with crossover, so duals and vertices stay exact) from there, where HiPO is installed; an explicit
    ``hipo`` where it is not is a :class:`~gezopt.errors.SolverFailureError`."""
    method = SolverMethod(method)
    if method is SolverMethod.AUTO:
        long_horizon = snapshot_count >= HIPO_FROM_SNAPSHOTS
        return SolverMethod.HIPO if long_horizon and hipo_available() else SolverMethod.SIMPLEX
    if method is SolverMethod.HIPO and not hipo_available():
        raise SolverFailureError(f"solver method hipo needs the package highspy-extras built for highspy "
                                 f"{solver_version()} (pip install -c requirements.lock highspy-extras)")
    return method


def solver_version() -> str:
    """The HiGHS library's version."""
    return _silent_highs().version()


def _silent_highs() -> highspy.Highs:
    """A new HiGHS instance, without the banner that some versions print to stdout when one is made."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()
            highs.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return highs


@dataclass
class Solution:
    """Primal values and row duals, looked up by component (a Pyomo one, or its :class:`ModelIndex` entry)."""

    termination: Termination
    objective_azn: float  # the model's objective at the optimum, without the tie-break terms
    column_values: np.ndarray
    row_duals: np.ndarray
    column_duals: np.ndarray  # reduced costs: the duals of the columns' bounds
    index: ModelIndex  # each variable's columns and each kept constraint's rows
    row_count: int = 0
    tie_break_azn: float = 0.0  # the tie-break terms' total at this solution (gezopt.tie_break), applied or not
    method: SolverMethod = SolverMethod.SIMPLEX  # the algorithm that solved it
    vertex: bool = True  # ended on a vertex (simplex, or interior point with crossover)
    hipo: HipoChoice | None = None  # HiPO's ordering, Newton system and threads, where HiPO solved it
    slacks: SlackOutcome = SlackOutcome.WITH_THE_LP  # the penalised slacks held at zero first or not (gezopt.held_slacks)
    timings_s: dict[str, float] = field(default_factory=dict)

    def values(self, component: IndexedPositions | pyo.Var) -> np.ndarray:
        """Values of an indexed variable, in the component's index order (0 where HiGHS never saw it)."""
        return _at(self.column_values, self.index.column_positions(component))

    def reduced_costs(self, component: IndexedPositions | pyo.Var) -> np.ndarray:
        """Reduced costs of an indexed variable (the duals of its bounds, AZN per unit), in index order."""
        return _at(self.column_duals, self.index.column_positions(component))

    def duals(self, component: IndexedPositions | pyo.Constraint) -> np.ndarray:
        """Duals of an indexed constraint, in index order (0 for rows that were never written or not kept)."""
        return _at(self.row_duals, self.index.row_positions(component))


def _at(values: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``values`` at ``positions``, 0 at :data:`~gezopt.model_index.NO_POSITION` (without copying ``values``
    to append the 0, as each look-up did: a year's 1.36 million columns per variable read)."""
    return np.where(positions == NO_POSITION, 0.0, values[positions]) if len(values) else np.zeros(len(positions))


@dataclass
class HandedOver:
    """An LP as HiGHS holds it, and what reading its solution needs; nothing of the Pyomo model but its
    :class:`ModelIndex`, so the caller may free the model before :meth:`solve`."""

    highs: highspy.Highs
    settings: SolverSettings
    method: SolverMethod
    cost: np.ndarray  # the model's costs, in the model's column order, without the tie-break
    cost_offset: float
    tie_break: np.ndarray
    order: Ordering
    index: ModelIndex
    hipo: HipoChoice | None  # HiPO's ordering, Newton system and threads, where HiPO solves
    handoff_s: float
    emptying: Future | None = None  # the model being emptied beside the solve (:func:`~gezopt.model_release.emptied_beside`)
    blocks_lp: LpArrays | None = None  # the LP as passed, kept to be solved block by block (:mod:`gezopt.blocks`)
    held_slacks: HeldSlacks | None = None  # the penalised slacks, held at zero first (:mod:`gezopt.held_slacks`)

    def solve(self, watch: SolveWatch | None = None) -> Solution:
        """Run HiGHS; the solution in the model's order, or a :class:`~gezopt.errors.SolveError`.  The model
        handed over is empty when this returns."""
        started = time.perf_counter()
        with heap_kept_for_reuse():
            answer, slacks = self._answer(watch)
        solve_s = time.perf_counter() - started
        if self.emptying is not None:
            self.emptying.result()  # long done: raises what emptying the model raised, if anything
        termination = STATUS.get(answer.status, Termination.FAILURE)
        raise_unless_optimal(termination, self.highs.modelStatusToString(answer.status), self.settings)
        order = self.order
        column_values = order.restore_columns(answer.column_values)
        return Solution(
            termination=termination,
            objective_azn=float(self.cost @ column_values + self.cost_offset),
            column_values=column_values,
            row_duals=order.restore_rows(answer.row_duals),
            column_duals=order.restore_columns(answer.column_duals),
            index=self.index,
            row_count=len(order.rows),
            tie_break_azn=float(self.tie_break @ column_values),
            method=self.method,
            vertex=self.method is SolverMethod.SIMPLEX or self.settings.crossover,
            hipo=self.hipo,
            slacks=slacks,
            timings_s={"handoff": self.handoff_s, "solve": solve_s},
        )

    def _answer(self, watch: SolveWatch | None) -> tuple[Answer, SlackOutcome]:
        """Run HiGHS on the whole LP, its penalised slacks held at zero first (:mod:`gezopt.held_slacks`), or
        block by block (:func:`gezopt.blocks.solve_by_blocks`) in HiGHS instances configured as the whole one."""
        if self.blocks_lp is not None:
            return solve_by_blocks(self.blocks_lp, self._configured_like_whole,
                                   lambda highs: _run(highs, watch, self.method),
                                   self.settings.time_limit_s), SlackOutcome.WITH_THE_LP
        if self.held_slacks is not None:
            return self.held_slacks.solve(self.highs, lambda lp: _run(self.highs, watch, self.method, lp))
        _run(self.highs, watch, self.method)
        return Answer.of(self.highs), SlackOutcome.WITH_THE_LP

    def _configured_like_whole(self) -> highspy.Highs:
        highs = _configured_highs(self.settings, self.method)
        if self.hipo is not None:
            self.hipo.apply(highs)
        return highs


def solve(model: pyo.ConcreteModel, settings: SolverSettings,
          dual_components: tuple[str, ...] | None = None, watch: SolveWatch | None = None) -> Solution:
    """Hand the model to HiGHS and solve it (:func:`hand_over`, :meth:`HandedOver.solve`); raise on anything but
    an optimal solution."""
    return hand_over(model, settings, dual_components, watch).solve(watch)


def hand_over(model: pyo.ConcreteModel, settings: SolverSettings,
              dual_components: tuple[str, ...] | None = None, watch: SolveWatch | None = None,
              by_blocks: bool = False) -> HandedOver:
    """Compile the model and pass it to HiGHS, with the index its solution is read by.

    The objective handed to HiGHS carries the deterministic tie-break of
    :mod:`gezopt.tie_break` (unless ``settings.tie_break`` is off); the
    solution reports the objective without it and the tie-break's total apart.

    With ``dual_components`` (constraint names), only those constraints' duals
    are kept, and the model is emptied once HiGHS holds the matrix (every
    component deleted), in a thread beside the solve
    (:func:`~gezopt.model_release.emptied_beside`), and is empty once :meth:`HandedOver.solve`
    returns: the index holds all the results read, and a year's model is most
    of a gigabyte the solve does not need.  The caller must not touch the model
    after handing it over.  Without ``dual_components``, every row's dual is
    kept and the model is untouched.  Nothing returned refers to the model.

    ``watch`` (:mod:`gezopt.solver_watch`) writes the model as HiGHS holds it
    (with readable names) before the run.  ``by_blocks`` solves it block by
    block (:mod:`gezopt.blocks`), for an LP of independent devices; otherwise
    its penalised slacks are held at zero first unless ``settings.hold_slacks``
    is off (:mod:`gezopt.held_slacks`).
    """
    started = time.perf_counter()
    form = compile_model(model)
    _raise_unless_solvable(form)
    kept = [component for component in model.component_objects(pyo.Constraint, descend_into=True)
            if dual_components is None or component.local_name in dual_components]
    index = index_model(model, form.column_lookup, kept, form.rows.numbering())
    keys = column_keys(index, len(form.columns))
    tie_break = tie_break_costs(keys, form.column_lower)
    spans = row_spans(form, keys.snapshots)
    order = snapshot_order(form, keys.snapshots, spans) if settings.snapshot_order else identity_order(form)
    snapshots = model.component("snapshots")  # the horizon's size picks the method; a model without one is small
    method = method_for(settings.method, 0 if snapshots is None else len(snapshots))
    highs = _configured_highs(settings, method)
    hipo = None
    if method is SolverMethod.HIPO:
        hipo = HipoChoice.for_lp(settings, chains_per_snapshot(spans), form.matrix.longest_column())
        hipo.apply(highs)
    lp = _lp_arrays(form, form.cost + tie_break if settings.tie_break else form.cost, order, row_wise=not by_blocks)
    _hand_over(highs, lp, form, order, watch)
    held_slacks = HeldSlacks.in_lp(index, order, lp) if settings.hold_slacks and not by_blocks else None
    cost, cost_offset = form.cost, form.cost_offset
    del form  # its columns and rows are the model's objects: released with it
    emptying = emptied_beside(model) if dual_components is not None else None
    return HandedOver(highs=highs, settings=settings, method=method, cost=cost, cost_offset=cost_offset,
                      tie_break=tie_break, order=order, index=index, hipo=hipo,
                      handoff_s=time.perf_counter() - started, emptying=emptying,
                      blocks_lp=lp if by_blocks else None, held_slacks=held_slacks)


def _hand_over(highs: highspy.Highs, lp: LpArrays, form: StandardForm, order: Ordering,
               watch: SolveWatch | None) -> None:
    """Pass the LP to HiGHS (a model it rejects is a solver failure) and write the model file asked for.

    HiGHS refuses rows that repeat a column (the compiler keeps a row's repeats: ``x + x``); such an LP given
    row-wise is passed again column-wise, where each repeat is summed."""
    status = lp.pass_to(highs)
    if status == highspy.HighsStatus.kError and lp.row_wise:
        status = _lp_arrays(form, order.restore_columns(lp.cost), order).pass_to(highs)
    if status == highspy.HighsStatus.kError:  # a warning (tiny values dropped) still solves
        raise SolverFailureError(f"HiGHS rejected the model ({status.name.removeprefix('k')}): "
                                 f"{len(form.columns)} columns, {len(form.rows)} rows")
    model_file = watch.model_file if watch is not None else None
    if model_file is not None:
        _name_rows_and_columns(highs, form, order)
        write_model_file(model_file, watch.title, highs.writeModel)


def _name_rows_and_columns(highs: highspy.Highs, form: StandardForm, order: Ordering) -> None:
    """Readable names (``component(index)``, :func:`gezopt.solver_files.lp_names`) in HiGHS's order."""
    columns = [(v.parent_component().local_name, v.index()) for v in form.columns]
    rows = [(c.parent_component().local_name, c.index()) for c in form.rows]
    column_names, row_names = lp_names(columns), lp_names(rows)
    for position, column in enumerate(order.columns.tolist()):
        highs.passColName(position, column_names[column])
    for position, row in enumerate(order.rows.tolist()):
        highs.passRowName(position, row_names[row])


def _run(highs: highspy.Highs, watch: SolveWatch | None, method: SolverMethod, lp: str = "") -> None:
    """``highs.run()``, its log written to the watch's file (under a heading naming the method and ``lp``, what
    HiGHS holds) and its progress reported while it runs."""
    if watch is None or (watch.log is None and watch.progress is None):
        highs.run()
        return
    log, count = watch.log, IterationCount()
    if log is not None:
        log.section(f"solve by {method.value}" + (f", {lp}" if lp else ""))

    def on_log(event) -> None:
        count.read(event.message)
        if log is not None:
            log.write(event.message)

    highs.setOptionValue("output_flag", True)  # to the logging callback only: log_to_console stays off
    highs.cbLogging.subscribe(on_log)
    try:
        if watch.progress is None:
            highs.run()
            return
        highs.cbIpmInterrupt.subscribe(lambda event: count.interior_point_at(event.data_out.ipm_iteration_count))
        with progress_ticker(watch.progress, count, watch.progress_interval_s):
            highs.run()
    finally:
        if log is not None:
            log.flush()


def highs_holding(form: StandardForm, settings: SolverSettings) -> highspy.Highs:
    """A configured HiGHS (dual simplex, no tie-break) holding ``form`` in the model's own order: for the
    diagnosis of an infeasible model (:mod:`gezopt.diagnose`)."""
    highs = _configured_highs(settings, SolverMethod.SIMPLEX)
    _lp_arrays(form, form.cost, identity_order(form)).pass_to(highs)
    return highs


def _configured_highs(settings: SolverSettings, method: SolverMethod) -> highspy.Highs:
    """A HiGHS instance with gezopt's options: silent, seeded, the chosen method, limits."""
    highs = _silent_highs()
    highs.setOptionValue("log_to_console", False)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("solver", method.value)
    # a vertex, also from interior point: the tie-break's unique optimum, exact duals (off only where asked)
    highs.setOptionValue("run_crossover", "on" if settings.crossover else "off")
    highs.setOptionValue("primal_feasibility_tolerance", settings.primal_feasibility_tolerance)
    if settings.time_limit_s is not None:
        highs.setOptionValue("time_limit", float(settings.time_limit_s))
    if settings.threads is not None and method is not SolverMethod.HIPO:  # HiPO's: HipoChoice.apply
        use_threads(highs, settings.threads)
    return highs


def _raise_unless_solvable(form: StandardForm) -> None:
    """An empty model, or non-finite coefficients, are bad input that reached the model: never solve them."""
    if len(form.columns) == 0:
        raise ModelInputError("the model is empty: nothing in the dataset is in service in this horizon "
                              "(no unit, load, line or connection to dispatch)")
    problems = []
    for what, values in (("matrix coefficients", form.matrix.values), ("costs", form.cost)):
        bad = ~np.isfinite(values)
        if bad.any():
            problems.append(f"{int(bad.sum())} non-finite {what}")
    for what, values in (("lower bounds", form.column_lower), ("upper bounds", form.column_upper),
                         ("row lower bounds", form.row_lower), ("row upper bounds", form.row_upper)):
        if np.isnan(values).any():
            problems.append(f"{int(np.isnan(values).sum())} NaN {what}")
    if not np.isfinite(form.cost_offset):
        problems.append("a non-finite cost constant")
    if problems:
        raise ModelInputError("the model holds " + ", ".join(problems) + ": check the inputs and the scenario "
                              "for inf, NaN or values out of range")


def _lp_arrays(form: StandardForm, cost: np.ndarray, order: Ordering, row_wise: bool = False) -> LpArrays:
    """The standard form as HiGHS is to hold it (:class:`~gezopt.lp_arrays.LpArrays`) in ``order``, with the
    given costs: column-wise, or row-wise where ``row_wise`` (the rows gathered in order, without the
    column-wise copy's sort: HiGHS transposes them as it takes them, to the same columns, in 0.22-0.29 against
    0.33-0.45 s with the pass on the full year)."""
    if row_wise:
        rows = form.matrix.row_wise(order.rows, order.columns)
        starts, indices, values = rows.row_starts, rows.columns, rows.values
    else:
        columns = form.matrix.column_wise(order.rows, order.columns)
        starts, indices, values = columns.starts, columns.rows, columns.values
    return LpArrays(cost=cost[order.columns], column_lower=form.column_lower[order.columns],
                    column_upper=form.column_upper[order.columns], row_lower=form.row_lower[order.rows],
                    row_upper=form.row_upper[order.rows], starts=starts, indices=indices, values=values,
                    cost_offset=form.cost_offset, row_wise=row_wise)
