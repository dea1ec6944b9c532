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
        return f"{self.name}.csv"

    @property
    def id_column(self) -> str:
        return self.columns[0].name

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _id(name: str, what: str) -> Column:
    return Column(name, "str", "-", f"unique id of the {what}")


def _bus(description: str = "bus the unit is connected to") -> Column:
    return Column("bus", "str", "-", description, references="buses")


_COMMISSIONED = Column(
    "commissioned", "date", "date", "first day in service; a scenario year before it leaves the object out",
    required=False, default="1900-01-01",
)
_DECOMMISSIONED = Column(
    "decommissioned", "date", "date", "first day out of service (empty: still in service)",
    required=False, default=None,
)

BUSES = TableSpec(
    "buses",
    "Substations and connection points of the zone's grid.",
    (
        _id("bus_id", "bus"),
        Column("name", "str", "-", "substation name"),
        Column("voltage_kv", "float", "kV", "nominal voltage of the bus", minimum=0.0, minimum_excluded=True),
        Column("latitude_deg", "float", "deg N", "latitude", minimum=-90.0, maximum=90.0),
        Column("longitude_deg", "float", "deg E", "longitude", minimum=-180.0, maximum=180.0),
        Column("district", "str", "-", "district (rayon) the bus lies in"),
        _COMMISSIONED,
    ),
)

LINES = TableSpec(
    "lines",
    "Overhead lines and cables between buses (one row per line; parallel lines are parallel rows "
    "or circuits > 1).",
    (
        _id("line_id", "line"),
        Column("bus0", "str", "-", "bus at one end", references="buses"),
        Column("bus1", "str", "-", "bus at the other end", references="buses"),
        Column("voltage_kv", "float", "kV", "nominal voltage", minimum=0.0, minimum_excluded=True),
        Column("length_km", "float", "km", "route length", minimum=0.0),
        Column("circuits", "int", "-", "number of parallel circuits in this row", minimum=1),
        Column("x_ohm_per_km", "float", "ohm/km", "series reactance per circuit and km", minimum=0.0),
        Column("s_nom_mva_per_circuit", "float", "MVA", "thermal rating per circuit", minimum=0.0,
               minimum_excluded=True),
        _COMMISSIONED,
    ),
)

TRANSFORMERS = TableSpec(
    "transformers",
    "Transformers between buses of different voltage (one row per transformer bank).",
    (
        _id("transformer_id", "transformer"),
        Column("bus0", "str", "-", "high-voltage bus", references="buses"),
        Column("bus1", "str", "-", "low-voltage bus", references="buses"),
        Column("s_nom_mva", "float", "MVA", "rating of the bank (all units together)", minimum=0.0,
               minimum_excluded=True),
        Column("x_pu", "float", "p.u.", "short-circuit reactance on the bank's own rating", minimum=0.0),
        _COMMISSIONED,
    ),
    required=False,
)

GENERATORS = TableSpec(
    "generators",
    "Variable renewable units: utility and rooftop solar, wind.",
    (
        _id("generator_id", "generator"),
        Column("name", "str", "-", "plant name"),
        _bus(),
        Column("carrier", "str", "-", "technology: solar, rooftop_solar or wind"),
        Column("p_nom_mw", "float", "MW", "rated AC output", minimum=0.0),
        Column("availability_profile", "str", "-", "profile of available output per MW (0..1)",
               profile=SHARE),
        Column("marginal_cost_azn_per_mwh", "float", "AZN/MWh", "variable cost", minimum=0.0,
               required=False, default=0.0),
        Column("co2_t_per_mwh", "float", "t/MWh", "direct emissions", minimum=0.0,
               required=False, default=0.0),
        _COMMISSIONED,
        _DECOMMISSIONED,
    ),
)

