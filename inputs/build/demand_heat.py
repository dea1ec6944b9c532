"""The demand step's heat: heat buses, heat units and tanks per district, and the 2025 electricity of heating
and cooling (used by demand.py to size the loads)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from common import HOURS_PER_YEAR, Sources, assumptions, constants, districts

from gezopt.demand import heat_pump_cop

A = assumptions()["demand"]
C = constants()
DISTRICTS = districts()
HEATING_BASE_C = C["heating_base_c"]
COOLING_BASE_C = A["cooling_base_c"]
RESIDENTIAL_FLOOR_M2_PER_RESIDENT = A["residential_floor_m2_per_resident"]
COMMERCIAL_FLOOR_M2_PER_RESIDENT = A["commercial_floor_m2_per_resident"]
SPACE_HEATING_KWH_PER_M2 = A["space_heating_kwh_per_m2"]
REFERENCE_HEATING_DEGREE_DAYS = C["reference_heating_degree_days"]
HOT_WATER_MWH_PER_RESIDENT = A["hot_water_mwh_per_resident"]
COOLING_KWH_PER_M2_JABRAYIL = A["cooling_kwh_per_m2_jabrayil"]
COOLING_COP = A["cooling_cop"]
HEAT_PUMP_SINK_C = A["heat_pump_sink_c"]
HEAT_PUMP_SHARE_OF_PEAK = A["heat_pump_share_of_peak"]
HEAT_CAPACITY_MARGIN = A["heat_capacity_margin"]
BOILER_EFFICIENCY = C["boiler_efficiency"]
WASTE_CHP_HEAT_EFFICIENCY = C["waste_chp_heat_efficiency"]
WASTE_CHP_ELECTRIC_EFFICIENCY = C["waste_chp_electric_efficiency"]
TANK_HOURS_OF_WINTER_MEAN = A["tank_hours_of_winter_mean"]
TANK_ENERGY_TO_POWER_H = A["tank_energy_to_power_h"]
TANK_STANDING_LOSS_PER_HOUR = C["tank_standing_loss_per_hour"]
LAPSE_RATE_K_PER_100_M = C["lapse_rate_k_per_100_m"]
TMY_ALTITUDE_M = A["tmy_altitude_m"]
DISTRICT_ALTITUDE_M = A["district_altitude_m"]
ZONE_TEMPERATURE_OFFSETS = A["zone_temperature_offsets"]
LOWLAND_DISTRICTS = tuple(A["lowland_districts"])
NOT_A_HEAT_PUMP = ("ASSUMPTION", "empty: not a heat pump")


@dataclass(frozen=True)
class Weather:
    """The reference year's hourly temperature (degC), hot-water shape and months; Jabrayil's cooling degree days."""

    temperature: np.ndarray
    hot_water: np.ndarray
    months: np.ndarray
    jabrayil_cdd: float


def district_temperature_offsets() -> dict[str, tuple[float, str, str]]:
    """District -> (offset degC, source, note)."""
    offsets = {}
    for district, _, _ in DISTRICTS:
        if district in ZONE_TEMPERATURE_OFFSETS:
            offsets[district] = (ZONE_TEMPERATURE_OFFSETS[district], "C3,ASSUMPTION",
                                 ("ZONE.md section 4: the Jabrayil temperatures shifted for altitude (lapse rate "
                                  "~0.6 degC per 100 m [C3])"))
        elif district in DISTRICT_ALTITUDE_M:
            altitude = DISTRICT_ALTITUDE_M[district]
            offset = round(-LAPSE_RATE_K_PER_100_M * (altitude - TMY_ALTITUDE_M) / 100.0, 1)
            offsets[district] = (offset, "C3,ASSUMPTION",
                                 (f"~{altitude:,.0f} m (approximate altitude, ASSUMPTION) - {TMY_ALTITUDE_M:g} m at "
                                  "the TMY point (implied by Shusha ~1,400 m and -5.5 K) at 0.6 K per 100 m [C3]"))
        elif district in LOWLAND_DISTRICTS:
            offsets[district] = (0.0, "ASSUMPTION", "lowland district near the TMY point's altitude: no shift")
        else:
            raise ValueError(f"no temperature offset for district {district}")
    return offsets


def heat_demand(temperature_c: np.ndarray, offset_c: float, floor_area_m2: float, hot_water_mwh: float,
                hot_water_profile: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(space heat, hot water) MW_th per hour, with the model's formulas."""
    degrees = np.maximum(HEATING_BASE_C - (temperature_c + offset_c), 0.0)
    space = floor_area_m2 * SPACE_HEATING_KWH_PER_M2 / 1000.0 * degrees / (24.0 * REFERENCE_HEATING_DEGREE_DAYS)
    return space, hot_water_mwh / HOURS_PER_YEAR * hot_water_profile


