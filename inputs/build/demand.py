"""Step: the demand side: heat buses, heat units, tanks, EV fleets, street lighting, loads, demand growth.

    python inputs/build/demand.py [--work inputs/build/products]

Needs the products of profiles.py (temperature, hot water, EV and dark profiles) and fleet.py (the waste
plant whose heat the Aghdam heat bus recovers).  The loads keep what the explicit end uses leave of the
base-year demand (ASSUMPTION 3).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from common import (HOURS_PER_YEAR, Sources, assumptions, constants, fact_rows, local_hour_to_utc, read_product,
                    read_profiles, step_arguments, write_product)

A = assumptions()["demand"]
C = constants()
DISTRICTS = [(row["district"], int(row["residents"]), row["bus"]) for row in fact_rows("districts")]
ZONE_POPULATION = int(C["zone_population"])
BASE_YEAR_DEMAND_MWH = A["base_year_demand_mwh"]
RESIDENTIAL_MWH_PER_PERSON = C["aghali_residential_mwh"] / C["aghali_residents"]  # [R14,R34], ~3.5 MWh
INDUSTRIAL_PARK_MWH = A["industrial_park_mwh"]
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
EV_BASE_YEAR_VEHICLES = A["ev_base_year_vehicles"]
EV_HOME_VEHICLES = A["ev_home_vehicles"]
EV_KM_PER_DAY = A["ev_km_per_day"]
EV_KWH_PER_KM = C["ev_kwh_per_km"]
EV_BATTERY_KWH = A["ev_battery_kwh"]
EV_CHARGING_EFFICIENCY = A["ev_charging_efficiency"]
EV_HOME_CHARGER_KW = A["ev_home_charger_kw"]
EV_PUBLIC_CHARGER_KW = A["ev_public_charger_kw"]
EV_PUBLIC_CHARGERS_PER_SITE = A["ev_public_chargers_per_site"]
EV_DEPARTURE_LOCAL_HOUR = A["ev_departure_local_hour"]
EV_DEPARTURE_STATE_OF_CHARGE = A["ev_departure_state_of_charge"]
EV_HOME_V2G_SHARE = A["ev_home_v2g_share"]
EV_PUBLIC_CHARGER_BUSES = tuple(row["bus"] for row in fact_rows("ev_charger_sites"))  # [G12]
RESIDENTS_PER_STREET_LAMP = A["residents_per_street_lamp"]
STREET_LAMP_W = A["street_lamp_w"]
STREET_LIGHTING_SOLAR_SHARE = A["street_lighting_solar_share"]


def staffell_cop(temperature_difference_k: np.ndarray) -> np.ndarray:
    """Air-source heat pump COP for a sink-minus-source temperature difference (Staffell et al. [T11])."""
    delta = np.asarray(temperature_difference_k, dtype=float)
    return 6.81 - 0.121 * delta + 0.000630 * delta ** 2


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


def build_heat(profiles: pd.DataFrame, waste: dict[str, object], sources: Sources) -> tuple[dict[str, list[dict[str, object]]],
                                                                          dict[str, object]]:
    """heat_buses, heat_units and thermal_storage, and the 2025 electricity of heating and cooling (MW per hour)."""
    temperature = profiles["temperature_c"].to_numpy(float)
    hot_water_profile = profiles["hot_water"].to_numpy(float)
    months = pd.DatetimeIndex(profiles.index).month.to_numpy()
    winter = np.isin(months, (12, 1, 2))
    offsets = district_temperature_offsets()
    jabrayil_cdd = cooling_degree_days(temperature, 0.0)
    buses, units, tanks = [], [], []
    electricity = {"heat_pump": np.zeros(HOURS_PER_YEAR), "boiler": np.zeros(HOURS_PER_YEAR),
                   "cooling": np.zeros(HOURS_PER_YEAR)}
    heat_total = {"space": 0.0, "hot_water": 0.0, "cooling_th": 0.0}
    cop_table = {}
    waste_district = next(d for d, _, bus in DISTRICTS if bus.startswith("AGHDAM"))
    for district, people, bus in DISTRICTS:
        key = district.upper()
        heat_bus_id = f"HEAT_{key}"
        offset, offset_source, offset_note = offsets[district]
        residential_m2 = people * RESIDENTIAL_FLOOR_M2_PER_RESIDENT
        commercial_m2 = people * COMMERCIAL_FLOOR_M2_PER_RESIDENT
        floor_area = float(round(residential_m2 + commercial_m2))
        hot_water_mwh = round(people * HOT_WATER_MWH_PER_RESIDENT, 1)
        cdd = round(cooling_degree_days(temperature, offset), 1)
        cooling_kwh_per_m2 = round(COOLING_KWH_PER_M2_JABRAYIL * cdd / jabrayil_cdd, 2)
        reference_cdd = max(cdd, 1.0)
        buses.append({"heat_bus_id": heat_bus_id, "bus": bus, "district": district, "temperature_profile": "temperature_c",
                      "temperature_offset_c": offset, "floor_area_m2": floor_area,
                      "space_heating_kwh_per_m2": SPACE_HEATING_KWH_PER_M2,
                      "reference_heating_degree_days": REFERENCE_HEATING_DEGREE_DAYS,
                      "hot_water_mwh_per_year": hot_water_mwh, "hot_water_profile": "hot_water",
                      "cooling_kwh_per_m2": cooling_kwh_per_m2, "reference_cooling_degree_days": reference_cdd,
                      "cooling_cop": COOLING_COP})
        space, hot_water = heat_demand(temperature, offset, floor_area, hot_water_mwh, hot_water_profile)
        heat = space + hot_water
        peak = float(heat.max())
        hdd_hourly = float(np.maximum(HEATING_BASE_C - (temperature + offset), 0.0).sum() / 24.0)
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
                f"the district's own cooling degree days: hourly max(T + offset - 24, 0) / 24 of the TMY (offset {offset:g}) "
                f"= {cdd:.1f} K day (floor 1), so the annual cooling is floor area x cooling_kwh_per_m2")),
            "cooling_cop": ("ASSUMPTION", "split air conditioners, COP 3.0"),
        })

        heat_pump = ceil_to(HEAT_PUMP_SHARE_OF_PEAK * peak)
        boiler = ceil_to(HEAT_CAPACITY_MARGIN * peak - heat_pump)
        cop = staffell_cop(HEAT_PUMP_SINK_C - (temperature + offset))
        from_heat_pump = np.minimum(heat, heat_pump)
        electricity["heat_pump"] += from_heat_pump / cop
        electricity["boiler"] += (heat - from_heat_pump) / BOILER_EFFICIENCY
        cooling_th = floor_area * cooling_kwh_per_m2 / 1000.0 * np.maximum(
            temperature + offset - COOLING_BASE_C, 0.0) / (24.0 * reference_cdd)
        electricity["cooling"] += cooling_th / COOLING_COP
        heat_total["space"] += float(space.sum())
        heat_total["hot_water"] += float(hot_water.sum())
        heat_total["cooling_th"] += float(cooling_th.sum())
        cop_table[district] = {"january": float(cop[months == 1].mean()), "july": float(cop[months == 7].mean()),
                               "january_at_mean_t": float(staffell_cop(
                                   HEAT_PUMP_SINK_C - (temperature[months == 1].mean() + offset))),
                               "july_at_mean_t": float(staffell_cop(
                                   HEAT_PUMP_SINK_C - (temperature[months == 7].mean() + offset))),
                               "heating_season": float(from_heat_pump.sum() / (from_heat_pump / cop).sum()),
                               "peak_mw_th": peak}
        units.append({"unit_id": f"HP_{key}", "heat_bus": heat_bus_id, "kind": "heat_pump", "p_nom_mw_th": heat_pump,
                      "efficiency": None, "sink_temperature_c": HEAT_PUMP_SINK_C, "waste_plant": None,
                      "marginal_cost_azn_per_mwh": 0.0, "commissioned": None})
        sources.add_row("heat_units", f"HP_{key}", {
            "p_nom_mw_th": ("ASSUMPTION", (f"{HEAT_PUMP_SHARE_OF_PEAK:g} x the bus's peak heat demand {peak:.2f} MW_th "
                            "(space heat + hot water, coldest hour), rounded up to 0.1 MW")),
            "efficiency": ("T11", "empty: the heat pump's COP follows the hourly temperature (Staffell)"),
            "sink_temperature_c": ("ASSUMPTION 11", "45 degC supply temperature"),
        })
        units.append({"unit_id": f"BOILER_{key}", "heat_bus": heat_bus_id, "kind": "boiler", "p_nom_mw_th": boiler,
                      "efficiency": BOILER_EFFICIENCY, "sink_temperature_c": None, "waste_plant": None,
                      "marginal_cost_azn_per_mwh": 0.0, "commissioned": None})
        sources.add_row("heat_units", f"BOILER_{key}", {
            "p_nom_mw_th": ("ASSUMPTION", (f"backup: {HEAT_CAPACITY_MARGIN:g} x peak {peak:.2f} MW_th - heat pump "
                            f"{heat_pump:g} MW_th, rounded up to 0.1 MW (heat pump + boiler >= 1.1 x peak)")),
            "efficiency": ("T10", "decentral resistive heater, efficiency 0.9"),
            "sink_temperature_c": ("ASSUMPTION", "empty: not a heat pump"),
        })
        winter_mean = float(heat[winter].mean())
        tank = round(TANK_HOURS_OF_WINTER_MEAN * winter_mean, 1)
        tanks.append({"storage_id": f"TANK_{key}", "heat_bus": heat_bus_id, "e_nom_mwh_th": tank,
                      "p_nom_mw_th": round(tank / TANK_ENERGY_TO_POWER_H, 2),
                      "standing_loss_per_hour": TANK_STANDING_LOSS_PER_HOUR, "commissioned": None})
        sources.add_row("thermal_storage", f"TANK_{key}", {
            "e_nom_mwh_th": ("ASSUMPTION", (f"{TANK_HOURS_OF_WINTER_MEAN:g} h x the mean December-February heat "
                             f"demand {winter_mean:.2f} MW_th (building hot-water tanks, aggregated)")),
        })
        if district == waste_district:
            waste_heat = ceil_to(WASTE_CHP_HEAT_EFFICIENCY / WASTE_CHP_ELECTRIC_EFFICIENCY * waste["p_nom_mw"])
            units.append({"unit_id": f"WASTE_HEAT_{key}", "heat_bus": heat_bus_id, "kind": "waste_heat",
                          "p_nom_mw_th": waste_heat,
                          "efficiency": round(WASTE_CHP_HEAT_EFFICIENCY / WASTE_CHP_ELECTRIC_EFFICIENCY, 4),
                          "sink_temperature_c": None, "waste_plant": waste["plant_id"],
                          "marginal_cost_azn_per_mwh": 0.0, "commissioned": waste["commissioned"]})
            sources.add_row("heat_units", f"WASTE_HEAT_{key}", {
                "p_nom_mw_th": ("T10,ASSUMPTION 6", (f"heat at the plant's full output: "
                                f"{WASTE_CHP_HEAT_EFFICIENCY / WASTE_CHP_ELECTRIC_EFFICIENCY:.4f} x "
                                f"{waste['p_nom_mw']:g} MW_e, rounded up")),
                "efficiency": ("T10", "waste CHP heat efficiency 0.7627 / electricity efficiency 0.2051 MWh_th/MWh_e"),
                "sink_temperature_c": ("ASSUMPTION", "empty: not a heat pump"),
                "marginal_cost_azn_per_mwh": ("T10,ASSUMPTION", ("0: the plant's variable O&M is on its "
                                              "electricity (waste_plants.csv)")),
                "commissioned": ("ASSUMPTION 6", (f"with the waste plant {waste['plant_id']} ({waste['commissioned']}); "
                                 "its heat reaches the Aghdam heat bus by a heat network from the Aghdam-2 site "
                                 "(ASSUMPTION)")),
            })
    sources.add("heat_units", "*", "marginal_cost_azn_per_mwh", "T10",
                "decentral air-sourced heat pump and decentral resistive heater have no variable O&M in T10: 0")
    sources.add("heat_units", "*", "commissioned", "ASSUMPTION",
                "empty: building heating exists wherever people live, in every scenario year")
    sources.add("thermal_storage", "*", "p_nom_mw_th", "ASSUMPTION",
                f"e_nom / {TANK_ENERGY_TO_POWER_H:g} h")
    sources.add("thermal_storage", "*", "standing_loss_per_hour", "T10",
                "decentral water tank storage standing losses 2.1 %/h")
    sources.add("thermal_storage", "*", "commissioned", "ASSUMPTION", "empty: in every scenario year")
    estimate = {"electricity": electricity, "heat": heat_total, "cop": cop_table}
    return {"heat_buses": buses, "heat_units": units, "thermal_storage": tanks}, estimate


def uncontrolled_charging(limit_mw: np.ndarray, driving_mw: np.ndarray, capacity_mwh: float,
                          efficiency: float) -> tuple[np.ndarray, np.ndarray]:
    """The model's uncontrolled mode: start full, charge at full available power until full again.

    Returns (charging MW, battery MWh at the end of each hour)."""
    charge = np.zeros(len(limit_mw))
    energy = np.zeros(len(limit_mw))
    level = capacity_mwh
    for t in range(len(limit_mw)):
        level -= driving_mw[t]
        charge[t] = min(limit_mw[t], max(capacity_mwh - level, 0.0) / efficiency)
        level += efficiency * charge[t]
        energy[t] = level
    return charge, energy


def build_ev_fleets(profiles: pd.DataFrame, sources: Sources) -> tuple[list[dict[str, object]], np.ndarray, dict[str, float]]:
    """ev_fleets (ASSUMPTION 10), the uncontrolled charging of 2025 (MW per hour) and totals."""
    daily_kwh = EV_KM_PER_DAY * EV_KWH_PER_KM
    departure_utc = local_hour_to_utc(EV_DEPARTURE_LOCAL_HOUR)
    public_vehicles = EV_BASE_YEAR_VEHICLES - EV_HOME_VEHICLES
    bus_district = {bus: district for district, _, bus in DISTRICTS}
    home = {district: EV_HOME_VEHICLES * people / ZONE_POPULATION for district, people, _ in DISTRICTS}
    home_rounded = {district: round(v) for district, v in home.items()}
    largest = max(home_rounded, key=lambda d: home[d])
    home_rounded[largest] += EV_HOME_VEHICLES - sum(home_rounded.values())
    fleets = []
    for district, people, bus in DISTRICTS:
        vehicles = home_rounded[district]
        fleets.append(("EV_HOME_" + district.upper(), bus, "residential", float(vehicles), EV_HOME_CHARGER_KW,
                       float(vehicles), "ev_plugged_home", EV_HOME_V2G_SHARE,
                       f"{EV_HOME_VEHICLES} home-charged EVs x {people:,} / 43,144 residents [T8], rounded"))
    per_site = public_vehicles / len(EV_PUBLIC_CHARGER_BUSES)
    for bus in EV_PUBLIC_CHARGER_BUSES:
        name = bus_district.get(bus, bus.split("_")[0].title())
        fleets.append(("EV_PUBLIC_" + bus.removesuffix("_110"), bus, "public", per_site, EV_PUBLIC_CHARGER_KW,
                       float(EV_PUBLIC_CHARGERS_PER_SITE), "ev_plugged_public", 0.0,
                       (f"{public_vehicles} EVs without a home charger split equally over the "
                        f"{len(EV_PUBLIC_CHARGER_BUSES)} substations with EV chargers [G12] ({name})")))
    records = []
    total_charge = np.zeros(HOURS_PER_YEAR)
    hours_utc = pd.DatetimeIndex(profiles.index).hour.to_numpy()
    before_departure = hours_utc == (departure_utc - 1) % 24
    totals = {"vehicles": 0.0, "home": 0.0, "public": 0.0, "charging_mwh": 0.0, "driving_mwh": 0.0}
    for fleet_id, bus, consumer_class, vehicles, charger_kw, chargers, plugged, v2g, note in fleets:
        limit = charger_kw / 1000.0 * np.minimum(chargers, vehicles * profiles[plugged].to_numpy(float))
        driving = vehicles * daily_kwh / 1000.0 / 24.0 * profiles["ev_driving"].to_numpy(float)
        capacity = vehicles * EV_BATTERY_KWH / 1000.0
        daily_limit = float(limit.reshape(365, 24).sum(axis=1).min())
        need = vehicles * daily_kwh / 1000.0 / EV_CHARGING_EFFICIENCY
        if daily_limit < 2.0 * need:
            raise ValueError(f"{fleet_id}: chargers give {daily_limit:.3f} MWh/day, less than twice the "
                             f"{need:.3f} MWh/day the driving needs")
        charge, energy = uncontrolled_charging(limit, driving, capacity, EV_CHARGING_EFFICIENCY)
        if energy.min() < -1e-9 or (energy[before_departure] < EV_DEPARTURE_STATE_OF_CHARGE * capacity - 1e-9).any():
            raise ValueError(f"{fleet_id}: uncontrolled charging misses the departure state of charge")
        total_charge += charge
        totals["vehicles"] += vehicles
        totals["home" if consumer_class == "residential" else "public"] += vehicles
        totals["charging_mwh"] += float(charge.sum())
        totals["driving_mwh"] += float(driving.sum())
        records.append({"fleet_id": fleet_id, "bus": bus, "consumer_class": consumer_class, "vehicles": vehicles,
                        "daily_energy_kwh_per_vehicle": daily_kwh, "battery_kwh_per_vehicle": EV_BATTERY_KWH,
                        "charger_kw": charger_kw, "chargers": chargers,
                        "charging_efficiency": EV_CHARGING_EFFICIENCY, "plugged_in_profile": plugged,
                        "driving_profile": "ev_driving", "departure_hour_utc": departure_utc,
                        "departure_state_of_charge": EV_DEPARTURE_STATE_OF_CHARGE, "v2g_share": v2g,
                        "charging_mode": "uncontrolled", "commissioned": None})
        sources.add_row("ev_fleets", fleet_id, {
            "vehicles": ("ASSUMPTION 10", f"{note}; 300 EVs in the zone in the base year"),
            "chargers": ("ASSUMPTION 10", (
                "one 7.4 kW home/workplace charger per car" if consumer_class == "residential"
                else f"{EV_PUBLIC_CHARGERS_PER_SITE} DC chargers of 50 kW at the substation [G12]") + (
                f"; chargers x kW x plugged-in share give >= {daily_limit * 1e3:,.0f} kWh/day for "
                f"{need * 1e3:,.0f} kWh/day of driving / efficiency; uncontrolled charging meets the departure "
                f"state of charge every day ({energy[before_departure].min() / capacity:.2f} at worst)")),
            "charger_kw": ("ASSUMPTION 10", "7.4-11 kW AC at homes and workplaces, lower value" if
                           consumer_class == "residential" else "50-60 kW DC at substations, lower value"),
            "v2g_share": ("ASSUMPTION", "half of the home chargers bidirectional" if consumer_class == "residential"
                          else "0: public DC chargers are not bidirectional"),
        })
    sources.add_row("ev_fleets", "*", {
        "daily_energy_kwh_per_vehicle": ("T13,ASSUMPTION 10",
                                         f"{EV_KM_PER_DAY:g} km/day (ASSUMPTION 10) x {EV_KWH_PER_KM} kWh/km [T13]"),
        "battery_kwh_per_vehicle": ("ASSUMPTION", "50 kWh usable, a typical compact EV"),
        "charging_efficiency": ("ASSUMPTION", "0.9 grid to battery (and back)"),
        "departure_hour_utc": ("ASSUMPTION", f"the day's driving starts at {EV_DEPARTURE_LOCAL_HOUR:02d} h local = "
                               f"{departure_utc:02d} h UTC"),
        "departure_state_of_charge": ("ASSUMPTION", "80 % at departure"),
        "commissioned": ("ASSUMPTION",
                         "empty: the base-year fleet (ASSUMPTION 10) in every scenario year (no EV growth series yet)"),
    })
    return records, total_charge, totals


def build_street_lighting(profiles: pd.DataFrame, sources: Sources) -> tuple[list[dict[str, object]], np.ndarray]:
    """street_lighting per district and its grid electricity (MW per hour)."""
    dark = profiles["dark"].to_numpy(float)
    records = []
    grid = np.zeros(HOURS_PER_YEAR)
    for district, people, bus in DISTRICTS:
        lighting_id = f"STREET_LIGHTS_{district.upper()}"
        lamps = float(round(people / RESIDENTS_PER_STREET_LAMP))
        records.append({"lighting_id": lighting_id, "bus": bus, "lamps": lamps, "lamp_w": STREET_LAMP_W,
                        "solar_share": STREET_LIGHTING_SOLAR_SHARE, "dark_profile": "dark"})
        grid += lamps * (1.0 - STREET_LIGHTING_SOLAR_SHARE) * STREET_LAMP_W / 1e6 * dark
        sources.add("street_lighting", lighting_id, "lamps", "T8,ASSUMPTION",
                    f"{people:,} residents (ASSUMPTION split of 43,144 [T8]) / {RESIDENTS_PER_STREET_LAMP:g} "
                    "residents per lamp (ASSUMPTION), rounded")
    sources.add("street_lighting", "*", "lamp_w", "ASSUMPTION", "60 W LED street lamp")
    sources.add("street_lighting", "*", "solar_share", "ASSUMPTION",
                "30 % of the lamps are the plan's off-grid solar LED street lights")
    return records, grid


def build_loads(other_mwh: float, other_note: str, sources: Sources) -> list[dict[str, object]]:
    """Loads: everything but heating, hot water, cooling, EV charging and street lighting.

    The residential (Aghali benchmark) and commercial split of the 250 GWh is scaled by one factor so that
    loads + ``other_mwh`` (the explicit end uses) = 250 GWh; the industrial park keeps its 30 GWh.
    """
    residents = sum(d[1] for d in DISTRICTS)
    if residents != ZONE_POPULATION:
        raise ValueError(f"district residents sum to {residents}, not {ZONE_POPULATION}")
    residential_total = ZONE_POPULATION * RESIDENTIAL_MWH_PER_PERSON
    commercial_total = BASE_YEAR_DEMAND_MWH - residential_total - INDUSTRIAL_PARK_MWH
    factor = (BASE_YEAR_DEMAND_MWH - INDUSTRIAL_PARK_MWH - other_mwh) / (residential_total + commercial_total)
    if not 0.5 < factor <= 1.0:
        raise ValueError(f"the explicit end uses leave a load factor of {factor:.3f}")
    records = []
    for district, people, bus in DISTRICTS:
        key = district.upper()
        residential = round(factor * people * RESIDENTIAL_MWH_PER_PERSON, 1)
        commercial = round(factor * commercial_total * people / ZONE_POPULATION, 1)
        records.append({"load_id": f"{key}_RESIDENTIAL", "bus": bus, "district": district,
                        "consumer_class": "residential", "annual_energy_mwh": residential,
                        "profile": "load_residential"})
        records.append({"load_id": f"{key}_COMMERCIAL", "bus": bus, "district": district,
                        "consumer_class": "commercial", "annual_energy_mwh": commercial,
                        "profile": "load_commercial"})
        sources.add("loads", f"{key}_RESIDENTIAL", "annual_energy_mwh", "T8,R14,R34,ASSUMPTION 3",
                    f"{people:,} residents (ASSUMPTION split of 43,144 [T8]) x 3.07 GWh/871 residents "
                    f"= {RESIDENTIAL_MWH_PER_PERSON:.3f} MWh/person [R14,R34] x {factor:.4f} (the share left to the "
                    "loads, see *)")
        sources.add("loads", f"{key}_COMMERCIAL", "annual_energy_mwh", "ASSUMPTION 3",
                    f"commercial and public: (250 GWh - residential - industrial park) x residents share "
                    f"{people / ZONE_POPULATION:.4f} x {factor:.4f} (see *)")
    records.append({"load_id": "AGHDAM_INDUSTRIAL_PARK", "bus": "AGHDAM_2_110", "district": "Aghdam",
                    "consumer_class": "industrial", "annual_energy_mwh": INDUSTRIAL_PARK_MWH,
                    "profile": "load_industrial"})
    sources.add("loads", "AGHDAM_INDUSTRIAL_PARK", "annual_energy_mwh", "ASSUMPTION",
                "Aghdam Industrial Park: 30 GWh/yr (~3.4 MW mean), part of the 250 GWh (ASSUMPTION 3); its "
                "process heat stays in the load")
    # Close rounding so that loads + explicit end uses = 250,000 MWh (on the largest commercial load).
    gap = round(BASE_YEAR_DEMAND_MWH - other_mwh - sum(r["annual_energy_mwh"] for r in records), 1)
    largest = max((r for r in records if r["consumer_class"] == "commercial"), key=lambda r: r["annual_energy_mwh"])
    largest["annual_energy_mwh"] = round(largest["annual_energy_mwh"] + gap, 1)
    sources.add("loads", "*", "annual_energy_mwh", "ASSUMPTION 3",
                f"residential and commercial x {factor:.4f}: 250 GWh (ASSUMPTION 3) = loads + {other_note}")
    return records


def build_demand_growth(sources: Sources) -> list[dict[str, object]]:
    records = []
    for row in fact_rows("demand_growth"):
        records.append({"year": int(row["year"]), "demand_scale": float(row["demand_scale"])})
        sources.add("demand_growth", row["year"], "demand_scale", row["source"], row["note"])
    sources.add("demand_growth", "*", "year", "ASSUMPTION", "scenario years covered: 2022-2028")
    return records


def end_uses_note(end_uses: dict[str, np.ndarray]) -> tuple[float, str]:
    """Total MWh of the explicit end uses of 2025 and the note that lists them."""
    end_use_mwh = {name: float(values.sum()) for name, values in end_uses.items()}
    note = ", ".join(f"{name} {mwh / 1e3:.2f} GWh" for name, mwh in end_use_mwh.items())
    note += " (2025 estimates of build_zone.py: heat pumps at the hourly COP up to their capacity, boilers above)"
    return sum(end_use_mwh.values()), note


def summary(profiles: pd.DataFrame, loads: list[dict[str, object]], end_uses: dict[str, np.ndarray],
            heat_estimate: dict[str, object], ev: dict[str, float]) -> str:
    stamps = pd.DatetimeIndex(profiles.index)
    by_class: dict[str, np.ndarray] = {}
    for row in loads:
        series = profiles[row["profile"]].to_numpy() * row["annual_energy_mwh"] / HOURS_PER_YEAR
        by_class[row["consumer_class"]] = by_class.get(row["consumer_class"], 0.0) + series
    parts = {f"loads {name}": values for name, values in by_class.items()} | end_uses
    total = sum(parts.values())
    winter, summer = np.isin(stamps.month, (12, 1, 2)), np.isin(stamps.month, (6, 7, 8))
    monthly_peak = pd.Series(total, index=stamps).groupby(stamps.month).max()
    heat, cop = heat_estimate["heat"], heat_estimate["cop"]
    return "\n".join([
        "electricity 2025 (GWh): " + ", ".join(f"{name} {values.sum() / 1e3:.2f}" for name, values in parts.items())
        + f"; total {total.sum() / 1e3:.2f}",
        (f"peak {total.max():.1f} MW at {stamps[int(np.argmax(total))]:%Y-%m-%d %H:%M} UTC; winter (DJF) peak "
         f"{total[winter].max():.1f}, summer (JJA) peak {total[summer].max():.1f} MW; mean {total.mean():.1f} MW"),
        "monthly peaks (MW): " + ", ".join(f"{v:.1f}" for v in monthly_peak),
        (f"heat 2025: space {heat['space'] / 1e3:.1f} GWh_th, hot water {heat['hot_water'] / 1e3:.1f} GWh_th, "
         f"cooling {heat['cooling_th'] / 1e3:.1f} GWh_th"),
        "heat pump COP (mean of hours / at the month's mean temperature): " + "; ".join(
            f"{district} Jan {cop[district]['january']:.2f}/{cop[district]['january_at_mean_t']:.2f}, "
            f"Jul {cop[district]['july']:.2f}/{cop[district]['july_at_mean_t']:.2f}, "
            f"season {cop[district]['heating_season']:.2f}"
            for district in ("Jabrayil", "Shusha", "Kalbajar")),
        (f"EV fleets: {ev['vehicles']:.0f} vehicles ({ev['home']:.0f} home, {ev['public']:.0f} public), driving "
         f"{ev['driving_mwh']:.0f} MWh, uncontrolled charging {ev['charging_mwh']:.0f} MWh"),
    ])


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    profiles = read_profiles(arguments.work)
    waste = read_product(arguments.work, "waste_plants.csv")[0]
    waste = {"plant_id": waste["plant_id"], "p_nom_mw": float(waste["p_nom_mw"]), "commissioned": waste["commissioned"]}
    sources = Sources()
    heat, heat_estimate = build_heat(profiles, waste, sources)
    ev_fleets, ev_charging, ev_totals = build_ev_fleets(profiles, sources)
    street_lighting, street_lighting_mw = build_street_lighting(profiles, sources)
    electricity = heat_estimate["electricity"]
    end_uses = {"heat pumps": electricity["heat_pump"], "electric boilers": electricity["boiler"],
                "cooling": electricity["cooling"], "uncontrolled EV charging": ev_charging,
                "street lighting (grid)": street_lighting_mw}
    loads = build_loads(*end_uses_note(end_uses), sources)
    tables = {"loads": loads, "ev_fleets": ev_fleets, **heat, "street_lighting": street_lighting,
              "demand_growth": build_demand_growth(sources)}
    write_product(arguments.work, "demand", tables, sources)
    print(summary(profiles, loads, end_uses, heat_estimate, ev_totals))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