HYDRO_PLANTS = TableSpec(
    "hydro_plants",
    "Hydro plants as nodes of their river: water in m3/s, turned into power at mw_per_m3s "
    "(or rho g head efficiency). A plant without a row in reservoirs.csv runs of river: what it "
    "does not turbine in a snapshot flows on (spill) in the same snapshot.",
    (
        _id("plant_id", "hydro plant"),
        Column("name", "str", "-", "plant name"),
        _bus(),
        Column("river", "str", "-", "river the plant uses"),
        Column("p_nom_mw", "float", "MW", "installed capacity", minimum=0.0),
        Column("mw_per_m3s", "float", "MW/(m3/s)", "power per turbined flow (empty: from head_m and efficiency)",
               required=False, default=None, minimum=0.0),
        Column("head_m", "float", "m", "gross head (used where mw_per_m3s is empty)", required=False,
               default=None, minimum=0.0),
        Column("efficiency", "float", "-", "turbine-generator efficiency (used with head_m)", required=False,
               default=0.88, minimum=0.0, maximum=1.0),
        Column("local_inflow_m3s", "float", "m3/s",
               "mean natural inflow from the plant's own catchment (below the plants upstream)", minimum=0.0),
        Column("inflow_profile", "str", "-", "seasonal shape of the local inflow, mean 1", profile=SHAPE),
        Column("min_environmental_flow_m3s", "float", "m3/s",
               "water left in the river below the intake (not turbined), when the river carries it",
               required=False, default=0.0, minimum=0.0),
        Column("min_output_share", "float", "-", "minimum turbine output as a share of p_nom (low-water output)",
               required=False, default=0.0, minimum=0.0, maximum=1.0),
        Column("marginal_cost_azn_per_mwh", "float", "AZN/MWh", "variable cost", minimum=0.0,
               required=False, default=0.0),
        _COMMISSIONED,
        _DECOMMISSIONED,
    ),
)

RIVER_LINKS = TableSpec(
    "river_links",
    "The rivers as a directed graph: the water a plant releases or spills reaches the next plant "
    "downstream after the travel time.",
    (
        _id("link_id", "river link"),
        Column("upstream_plant", "str", "-", "plant whose outflow enters the link", references="hydro_plants"),
        Column("downstream_plant", "str", "-", "plant the water reaches", references="hydro_plants"),
        Column("travel_time_h", "float", "h", "travel time; a whole number of snapshots", minimum=0.0,
               required=False, default=0.0),
    ),
    required=False,
)

IRRIGATION = TableSpec(
    "irrigation",
    "Irrigation withdrawals: the share of a plant's inflow taken before its turbines, by month.",
    (
        Column("plant_id", "str", "-", "plant whose inflow is withdrawn from", references="hydro_plants"),
        Column("month", "int", "-", "calendar month 1-12", minimum=1, maximum=12),
        Column("withdrawal_share", "float", "-", "share of the inflow withdrawn", minimum=0.0, maximum=1.0),
    ),
    required=False,
    unique_ids=False,
)

RESERVOIRS = TableSpec(
    "reservoirs",
    "Reservoirs of hydro plants (water in million m3).",
    (
        Column("plant_id", "str", "-", "hydro plant with this reservoir", references="hydro_plants"),
        Column("volume_max_mcm", "float", "million m3", "volume at full supply level", minimum=0.0),
        Column("volume_min_mcm", "float", "million m3", "volume at minimum operating level", minimum=0.0),
        Column("volume_start_mcm", "float", "million m3", "volume at the start of the horizon", minimum=0.0),
        Column("volume_end_mcm", "float", "million m3",
               "volume required at the end (empty: cyclic, end = start)", required=False, default=None,
               minimum=0.0),
    ),
    required=False,
)

HYDRO_TARGETS = TableSpec(
    "hydro_targets",
    "Published annual generation that `gezopt calibrate` compares the model with.",
    (
        _id("target_id", "calibration target"),
        Column("plants", "str", "-", "plant ids separated by spaces, or * for every plant in service"),
        Column("year", "int", "-", "scenario year in which the figure is evaluated", minimum=1900),
        Column("energy_gwh", "float", "GWh/yr", "published annual generation", minimum=0.0),
        Column("tolerance_share", "float", "-", "accepted relative deviation", minimum=0.0, maximum=1.0),
    ),
    required=False,
)

