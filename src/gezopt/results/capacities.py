"""What a capacity expansion built, what it costs, and the shadow prices of the capacities and targets.

For each candidate :math:`c` (:mod:`gezopt.model.expansion`) the ``capacities`` table gives the existing
capacity :math:`E_c`, the capacity built :math:`B_c`, the total, the bounds, the annualised cost
:math:`a_c B_c` over the horizon and the **shadow price** of the capacity:

.. math::

    \\pi_c = -\\frac{\\partial \\,\\text{cost}}{\\partial \\overline{P}_c} \\quad (> 0 \\text{ at the maximum:
    what one more MW of potential would save}), \\qquad \\pi_c < 0 \\text{ at the minimum}

(minus the reduced cost of ``m.expansion_built``, the dual of its bounds, AZN per MW or MWh over the
horizon, and the same a year: :math:`\\pi_c \\, 8760 / H`).  Between the bounds :math:`\\pi_c` is zero up to
the tie-break: the capacity's market value over the horizon equals its annualised cost.  A candidate left
at its minimum has :math:`\\pi_c \\le 0`: what one more unit would cost beyond what it earns.  The capacity built is priced
like an asset of the costs table (:class:`~gezopt.costs.AssetCost` rows with ``built``), so the zone's
full cost and the tariffs' cost recovery include it.  The policy targets' shadow prices
(:mod:`gezopt.model.targets`) are the duals of ``m.policy_target``, signed to be positive where a target
binds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gezopt.costs import AssetCost
from gezopt.costs.annuities import HOURS_PER_YEAR
from gezopt.expansion import Candidate
from gezopt.model.targets import shadow_price_sign
from gezopt.model_index import IndexedModel
from gezopt.network import Network
from gezopt.prepared import Prepared
from gezopt.solve import Solution

TARGET_UNITS = {"co2_cap": "azn_per_t", "minimum_renewable_share": "azn_per_mwh",
                "minimum_self_sufficiency": "azn_per_mwh", "maximum_import_share": "azn_per_mwh",
                "minimum_capacity": "azn_per_mw"}
CAPACITY_COLUMNS = ("candidate_id", "asset_table", "asset_id", "technology", "location", "capacity_unit",
                    "existing", "built", "total", "minimum", "maximum", "annualised_cost_azn_per_unit",
                    "annualised_cost_azn", "shadow_price_azn_per_unit", "shadow_price_azn_per_unit_year")


@dataclass(frozen=True)
class BuiltCapacity:
    """One candidate's result: the capacity built and its shadow price (see the module)."""

    candidate: Candidate
    built: float
    shadow_price_azn_per_unit: float

    @property
    def total(self) -> float:
        return self.candidate.existing + self.built

    @property
    def annualised_cost_azn(self) -> float:
        """Capital annuity and fixed O&M of the capacity built, over the horizon, AZN."""
        return self.built * self.candidate.annualised_azn_per_unit


def built_capacities(m: IndexedModel, inputs: Prepared, solution: Solution) -> tuple[BuiltCapacity, ...]:
    """Every candidate with what the solution built (values below 1e-9 of a unit as 0)."""
    values = solution.values(m.expansion_built)
    duals = solution.reduced_costs(m.expansion_built)
    return tuple(BuiltCapacity(candidate, float(value) if abs(value) > 1e-9 else 0.0, -float(dual) + 0.0)
                 for candidate, value, dual in zip(inputs.expansion.candidates, values, duals))


def capacities_table(capacities: tuple[BuiltCapacity, ...], inputs: Prepared, net: Network) -> pd.DataFrame:
    """The ``capacities`` result table: one row per candidate (columns: :data:`CAPACITY_COLUMNS`)."""
    rows = []
    for result in capacities:
        c = result.candidate
        per_year = HOURS_PER_YEAR / c.horizon_hours if c.horizon_hours else 0.0
        rows.append({
            "candidate_id": c.candidate_id, "asset_table": c.asset_table, "asset_id": c.asset_id,
            "technology": c.technology, "location": _location(c, inputs, net), "capacity_unit": c.capacity_unit,
            "existing": c.existing, "built": result.built, "total": result.total, "minimum": c.minimum,
            "maximum": c.maximum, "annualised_cost_azn_per_unit": c.annualised_azn_per_unit,
            "annualised_cost_azn": result.annualised_cost_azn,
            "shadow_price_azn_per_unit": result.shadow_price_azn_per_unit,
            "shadow_price_azn_per_unit_year": result.shadow_price_azn_per_unit * per_year,
        })
    return pd.DataFrame(rows, columns=CAPACITY_COLUMNS)


def _location(candidate: Candidate, inputs: Prepared, net: Network) -> str:
    """The bus of a unit or connection, ``bus0-bus1`` of a branch."""
    if candidate.asset_table in ("lines", "transformers"):
        branch = net.branches.loc[candidate.asset_id]
        return f"{branch['bus0']}-{branch['bus1']}"
    return str(inputs.zone.table(candidate.asset_table).at[candidate.asset_id, "bus"])


