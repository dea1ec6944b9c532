"""The types of the table specifications: a column, a table, the kind of a time series a column names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["str", "float", "int", "bool", "date"]

# The largest magnitude any number of the inputs may have unless its column gives a tighter bound: beyond it
# a value is a typo (1e308) or an infinity in disguise, and would wreck the solver's numerics.
MAXIMUM_MAGNITUDE = 1e12


@dataclass(frozen=True)
class ProfileKind:
    """What a time series means, known from the column that names it, and the range its values must lie in."""

    name: str
    unit: str
    minimum: float
    maximum: float


SHARE = ProfileKind("share", "-", 0.0, 1.0)  # availability, vehicles plugged in, darkness
# a shape of mean 1: never negative, and at most 8760 (the whole year's energy in one hour)
SHAPE = ProfileKind("shape", "-", 0.0, 8760.0)
MULTIPLIER = ProfileKind("price multiplier", "-", 0.0, 1000.0)
TEMPERATURE = ProfileKind("temperature", "degC", -90.0, 60.0)  # the records measured on Earth


@dataclass(frozen=True)
class Column:
    """One column of an input table."""

    name: str
    dtype: ColumnType
    unit: str
    description: str
    required: bool = True
    default: object = None
    minimum: float | None = None
    maximum: float | None = None
    minimum_excluded: bool = False  # True: the value must be above the minimum (a rating, a voltage, an efficiency)
    references: str | None = None  # name of the table whose id this column must hold
    profile: ProfileKind | None = None  # the value names a column of profiles.csv holding this kind of series

    @property
    def lower_bound(self) -> float:
        """The minimum, or minus the largest accepted magnitude when the column gives none."""
        return -MAXIMUM_MAGNITUDE if self.minimum is None else self.minimum

    @property
    def upper_bound(self) -> float:
        """The maximum, or the largest accepted magnitude when the column gives none."""
        return MAXIMUM_MAGNITUDE if self.maximum is None else self.maximum


@dataclass(frozen=True)
class TableSpec:
    """One input table: file ``<name>.csv``, id column first."""

    name: str
    description: str
    columns: tuple[Column, ...]
    required: bool = True
    unique_ids: bool = True  # False: the first column is a key, not an id (sources.csv)

    @property
    def file_name(self) -> str:
        """The table's CSV file name."""
        return f"{self.name}.csv"

    @property
    def id_column(self) -> str:
        """The name of the first column (the id, or the key where ids are not unique)."""
        return self.columns[0].name

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        return next(c for c in self.columns if c.name == name)
