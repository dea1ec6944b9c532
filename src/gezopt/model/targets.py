"""Policy targets: optional constraints on the whole horizon, their duals the targets' shadow prices.

With :math:`G_j` the local generation of carrier :math:`j`, :math:`R = \\sum_{j \\in ren} G_j`
its renewable part, :math:`M` and :math:`X` imports and exports, :math:`E` the emissions,
:math:`D` the fixed demand and :math:`F` the flexible demand (EV charging net of discharge,
heat-unit electricity), all summed over the horizon :math:`\\sum_t w_t (\\cdot)` in MWh or t,
and :math:`H = \\sum_t w_t`:

.. math::

    E &\\le \\overline{E} \\, H / 8760 && \\text{CO}_2 \\text{ cap (t a year, the horizon's share)} \\\\
    R &\\ge \\rho \\, \\big(\\textstyle\\sum_j G_j + M\\big) && \\text{minimum renewable share} \\\\
    \\textstyle\\sum_j G_j - X &\\ge \\sigma \\, (D + F) && \\text{minimum self-sufficiency} \\\\
    M &\\le \\mu \\, (D + F) && \\text{maximum import share} \\\\
    \\textstyle\\sum_{a \\in \\tau} P_a &\\ge \\underline{P}_\\tau && \\text{minimum capacity of technology } \\tau

each only where the scenario's ``targets:`` sets it; the shares are those the results
report (``renewable_share``, ``self_sufficiency``, ``import_share``).  :math:`P_a` is the
total capacity of each generator, waste plant and storage unit (power) of the technology
in service during the horizon: the existing size, plus :math:`B_c` where a candidate
extends it (:mod:`gezopt.model.expansion`).  The dual of each row is its shadow price:
the cost of tightening the target by one t, MWh or MW (positive where it binds), e.g.
the CO₂ cap's marginal abatement cost in AZN/t.

=========================  ============================  ======================================
symbol                     Pyomo                         input
=========================  ============================  ======================================
target rows                ``m.policy_target``           scenario targets
:math:`G_j, M, X, F`       the families' energy terms    -
=========================  ============================  ======================================
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.core as pyo

from gezopt.carriers import RENEWABLE_CARRIERS
from gezopt.config import ModelSettings, PolicyTargets
from gezopt.costs.annuities import HOURS_PER_YEAR
from gezopt.data.assets import ASSET_KINDS
from gezopt.model.sources import ComponentSource, TimeIndex
from gezopt.model.terms import ModelTerms, Term, linear
from gezopt.network import Network
from gezopt.prepared import Prepared

NON_GENERATION = ("imports", "exports", "flexible_demand")  # energy categories that are not a carrier
CAPACITY_TABLES = ("generators", "waste_plants", "storage")
SOURCES = (ComponentSource("policy_target", "target", "the scenario's targets: section", time=TimeIndex.NONE),)


UPPER_BOUND_TARGETS = frozenset({"co2_cap", "maximum_import_share"})  # the kinds of target that cap; the rest floor


def shadow_price_sign(target: str) -> float:
    """The sign that turns a target row's dual into its shadow price, by the target's kind (its name before any
    ``/``): +1 for a lower bound (a dual >= 0 where it binds), -1 for an upper bound."""
    return -1.0 if target.partition("/")[0] in UPPER_BOUND_TARGETS else 1.0


@dataclass(frozen=True)
class TargetRow:
    """One target as a row ``lower <= sum(terms) <= upper``: a lower bound, or an upper bound for the kinds in
    :data:`UPPER_BOUND_TARGETS`."""

    terms: list[Term]
    lower: float | None
    upper: float | None


def add_targets(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    rows = target_rows(m, inputs, settings.targets, terms)
    m.policy_targets = pyo.Set(initialize=list(rows), ordered=True, doc="the scenario's policy targets")
    m.policy_target = pyo.Constraint(
        m.policy_targets, rule=lambda _, name: (rows[name].lower, linear(rows[name].terms), rows[name].upper),
        doc="policy target over the horizon, t or MWh or MW; dual: its shadow price")


def target_rows(m: pyo.ConcreteModel, inputs: Prepared, targets: PolicyTargets,
                terms: ModelTerms) -> dict[str, TargetRow]:
    """The rows of the targets the scenario sets, by name (see the module)."""
    energy = terms.energy_mwh
    generation = [term for carrier, carrier_terms in energy.items() if carrier not in NON_GENERATION
                  for term in carrier_terms]
    renewable = [term for carrier in RENEWABLE_CARRIERS for term in energy.get(carrier, [])]
    imports, exports, flexible = energy.get("imports", []), energy.get("exports", []), energy.get("flexible_demand", [])
    weights = inputs.weights_h
    fixed_demand_mwh = float(inputs.fixed_demand_mw.to_numpy().sum(axis=1) @ weights)
    rows: dict[str, TargetRow] = {}
    if targets.co2_cap_t_per_year is not None:
        rows["co2_cap"] = TargetRow(list(terms.emissions_t), None,
                                    targets.co2_cap_t_per_year * float(weights.sum()) / HOURS_PER_YEAR)
    if (share := targets.minimum_renewable_share) is not None:
        rows["minimum_renewable_share"] = TargetRow(
            renewable + _scaled(generation + imports, -share), 0.0, None)
    if (share := targets.minimum_self_sufficiency) is not None:
        rows["minimum_self_sufficiency"] = TargetRow(
            generation + _scaled(exports, -1.0) + _scaled(flexible, -share), share * fixed_demand_mwh, None)
    if (share := targets.maximum_import_share) is not None:
        rows["maximum_import_share"] = TargetRow(imports + _scaled(flexible, -share), None, share * fixed_demand_mwh)
    for technology, minimum_mw in targets.minimum_capacity_mw:
        built, existing = _capacity_of(m, inputs, technology)
        rows[f"minimum_capacity/{technology}"] = TargetRow(built, minimum_mw - existing, None)
    return rows


def _scaled(terms: list[Term], factor: float) -> list[Term]:
    return [(factor * coefficient, variable) for coefficient, variable in terms]


def _capacity_of(m: pyo.ConcreteModel, inputs: Prepared, technology: str) -> tuple[list[Term], float]:
    """(the capacity built of a technology's candidates, the existing MW of its assets in the horizon)."""
    zone = inputs.zone
    tables = {name: zone.table(name) for name in (*CAPACITY_TABLES, "reservoirs")}
    existing = 0.0
    for table in CAPACITY_TABLES:
        frame = tables[table]
        if not frame.empty:
            of_technology = ASSET_KINDS[table].technology_of(frame, tables) == technology
            existing += float(frame.loc[of_technology, "p_nom_mw"].sum())
    built = [(1.0, m.expansion_built[c.candidate_id]) for c in inputs.expansion.candidates
             if c.technology == technology and c.capacity_unit == "MW" and c.asset_table in CAPACITY_TABLES]
    return built, existing
