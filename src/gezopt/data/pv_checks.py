"""Checks of pv_plants.csv: a known mounting with the columns it needs, a solar generator, one configuration
per availability profile.

A fixed plant needs its tilt and azimuth and no tracker columns; a single-axis tracker needs its rotation
limit and ground-coverage ratio and no fixed orientation.  Generators that share an availability profile
must share the configuration it was built from (else the profile cannot describe them both).  Every problem
is located at its cell (file:row:column); none raises.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gezopt.data.specs.units import PV_MOUNTINGS, SOLAR_CARRIERS
from gezopt.errors import Problem, quoted

FIXED_COLUMNS = ("tilt_deg", "azimuth_deg")
TRACKER_COLUMNS = ("max_rotation_deg", "ground_coverage_ratio")
CONFIGURATION = ("dc_ac_ratio", "mounting", *FIXED_COLUMNS, *TRACKER_COLUMNS)


def check_pv_plants(directory: Path, plants: pd.DataFrame, generators: pd.DataFrame,
                    problems: list[Problem]) -> None:
    """Mountings and their columns, solar carriers, one configuration per profile."""
    file_label = str(directory / "pv_plants.csv")
    for _, row in plants.iterrows():
        line = None if pd.isna(row.get("_line")) else int(row["_line"])
        problems.extend(Problem(file_label, line, column, message) for column, message in _row_problems(row))
        generator_id = row["generator_id"]
        if generator_id in generators.index and generators.at[generator_id, "carrier"] not in SOLAR_CARRIERS:
            problems.append(Problem(file_label, line, "generator_id",
                                    f"generator {quoted(generator_id)} is {quoted(generators.at[generator_id, 'carrier'])},"
                                    f" not a solar carrier ({', '.join(SOLAR_CARRIERS)})"))
    problems.extend(_shared_profile_problems(file_label, plants, generators))


def _row_problems(row: pd.Series) -> list[tuple[str, str]]:
    """(column, message) of one row's mounting and the columns it needs or must leave empty."""
    mounting = row["mounting"]
    if mounting not in PV_MOUNTINGS:
        return [("mounting", f"{quoted(mounting)} is not a mounting; expected {', '.join(PV_MOUNTINGS)}")]
    needed, unused = (FIXED_COLUMNS, TRACKER_COLUMNS) if mounting == "fixed" else (TRACKER_COLUMNS, FIXED_COLUMNS)
    return ([(column, f"is empty; a {mounting} plant needs it") for column in needed if pd.isna(row[column])]
            + [(column, f"is given for a {mounting} plant; leave it empty") for column in unused
               if pd.notna(row[column])])


def _shared_profile_problems(file_label: str, plants: pd.DataFrame, generators: pd.DataFrame) -> list[Problem]:
    """A profile named by plants of different configurations: at the second plant's row (rows with a problem
    of their own, an unknown mounting or a generator that is not solar, left out)."""
    solar = generators.index[generators["carrier"].isin(SOLAR_CARRIERS)]
    known = plants[plants["generator_id"].isin(solar) & plants["mounting"].isin(PV_MOUNTINGS)]
    profile = known["generator_id"].map(generators["availability_profile"])
    problems = []
    for name, group in known.groupby(profile):
        first = group.iloc[0]
        for _, row in group.iloc[1:].iterrows():
            differing = [c for c in CONFIGURATION if not _same(first[c], row[c])]
            if differing:
                line = None if pd.isna(row.get("_line")) else int(row["_line"])
                problems.append(Problem(file_label, line, differing[0], (
                    f"{quoted(row['generator_id'])} shares the availability profile {quoted(name)} with "
                    f"{quoted(first['generator_id'])} but differs in {', '.join(differing)}; a profile is built "
                    "from one configuration: give each its own profile")))
    return problems


def _same(first: object, second: object) -> bool:
    return (pd.isna(first) and pd.isna(second)) or first == second
