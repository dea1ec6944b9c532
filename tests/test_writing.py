"""Result tables as written (gezopt.results.writing): CSV text, snapshots formatted once each, unsigned zeros."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as arrow_compute
import pytest

from gezopt.output import RESULTS, reserved
from gezopt.pipeline import finite_or_none
from gezopt.results.demand_side import tiled_labels
from gezopt.results.writing import TablesWriting, snapshot_text, write_table


def test_a_tables_csv_has_each_snapshot_as_quoted_text_and_floats_at_full_precision(tmp_path):
    snapshots = pd.to_datetime(["2025-01-01 00:00", "2025-01-01 01:30", "2025-12-31 23:00"])
    table = pd.DataFrame({"snapshot": list(snapshots) * 2, "unit": ["A"] * 3 + ["B, C"] * 3,
                          "p_mw": [0.1, 2.0, 1 / 3, 0.0, -1.5, 1e-9]})
    write_table(table, tmp_path / "dispatch")
    assert (tmp_path / "dispatch.csv").read_text() == (
        '"snapshot","unit","p_mw"\n'
        '"2025-01-01 00:00","A",0.1\n"2025-01-01 01:30","A",2\n"2025-12-31 23:00","A",0.3333333333333333\n'
        '"2025-01-01 00:00","B, C",0\n"2025-01-01 01:30","B, C",-1.5\n"2025-12-31 23:00","B, C",1e-9\n')
    assert pd.read_parquet(tmp_path / "dispatch.parquet").equals(table)


def test_a_zero_is_written_without_its_sign_in_both_files_and_in_the_kpis(tmp_path):
    # the same optimum reached by another path may carry -0.0 where this one has 0.0 (HiPO's crossover
    # started from another interior point did, in heat_storage): the files must not show it
    table = pd.DataFrame({"unit": ["A", "B", "C", "D"], "p_mw": [-0.0, 0.0, -1.0, np.nan],
                          "count": np.array([0, -1, 2, 3], dtype=np.int64)})
    write_table(table, tmp_path / "dispatch")
    assert (tmp_path / "dispatch.csv").read_text() == '"unit","p_mw","count"\n"A",0,0\n"B",0,-1\n"C",-1,2\n"D",,3\n'
    written = pd.read_parquet(tmp_path / "dispatch.parquet")["p_mw"].to_numpy()
    assert not np.signbit(written[:2]).any() and written[2] == -1.0 and np.isnan(written[3])
    kpis = finite_or_none({"cost_azn": -0.0, "by_unit": {"A": -0.0, "B": -2.5, "C": float("inf")}, "n": 0})
    assert json.dumps(kpis) == '{"cost_azn": 0.0, "by_unit": {"A": 0.0, "B": -2.5, "C": null}, "n": 0}'


def test_snapshot_text_is_strftime_of_every_value_nulls_included():
    values = pa.chunked_array([pa.array([None, 0, 3_600_000_000, 0], pa.timestamp("us")),
                               pa.array([3_600_000_000], pa.timestamp("us"))])
    expected = arrow_compute.strftime(values, format="%Y-%m-%d %H:%M")
    assert snapshot_text(values).equals(expected)
    assert snapshot_text(values).to_pylist() == [None, "1970-01-01 00:00", "1970-01-01 01:00", "1970-01-01 00:00",
                                                 "1970-01-01 01:00"]


def test_tiled_labels_are_the_column_pandas_infers_from_every_value():
    for labels in (["WIND_1", "SOLAR, roof", "WIND_1"], [3, 1], []):
        inferred = pd.Series(np.tile(np.asarray(labels, dtype=object), 4))
        tiled = pd.Series(tiled_labels(labels, 4))
        assert tiled.dtype == inferred.dtype
        assert tiled.equals(inferred)


def test_tables_handed_in_as_they_come_are_all_written_once_and_the_folder_committed_at_the_end(tmp_path):
    first = {"dispatch": pd.DataFrame({"unit": ["A", "B"], "p_mw": [1.0, 2.5]})}
    later = {**first, "asset_costs": pd.DataFrame({"asset_id": ["A"], "capital_azn": [10.0]}),
             "dispatch_again": pd.DataFrame({"unit": ["C"], "p_mw": [3.0]})}
    later["dispatch"] = pd.DataFrame({"unit": ["changed"], "p_mw": [0.0]})  # same name: the first one stays
    out = tmp_path / "out"
    with reserved(out, RESULTS) as target, TablesWriting(target) as written:
        written.add(first)
        assert not out.exists()  # nothing at the destination before the end
        written.add(later)
        assert written.finish({"cost_azn": 1.5}, {"scenario": "s"}) == out
    assert sorted(path.name for path in out.iterdir()) == [
        ".gezopt-results", "asset_costs.csv", "asset_costs.parquet", "dispatch.csv", "dispatch.parquet",
        "dispatch_again.csv", "dispatch_again.parquet", "kpis.json", "run.json"]
    assert (out / "dispatch.csv").read_text() == '"unit","p_mw"\n"A",1\n"B",2.5\n'
    assert json.loads((out / "kpis.json").read_text()) == {"cost_azn": 1.5}


def test_an_error_before_the_end_leaves_no_folder_and_no_staging(tmp_path):
    out = tmp_path / "out"
    with (pytest.raises(ValueError, match="^the key figures failed$"), reserved(out, RESULTS) as target,
          TablesWriting(target) as written):
        written.add({"dispatch": pd.DataFrame({"unit": ["A"], "p_mw": [1.0]})})
        raise ValueError("the key figures failed")
    assert list(tmp_path.iterdir()) == []