WASTE_PLANTS = TableSpec(
    "waste_plants",
    "Waste-to-energy plants, limited by the waste delivered each day.",
    (
        _id("plant_id", "waste-to-energy plant"),
        Column("name", "str", "-", "plant name"),
        _bus(),
        Column("p_nom_mw", "float", "MW", "rated electrical output", minimum=0.0),
        Column("waste_t_per_day", "float", "t/day", "waste delivered per day", minimum=0.0),
        Column("energy_mwh_per_t", "float", "MWh/t", "lower heating value of the waste", minimum=0.0),
        Column("electrical_efficiency", "float", "-", "net electrical efficiency", minimum=0.0, maximum=1.0),
        Column("must_run_share", "float", "-", "minimum output as a share of p_nom", minimum=0.0,
               maximum=1.0, required=False, default=0.0),
        Column("marginal_cost_azn_per_mwh", "float", "AZN/MWh", "variable O&M", minimum=0.0,
               required=False, default=0.0),
        Column("co2_t_per_mwh", "float", "t/MWh", "fossil CO2 per MWh of electricity", minimum=0.0,
               required=False, default=0.0),
        _COMMISSIONED,
        _DECOMMISSIONED,
    ),
    required=False,
)

STORAGE = TableSpec(
    "storage",
    "Batteries and other electricity storage with a cyclic state of charge.",
    (
        _id("storage_id", "storage unit"),
        Column("name", "str", "-", "name"),
        _bus(),
        Column("p_nom_mw", "float", "MW", "charge and discharge power", minimum=0.0),
        Column("e_nom_mwh", "float", "MWh", "energy capacity", minimum=0.0),
        Column("efficiency_charge", "float", "-", "charging efficiency", minimum=0.0, maximum=1.0,
               minimum_excluded=True),
        Column("efficiency_discharge", "float", "-", "discharging efficiency", minimum=0.0, maximum=1.0,
               minimum_excluded=True),
        Column("standing_loss_per_hour", "float", "1/h", "share of the content lost per hour",
               minimum=0.0, maximum=1.0, required=False, default=0.0),
        Column("marginal_cost_azn_per_mwh", "float", "AZN/MWh", "cost per MWh discharged", minimum=0.0,
               required=False, default=0.0),
        Column("consumer_class", "str", "-", "owner class of a home battery (empty: owned by the system)",
               required=False, default=None),
        _COMMISSIONED,
        _DECOMMISSIONED,
    ),
    required=False,
)

GRID_CONNECTIONS = TableSpec(
    "grid_connections",
    "Connections to Azerbaijan's national grid: import and export at a bus.",
    (
        _id("connection_id", "grid connection"),
        _bus("bus where the national grid connects"),
        Column("import_max_mw", "float", "MW", "largest import", minimum=0.0),
        Column("export_max_mw", "float", "MW", "largest export", minimum=0.0),
        Column("import_price_azn_per_mwh", "float", "AZN/MWh", "price paid for imports", minimum=0.0),
        Column("export_price_azn_per_mwh", "float", "AZN/MWh", "price received for exports", minimum=0.0),
        Column("import_price_profile", "str", "-", "hourly multiplier on the import price (empty: flat)",
               profile=MULTIPLIER, required=False, default=None),
        Column("export_price_profile", "str", "-", "hourly multiplier on the export price (empty: flat)",
               profile=MULTIPLIER, required=False, default=None),
        Column("co2_t_per_mwh", "float", "t/MWh", "CO2 intensity of imported electricity", minimum=0.0),
        _COMMISSIONED,
    ),
)

