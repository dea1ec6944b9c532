"""The expansion candidates of a run, typed, with their annualised cost over the horizon.

From the scenario's candidates (``expansion_candidates.csv`` as the ``expansion:`` section
leaves it, :mod:`gezopt.scenario.expansion`) and the costs table, each candidate :math:`c`
extends one capacity of one asset from its existing size :math:`E_c` by :math:`B_c \\ge 0`,
to a total :math:`E_c + B_c` within :math:`[\\underline{P}_c, \\overline{P}_c]`.  The capacity
built costs, per unit and over a horizon of :math:`H = \\sum_t w_t` hours,

.. math::

    a_c = \\sum_k \\phi_{c,k} \\big( i_k \\, \\mathrm{crf}(r, n_k) + f_k \\big) \\, \\frac{H}{8760}
    \\quad \\text{AZN per MW (MWh)}

over the costs rows :math:`k` that price it (:mod:`gezopt.data.candidates`), :math:`\\phi_{c,k}`
the units of row :math:`k` per unit of the candidate (1; a line's length for a per-MW-km cost),
:math:`i_k` the investment, :math:`f_k` the fixed O&M per year, :math:`n_k` the lifetime and
:math:`r` the parameter ``discount_rate`` (:func:`gezopt.costs.capital_recovery_factor`).  The
annuity is the horizon's share of a year, as the costs module prices the existing assets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from gezopt.costs.annuities import HOURS_PER_YEAR, Owner, capital_recovery_factor
from gezopt.data import ZoneData
from gezopt.data.candidates import committed_later, cost_rows, existing_capacity, technology


@dataclass(frozen=True)
class CandidateCost:
    """One costs row pricing a candidate's capacity: per unit of the candidate (the row's figures x its factor)."""

    cost_id: str
    owner: Owner
    capacity_unit: str  # the costs row's unit
    units_per_candidate_unit: float
    investment_azn_per_unit: float
    capital_recovery_factor: float
    fixed_om_azn_per_unit_year: float
    lifetime_years: float = float("inf")


@dataclass(frozen=True)
class Candidate:
    """One extendable capacity (see the module)."""

    candidate_id: str
    asset_table: str
    asset_id: str
    capacity_unit: str  # MW, or MWh for a storage unit's energy
    technology: str
    existing: float
    minimum: float
    maximum: float
    costs: tuple[CandidateCost, ...]
    horizon_hours: float

    @property
    def capital_azn_per_unit_year(self) -> float:
        """Investment x crf per MW (MWh) built, a year."""
        return sum(cost.investment_azn_per_unit * cost.capital_recovery_factor for cost in self.costs)

    @property
    def fixed_om_azn_per_unit_year(self) -> float:
        """Fixed O&M per MW (MWh) built, a year."""
        return sum(cost.fixed_om_azn_per_unit_year for cost in self.costs)

    @property
    def annualised_azn_per_unit(self) -> float:
        """:math:`a_c`: capital and fixed O&M of one unit built, over the horizon, AZN."""
        return (self.capital_azn_per_unit_year + self.fixed_om_azn_per_unit_year) * self.horizon_hours / HOURS_PER_YEAR

    @property
    def lifetime_years(self) -> float:
        """Years a unit built stays in service: the shortest lifetime of the costs rows pricing it (none: for ever)."""
        return min((cost.lifetime_years for cost in self.costs), default=float("inf"))

    @property
    def key(self) -> tuple[str, str, str]:
        """(asset table, asset id, capacity unit)."""
        return self.asset_table, self.asset_id, self.capacity_unit


@dataclass(frozen=True)
class ExpansionCandidates:
    """Every candidate of a run, in table order; empty when the scenario builds nothing."""

    candidates: tuple[Candidate, ...]

    @cached_property
    def by_key(self) -> dict[tuple[str, str, str], Candidate]:
        return {candidate.key: candidate for candidate in self.candidates}

    def of(self, table: str, unit: str = "MW") -> dict[str, Candidate]:
        """The candidates extending ``table``'s assets in ``unit``, by asset id."""
        return {c.asset_id: c for c in self.candidates if c.asset_table == table and c.capacity_unit == unit}

    def maximum_ratings(self, table: str, ratings: pd.Series, unit: str = "MW") -> pd.Series:
        """``ratings`` (by asset id) with each candidate's maximum in place of its existing size."""
        extended = ratings.astype(float).copy()
        for asset_id, candidate in self.of(table, unit).items():
            extended[asset_id] = candidate.maximum
        return extended


def expansion_candidates(zone: ZoneData) -> ExpansionCandidates:
    """The typed candidates of a zone narrowed to its horizon (see the module); none unless a scenario enabled
    them (:mod:`gezopt.scenario.expansion`)."""
    frame = zone.expansion_candidates
    if not zone.expansion_enabled or frame.empty:
        return ExpansionCandidates(())
    tables = {name: zone.table(name) for name in ("costs", *frame["asset_table"].unique())}
    rate = float(zone.parameters.get("discount_rate", 0.0))
    hours = float(np.asarray(zone.snapshot_hours, dtype=float).sum())
    later = committed_later(frame, zone.year)
    return ExpansionCandidates(tuple(_candidate(str(candidate_id), row, tables, rate, hours, later)
                                     for candidate_id, row in frame.iterrows()))


def _candidate(candidate_id: str, row: pd.Series, tables: dict[str, pd.DataFrame], rate: float,
               hours: float, later: set[tuple[str, str]]) -> Candidate:
    table, asset_id, unit = str(row["asset_table"]), str(row["asset_id"]), str(row["capacity_unit"])
    existing = 0.0 if (table, asset_id) in later else existing_capacity(table, unit, tables[table].loc[asset_id])
    costs = tuple(CandidateCost(
        cost_id=cost_id, owner=Owner(cost["owner"]), capacity_unit=str(cost["capacity_unit"]),
        units_per_candidate_unit=factor, investment_azn_per_unit=factor * float(cost["investment_azn_per_capacity_unit"]),
        capital_recovery_factor=capital_recovery_factor(rate, float(cost["lifetime_years"])),
        fixed_om_azn_per_unit_year=factor * float(cost["fixed_om_azn_per_capacity_unit_year"]),
        lifetime_years=float(cost["lifetime_years"]),
    ) for cost_id, cost, factor in cost_rows(row, tables))
    return Candidate(
        candidate_id=candidate_id, asset_table=table, asset_id=asset_id, capacity_unit=unit,
        technology=technology(table, asset_id, tables), existing=existing,
        minimum=existing if np.isnan(row["minimum_capacity"]) else float(row["minimum_capacity"]),
        maximum=float(row["maximum_capacity"]),
        costs=costs, horizon_hours=hours,
    )