def cooling_degree_days(temperature_c: np.ndarray, offset_c: float) -> float:
    return float(np.maximum(temperature_c + offset_c - COOLING_BASE_C, 0.0).sum() / 24.0)


def ceil_to(value: float, step: float = 0.1) -> float:
    """Round up to a multiple of step (0.1 MW): capacities never fall short of the demand they cover."""
    return round(math.ceil(round(value / step, 9)) * step, 6)


def heat_bus(district: str, people: int, bus: str, offset: tuple[float, str, str], weather: Weather,
             sources: Sources) -> tuple[dict[str, object], np.ndarray, np.ndarray]:
    """A district's heat bus (and its sources rows), with its space heat and hot water (MW_th per hour)."""
    offset_c, offset_source, offset_note = offset
    heat_bus_id = f"HEAT_{district.upper()}"
    floor_area = float(round(people * RESIDENTIAL_FLOOR_M2_PER_RESIDENT + people * COMMERCIAL_FLOOR_M2_PER_RESIDENT))
    hot_water_mwh = round(people * HOT_WATER_MWH_PER_RESIDENT, 1)
    cdd = round(cooling_degree_days(weather.temperature, offset_c), 1)
    jabrayil_cdd = weather.jabrayil_cdd
    record = {"heat_bus_id": heat_bus_id, "bus": bus, "district": district, "temperature_profile": "temperature_c",
              "temperature_offset_c": offset_c, "floor_area_m2": floor_area,
              "space_heating_kwh_per_m2": SPACE_HEATING_KWH_PER_M2,
              "reference_heating_degree_days": REFERENCE_HEATING_DEGREE_DAYS,
              "hot_water_mwh_per_year": hot_water_mwh, "hot_water_profile": "hot_water",
              "cooling_kwh_per_m2": round(COOLING_KWH_PER_M2_JABRAYIL * cdd / jabrayil_cdd, 2),
              "reference_cooling_degree_days": max(cdd, 1.0), "cooling_cop": COOLING_COP}
    space, hot_water = heat_demand(weather.temperature, offset_c, floor_area, hot_water_mwh, weather.hot_water)
    hdd_hourly = float(np.maximum(HEATING_BASE_C - (weather.temperature + offset_c), 0.0).sum() / 24.0)
    sources.add_row("heat_buses", heat_bus_id, {
        "temperature_offset_c": (offset_source, offset_note),
        "floor_area_m2": ("T8,ASSUMPTION", (
            f"{people:,} residents (ASSUMPTION split of 43,144 [T8]) x ({RESIDENTIAL_FLOOR_M2_PER_RESIDENT:g} m2 "
            f"residential + {COMMERCIAL_FLOOR_M2_PER_RESIDENT:g} m2 commercial and public) per resident "
            "(ASSUMPTION)")),
        "space_heating_kwh_per_m2": ("ASSUMPTION 11", "new buildings: 70 kWh/m2/yr at the reference degree days"),
        "reference_heating_degree_days": ("C1,ASSUMPTION 11", (
            f"Jabrayil 2,209 K day (ZONE.md section 4, base 18 degC, from daily means); the model's hourly "
            f"degree hours / 24 give {hdd_hourly:,.0f} K day here -> {space.sum() / 1e3:.2f} GWh_th space heat")),
        "hot_water_mwh_per_year": ("T8,ASSUMPTION", (f"{people:,} residents x {HOT_WATER_MWH_PER_RESIDENT} MWh "
                                   "per resident and year (ASSUMPTION, ~40 l/day heated by 35 K)")),
        "cooling_kwh_per_m2": ("C1,ASSUMPTION", (
            f"{COOLING_KWH_PER_M2_JABRAYIL:g} kWh/m2/yr of cooling at Jabrayil's {jabrayil_cdd:.1f} K day above "
            f"24 degC (ASSUMPTION) x this district's {cdd:.1f} / {jabrayil_cdd:.1f} K day")),
        "reference_cooling_degree_days": ("C1", (
            f"the district's own cooling degree days: hourly max(T + offset - 24, 0) / 24 of the TMY (offset "
            f"{offset_c:g}) = {cdd:.1f} K day (floor 1), so the annual cooling is floor area x cooling_kwh_per_m2")),
        "cooling_cop": ("ASSUMPTION", "split air conditioners, COP 3.0"),
    })
    return record, space, hot_water


