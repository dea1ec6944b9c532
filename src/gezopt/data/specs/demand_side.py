"""The demand side's tables: loads and their growth, EV fleets, heat, street lighting."""

from __future__ import annotations

from gezopt.data.specs.shared_columns import COMMISSIONED, bus_column, object_id_column
from gezopt.data.specs.types import SHAPE, SHARE, TEMPERATURE, Column, TableSpec

LOADS = TableSpec(
    "loads",
    "Electricity demand per district and consumer class (energy of the base year 2025).",
    (
        object_id_column("load_id", "load"),
        bus_column("bus that serves the load"),
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
        object_id_column("fleet_id", "EV fleet"),
        bus_column("bus the chargers are connected to"),
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
        COMMISSIONED,
    ),
    required=False,
)

HEAT_BUSES = TableSpec(
    "heat_buses",
    "Heat demand per district: space heating from heating degree hours, hot water, and cooling (an "
    "electric load through air conditioners).",
    (
        object_id_column("heat_bus_id", "heat bus"),
        bus_column("electric bus that serves the district"),
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

FLOOR_AREA_OWNERS = TableSpec(
    "floor_area_owners",
    "Who owns each heat bus's floor area: the share of each consumer class, which pays that share of the heat "
    "bus's heat-pump, boiler and cooling electricity (a heat bus without rows is billed to the scenario's "
    "tariffs.heat_class).",
    (
        object_id_column("owner_id", "floor-area owner"),
        Column("heat_bus", "str", "-", "heat bus whose floor area is owned", references="heat_buses"),
        Column("consumer_class", "str", "-", "class owning this share (residential, commercial, ...)"),
        Column("floor_area_share", "float", "-", "share of the heat bus's floor area; a heat bus's shares sum to 1",
               minimum=0.0, maximum=1.0),
    ),
    required=False,
)

HEAT_UNITS = TableSpec(
    "heat_units",
    "Heat supply: air-source heat pumps (COP from the hourly temperature), electric boilers, and heat "
    "recovered from a waste-to-energy plant.",
    (
        object_id_column("unit_id", "heat unit"),
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
        COMMISSIONED,
    ),
    required=False,
)

THERMAL_STORAGE = TableSpec(
    "thermal_storage",
    "Hot-water tanks on a heat bus.",
    (
        object_id_column("storage_id", "thermal store"),
        Column("heat_bus", "str", "-", "heat bus", references="heat_buses"),
        Column("e_nom_mwh_th", "float", "MWh_th", "heat capacity", minimum=0.0),
        Column("p_nom_mw_th", "float", "MW_th", "charge and discharge power", minimum=0.0),
        Column("standing_loss_per_hour", "float", "1/h", "share of the content lost per hour", minimum=0.0,
               maximum=1.0, required=False, default=0.0),
        COMMISSIONED,
    ),
    required=False,
)

STREET_LIGHTING = TableSpec(
    "street_lighting",
    "Street lights per district: LED lamps on the grid, or solar LED units off the grid.",
    (
        object_id_column("lighting_id", "street-lighting group"),
        bus_column("bus that serves the grid-connected lamps"),
        Column("lamps", "float", "-", "number of lamps", minimum=0.0),
        Column("lamp_w", "float", "W", "power of one lamp", minimum=0.0),
        Column("solar_share", "float", "-", "share of the lamps that are off-grid solar LED units",
               minimum=0.0, maximum=1.0),
        Column("dark_profile", "str", "-", "share of each hour that is dark (lamps on), 0..1", profile=SHARE),
    ),
    required=False,
)
