"""The hydro tables: plants on their rivers, river links, irrigation, reservoirs, calibration targets."""

from __future__ import annotations

from gezopt.data.specs.shared_columns import (
    COMMISSIONED,
    DECOMMISSIONED,
    bus_column,
    object_id_column,
)
from gezopt.data.specs.types import SHAPE, Column, TableSpec

HYDRO_PLANTS = TableSpec(
    "hydro_plants",
    "Hydro plants as nodes of their river: water in m3/s, turned into power at mw_per_m3s "
    "(or rho g head efficiency). A plant without a row in reservoirs.csv runs of river: what it "
    "does not turbine in a snapshot flows on (spill) in the same snapshot.",
    (
        object_id_column("plant_id", "hydro plant"),
        Column("name", "str", "-", "plant name"),
        bus_column(),
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
        COMMISSIONED,
        DECOMMISSIONED,
    ),
)

RIVER_LINKS = TableSpec(
    "river_links",
    "The rivers as a directed graph: the water a plant releases or spills reaches the next plant "
    "downstream after the travel time.",
    (
        object_id_column("link_id", "river link"),
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
        Column("volume_start_mcm", "float", "million m3",
               "volume at the start of any horizon (empty where reservoir_curves.csv gives a seasonal curve)",
               required=False, default=None, minimum=0.0),
        Column("volume_end_mcm", "float", "million m3",
               "volume required at the end (empty: cyclic, end = start; empty with a seasonal curve)",
               required=False, default=None, minimum=0.0),
    ),
    required=False,
)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_VOLUME_COLUMNS = tuple(f"volume_{month}_mcm" for month in MONTHS)

RESERVOIR_CURVES = TableSpec(
    "reservoir_curves",
    "Seasonal reference volume of a reservoir on the first of each month (00:00), linear in between and from "
    "December to the next January: the start and end volume of any horizon (a full year: cyclic).",
    (
        Column("plant_id", "str", "-", "hydro plant with a row in reservoirs.csv", references="hydro_plants"),
        *(Column(column, "float", "million m3", f"volume on 1 {month.capitalize()}, 00:00", minimum=0.0)
          for month, column in zip(MONTHS, MONTH_VOLUME_COLUMNS)),
    ),
    required=False,
)

TARGET_KINDS = ("annual", "cumulative")

HYDRO_TARGETS = TableSpec(
    "hydro_targets",
    "Published generation that `gezopt calibrate` compares the model with: an annual figure evaluated in one "
    "scenario year, or a cumulative one (a total since commissioning) summed over its period.",
    (
        object_id_column("target_id", "calibration target"),
        Column("plants", "str", "-", "plant ids separated by spaces, or * for every plant in service"),
        Column("kind", "str", "-", "annual (GWh in one year) or cumulative (GWh in total over the period)",
               required=False, default="annual"),
        Column("year", "int", "-", "scenario year in which an annual figure is evaluated (empty if cumulative)",
               required=False, default=None, minimum=1900),
        Column("period_start", "date", "date", "first day a cumulative figure counts (commissioning)",
               required=False, default=None),
        Column("period_end", "date", "date",
               "the cumulative statement's date: counted up to this day, not including it", required=False,
               default=None),
        Column("energy_gwh", "float", "GWh", "published generation: per year (annual) or over the period "
               "(cumulative)", minimum=0.0),
        Column("tolerance_share", "float", "-", "accepted relative deviation", minimum=0.0, maximum=1.0),
    ),
    required=False,
)
