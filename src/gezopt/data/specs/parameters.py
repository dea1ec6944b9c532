"""System-wide parameters (the table and every parameter it may hold) and the sources table."""

from __future__ import annotations

from gezopt.data.specs.types import Column, TableSpec

PARAMETERS = TableSpec(
    "parameters",
    "System-wide parameters.",
    (
        Column("parameter", "str", "-", "parameter name"),
        Column("value", "float", "-", "value"),
        Column("unit", "str", "-", "unit of the value"),
    ),
)

SOURCES = TableSpec(
    "sources",
    "Where every number of the dataset comes from: a ZONE.md source key or ASSUMPTION.",
    (
        Column("table", "str", "-", "table the entry documents"),
        Column("row_id", "str", "-", "id of the row, or * for every row"),
        Column("column", "str", "-", "column, or * for every numeric column"),
        Column("source", "str", "-", "ZONE.md source key(s), or ASSUMPTION"),
        Column("note", "str", "-", "how the number was derived", required=False, default=""),
    ),
    unique_ids=False,
)

# Every parameter parameters.csv may hold: unit, range and, for an optional one, its default.
# Each is checked like a cell of a numeric column of that name.
PARAMETER_COLUMNS: tuple[Column, ...] = (
    Column("value_of_lost_load_azn_per_mwh", "float", "AZN/MWh", "cost of a MWh of demand not served",
           minimum=0.0, minimum_excluded=True, maximum=1e6),
    Column("co2_price_azn_per_t", "float", "AZN/t", "price of a tonne of CO2 emitted", minimum=0.0, maximum=1e4),
    Column("base_power_mva", "float", "MVA", "system base of the per-unit reactances", minimum=0.0,
           minimum_excluded=True, maximum=1e5),
    Column("eur_to_azn", "float", "AZN/EUR", "exchange rate the dataset's sources were converted at",
           required=False, minimum=0.0, minimum_excluded=True, maximum=1e3),
    Column("usd_to_azn", "float", "AZN/USD", "exchange rate the dataset's sources were converted at",
           required=False, minimum=0.0, minimum_excluded=True, maximum=1e3),
    Column("discount_rate", "float", "1/yr", "real discount rate of the assets' annuities (costs.csv)",
           required=False, default=0.07, minimum=0.0, maximum=1.0),
    Column("export_displaced_co2_t_per_mwh", "float", "t/MWh", "CO2 of the national generation a MWh "
           "exported by the zone displaces (empty: not reported)", required=False, minimum=0.0, maximum=2.0),
    Column("building_retrofit_share", "float", "-", "share of floor area retrofitted", required=False,
           default=0.0, minimum=0.0, maximum=1.0),
    Column("retrofit_heat_saving", "float", "-", "space-heat saving of a retrofitted building", required=False,
           default=0.5, minimum=0.0, maximum=1.0),
    Column("lighting_share_of_load", "float", "-", "share of the loads that is lighting", required=False,
           default=0.0, minimum=0.0, maximum=1.0),
    Column("led_share", "float", "-", "share of that lighting converted to LED", required=False, default=0.0,
           minimum=0.0, maximum=1.0),
    Column("led_saving", "float", "-", "electricity saving of an LED over the lamp it replaces", required=False,
           default=0.6, minimum=0.0, maximum=1.0),
)
PARAMETER_COLUMNS_BY_NAME = {column.name: column for column in PARAMETER_COLUMNS}

# Parameters a dataset may define in parameters.csv (scenario levers), with their defaults.
OPTIONAL_PARAMETERS: dict[str, float] = {
    column.name: column.default for column in PARAMETER_COLUMNS if not column.required and column.default is not None
}

# Parameters every dataset must define in parameters.csv, with their units.
REQUIRED_PARAMETERS: dict[str, str] = {column.name: column.unit for column in PARAMETER_COLUMNS if column.required}