LOADS = TableSpec(
    "loads",
    "Electricity demand per district and consumer class (energy of the base year 2025).",
    (
        _id("load_id", "load"),
        _bus("bus that serves the load"),
        Column("district", "str", "-", "district"),
        Column("consumer_class", "str", "-", "residential, commercial, industrial, public, ..."),
        Column("annual_energy_mwh", "float", "MWh/yr", "demand in the base year 2025", minimum=0.0),
        Column("profile", "str", "-", "hourly shape of the demand, mean 1", profile=SHAPE),
    ),
)

DEMAND_GROWTH = TableSpec(
    "demand_growth",
    "Scaling of every load's annual energy by scenario year (1.0 in the base year 2025).",
    (
        Column("year", "int", "-", "scenario year", minimum=1900),
        Column("demand_scale", "float", "-", "multiplier on annual_energy_mwh", minimum=0.0),
    ),
)

EV_FLEETS = TableSpec(
    "ev_fleets",
    "Electric-vehicle fleets: vehicles that drive, plug in and charge at a bus, scheduled by their "
    "charging mode (uncontrolled, smart or v2g).",
    (
        _id("fleet_id", "EV fleet"),
        _bus("bus the chargers are connected to"),
        Column("consumer_class", "str", "-", "who pays for the charging (residential, public, ...)"),
        Column("vehicles", "float", "-", "number of vehicles", minimum=0.0),
        Column("daily_energy_kwh_per_vehicle", "float", "kWh/day", "energy used for driving per vehicle",
               minimum=0.0),
        Column("battery_kwh_per_vehicle", "float", "kWh", "usable battery per vehicle", minimum=0.0),
        Column("charger_kw", "float", "kW", "power of one charger", minimum=0.0),
        Column("chargers", "float", "-", "number of chargers the fleet can use", minimum=0.0),
        Column("charging_efficiency", "float", "-", "grid to battery (and battery to grid) efficiency",
               minimum=0.0, maximum=1.0, minimum_excluded=True),
        Column("plugged_in_profile", "str", "-", "share of the vehicles plugged in (0..1)", profile=SHARE),
        Column("driving_profile", "str", "-", "shape of the driving energy over time, mean 1", profile=SHAPE),
        Column("departure_hour_utc", "int", "h", "hour at which the day's driving starts (UTC)", minimum=0,
               maximum=23),
        Column("departure_state_of_charge", "float", "-", "battery share required at departure",
               minimum=0.0, maximum=1.0),
        Column("v2g_share", "float", "-", "share of the charging power that can flow back (v2g mode)",
               required=False, default=0.0, minimum=0.0, maximum=1.0),
        Column("charging_mode", "str", "-", "uncontrolled, smart or v2g (a scenario may override)",
               required=False, default="uncontrolled"),
        _COMMISSIONED,
    ),
    required=False,
)

HEAT_BUSES = TableSpec(
    "heat_buses",
    "Heat demand per district: space heating from heating degree hours, hot water, and cooling (an "
    "electric load through air conditioners).",
    (
        _id("heat_bus_id", "heat bus"),
        _bus("electric bus that serves the district"),
        Column("district", "str", "-", "district"),
        Column("temperature_profile", "str", "-", "hourly outdoor temperature, degC", profile=TEMPERATURE),
        Column("temperature_offset_c", "float", "degC", "shift of that temperature for the district (altitude)"),
        Column("floor_area_m2", "float", "m2", "heated floor area", minimum=0.0),
        Column("space_heating_kwh_per_m2", "float", "kWh/(m2 yr)",
               "space heat per m2 and year at the reference heating degree days", minimum=0.0),
        Column("reference_heating_degree_days", "float", "K day", "degree days the specific demand refers to",
               minimum=0.0),
        Column("hot_water_mwh_per_year", "float", "MWh/yr", "hot-water demand", minimum=0.0),
        Column("hot_water_profile", "str", "-", "shape of the hot-water demand, mean 1", profile=SHAPE),
        Column("cooling_kwh_per_m2", "float", "kWh/(m2 yr)", "cooling per m2 and year at the reference cooling "
               "degree days", minimum=0.0, required=False, default=0.0),
        Column("reference_cooling_degree_days", "float", "K day", "cooling degree days (above 24 degC) the "
               "specific cooling refers to", minimum=0.0, required=False, default=1.0),
        Column("cooling_cop", "float", "-", "coefficient of performance of the air conditioners", minimum=0.0,
               minimum_excluded=True, required=False, default=3.0),
    ),
    required=False,
)

