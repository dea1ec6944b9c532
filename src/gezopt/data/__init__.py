"""Inputs: table specs, reading and checks, producing a :class:`ZoneData`."""

from gezopt.data.zone import ZoneData, load_zone, scale_to_year, select_horizon

__all__ = ["ZoneData", "load_zone", "scale_to_year", "select_horizon"]
