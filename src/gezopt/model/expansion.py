"""Capacity expansion: the capacity each candidate builds, its cost, and the dispatch it allows.

A candidate :math:`c` (:mod:`gezopt.expansion`) extends one capacity of one asset from its
existing size :math:`E_c` by :math:`B_c \\ge 0`:

.. math::

    \\underline{P}_c - E_c \\le B_c \\le \\overline{P}_c - E_c
    \\qquad \\text{(bounds of the column; its reduced cost is the capacity's shadow price)}

at the cost :math:`a_c B_c` in the objective (annuity and fixed O&M per unit over the
horizon).  The asset's dispatch is then limited by its total :math:`E_c + B_c` instead of
its fixed rating (whose variable bound is lifted: the rows below are its only limit):

.. math::

    p_{g,t} &\\le a_{g,t} (E_c + B_c) && \\text{generators (availability per MW } a_{g,t}) \\\\
    \\mu_w u_{w,t} (E_c + B_c) \\le p_{w,t} &\\le u_{w,t} (E_c + B_c) && \\text{waste plants} \\\\
    c_{s,t}, d_{s,t} &\\le u_{s,t} (E_c + B_c), \\quad e_{s,t} \\le E_{c'} + B_{c'} &&
    \\text{storage: power } c \\text{ and energy } c' \\text{ apart} \\\\
    -(E_c + B_c) \\le f_{l,t} &\\le E_c + B_c && \\text{lines and transformers} \\\\
    m_{k,t}, x_{k,t} &\\le E_c + B_c && \\text{national-grid connections}

A branch keeps its reactance :math:`x_l` whatever its rating (as PyPSA's extendable lines
do): Kirchhoff's voltage law is unchanged, so the LP stays linear; a real reinforcement
(more circuits) would lower the reactance, which this leaves out.  A connection's import and
export limits become one capacity for both directions.  Every :math:`B_c \\ge 0` gets the
tie-break cost (:mod:`gezopt.tie_break`), so the capacity built is unique.

=========================  ================================  ===============================================
symbol                     Pyomo                             input
=========================  ================================  ===============================================
:math:`B_c`                ``m.expansion_built``             expansion_candidates.csv
:math:`\\underline{P}, \\overline{P}`  bounds of the built capacity    minimum_capacity, maximum_capacity
:math:`a_c`                cost term                         costs.csv, discount_rate
generators                 ``m.expansion_generator_limit``   availability_profile
waste plants               ``m.expansion_waste_limit``,      must_run_share
\\                          ``m.expansion_waste_must_run``
storage                    ``m.expansion_storage_limit``     storage.csv
branches                   ``m.expansion_branch_limit``      lines.csv, transformers.csv
connections                ``m.expansion_connection_limit``  grid_connections.csv
=========================  ================================  ===============================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.core as pyo
from pyomo.core.base.var import VarData

from gezopt.config import ModelSettings
from gezopt.expansion import Candidate
from gezopt.model.pair_sets import pair_set
from gezopt.model.sources import ComponentSource, TimeIndex
from gezopt.model.terms import ModelTerms, Term, linear
from gezopt.model.variables import bounded_variable
from gezopt.network import Network
from gezopt.prepared import Prepared

Row = tuple[list[Term], float]  # a row  sum(terms) <= bound

BUILT = "expansion_candidates.csv (the capacity built), "
SOURCES = (
    ComponentSource("expansion_built", "candidate", "expansion_candidates.csv minimum_capacity, maximum_capacity "
                    "less the asset's existing size", time=TimeIndex.NONE),
    ComponentSource("expansion_generator_limit", "generator", BUILT + "generators.csv availability_profile, p_nom_mw"),
    ComponentSource("expansion_waste_limit", "plant", BUILT + "waste_plants.csv p_nom_mw"),
    ComponentSource("expansion_waste_must_run", "plant", BUILT + "waste_plants.csv must_run_share, p_nom_mw"),
    ComponentSource("expansion_storage_limit", "variable/unit", BUILT + "storage.csv p_nom_mw, e_nom_mwh"),
    ComponentSource("expansion_branch_limit", "direction/branch",
                    BUILT + "lines.csv s_nom_mva_per_circuit, circuits; transformers.csv s_nom_mva"),
    ComponentSource("expansion_connection_limit", "direction/connection",
                    BUILT + "grid_connections.csv import_max_mw, export_max_mw"),
)


def add_expansion(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    candidates = inputs.expansion.candidates
    m.expansion_candidates = pyo.Set(initialize=[c.candidate_id for c in candidates], ordered=True,
                                     doc="expansion candidates")
    m.expansion_built = bounded_variable(
        m.expansion_candidates,
        lower=[c.minimum - c.existing for c in candidates], upper=[c.maximum - c.existing for c in candidates],
        doc="capacity built beyond the existing, MW (MWh for a storage unit's energy); "
            "its reduced cost is the capacity's shadow price, AZN per unit",
    )
    for candidate in candidates:
        if candidate.annualised_azn_per_unit:
            terms.cost_azn.append((candidate.annualised_azn_per_unit, m.expansion_built[candidate.candidate_id]))
    _limit_generators(m, inputs, terms)
    _limit_waste(m, inputs, terms)
    _limit_storage(m, inputs, terms)
    _limit_branches(m, inputs, terms)
    _limit_connections(m, inputs, terms)


def _rows(m: pyo.ConcreteModel, name: str, rows: dict[tuple, Row], doc: str) -> None:
    """A constraint ``name`` with one row ``sum(terms) <= bound`` per key (built from plain dicts)."""
    m.add_component(f"{name}_index", pair_set(list(rows), doc=f"keys of {name}"))
    m.add_component(name, pyo.Constraint(m.component(f"{name}_index"),
                                         rule=lambda _, *key: linear(rows[key][0]) <= rows[key][1], doc=doc))


def _built(m: pyo.ConcreteModel, candidate: Candidate) -> VarData:
    return m.expansion_built[candidate.candidate_id]


def _capacity_rows(m: pyo.ConcreteModel, candidate: Candidate, variable: VarData, share: float,
                   key: tuple) -> dict[tuple, Row]:
    """``variable <= share (E + B)`` for one key; the variable's own upper bound is lifted (a bound beside the row
    would share its dual and hide part of the capacity's value from its reduced cost)."""
    variable.setub(None)
    return {key: ([(1.0, variable), (-share, _built(m, candidate))], share * candidate.existing)}