def built_asset_costs(capacities: tuple[BuiltCapacity, ...]) -> tuple[AssetCost, ...]:
    """The capacity built as rows of the asset costs, one per costs row pricing it."""
    return tuple(AssetCost(
        table=r.candidate.asset_table, asset_id=r.candidate.asset_id, technology=r.candidate.technology,
        cost_id=cost.cost_id, owner=cost.owner, capacity=r.built * cost.units_per_candidate_unit,
        capacity_unit=cost.capacity_unit, investment_azn=r.built * cost.investment_azn_per_unit,
        capital_recovery_factor=cost.capital_recovery_factor,
        fixed_om_azn_per_year=r.built * cost.fixed_om_azn_per_unit_year,
        hours_in_service=r.candidate.horizon_hours, built=True,
    ) for r in capacities if r.built > 0 for cost in r.candidate.costs)


def capacity_kpis(capacities: tuple[BuiltCapacity, ...]) -> dict[str, object]:
    """Capacity built by technology (MW; storage energy in MWh apart), each candidate's total and the annuity of
    what was built over the horizon."""
    built_mw: dict[str, float] = defaultdict(float)
    built_mwh: dict[str, float] = defaultdict(float)
    for result in capacities:
        target = built_mwh if result.candidate.capacity_unit == "MWh" else built_mw
        target[result.candidate.technology] += result.built
    return {
        "built_capacity_mw_by_technology": dict(sorted(built_mw.items())),
        "built_storage_energy_mwh_by_technology": dict(sorted(built_mwh.items())),
        "total_capacity_by_candidate": {result.candidate.candidate_id: result.total for result in capacities},
        "investment_annuity_azn": sum(result.annualised_cost_azn for result in capacities),
    }


def expansion_kpis(m: IndexedModel, solution: Solution, capacities: tuple[BuiltCapacity, ...],
                   kpis: dict[str, object]) -> dict[str, object]:
    """The capacity KPIs and ``dispatch_cost_azn`` where the run has candidates, the targets' shadow prices and
    ``import_share`` where it has targets; nothing for a run with neither (its KPIs stay as they were)."""
    found: dict[str, object] = {}
    if capacities:
        found.update(capacity_kpis(capacities))
        found["dispatch_cost_azn"] = solution.objective_azn - found["investment_annuity_azn"]
    if len(m.policy_target):
        found.update(target_kpis(m, solution))
        consumption = kpis["consumption_mwh"]
        found["import_share"] = kpis["imports_mwh"] / consumption if consumption else None
    return found


def target_kpis(m: IndexedModel, solution: Solution) -> dict[str, float]:
    """Each target's shadow price (``<target>_shadow_price_<unit>``), positive where it binds."""
    duals = solution.duals(m.policy_target)
    kpis = {}
    for name, dual in zip(m.policy_target.keys(), duals):
        kind, _, technology = name.partition("/")
        key = f"{kind}_shadow_price_{TARGET_UNITS[kind]}"
        kpis[f"{key}.{technology}" if technology else key] = shadow_price_sign(name) * float(dual)
    return _nested(kpis)


def _nested(kpis: dict[str, float]) -> dict[str, object]:
    """``a.b`` keys as ``{a: {b: ...}}`` (per-technology figures, like the other KPIs by technology)."""
    nested: dict[str, object] = {}
    for key, value in kpis.items():
        head, _, tail = key.partition(".")
        if tail:
            nested.setdefault(head, {})[tail] = value
        else:
            nested[head] = value
    return nested


def scale_dispatch_to_capacity(dispatch: pd.DataFrame, capacities: tuple[BuiltCapacity, ...]) -> None:
    """Availability and curtailment of extendable generators at the capacity built: the dispatch table's
    availability of one was computed at its maximum (:func:`gezopt.prepared.renewable_available_mw`)."""
    generators = {r.candidate.asset_id: r for r in capacities if r.candidate.asset_table == "generators"}
    if generators:
        factor = dispatch["unit"].map({unit: (r.total / r.candidate.maximum if r.candidate.maximum else 0.0)
                                       for unit, r in generators.items()})
        extended = factor.notna().to_numpy()
        available = dispatch["available_mw"].to_numpy(copy=True)
        available[extended] = available[extended] * factor.to_numpy()[extended]
        dispatch["available_mw"] = available
        dispatch["curtailed_mw"] = np.maximum(available - dispatch["p_mw"].to_numpy(), 0.0)


def scale_flows_to_capacity(flows: pd.DataFrame, capacities: tuple[BuiltCapacity, ...], net: Network) -> None:
    """Line loadings at the capacity built: a branch's flow over its total rating."""
    branches = {r.candidate.asset_id: r.total for r in capacities if r.candidate.asset_table in ("lines", "transformers")}
    if branches:
        rating = flows["branch_id"].map(branches).fillna(flows["branch_id"].map(net.branches["s_nom_mw"]))
        flows["loading"] = np.abs(flows["flow_mw"].to_numpy()) / np.where(rating > 0, rating, np.nan)
