"""Table specifications: the one description of every input table.

Each input table of a dataset is one CSV file with one row per object and
its id in the first column.  The specs below name every column with its
type, unit, default and meaning; the reader, the checks and the data
documentation (``gezopt validate --describe``, :mod:`gezopt.data.describe`) are all generated
from them.

Time series live in ``profiles.csv`` (a ``timestamp`` column, then one
column per profile) and are referenced by name from the object tables.
"""

from __future__ import annotations

from gezopt.data.specs.costs import COSTS, OWNERS
from gezopt.data.specs.demand_side import (
    DEMAND_GROWTH,
    EV_FLEETS,
    FLOOR_AREA_OWNERS,
    HEAT_BUSES,
    HEAT_UNITS,
    LOADS,
    STREET_LIGHTING,
    THERMAL_STORAGE,
)
from gezopt.data.specs.expansion import CAPACITY_UNITS, EXPANSION_CANDIDATES, EXPANSION_TABLES
from gezopt.data.specs.grid import BUSES, GRID_CONNECTIONS, LINES, TRANSFORMERS
from gezopt.data.specs.hydro import (
    HYDRO_PLANTS,
    HYDRO_TARGETS,
    IRRIGATION,
    RESERVOIR_CURVES,
    RESERVOIRS,
    RIVER_LINKS,
)
from gezopt.data.specs.parameters import (
    OPTIONAL_PARAMETERS,
    PARAMETER_COLUMNS,
    PARAMETER_COLUMNS_BY_NAME,
    PARAMETERS,
    REQUIRED_PARAMETERS,
    SOURCES,
)
from gezopt.data.specs.types import (
    MAXIMUM_MAGNITUDE,
    MULTIPLIER,
    SHAPE,
    SHARE,
    TEMPERATURE,
    Column,
    ColumnType,
    ProfileKind,
    TableSpec,
)
from gezopt.data.specs.units import GENERATORS, PV_PLANTS, STORAGE, WASTE_PLANTS

TABLES: tuple[TableSpec, ...] = (
    BUSES, LINES, TRANSFORMERS, GENERATORS, PV_PLANTS, HYDRO_PLANTS, RIVER_LINKS, IRRIGATION, RESERVOIRS,
    RESERVOIR_CURVES, HYDRO_TARGETS, WASTE_PLANTS, STORAGE, GRID_CONNECTIONS, LOADS, EV_FLEETS, HEAT_BUSES,
    FLOOR_AREA_OWNERS, HEAT_UNITS, THERMAL_STORAGE, STREET_LIGHTING, DEMAND_GROWTH, COSTS, EXPANSION_CANDIDATES,
    PARAMETERS, SOURCES,
)
TABLES_BY_NAME = {spec.name: spec for spec in TABLES}

PROFILES_FILE = "profiles.csv"

__all__ = [
    "BUSES",
    "CAPACITY_UNITS",
    "COSTS",
    "DEMAND_GROWTH",
    "EV_FLEETS",
    "EXPANSION_CANDIDATES",
    "EXPANSION_TABLES",
    "FLOOR_AREA_OWNERS",
    "GENERATORS",
    "GRID_CONNECTIONS",
    "HEAT_BUSES",
    "HEAT_UNITS",
    "HYDRO_PLANTS",
    "HYDRO_TARGETS",
    "IRRIGATION",
    "LINES",
    "LOADS",
    "MAXIMUM_MAGNITUDE",
    "MULTIPLIER",
    "OPTIONAL_PARAMETERS",
    "OWNERS",
    "PARAMETERS",
    "PARAMETER_COLUMNS",
    "PARAMETER_COLUMNS_BY_NAME",
    "PROFILES_FILE",
    "PV_PLANTS",
    "REQUIRED_PARAMETERS",
    "RESERVOIRS",
    "RESERVOIR_CURVES",
    "RIVER_LINKS",
    "SHAPE",
    "SHARE",
    "SOURCES",
    "STORAGE",
    "STREET_LIGHTING",
    "TABLES",
    "TABLES_BY_NAME",
    "TEMPERATURE",
    "THERMAL_STORAGE",
    "TRANSFORMERS",
    "WASTE_PLANTS",
    "Column",
    "ColumnType",
    "ProfileKind",
    "TableSpec",
]
