"""Columns that many tables share: the object id, the bus a unit connects to, the service dates."""

from __future__ import annotations

from gezopt.data.specs.types import Column


def object_id_column(name: str, what: str) -> Column:
    """The id column ``name`` of a table of ``what`` objects."""
    return Column(name, "str", "-", f"unique id of the {what}")


def bus_column(description: str = "bus the unit is connected to") -> Column:
    """The ``bus`` column: a reference to buses.csv."""
    return Column("bus", "str", "-", description, references="buses")


COMMISSIONED = Column(
    "commissioned", "date", "date", "first day in service; a scenario year before it leaves the object out",
    required=False, default="1900-01-01",
)
DECOMMISSIONED = Column(
    "decommissioned", "date", "date", "first day out of service (empty: still in service)",
    required=False, default=None,
)
