"""The tables of the zone's units: variable renewables, waste-to-energy plants and storage."""

from __future__ import annotations

from gezopt.data.specs.shared_columns import (
    COMMISSIONED,
    DECOMMISSIONED,
    bus_column,
    object_id_column,
)
from gezopt.data.specs.types import SHARE, Column, TableSpec

GENERATORS = TableSpec(
    "generators",
    "Variable renewable units: utility and rooftop solar, wind.",
    (
        object_id_column("generator_id", "generator"),
        Column("name", "str", "-", "plant name"),
        bus_column(),
        Column("carrier", "str", "-", "technology: solar, rooftop_solar or wind"),
        Column("p_nom_mw", "float", "MW", "rated AC output", minimum=0.0),
        Column("availability_profile", "str", "-", "profile of available output per MW (0..1)",
               profile=SHARE),
        Column("marginal_cost_azn_per_mwh", "float", "AZN/MWh", "variable cost", minimum=0.0,
               required=False, default=0.0),
        Column("co2_t_per_mwh", "float", "t/MWh", "direct emissions", minimum=0.0,
               required=False, default=0.0),
        COMMISSIONED,
        DECOMMISSIONED,
    ),
)

WASTE_PLANTS = TableSpec(
    "waste_plants",
    "Waste-to-energy plants, limited by the waste delivered each day.",
    (
        object_id_column("plant_id", "waste-to-energy plant"),
        Column("name", "str", "-", "plant name"),
        bus_column(),
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
        COMMISSIONED,
        DECOMMISSIONED,
    ),
    required=False,
)

STORAGE = TableSpec(
    "storage",
    "Batteries and other electricity storage with a cyclic state of charge.",
    (
        object_id_column("storage_id", "storage unit"),
        Column("name", "str", "-", "name"),
        bus_column(),
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
        COMMISSIONED,
        DECOMMISSIONED,
    ),
    required=False,
)

PV_MOUNTINGS = ("fixed", "single_axis")
SOLAR_CARRIERS = ("solar", "rooftop_solar")

PV_PLANTS = TableSpec(
    "pv_plants",
    "How each solar generator's availability profile was built (inputs/build/solar.py on the weather year): "
    "its DC/AC ratio and mounting, and the published annual energy it is compared with (`gezopt calibrate`). "
    "The profile is data of the dataset; this table documents it and is not a scenario lever.",
    (
        Column("generator_id", "str", "-", "solar generator this row describes", references="generators"),
        Column("dc_ac_ratio", "float", "-",
               "module peak power (MWp, DC) over the inverter rating p_nom_mw (AC); output above p_nom is clipped",
               minimum=0.0, minimum_excluded=True),
        Column("mounting", "str", "-",
               "fixed (modules at tilt_deg, azimuth_deg) or single_axis (horizontal north-south axis, backtracking)"),
        Column("tilt_deg", "float", "deg", "module tilt of a fixed plant (empty for a tracker)", required=False,
               default=None, minimum=0.0, maximum=90.0),
        Column("azimuth_deg", "float", "deg", "module azimuth of a fixed plant, clockwise from north: 180 faces "
               "south (empty for a tracker)", required=False, default=None, minimum=0.0, maximum=360.0),
        Column("max_rotation_deg", "float", "deg", "rotation limit of a tracker (empty if fixed)", required=False,
               default=None, minimum=0.0, maximum=90.0),
        Column("ground_coverage_ratio", "float", "-", "module width over row pitch of a tracker, for backtracking "
               "(empty if fixed)", required=False, default=None, minimum=0.0, maximum=1.0, minimum_excluded=True),
        Column("published_energy_gwh_per_year", "float", "GWh/yr",
               "published annual energy of the plant (empty: none published)", required=False, default=None,
               minimum=0.0),
    ),
    required=False,
)