def floor_area_owners(heat_bus_id: str, sources: Sources) -> list[dict[str, object]]:
    """Who owns the heat bus's floor area: households the residential floor area, the commercial class (shops,
    offices, schools, clinics, administration: the loads' "commercial and public") the rest."""
    total = RESIDENTIAL_FLOOR_M2_PER_RESIDENT + COMMERCIAL_FLOOR_M2_PER_RESIDENT
    owners = {"residential": (RESIDENTIAL_FLOOR_M2_PER_RESIDENT, "residential"),
              "commercial": (COMMERCIAL_FLOOR_M2_PER_RESIDENT, "commercial and public")}
    rows = []
    for consumer_class, (area, what) in owners.items():
        owner_id = f"{heat_bus_id}_{consumer_class.upper()}"
        sources.add_row("floor_area_owners", owner_id, {"floor_area_share": ("ASSUMPTION", (
            f"{area:g} m2 {what} of the {total:g} m2 per resident of the heat bus's floor area (ASSUMPTION, as "
            "floor_area_m2); its heat-pump, boiler and cooling electricity is billed in that share"))})
        rows.append({"owner_id": owner_id, "heat_bus": heat_bus_id, "consumer_class": consumer_class,
                     "floor_area_share": round(area / total, 6)})
    return rows


def heat_units(key: str, heat_bus_id: str, peak: float, sources: Sources) -> list[dict[str, object]]:
    """The heat pump (a share of the peak) and the backup boiler of a heat bus, with their sources rows."""
    heat_pump = ceil_to(HEAT_PUMP_SHARE_OF_PEAK * peak)
    boiler = ceil_to(HEAT_CAPACITY_MARGIN * peak - heat_pump)
    sources.add_row("heat_units", f"HP_{key}", {
        "p_nom_mw_th": ("ASSUMPTION", (f"{HEAT_PUMP_SHARE_OF_PEAK:g} x the bus's peak heat demand {peak:.2f} MW_th "
                        "(space heat + hot water, coldest hour), rounded up to 0.1 MW")),
        "efficiency": ("T11", "empty: the heat pump's COP follows the hourly temperature (Staffell)"),
        "sink_temperature_c": ("ASSUMPTION 11", "45 degC supply temperature"),
    })
    sources.add_row("heat_units", f"BOILER_{key}", {
        "p_nom_mw_th": ("ASSUMPTION", (f"backup: {HEAT_CAPACITY_MARGIN:g} x peak {peak:.2f} MW_th - heat pump "
                        f"{heat_pump:g} MW_th, rounded up to 0.1 MW (heat pump + boiler >= 1.1 x peak)")),
        "efficiency": ("T10", "decentral resistive heater, efficiency 0.9"),
        "sink_temperature_c": NOT_A_HEAT_PUMP,
    })
    unit = {"heat_bus": heat_bus_id, "sink_temperature_c": None, "waste_plant": None,
            "marginal_cost_azn_per_mwh": 0.0, "commissioned": None}
    return [{**unit, "unit_id": f"HP_{key}", "kind": "heat_pump", "p_nom_mw_th": heat_pump, "efficiency": None,
             "sink_temperature_c": HEAT_PUMP_SINK_C},
            {**unit, "unit_id": f"BOILER_{key}", "kind": "boiler", "p_nom_mw_th": boiler,
             "efficiency": BOILER_EFFICIENCY}]


