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


def snapshot_order(form: StandardForm, column_time: np.ndarray) -> Ordering:
    """Columns and rows sorted by snapshot (``column_time``, :class:`~gezopt.standard_form.ColumnKeys`), stably."""
    by_row = form.matrix.tocsr()
    row_time = np.full(by_row.shape[0], -1, dtype=np.int64)  # empty rows first
    filled = np.flatnonzero(np.diff(by_row.indptr) > 0)
    if len(filled):
        latest = np.maximum.reduceat(column_time[by_row.indices], by_row.indptr[:-1][filled])
        row_time[filled] = latest
    return Ordering(columns=np.argsort(column_time, kind="stable"), rows=np.argsort(row_time, kind="stable"))


def identity_order(form: StandardForm) -> Ordering:
    """The model's own order."""
    return Ordering(columns=np.arange(form.matrix.shape[1]), rows=np.arange(form.matrix.shape[0]))


def chains_per_snapshot(form: StandardForm, column_time: np.ndarray) -> float:
    """The LP's chains in time: rows that link two or more snapshots and hold a column that is not fixed
    (continuity of storage, tanks, reservoirs and EV fleets, rivers' lags), per snapshot of the horizon."""
    by_row = form.matrix.tocsr()
    filled = np.flatnonzero(np.diff(by_row.indptr) > 0)
    if not len(filled):
        return 0.0
    starts = by_row.indptr[:-1][filled]
    times = column_time[by_row.indices]
    free = (form.column_lower < form.column_upper)[by_row.indices].astype(np.int64)
    spanning = np.maximum.reduceat(times, starts) > np.minimum.reduceat(times, starts)
    chains = int((spanning & (np.add.reduceat(free, starts) > 0)).sum())
    return chains / (int(column_time.max()) + 1)
