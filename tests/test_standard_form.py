"""The fast standard-form compiler gives the same LP as Pyomo's LinearStandardFormCompiler."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import DEFAULT_INPUTS, run_settings_for

from gezopt.data import load_zone, select_horizon
from gezopt.model import build_model
from gezopt.network import build_network
from gezopt.prepared import prepare_inputs
from gezopt.standard_form import _compile_linear_expressions, _compile_with_pyomo


def _entries(form) -> dict[tuple[str, str], float]:
    matrix, entries = form.matrix, {}
    for r, c, v in zip(matrix.entry_rows(), matrix.columns, matrix.values):  # a repeated entry adds up
        key = (form.rows[r].name, form.columns[c].name)
        entries[key] = entries.get(key, 0.0) + v
    return {key: v for key, v in entries.items() if v}


def _by_name(names, values) -> dict[str, float]:
    return dict(zip(names, np.asarray(values, dtype=float)))


def test_fast_compiler_matches_pyomo():
    # one day of the default dataset in 2026: every family has objects (reservoir, battery, waste plant)
    settings = run_settings_for(DEFAULT_INPUTS, hours=24, year=2026)
    zone = select_horizon(load_zone(DEFAULT_INPUTS), 2026, "07-01 00:00", 24)
    assert len(zone.storage) and len(zone.reservoirs) and len(zone.waste_plants)
    model = build_model(prepare_inputs(zone), build_network(zone), settings.model)
    fast, reference = _compile_linear_expressions(model), _compile_with_pyomo(model)
    assert _entries(fast) == pytest.approx(_entries(reference))
    fast_rows = [r.name for r in fast.rows]
    reference_rows = [r.name for r in reference.rows]
    assert _by_name(fast_rows, fast.row_lower) == _by_name(reference_rows, reference.row_lower)
    assert _by_name(fast_rows, fast.row_upper) == _by_name(reference_rows, reference.row_upper)
    fast_columns = [c.name for c in fast.columns]
    reference_columns = [c.name for c in reference.columns]
    assert _by_name(fast_columns, fast.cost) == _by_name(reference_columns, reference.cost)
    assert _by_name(fast_columns, fast.column_upper) == _by_name(reference_columns, reference.column_upper)
