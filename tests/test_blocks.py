"""An LP of independent blocks solved block by block: the blocks found from the matrix, the optimum and duals of
a hand-made LP, a block's verdict raised, and the consumers' model of the default zone solved by blocks at the
optimum of the whole LP under simplex and interior point."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest
from conftest import DEFAULT_INPUTS, PRICE_TIE_BREAK_AZN_PER_MWH
from scipy import sparse

from gezopt import pipeline, response
from gezopt.blocks import Blocks
from gezopt.config import SolverMethod, SolverSettings
from gezopt.errors import InfeasibleError
from gezopt.prepared import prepare_inputs
from gezopt.scenario import load_scenario, run_settings
from gezopt.solve import hand_over, hipo_available
from gezopt.tariffs import price_schedules


def test_blocks_are_the_connected_rows_and_columns_with_the_loose_ones_last():
    # rows 0 and 2 share column 3 (one block with columns 0, 3); row 1 holds column 1; column 2 and row 3 are in no entry
    matrix = sparse.csc_matrix(np.array([[1.0, 0, 0, 2.0],
                                         [0, 1.0, 0, 0],
                                         [0, 0, 0, 1.0],
                                         [0, 0, 0, 0]]))
    blocks = Blocks.of(matrix)
    found = [(blocks.rows[blocks.row_starts[k]:blocks.row_starts[k + 1]].tolist(),
              blocks.columns[blocks.column_starts[k]:blocks.column_starts[k + 1]].tolist()) for k in range(blocks.count)]
    assert found == [([0, 2], [0, 3]), ([1], [1]), ([3], [2])]


def two_devices_and_a_loose_column(infeasible_second: bool = False) -> pyo.ConcreteModel:
    """Device a: x1 + x2 >= 3, x1 <= 2, costs 1 and 2: x = (2, 1), the row's dual 2.  Device b: y1 - y2 = 1,
    costs 3 and -1: y = (1, 0), the row's dual 3 (with ``infeasible_second``: y1 - y2 = 9 beyond y's bounds).
    A column z in [1, 5] at cost 4 in no row: z = 1."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var([1, 2], bounds=lambda _, i: (0.0, 2.0 if i == 1 else 5.0))
    m.y = pyo.Var([1, 2], bounds=(0.0, 4.0))
    m.z = pyo.Var(bounds=(1.0, 5.0))
    m.a = pyo.Constraint(expr=m.x[1] + m.x[2] >= 3.0)
    m.b = pyo.Constraint(expr=m.y[1] - m.y[2] == (9.0 if infeasible_second else 1.0))
    m.cost = pyo.Objective(expr=m.x[1] + 2 * m.x[2] + 3 * m.y[1] - m.y[2] + 4 * m.z)
    return m


@pytest.mark.parametrize("method", [SolverMethod.SIMPLEX, SolverMethod.IPM])
def test_block_by_block_reaches_the_hand_computed_optimum_and_duals(method):
    settings = SolverSettings(method=method)
    whole = hand_over(two_devices_and_a_loose_column(), settings).solve()
    blocks = hand_over(two_devices_and_a_loose_column(), settings, by_blocks=True).solve()
    model = two_devices_and_a_loose_column()
    for solution in (whole, blocks):
        assert solution.values(model.x) == pytest.approx([2.0, 1.0], abs=1e-9)
        assert solution.values(model.y) == pytest.approx([1.0, 0.0], abs=1e-9)
        assert solution.values(model.z) == pytest.approx([1.0], abs=1e-9)
        assert solution.objective_azn == pytest.approx(2.0 + 2.0 + 3.0 + 4.0, abs=1e-9)
        assert [solution.duals(model.a)[0], solution.duals(model.b)[0]] == pytest.approx(
            [2.0, 3.0], abs=PRICE_TIE_BREAK_AZN_PER_MWH)  # within the tie-break costs
    np.testing.assert_allclose(blocks.column_values, whole.column_values, atol=1e-12)
    np.testing.assert_allclose(blocks.row_duals, whole.row_duals, atol=1e-12)


def test_a_block_without_a_solution_raises_the_whole_lps_error():
    with pytest.raises(InfeasibleError, match="^the model is infeasible: no dispatch meets every constraint"):
        hand_over(two_devices_and_a_loose_column(infeasible_second=True), SolverSettings(), by_blocks=True).solve()


def default_consumer_model(hours: int) -> pyo.ConcreteModel:
    """The consumers' model of the default zone's residential time-of-use tariff over ``hours`` hours."""
    scenario = load_scenario(DEFAULT_INPUTS.parents[1] / "scenarios" / "tariff-residential-tou.yaml")
    settings = run_settings(scenario, hours=hours)
    zone, net = pipeline.prepare(settings, scenario)
    tariffs = scenario.tariffs
    prices = price_schedules(tariffs, zone.snapshots)
    inputs = prepare_inputs(response.prepare_response(zone, tariffs, tariffs.response, prices))
    return response.consumer_model(inputs, net, tariffs, prices, settings)


METHODS = [SolverMethod.SIMPLEX, SolverMethod.IPM] + ([SolverMethod.HIPO] if hipo_available() else [])


@pytest.mark.parametrize("method", METHODS)
def test_the_consumers_model_by_blocks_is_at_the_whole_lps_optimum(method):
    model = default_consumer_model(hours=168)
    whole = hand_over(model, SolverSettings(method=SolverMethod.SIMPLEX), dual_components=()).solve()
    model = default_consumer_model(hours=168)
    by_blocks = hand_over(model, SolverSettings(method=method), dual_components=(), by_blocks=True).solve()
    assert by_blocks.objective_azn == pytest.approx(whole.objective_azn, rel=1e-12)
    np.testing.assert_allclose(by_blocks.column_values, whole.column_values, rtol=0, atol=1e-7)
    assert np.abs(whole.column_values).max() > 1.0  # the devices do move
