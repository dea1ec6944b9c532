"""The sweep's table: one row per case with its inputs (the values it set) and its KPIs, as CSV, Parquet and
Markdown, and the short form printed at the end of ``gezopt sweep``.

Columns: ``case``, ``status`` (solved, reused or failed), one column per parameter named by its key path
(numbers as numbers, anything else as its YAML text; empty where a case left the base's value), every KPI
of ``kpis.json`` (a group such as ``energy_by_technology_mwh`` flattened to ``energy_by_technology_mwh.wind``),
then ``run_time_s``, ``inputs_sha256`` and ``message`` (why a case failed).  The printed and Markdown forms
show the KPIs chosen for the plots, in the comparison report's units and decimals
(:data:`gezopt.report.tables.INDICATORS`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
from pyarrow import parquet

from gezopt.report.tables import INDICATORS, Indicator, format_value, indicator_value
from gezopt.sweep.definition import SweepDefinition, yaml_text
from gezopt.sweep.records import CaseRecord, CaseStatus

FIRST_COLUMNS = ("case", "status")
LAST_COLUMNS = ("run_time_s", "inputs_sha256", "message")
INDICATORS_BY_KEY = {key: indicator for indicator in INDICATORS for key in indicator.keys}


UNIT_SUFFIXES = (("_azn_per_mwh", "AZN/MWh", 2), ("_mwh_th", "MWh_th", 1), ("_mwh", "MWh", 1), ("_mw", "MW", 3),
                 ("_azn", "AZN", 0), ("_t", "t CO2", 1))  # kpis.json names end in their unit (DESIGN, section 2)


def indicator_for(kpi: str) -> Indicator:
    """The comparison report's row of a KPI key (label, unit, scale, decimals); for another KPI, a label and
    unit read off its name (``energy_by_technology_mwh.wind``: "energy by technology: wind", MWh)."""
    if kpi in INDICATORS_BY_KEY:
        return INDICATORS_BY_KEY[kpi]
    group, _, member = kpi.partition(".")
    unit, decimals = "", 3
    for suffix, suffix_unit, suffix_decimals in UNIT_SUFFIXES:
        if group.endswith(suffix):
            group, unit, decimals = group.removesuffix(suffix), suffix_unit, suffix_decimals
            break
    label = group.replace("_", " ") + (f": {member.replace('_', ' ')}" if member else "")
    return Indicator(label, unit, (kpi,), decimals=decimals)


def flat_kpis(kpis: dict[str, object]) -> dict[str, object]:
    """KPIs with each group's members as ``group.member`` (lists as YAML text)."""
    flat: dict[str, object] = {}
    for key, value in kpis.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{member}": item for member, item in flat_kpis(value).items()})
        elif isinstance(value, list):
            flat[key] = yaml_text(value)
        else:
            flat[key] = value
    return flat


def _parameter_column(records: Sequence[CaseRecord], key: str) -> list[object]:
    """A parameter's value in each case: numbers when every value set is one, else YAML text."""
    values = [next((s.value for s in record.case.settings if s.key == key), None) for record in records]
    set_values = [value for value in values if value is not None]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in set_values):
        return values
    return [None if value is None else (value if isinstance(value, str) else yaml_text(value)) for value in values]


def sweep_frame(definition: SweepDefinition, records: Sequence[CaseRecord]) -> pd.DataFrame:
    """The table (see the module's docstring), the cases in the sweep's order."""
    kpis = [flat_kpis(record.kpis) for record in records]
    kpi_columns = sorted(dict.fromkeys(key for row in kpis for key in row))
    columns: dict[str, list[object]] = {
        "case": [record.case.name for record in records],
        "status": [record.status.value for record in records],
    }
    for key in definition.parameters:
        columns[key] = _parameter_column(records, key)
    for key in kpi_columns:
        if key not in columns:
            columns[key] = [row.get(key) for row in kpis]
    columns["run_time_s"] = [record.seconds for record in records]
    columns["inputs_sha256"] = [record.inputs_sha256 for record in records]
    columns["message"] = [record.message or None for record in records]
    frame = pd.DataFrame(columns)
    empty = [name for name in frame.columns if frame[name].isna().all()]
    return frame.astype({name: "float64" for name in empty})  # a KPI no case has: a number column, not nulls


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = pa.BufferOutputStream()
    parquet.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue().to_pybytes()


@dataclass(frozen=True)
class ShortTable:
    """The cases' parameters and chosen KPIs as formatted text cells: a header row, then one row per case."""

    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns

    def to_text(self) -> str:
        widths = [max(len(row[c]) for row in self.rows) for c in range(len(self.rows[0]))]
        return "\n".join("  ".join(cell.rjust(w) if right else cell.ljust(w)
                                   for cell, w, right in zip(row, widths, self.numeric)).rstrip()
                         for row in self.rows)

    def to_markdown(self) -> str:
        def line(cells: list[str]) -> str:
            return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

        rule = "|" + "|".join("---:" if right else "---" for right in self.numeric) + "|"
        return "\n".join([line(self.rows[0]), rule, *(line(row) for row in self.rows[1:])])


def short_table(definition: SweepDefinition, records: Sequence[CaseRecord], kpis: Sequence[str],
                labels: dict[str, str]) -> ShortTable:
    """The case, its status, each parameter (by its short label) and each KPI in ``kpis`` with its unit."""
    indicators = [indicator_for(kpi) for kpi in kpis]
    header = ["case", "status", *(labels[key] for key in definition.parameters),
              *(f"{i.label} ({i.unit})" if i.unit else i.label for i in indicators)]
    rows = [header]
    for record in records:
        values = {s.key: s.value if isinstance(s.value, str) else s.text for s in record.case.settings}
        cells = [record.case.name, record.status.value, *(values.get(key, "") for key in definition.parameters)]
        failed = record.status is CaseStatus.FAILED
        cells += [format_value(i, None if failed else indicator_value(i, record.kpis)) for i in indicators]
        rows.append(cells)
    numeric = [False, False, *([True] * (len(definition.parameters) + len(indicators)))]
    return ShortTable(rows=rows, numeric=numeric)
