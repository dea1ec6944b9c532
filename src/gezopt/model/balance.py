"""Nodal balance: what enters each bus equals its demand.

.. math::

    \\sum_{g \\in b} p_{g,t} + \\sum_{s \\in b} (d_{s,t} - c_{s,t}) + \\sum_{k \\in b} (m_{k,t} - x_{k,t})
    + \\sum_{l: bus1=b} f_{l,t} - \\sum_{l: bus0=b} f_{l,t} + s_{b,t} = D_{b,t}

The injections are the terms every family added by ``terms.inject``; a row's
terms come in the order they were added (family by family, each variable's
elements in index order), so the LP is the same for the same inputs.
The dual of this constraint divided by :math:`w_t` is the nodal price
(AZN/MWh).

=====================  ==========================  ======================================
symbol                 Pyomo                       input
=====================  ==========================  ======================================
:math:`D_{b,t}`        prepared demand             loads.csv (:mod:`gezopt.prepared`)
balance row            ``m.nodal_balance``         -
=====================  ==========================  ======================================
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain, repeat
from operator import itemgetter

import numpy as np
import pyomo.core as pyo

from gezopt.config import ModelSettings
from gezopt.model.array_rows import ArrayRows, RowTerms
from gezopt.model.pair_sets import pair_set
from gezopt.model.sources import ComponentSource
from gezopt.model.terms import Injections, ModelTerms
from gezopt.network import Network
from gezopt.prepared import Prepared

# where each component's rows and bounds come from (the table above; gezopt.model.sources)
SOURCES = (
    ComponentSource("nodal_balance", "bus",
                    ("loads.csv annual_energy_mwh, profile (the bus's fixed demand); every unit, line and "
                     "connection at the bus")),
)


def add_balance(m: pyo.ConcreteModel, inputs: Prepared, net: Network, settings: ModelSettings,
        terms: ModelTerms) -> None:
    buses = list(inputs.zone.buses.index)
    m.buses = pyo.Set(initialize=buses, ordered=True, doc="buses")
    # a row where something is connected; demand always is (load shedding serves it at the value of lost load)
    keys, rows = injection_rows(terms.injections, buses, len(inputs.weights_h))
    demand_of = inputs.demand_by_bus_snapshot_mw
    demand = np.fromiter(map(demand_of.get, keys, repeat(0.0)), dtype=float, count=len(keys))
    m.nodal_balance_index = pair_set(keys, doc="(bus, t) with injections")
    m.nodal_balance = ArrayRows(m.nodal_balance_index, arrays=rows.equal_to(demand),
                                doc="power balance at each bus, MW; dual / w_t is the nodal price")


def injection_rows(injections: list[Injections], buses: list[str], snapshot_count: int
                   ) -> tuple[list[tuple[str, int]], RowTerms]:
    """The (bus, t) of every row that has terms, bus by bus and in time within a bus (the buses' order), and
    the rows' terms: each term's row is :math:`i_b T + t` (:math:`i_b` the bus's position), and one stable
    sort keeps a row's terms in the order they were added."""
    labels = list(chain.from_iterable(block.buses.tolist() for block in injections))
    if not labels:
        return [], RowTerms.empty()
    position = {bus: i for i, bus in enumerate(buses)}
    if not set(labels) <= position.keys():
        unknown = sorted(map(str, set(labels) - position.keys()))
        raise ValueError(f"injections at buses the zone does not have: {unknown}")
    row_keys = (np.fromiter(map(position.__getitem__, labels), dtype=np.int64, count=len(labels)) * snapshot_count
                + np.concatenate([block.snapshots for block in injections]))
    order = np.argsort(row_keys, kind="stable")
    sorted_keys = row_keys[order]
    variables = np.fromiter(chain.from_iterable(block.variables for block in injections), dtype=object,
                            count=len(labels))
    coefficients = np.concatenate([block.coefficients for block in injections])
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    keys = [(buses[key // snapshot_count], key % snapshot_count) for key in sorted_keys[starts].tolist()]
    return keys, RowTerms(starts=np.r_[starts, len(sorted_keys)], coefficients=coefficients[order],
                          variables=variables[order].tolist())


def balance_duals(keys: Iterable[tuple[str, int]], duals: np.ndarray, bus_ids: list[str], snapshot_count: int
                  ) -> np.ndarray:
    """The nodal balance's duals (snapshots x buses, in ``bus_ids``' order; 0 where a bus has no row in a
    snapshot), AZN per MW in the snapshot: divided by :math:`w_t`, the nodal price.  ``keys`` are the
    rows' (bus, t), ``duals`` their duals in that order."""
    keys = keys if isinstance(keys, list) else list(keys)  # a model's own keys() is an iterator
    column_of_bus = {bus: i for i, bus in enumerate(bus_ids)}
    matrix = np.zeros((snapshot_count, len(bus_ids)))
    columns = np.fromiter(map(column_of_bus.__getitem__, map(itemgetter(0), keys)), dtype=np.int64, count=len(keys))
    matrix[np.fromiter(map(itemgetter(1), keys), dtype=np.int64, count=len(keys)), columns] = duals
    return matrix
