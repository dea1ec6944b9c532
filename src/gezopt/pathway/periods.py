"""Investment periods of a pathway: the years each stands for and its discount weight.

Periods :math:`p = 1..P` start in the years :math:`y_1 < \\dots < y_P`.  Period :math:`p` stands for
the :math:`n_p = y_{p+1} - y_p` years up to the next one (the last for ``last_period_years``, by
default the gap before it; a single period for one year).  Costs are discounted to the base year
:math:`y_0` (default :math:`y_1`) at the rate :math:`r` (parameter ``discount_rate``): a cost of
one AZN a year in every year of period :math:`p` is worth

.. math::

    D_p = \\sum_{k=0}^{n_p - 1} (1 + r)^{-(y_p + k - y_0)} \\quad \\text{AZN in } y_0

(the period's discount weight; the years of a period share its dispatch, as PyPSA's
``objective`` weighting of investment periods).  The dataset's demand and committed fleet are
those of the period's year, or of the dataset's latest year (``demand_growth.csv``) for a period
after it: the ``data_year`` that dispatches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Period:
    """One investment period (see the module)."""

    year: int
    data_year: int  # the year whose demand and fleet the period is dispatched with
    years: int  # n_p: years the period stands for
    discount_weight: float  # D_p: present value in the base year of 1 AZN a year over the period's years

    def in_service(self, built_in: Period, lifetime_years: float) -> bool:
        """Is capacity built in ``built_in`` still there in this period (built at its start, for its lifetime)?"""
        return built_in.year <= self.year and self.year - built_in.year < lifetime_years


def discount_weight(year: int, years: int, base_year: int, rate: float) -> float:
    """:math:`D_p` of a period starting in ``year`` standing for ``years`` years (see the module)."""
    return sum((1.0 + rate) ** -(year + k - base_year) for k in range(years))


def investment_periods(years: list[int], rate: float, latest_data_year: int, base_year: int | None = None,
                       last_period_years: int | None = None) -> tuple[Period, ...]:
    """The typed periods of a pathway's years (increasing), each with its years, data year and discount weight."""
    base = years[0] if base_year is None else base_year
    gaps = [later - earlier for earlier, later in pairwise(years)]
    last = last_period_years if last_period_years is not None else (gaps[-1] if gaps else 1)
    return tuple(Period(year=year, data_year=min(year, latest_data_year), years=span,
                        discount_weight=discount_weight(year, span, base, rate))
                 for year, span in zip(years, [*gaps, last]))
