"""Who pays for the heat: each heat bus's floor area shared among the consumer classes that own it.

A heat bus :math:`h` serves buildings of several classes; ``floor_area_owners.csv``
gives each class :math:`c` its share :math:`s_{h,c}` of the floor area
(:math:`\\sum_c s_{h,c} = 1`, checked when the dataset is read).  A heat bus
without rows belongs wholly to the scenario's ``tariffs.heat_class``.  The
heat bus's heat-pump, boiler and cooling electricity :math:`E_{h,t}` is
split in those shares:

.. math:: E_{c,t} = \\sum_h s_{h,c} \\, E_{h,t}, \\qquad \\sum_c E_{c,t} = \\sum_h E_{h,t}.

Under ``response: tariff`` a heat bus's heat pumps and tanks answer the
price its owners pay together, :math:`p_{h,t} = \\sum_{c \\in TOU} s_{h,c} \\, p_{c,t}`
over the owners with a time-of-use price (the others pay the same in every
hour, so they give no reason to shift).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gezopt.data import ZoneData
from gezopt.tariffs.pricing import PriceSchedules


@dataclass(frozen=True)
class HeatOwnership:
    """Share of each heat bus's floor area owned by each class: ``shares.loc[heat_bus, class]``, rows sum to 1."""

    shares: pd.DataFrame  # heat buses (index) x consumer classes (columns)

    @property
    def classes(self) -> tuple[str, ...]:
        """The classes owning some floor area."""
        return tuple(c for c in self.shares.columns if (self.shares[c] > 0).any())

    def owners(self, heat_bus: str) -> frozenset[str]:
        """The classes owning part of ``heat_bus``."""
        row = self.shares.loc[heat_bus]
        return frozenset(row.index[row > 0])

    def by_class(self, mw_by_heat_bus: pd.DataFrame) -> pd.DataFrame:
        """Electricity of the heat buses (snapshots x heat buses) split among their owners (snapshots x classes)."""
        aligned = mw_by_heat_bus.reindex(columns=self.shares.index, fill_value=0.0)
        return pd.DataFrame(aligned.to_numpy() @ self.shares.to_numpy(), index=mw_by_heat_bus.index,
                            columns=self.shares.columns)

    def price_azn_per_mwh(self, heat_bus: str, prices: PriceSchedules) -> np.ndarray | None:
        """The time-of-use price the owners of ``heat_bus`` pay together per snapshot, or None if none has one."""
        parts = [share * prices.of(c) for c, share in self.shares.loc[heat_bus].items()
                 if share > 0 and prices.of(c) is not None]
        return np.sum(parts, axis=0) if parts else None


def heat_ownership(zone: ZoneData, heat_class: str) -> HeatOwnership:
    """The heat buses' owners from ``floor_area_owners``; a heat bus without rows belongs to ``heat_class``."""
    shares: dict[str, dict[str, float]] = {heat_bus: {} for heat_bus in zone.heat_buses.index}
    owners = zone.floor_area_owners
    for heat_bus, consumer_class, share in zip(owners["heat_bus"], owners["consumer_class"],
                                               owners["floor_area_share"]):
        if heat_bus in shares:
            shares[heat_bus][consumer_class] = shares[heat_bus].get(consumer_class, 0.0) + float(share)
    for owned in shares.values():
        if not owned:
            owned[heat_class] = 1.0
    frame = pd.DataFrame.from_dict(shares, orient="index", dtype=float).fillna(0.0)
    return HeatOwnership(shares=frame.reindex(zone.heat_buses.index))
