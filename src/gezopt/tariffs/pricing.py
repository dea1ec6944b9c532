"""Tariff pricing, before the solve: each class's time-of-use price at every snapshot of the run.

:func:`price_schedules` turns the scenario's tariffs and the run's snapshots
into one :class:`PriceSchedules`, once per run; the consumer response (which
classes respond, what their devices pay) and billing read it from there.  A
class's price at snapshot :math:`t` is that of the period holding the local
hour :math:`(h^{UTC}_t + \\text{utc\\_offset\\_hours}) \\bmod 24`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gezopt.scenario.schema import ClassTariff, Tariffs


@dataclass(frozen=True)
class PriceSchedules:
    """Time-of-use energy price of every class that has one, AZN/MWh per snapshot of the run."""

    snapshots: pd.DatetimeIndex
    azn_per_mwh: dict[str, np.ndarray]  # consumer class -> price per snapshot

    @property
    def classes(self) -> frozenset[str]:
        """The classes priced by time of use (the only ones with a reason to shift)."""
        return frozenset(self.azn_per_mwh)

    def of(self, consumer_class: str) -> np.ndarray | None:
        """The class's price per snapshot, or None for a class without a time-of-use price."""
        return self.azn_per_mwh.get(consumer_class)


def local_hours(snapshots: pd.DatetimeIndex, utc_offset_hours: int) -> np.ndarray:
    return (snapshots.hour.to_numpy() + utc_offset_hours) % 24


def time_of_use_azn_per_mwh(tariff: ClassTariff, hours: np.ndarray) -> np.ndarray:
    """A time-of-use tariff's energy price at each of the local ``hours``, AZN/MWh."""
    prices = np.full(len(hours), np.nan)
    for period in tariff.time_of_use:
        prices[np.isin(hours, period.hours)] = period.azn_per_kwh * 1000.0
    if np.isnan(prices).any():
        missing = sorted(set(hours[np.isnan(prices)].tolist()))
        raise ValueError(f"time-of-use periods leave local hours {missing} without a price")
    return prices


def price_schedules(tariffs: Tariffs, snapshots: pd.DatetimeIndex) -> PriceSchedules:
    """The time-of-use price of every class that has one, at each snapshot of the run."""
    hours = local_hours(snapshots, tariffs.utc_offset_hours)
    return PriceSchedules(snapshots=snapshots, azn_per_mwh={
        name: time_of_use_azn_per_mwh(tariff, hours) for name, tariff in tariffs.classes.items() if tariff.time_of_use
    })
