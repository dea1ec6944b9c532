r"""The start and end volume of each reservoir over a horizon: from its seasonal curve, else fixed or cyclic.

A seasonal curve (``reservoir_curves.csv``) gives a reservoir's reference volume :math:`C_k` on the first
of month :math:`k` at 00:00, :math:`m_k`; in between the volume is linear in time, and December runs to
the next 1 January (:math:`m_{13}`, :math:`C_{13} = C_1`):

.. math::

    C(t) = C_k + (C_{k+1} - C_k)\,\frac{t - m_k}{m_{k+1} - m_k}, \qquad m_k \le t < m_{k+1}

A horizon of snapshots :math:`t_0 < \dots < t_{T-1}` with weights :math:`w_t` (hours) starts at
:math:`t_0` and ends at :math:`t_{T-1} + w_{T-1}`:

.. math::

    V^{start}_r = C_r(t_0), \qquad V^{end}_r = C_r(t_{T-1} + w_{T-1})

so a window ends where the season has brought the reservoir, and a full calendar year (1 January to
1 January) is cyclic.  A reservoir without a curve keeps ``volume_start_mcm`` and ``volume_end_mcm``
of ``reservoirs.csv`` (end empty: cyclic, end = start).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gezopt.data import ZoneData
from gezopt.data.specs.hydro import MONTH_VOLUME_COLUMNS


@dataclass(frozen=True)
class ReservoirVolumes:
    """Per reservoir: the volume before the first snapshot and the volume required after the last, million m3;
    ``seasonal``: the reservoirs whose volumes come from their seasonal curve."""

    start_mcm: dict[str, float]
    end_mcm: dict[str, float]
    seasonal: frozenset[str]


def seasonal_volume_mcm(curve_mcm: Sequence[float], instants: pd.DatetimeIndex) -> np.ndarray:
    """:math:`C(t)` at each instant: the twelve month-start volumes interpolated linearly, December to January."""
    curve = np.asarray(curve_mcm, dtype=float)
    if curve.shape != (12,):
        raise ValueError(f"a seasonal curve has 12 monthly volumes, not {curve.shape}")
    instants = pd.DatetimeIndex(instants)
    month_start = instants.to_period("M").to_timestamp()
    next_month_start = month_start + pd.offsets.MonthBegin(1)
    fraction = ((instants - month_start) / (next_month_start - month_start)).to_numpy(dtype=float)
    month = instants.month.to_numpy() - 1
    return curve[month] + (curve[(month + 1) % 12] - curve[month]) * fraction


def reservoir_volumes(zone: ZoneData, reservoir_ids: Collection[str], weights_h: np.ndarray) -> ReservoirVolumes:
    """Start and end volume of every reservoir over the zone's horizon (see the module's equations)."""
    reservoirs = zone.reservoirs.set_index("plant_id", drop=False)
    curves = zone.reservoir_curves.set_index("plant_id", drop=False)
    first = pd.DatetimeIndex([zone.snapshots[0]])
    after_last = pd.DatetimeIndex([zone.snapshots[-1] + pd.Timedelta(hours=float(weights_h[-1]))])
    start, end = {}, {}
    for reservoir in reservoir_ids:
        if reservoir in curves.index:
            curve = curves.loc[reservoir, list(MONTH_VOLUME_COLUMNS)].to_numpy(dtype=float)
            start[reservoir] = float(seasonal_volume_mcm(curve, first)[0])
            end[reservoir] = float(seasonal_volume_mcm(curve, after_last)[0])
            continue
        start[reservoir] = float(reservoirs.at[reservoir, "volume_start_mcm"])
        fixed_end = reservoirs.at[reservoir, "volume_end_mcm"]
        end[reservoir] = start[reservoir] if pd.isna(fixed_end) else float(fixed_end)
    seasonal = frozenset(r for r in reservoir_ids if r in curves.index)
    return ReservoirVolumes(start_mcm=start, end_mcm=end, seasonal=seasonal)


def month_start_volumes_mcm(volume_after_snapshot_mcm: pd.Series, start_mcm: float) -> np.ndarray:
    """The twelve volumes on the first of each month, 00:00, of a run over one calendar year: the volume at the
    end of the snapshot before each month's first hour (``volume_after_snapshot_mcm``, indexed by snapshot, its
    weight the gap to the next), and for 1 January the run's start volume.  What a seasonal curve is built from."""
    stamps = pd.DatetimeIndex(volume_after_snapshot_mcm.index)
    year = stamps[0].year
    if stamps[0] != pd.Timestamp(f"{year}-01-01") or stamps[-1].year != year:
        raise ValueError("a seasonal curve is read off a run over one calendar year from 1 January")
    volumes = [float(start_mcm)]
    for month in range(2, 13):
        before = stamps[stamps < pd.Timestamp(year=year, month=month, day=1)][-1]
        volumes.append(float(volume_after_snapshot_mcm[before]))
    return np.asarray(volumes)
