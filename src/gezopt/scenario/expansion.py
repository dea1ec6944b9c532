"""A scenario's ``expansion:`` section applied to the dataset: which candidates the LP may build.

Without the section, or with ``enabled: false``, a run has no candidates (the dataset's
``expansion_candidates.csv`` is checked when read, then left out, and :attr:`ZoneData.expansion_enabled`
stays false) and dispatches the fleet as it is.  With
``enabled: true``, each entry of ``candidates`` changes its row (``enabled``,
``minimum_capacity``, ``maximum_capacity``), the disabled rows are left out, and the
asset of every candidate left is put in service over the whole horizon (its
``commissioned`` and ``decommissioned`` dates cleared): a plan decides what is there
in the year it plans for.  The asset's own commissioning date is kept with its candidates
(:data:`~gezopt.data.candidates.COMMISSIONED_COLUMN`): before that year the asset has no
existing size (a pathway's early periods see a committed plant only from its year on).  The candidates are then checked again, each problem at
the scenario's key path of the candidate it changed.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from gezopt.data import ZoneData
from gezopt.data.candidates import COMMISSIONED_COLUMN, candidate_problems
from gezopt.data.checks import locate
from gezopt.data.specs.shared_columns import COMMISSIONED
from gezopt.errors import InputError, Problem, quoted
from gezopt.scenario.schema import Expansion

CHANGED_COLUMNS = ("enabled", "minimum_capacity", "maximum_capacity")


def apply_expansion(zone: ZoneData, expansion: Expansion | None, label: str) -> ZoneData:
    """The dataset with the scenario's candidates (none without ``expansion: {enabled: true}``)."""
    if expansion is None or not expansion.enabled:  # nor rechecked: a scenario may remove an asset they extend
        return dataclasses.replace(zone, expansion_candidates=zone.expansion_candidates.iloc[0:0])
    frame = zone.expansion_candidates.copy()
    if "_added_by" not in frame:
        frame["_added_by"] = pd.Series(None, index=frame.index, dtype=object)
    problems: list[Problem] = []
    for candidate_id, change in expansion.candidates.items():
        key = f"expansion.candidates.{candidate_id}"
        if candidate_id not in frame.index:
            problems.append(Problem(label, None, key, f"no expansion_candidates row with id {quoted(candidate_id)}"))
            continue
        for column in CHANGED_COLUMNS:
            value = getattr(change, column)
            if value is not None:
                frame.at[candidate_id, column] = value
        frame.at[candidate_id, "_added_by"] = (label, key)  # its problems are reported at the scenario's key
    if problems:
        raise InputError(problems)
    frame = frame[frame["enabled"].astype(bool)].copy()
    frame[COMMISSIONED_COLUMN] = [_commissioned(zone, str(table), asset_id)
                                  for table, asset_id in zip(frame["asset_table"], frame["asset_id"])]
    zone = dataclasses.replace(zone, expansion_candidates=frame, expansion_enabled=True, **_in_service(zone, frame))
    tables = {name: zone.table(name) for name in ("costs", "expansion_candidates", *frame["asset_table"].unique())}
    file_label = zone.file("expansion_candidates")
    found = [locate(file_label, row, column, message) for row, column, message in candidate_problems(tables)]
    if found:
        raise InputError(found)
    return zone


def _commissioned(zone: ZoneData, table: str, asset_id: str) -> pd.Timestamp:
    """The asset's own commissioning date before the plan clears it (NaT where it has none or is unknown)."""
    frame = zone.table(table)
    if "commissioned" not in frame or asset_id not in frame.index:
        return pd.NaT
    return pd.Timestamp(frame.at[asset_id, "commissioned"])


def _in_service(zone: ZoneData, candidates: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The tables of the candidates' assets, those assets in service from the first snapshot of any horizon."""
    changed = {}
    for table, rows in candidates.groupby("asset_table"):
        frame = zone.table(str(table)).copy()
        assets = list(dict.fromkeys(rows["asset_id"]))
        if "commissioned" in frame:
            frame.loc[assets, "commissioned"] = pd.Timestamp(COMMISSIONED.default)
        if "decommissioned" in frame:
            frame.loc[assets, "decommissioned"] = pd.NaT
        changed[str(table)] = frame
    return changed