HEAT_UNITS = TableSpec(
    "heat_units",
    "Heat supply: air-source heat pumps (COP from the hourly temperature), electric boilers, and heat "
    "recovered from a waste-to-energy plant.",
    (
        _id("unit_id", "heat unit"),
        Column("heat_bus", "str", "-", "heat bus supplied", references="heat_buses"),
        Column("kind", "str", "-", "heat_pump, boiler or waste_heat"),
        Column("p_nom_mw_th", "float", "MW_th", "largest heat output", minimum=0.0),
        Column("efficiency", "float", "-", "boiler: heat per electricity; waste_heat: heat per MWh of the "
               "plant's electricity", minimum=0.0, required=False, default=1.0),
        Column("sink_temperature_c", "float", "degC", "heat pump supply temperature (20-100 degC: floor heating "
               "to the boiling point of unpressurised water)", required=False, default=45.0, minimum=20.0,
               maximum=100.0),
        Column("waste_plant", "str", "-", "waste-to-energy plant whose heat is recovered (waste_heat)",
               references="waste_plants", required=False, default=None),
        Column("marginal_cost_azn_per_mwh", "float", "AZN/MWh_th", "variable cost per MWh of heat",
               minimum=0.0, required=False, default=0.0),
        _COMMISSIONED,
    ),
    required=False,
)

THERMAL_STORAGE = TableSpec(
    "thermal_storage",
    "Hot-water tanks on a heat bus.",
    (
        _id("storage_id", "thermal store"),
        Column("heat_bus", "str", "-", "heat bus", references="heat_buses"),
        Column("e_nom_mwh_th", "float", "MWh_th", "heat capacity", minimum=0.0),
        Column("p_nom_mw_th", "float", "MW_th", "charge and discharge power", minimum=0.0),
        Column("standing_loss_per_hour", "float", "1/h", "share of the content lost per hour", minimum=0.0,
               maximum=1.0, required=False, default=0.0),
        _COMMISSIONED,
    ),
    required=False,
)

STREET_LIGHTING = TableSpec(
    "street_lighting",
    "Street lights per district: LED lamps on the grid, or solar LED units off the grid.",
    (
        _id("lighting_id", "street-lighting group"),
        _bus("bus that serves the grid-connected lamps"),
        Column("lamps", "float", "-", "number of lamps", minimum=0.0),
        Column("lamp_w", "float", "W", "power of one lamp", minimum=0.0),
        Column("solar_share", "float", "-", "share of the lamps that are off-grid solar LED units",
               minimum=0.0, maximum=1.0),
        Column("dark_profile", "str", "-", "share of each hour that is dark (lamps on), 0..1", profile=SHARE),
    ),
    required=False,
)

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

TABLES: tuple[TableSpec, ...] = (
    BUSES, LINES, TRANSFORMERS, GENERATORS, HYDRO_PLANTS, RIVER_LINKS, IRRIGATION, RESERVOIRS, HYDRO_TARGETS,
    WASTE_PLANTS, STORAGE, GRID_CONNECTIONS, LOADS, EV_FLEETS, HEAT_BUSES, HEAT_UNITS, THERMAL_STORAGE,
    STREET_LIGHTING, DEMAND_GROWTH, PARAMETERS, SOURCES,
)
TABLES_BY_NAME = {spec.name: spec for spec in TABLES}

PROFILES_FILE = "profiles.csv"

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
