"""The LP in snapshot order: columns and rows sorted by the snapshot they belong to.

HiGHS's simplex is sensitive to the order of the matrix: the zone's full year
handed over in the order the families build it (family by family, object by
object, snapshot by snapshot) took 148 s of dual simplex, the same LP sorted
by snapshot (as linopy lays it out) 97-99 s, with the same iterations, each
cheaper.  A column's snapshot is the last integer of its index key (every
variable is indexed ``(object, t)``); a row's is the latest snapshot among its
columns, so a row follows the last variable it links (a reservoir's end volume
sits with the last hour, a day's waste budget with that day's last hour).  The
sort is stable: within a snapshot the build order is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gezopt.standard_form import StandardForm


@dataclass(frozen=True)
class Ordering:
    """``columns[i]`` is the model column HiGHS sees at position ``i``; likewise ``rows``."""

    columns: np.ndarray
    rows: np.ndarray

    def restore_columns(self, values: np.ndarray) -> np.ndarray:
        """Values in HiGHS's order back in the model's column order."""
        restored = np.empty_like(values)
        restored[self.columns] = values
        return restored

    def restore_rows(self, values: np.ndarray) -> np.ndarray:
        """Row values (duals) in HiGHS's order back in the model's row order."""
        restored = np.empty_like(values)
        restored[self.rows] = values
        return restored


@dataclass(frozen=True)
class RowSpans:
    """Each row's earliest and latest snapshot among its columns (-1 for an empty row) and whether it holds a
    column that is not fixed; read once per hand-off for the order and for HiPO's ordering."""

    earliest: np.ndarray
    latest: np.ndarray
    free: np.ndarray  # bool
    snapshot_count: int


def row_spans(form: StandardForm, column_time: np.ndarray) -> RowSpans:
    """The :class:`RowSpans` of the LP whose columns belong to the snapshots ``column_time``."""
    matrix = form.matrix
    count = matrix.shape[0]
    earliest, latest = np.full(count, -1, dtype=np.int64), np.full(count, -1, dtype=np.int64)
    free = np.zeros(count, dtype=bool)
    filled = np.flatnonzero(np.diff(matrix.row_starts) > 0)
    if len(filled):
        starts = matrix.row_starts[:-1][filled]
        times = column_time[matrix.columns]
        earliest[filled] = np.minimum.reduceat(times, starts)
        latest[filled] = np.maximum.reduceat(times, starts)
        not_fixed = (form.column_lower < form.column_upper)[matrix.columns].astype(np.int64)
        free[filled] = np.add.reduceat(not_fixed, starts) > 0
    return RowSpans(earliest=earliest, latest=latest, free=free,
                    snapshot_count=int(column_time.max()) + 1 if len(column_time) else 0)


def snapshot_order(form: StandardForm, column_time: np.ndarray, spans: RowSpans) -> Ordering:
    """Columns sorted by snapshot (``column_time``, :class:`~gezopt.standard_form.ColumnKeys`), rows by their
    latest snapshot (empty rows first), stably."""
    return Ordering(columns=np.argsort(column_time, kind="stable"), rows=np.argsort(spans.latest, kind="stable"))


def identity_order(form: StandardForm) -> Ordering:
    """The model's own order."""
    return Ordering(columns=np.arange(form.matrix.shape[1]), rows=np.arange(form.matrix.shape[0]))


def chains_per_snapshot(spans: RowSpans) -> float:
    """The LP's chains in time: rows that link two or more snapshots and hold a column that is not fixed
    (continuity of storage, tanks, reservoirs and EV fleets, rivers' lags), per snapshot of the horizon."""
    chains = int(((spans.latest > spans.earliest) & spans.free).sum())
    return chains / spans.snapshot_count if spans.snapshot_count else 0.0
