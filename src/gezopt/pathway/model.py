"""The pathway LP: one block per investment period, each a dispatch with expansion, linked by what is built.

Each period :math:`p` (:mod:`gezopt.pathway.periods`) is a block ``m.period[y_p]`` built by the
families of :data:`gezopt.model.FAMILIES` (all but the objective) from the period's prepared
inputs: its demand, committed fleet and horizon of :math:`H_p` hours (:math:`\\sum_t w_t`).  In
a block, :math:`B_{c,p}` (``expansion_built``) is the capacity of candidate :math:`c` in service
in period :math:`p` beyond its existing size.  It is what was built in the periods before whose
units still stand (built at a period's start, for the candidate's lifetime :math:`L_c`):

.. math::

    B_{c,p} = \\sum_{q \\le p,\\; y_p - y_q < L_c} N_{c,q}, \\qquad N_{c,q} \\ge 0

with :math:`N_{c,q}` (``pathway_built``) the capacity built in period :math:`q`; capacity cannot be
unbuilt.  The objective is the present value in the base year

.. math::

    \\min \\sum_p D_p \\, \\frac{8760}{H_p} \\, C_p

where :math:`C_p` is the block's system cost over its horizon (:func:`gezopt.model.objective.cost_terms`):
dispatch, imports, lost load, CO2 and the annuity :math:`a_c B_{c,p}` of the capacity in service
(annuity and fixed O&M, times :math:`H_p/8760`).  So a unit costs its annuity in every year it
serves within the plan (PyPSA's multi-period investment), and a unit built later costs less in
the base year.  :math:`N` carries no cost of its own; it is unique with :math:`B` (the tie-break
of :mod:`gezopt.tie_break` covers it too).

=========================  ================================  ==================================
symbol                     Pyomo                             input
=========================  ================================  ==================================
:math:`N_{c,q}`            ``m.pathway_built``               expansion_candidates.csv
:math:`B_{c,p}`            ``m.period[y].expansion_built``   the expansion family
link                       ``m.pathway_in_service``          costs.csv lifetime_years
:math:`D_p, H_p`           objective coefficients            discount_rate, the horizon
objective                  ``m.total_cost``                  the blocks' cost terms
=========================  ================================  ==================================
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.core as pyo

from gezopt.config import ModelSettings
from gezopt.costs.annuities import HOURS_PER_YEAR
from gezopt.gc_pause import garbage_collection_paused
from gezopt.model import FAMILIES
from gezopt.model.objective import add_objective, cost_terms
from gezopt.model.terms import ModelTerms, Term, linear
from gezopt.network import Network
from gezopt.pathway.periods import Period
from gezopt.prepared import Prepared

DISPATCH_FAMILIES = tuple(family for family in FAMILIES if family is not add_objective)


@dataclass(frozen=True)
class PeriodInputs:
    """What one period's block is built from."""

    period: Period
    inputs: Prepared
    net: Network
    settings: ModelSettings  # its targets: the scenario's where the period is one they bind

    @property
    def horizon_hours(self) -> float:
        """:math:`H_p`."""
        return float(self.inputs.weights_h.sum())

    @property
    def scale(self) -> float:
        """:math:`D_p \\cdot 8760 / H_p`: the objective's weight of one AZN of the block's horizon."""
        return self.period.discount_weight * HOURS_PER_YEAR / self.horizon_hours


@dataclass(frozen=True)
class PathwayModel:
    """The LP and, per period (in order), the block and its cost terms :math:`C_p` (read back by the results)."""

    model: pyo.ConcreteModel
    periods: tuple[PeriodInputs, ...]
    blocks: tuple[pyo.Block, ...]
    period_costs: tuple[list[Term], ...]


def build_pathway_model(periods: tuple[PeriodInputs, ...]) -> PathwayModel:
    """The pathway LP of the module (Python's garbage collector paused while building)."""
    with garbage_collection_paused():
        m = pyo.ConcreteModel(name="gezopt-pathway")
        m.periods = pyo.Set(initialize=[p.period.year for p in periods], ordered=True, doc="investment periods, year")
        m.period = pyo.Block(m.periods, doc="one period's dispatch and capacity in service")
        blocks, costs = [], []
        for period in periods:
            block = m.period[period.period.year]
            block.snapshots = pyo.Set(initialize=range(len(period.inputs.snapshots)), ordered=True,
                                      doc="snapshot index t")
            terms = ModelTerms(measure_energy=period.settings.targets.active)
            for add_family in DISPATCH_FAMILIES:
                add_family(block, period.inputs, period.net, period.settings, terms)
            blocks.append(block)
            costs.append(cost_terms(period.inputs, terms))
        _link_capacities(m, periods, blocks)
        m.total_cost = pyo.Objective(
            expr=linear([(p.scale * c, v) for p, terms in zip(periods, costs) for c, v in terms]),
            sense=pyo.minimize, doc="present value of the periods' system costs in the base year, AZN")
    return PathwayModel(model=m, periods=periods, blocks=tuple(blocks), period_costs=tuple(costs))


def _link_capacities(m: pyo.ConcreteModel, periods: tuple[PeriodInputs, ...], blocks: list[pyo.Block]) -> None:
    """:math:`N_{c,q} \\ge 0` and :math:`B_{c,p} - \\sum_q N_{c,q} = 0` (see the module)."""
    candidates = periods[0].inputs.expansion.candidates
    m.pathway_candidates = pyo.Set(initialize=[c.candidate_id for c in candidates], ordered=True,
                                   doc="expansion candidates of every period")
    m.pathway_built = pyo.Var(m.pathway_candidates, m.periods, within=pyo.NonNegativeReals,
                              doc="capacity built at the start of a period, MW (MWh for storage energy)")
    rows: dict[tuple[str, int], list[Term]] = {}
    for period, block in zip(periods, blocks):
        for candidate in candidates:
            built = [(-1.0, m.pathway_built[candidate.candidate_id, earlier.period.year]) for earlier in periods
                     if period.period.in_service(earlier.period, candidate.lifetime_years)]
            rows[candidate.candidate_id, period.period.year] = [
                (1.0, block.expansion_built[candidate.candidate_id]), *built]
    m.pathway_in_service = pyo.Constraint(list(rows), rule=lambda _, c, y: linear(rows[c, y]) == 0.0,
                                          doc="capacity in service = built in the periods whose units stand, MW")
