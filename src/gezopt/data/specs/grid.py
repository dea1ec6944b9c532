"""The grid's tables: buses, lines, transformers and the connections to the national grid."""

from __future__ import annotations

from gezopt.data.specs.shared_columns import COMMISSIONED, bus_column, object_id_column
from gezopt.data.specs.types import MULTIPLIER, Column, TableSpec

BUSES = TableSpec(
    "buses",
    "Substations and connection points of the zone's grid.",
    (
        object_id_column("bus_id", "bus"),
        Column("name", "str", "-", "substation name"),
        Column("voltage_kv", "float", "kV", "nominal voltage of the bus", minimum=0.0, minimum_excluded=True),
        Column("latitude_deg", "float", "deg N", "latitude", minimum=-90.0, maximum=90.0),
        Column("longitude_deg", "float", "deg E", "longitude", minimum=-180.0, maximum=180.0),
        Column("district", "str", "-", "district (rayon) the bus lies in"),
        COMMISSIONED,
    ),
)

LINES = TableSpec(
    "lines",
    "Overhead lines and cables between buses (one row per line; parallel lines are parallel rows "
    "or circuits > 1).",
    (
        object_id_column("line_id", "line"),
        Column("bus0", "str", "-", "bus at one end", references="buses"),
        Column("bus1", "str", "-", "bus at the other end", references="buses"),
        Column("voltage_kv", "float", "kV", "nominal voltage", minimum=0.0, minimum_excluded=True),
        Column("length_km", "float", "km", "route length", minimum=0.0),
        Column("circuits", "int", "-", "number of parallel circuits in this row", minimum=1),
        Column("x_ohm_per_km", "float", "ohm/km", "series reactance per circuit and km", minimum=0.0),
        Column("s_nom_mva_per_circuit", "float", "MVA", "thermal rating per circuit", minimum=0.0,
               minimum_excluded=True),
        COMMISSIONED,
    ),
)

TRANSFORMERS = TableSpec(
    "transformers",
    "Transformers between buses of different voltage (one row per transformer bank).",
    (
        object_id_column("transformer_id", "transformer"),
        Column("bus0", "str", "-", "high-voltage bus", references="buses"),
        Column("bus1", "str", "-", "low-voltage bus", references="buses"),
        Column("s_nom_mva", "float", "MVA", "rating of the bank (all units together)", minimum=0.0,
               minimum_excluded=True),
        Column("x_pu", "float", "p.u.", "short-circuit reactance on the bank's own rating", minimum=0.0),
        COMMISSIONED,
    ),
    required=False,
)

GRID_CONNECTIONS = TableSpec(
    "grid_connections",
    "Connections to Azerbaijan's national grid: import and export at a bus.",
    (
        object_id_column("connection_id", "grid connection"),
        bus_column("bus where the national grid connects"),
        Column("import_max_mw", "float", "MW", "largest import", minimum=0.0),
        Column("export_max_mw", "float", "MW", "largest export", minimum=0.0),
        Column("import_price_azn_per_mwh", "float", "AZN/MWh", "price paid for imports", minimum=0.0),
        Column("export_price_azn_per_mwh", "float", "AZN/MWh", "price received for exports", minimum=0.0),
        Column("import_price_profile", "str", "-", "hourly multiplier on the import price (empty: flat)",
               profile=MULTIPLIER, required=False, default=None),
        Column("export_price_profile", "str", "-", "hourly multiplier on the export price (empty: flat)",
               profile=MULTIPLIER, required=False, default=None),
        Column("co2_t_per_mwh", "float", "t/MWh", "CO2 intensity of imported electricity", minimum=0.0),
        COMMISSIONED,
    ),
)