def tank(key: str, heat_bus_id: str, winter_mean: float, sources: Sources) -> dict[str, object]:
    """A heat bus's hot-water tanks (aggregated): hours of the mean winter heat demand."""
    energy = round(TANK_HOURS_OF_WINTER_MEAN * winter_mean, 1)
    sources.add_row("thermal_storage", f"TANK_{key}", {
        "e_nom_mwh_th": ("ASSUMPTION", (f"{TANK_HOURS_OF_WINTER_MEAN:g} h x the mean December-February heat "
                         f"demand {winter_mean:.2f} MW_th (building hot-water tanks, aggregated)")),
    })
    return {"storage_id": f"TANK_{key}", "heat_bus": heat_bus_id, "e_nom_mwh_th": energy,
            "p_nom_mw_th": round(energy / TANK_ENERGY_TO_POWER_H, 2),
            "standing_loss_per_hour": TANK_STANDING_LOSS_PER_HOUR, "commissioned": None}


def waste_heat_unit(key: str, heat_bus_id: str, waste: dict[str, object], sources: Sources) -> dict[str, object]:
    """The waste plant's recovered heat at the heat bus of its district."""
    ratio = WASTE_CHP_HEAT_EFFICIENCY / WASTE_CHP_ELECTRIC_EFFICIENCY
    sources.add_row("heat_units", f"WASTE_HEAT_{key}", {
        "p_nom_mw_th": ("T10,ASSUMPTION 6", (f"heat at the plant's full output: {ratio:.4f} x "
                        f"{waste['p_nom_mw']:g} MW_e, rounded up")),
        "efficiency": ("T10", "waste CHP heat efficiency 0.7627 / electricity efficiency 0.2051 MWh_th/MWh_e"),
        "sink_temperature_c": NOT_A_HEAT_PUMP,
        "marginal_cost_azn_per_mwh": ("T10,ASSUMPTION", ("0: the plant's variable O&M is on its "
                                      "electricity (waste_plants.csv)")),
        "commissioned": ("ASSUMPTION 6", (f"with the waste plant {waste['plant_id']} ({waste['commissioned']}); "
                         "its heat reaches the Aghdam heat bus by a heat network from the Aghdam-2 site "
                         "(ASSUMPTION)")),
    })
    return {"unit_id": f"WASTE_HEAT_{key}", "heat_bus": heat_bus_id, "kind": "waste_heat",
            "p_nom_mw_th": ceil_to(ratio * waste["p_nom_mw"]), "efficiency": round(ratio, 4),
            "sink_temperature_c": None, "waste_plant": waste["plant_id"],
            "marginal_cost_azn_per_mwh": 0.0, "commissioned": waste["commissioned"]}