def _limit_generators(m: pyo.ConcreteModel, inputs: Prepared, terms: ModelTerms) -> None:
    extendable = inputs.expansion.of("generators")
    dispatch = terms.require("renewable_dispatch", "expansion") if extendable else None
    available = inputs.renewable_available_mw
    rows: dict[tuple, Row] = {}
    for unit, candidate in extendable.items():
        per_unit = available[unit].to_numpy() / max(candidate.maximum, 1e-300)  # no variables where the maximum is 0
        for t in np.flatnonzero(per_unit > 0):
            rows.update(_capacity_rows(m, candidate, dispatch[unit, int(t)], float(per_unit[t]), (unit, int(t))))
    _rows(m, "expansion_generator_limit", rows, "output within availability x capacity built, MW")


def _in_service(inputs: Prepared, table: str) -> pd.DataFrame:
    frame = inputs.zone.table(table)
    return pd.DataFrame(inputs.zone.in_service(frame), columns=frame.index)


def _limit_waste(m: pyo.ConcreteModel, inputs: Prepared, terms: ModelTerms) -> None:
    extendable = inputs.expansion.of("waste_plants")
    dispatch = terms.require("waste_dispatch", "expansion") if extendable else None
    in_service = _in_service(inputs, "waste_plants")
    must_run = inputs.zone.waste_plants["must_run_share"].to_dict()
    limit: dict[tuple, Row] = {}
    floor: dict[tuple, Row] = {}
    for plant, candidate in extendable.items():
        for t in np.flatnonzero(in_service[plant].to_numpy()):
            output = dispatch[plant, int(t)]
            limit.update(_capacity_rows(m, candidate, output, 1.0, (plant, int(t))))
            if must_run[plant]:  # -p + mu B <= -mu E
                floor[plant, int(t)] = ([(-1.0, output), (must_run[plant], _built(m, candidate))],
                                        -must_run[plant] * candidate.existing)
    _rows(m, "expansion_waste_limit", limit, "output within the capacity built, MW")
    _rows(m, "expansion_waste_must_run", floor, "must-run share of the capacity built, MW")


def _limit_storage(m: pyo.ConcreteModel, inputs: Prepared, terms: ModelTerms) -> None:
    power, energy = inputs.expansion.of("storage", "MW"), inputs.expansion.of("storage", "MWh")
    if not power and not energy:
        _rows(m, "expansion_storage_limit", {}, "storage within the capacity built, MW or MWh")
        return
    in_service = _in_service(inputs, "storage")
    rows: dict[tuple, Row] = {}
    for unit, candidate in power.items():
        for t in np.flatnonzero(in_service[unit].to_numpy()):
            for name in ("storage_charge", "storage_discharge"):
                variable = terms.require(name, "expansion")[unit, int(t)]
                rows.update(_capacity_rows(m, candidate, variable, 1.0, (f"{name}/{unit}", int(t))))
    stored = terms.require("storage_energy", "expansion")
    for unit, candidate in energy.items():
        for t in range(len(inputs.weights_h)):
            rows.update(_capacity_rows(m, candidate, stored[unit, t], 1.0, (f"storage_energy/{unit}", t)))
    _rows(m, "expansion_storage_limit", rows, "storage within the capacity built, MW or MWh")


def _limit_branches(m: pyo.ConcreteModel, inputs: Prepared, terms: ModelTerms) -> None:
    extendable = inputs.expansion.of("lines") | inputs.expansion.of("transformers")
    flow = terms.require("line_flow", "expansion") if extendable else None
    rows: dict[tuple, Row] = {}
    for branch, candidate in extendable.items():
        for t in range(len(inputs.weights_h)):
            variable = flow[branch, t]
            variable.setlb(None)
            rows.update(_capacity_rows(m, candidate, variable, 1.0, (f"forward/{branch}", t)))
            rows[f"backward/{branch}", t] = ([(-1.0, variable), (-1.0, _built(m, candidate))], candidate.existing)
    _rows(m, "expansion_branch_limit", rows, "flow within the rating built, both directions, MW")


def _limit_connections(m: pyo.ConcreteModel, inputs: Prepared, terms: ModelTerms) -> None:
    extendable = inputs.expansion.of("grid_connections")
    rows: dict[tuple, Row] = {}
    for name in ("grid_import", "grid_export") if extendable else ():
        variables = terms.require(name, "expansion")
        for connection, candidate in extendable.items():
            for t in range(len(inputs.weights_h)):
                rows.update(_capacity_rows(m, candidate, variables[connection, t], 1.0, (f"{name}/{connection}", t)))
    _rows(m, "expansion_connection_limit", rows, "import and export within the connection built, MW")