def add_electricity(estimate: dict[str, object], district: str, bus: dict[str, object], heat_pump_mw: float,
                    demand: tuple[np.ndarray, np.ndarray], weather: Weather) -> None:
    """A district's 2025 electricity for heat (heat pump up to its capacity at the hourly COP, boiler above) and
    cooling, its heat totals and its COP figures, added to ``estimate``."""
    space, hot_water = demand
    heat, offset = space + hot_water, bus["temperature_offset_c"]
    months, temperature = weather.months, weather.temperature
    cop = heat_pump_cop(HEAT_PUMP_SINK_C - (temperature + offset))
    from_heat_pump = np.minimum(heat, heat_pump_mw)
    electricity, totals = estimate["electricity"], estimate["heat"]
    electricity["heat_pump"] += from_heat_pump / cop
    electricity["boiler"] += (heat - from_heat_pump) / BOILER_EFFICIENCY
    cooling_th = bus["floor_area_m2"] * bus["cooling_kwh_per_m2"] / 1000.0 * np.maximum(
        temperature + offset - COOLING_BASE_C, 0.0) / (24.0 * bus["reference_cooling_degree_days"])
    electricity["cooling"] += cooling_th / COOLING_COP
    totals["space"] += float(space.sum())
    totals["hot_water"] += float(hot_water.sum())
    totals["cooling_th"] += float(cooling_th.sum())
    estimate["cop"][district] = {
        "january": float(cop[months == 1].mean()), "july": float(cop[months == 7].mean()),
        "january_at_mean_t": float(heat_pump_cop(HEAT_PUMP_SINK_C - (temperature[months == 1].mean() + offset))),
        "july_at_mean_t": float(heat_pump_cop(HEAT_PUMP_SINK_C - (temperature[months == 7].mean() + offset))),
        "heating_season": float(from_heat_pump.sum() / (from_heat_pump / cop).sum()), "peak_mw_th": float(heat.max())}


def common_heat_sources(sources: Sources) -> None:
    sources.add("heat_units", "*", "marginal_cost_azn_per_mwh", "T10",
                "decentral air-sourced heat pump and decentral resistive heater have no variable O&M in T10: 0")
    sources.add("heat_units", "*", "commissioned", "ASSUMPTION",
                "empty: building heating exists wherever people live, in every scenario year")
    sources.add("thermal_storage", "*", "p_nom_mw_th", "ASSUMPTION", f"e_nom / {TANK_ENERGY_TO_POWER_H:g} h")
    sources.add("thermal_storage", "*", "standing_loss_per_hour", "T10",
                "decentral water tank storage standing losses 2.1 %/h")
    sources.add("thermal_storage", "*", "commissioned", "ASSUMPTION", "empty: in every scenario year")


def build_heat(profiles: pd.DataFrame, waste: dict[str, object],
               sources: Sources) -> tuple[dict[str, list[dict[str, object]]], dict[str, object]]:
    """heat_buses, floor_area_owners, heat_units and thermal_storage, and the 2025 electricity of heating and cooling (MW per hour)."""
    temperature = profiles["temperature_c"].to_numpy(float)
    months = pd.DatetimeIndex(profiles.index).month.to_numpy()
    weather = Weather(temperature, profiles["hot_water"].to_numpy(float), months, cooling_degree_days(temperature, 0.0))
    winter = np.isin(months, (12, 1, 2))
    offsets = district_temperature_offsets()
    tables = {"heat_buses": [], "floor_area_owners": [], "heat_units": [], "thermal_storage": []}
    estimate = {"electricity": {name: np.zeros(HOURS_PER_YEAR) for name in ("heat_pump", "boiler", "cooling")},
                "heat": {"space": 0.0, "hot_water": 0.0, "cooling_th": 0.0}, "cop": {}}
    waste_district = next(d for d, _, bus in DISTRICTS if bus.startswith("AGHDAM"))
    for district, people, bus in DISTRICTS:
        key = district.upper()
        record, space, hot_water = heat_bus(district, people, bus, offsets[district], weather, sources)
        heat = space + hot_water
        units = heat_units(key, record["heat_bus_id"], float(heat.max()), sources)
        tables["heat_buses"].append(record)
        tables["floor_area_owners"] += floor_area_owners(record["heat_bus_id"], sources)
        tables["heat_units"] += units
        add_electricity(estimate, district, record, units[0]["p_nom_mw_th"], (space, hot_water), weather)
        tables["thermal_storage"].append(tank(key, record["heat_bus_id"], float(heat[winter].mean()), sources))
        if district == waste_district:
            tables["heat_units"].append(waste_heat_unit(key, record["heat_bus_id"], waste, sources))
    common_heat_sources(sources)
    return tables, estimate
