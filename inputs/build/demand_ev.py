"""The demand step's EV fleets (ASSUMPTION 10): one home-charged fleet per district and one public fleet per
substation with DC chargers, checked against the model's uncontrolled charging."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from common import HOURS_PER_YEAR, Sources, assumptions, constants, districts, fact_rows, local_hour_to_utc

from gezopt.demand import uncontrolled_charging

A = assumptions()["demand"]
C = constants()
DISTRICTS = districts()
ZONE_POPULATION = int(C["zone_population"])
EV_BASE_YEAR_VEHICLES = A["ev_base_year_vehicles"]
EV_HOME_VEHICLES = A["ev_home_vehicles"]
EV_KM_PER_DAY = A["ev_km_per_day"]
EV_KWH_PER_KM = C["ev_kwh_per_km"]
EV_DAILY_KWH = EV_KM_PER_DAY * EV_KWH_PER_KM
EV_BATTERY_KWH = A["ev_battery_kwh"]
EV_CHARGING_EFFICIENCY = A["ev_charging_efficiency"]
EV_HOME_CHARGER_KW = A["ev_home_charger_kw"]
EV_PUBLIC_CHARGER_KW = A["ev_public_charger_kw"]
EV_PUBLIC_CHARGERS_PER_SITE = A["ev_public_chargers_per_site"]
EV_DEPARTURE_LOCAL_HOUR = A["ev_departure_local_hour"]
EV_DEPARTURE_UTC = local_hour_to_utc(EV_DEPARTURE_LOCAL_HOUR)
EV_DEPARTURE_STATE_OF_CHARGE = A["ev_departure_state_of_charge"]
EV_HOME_V2G_SHARE = A["ev_home_v2g_share"]
EV_PUBLIC_CHARGER_BUSES = tuple(row["bus"] for row in fact_rows("ev_charger_sites"))  # [G12]


@dataclass(frozen=True)
class Fleet:
    """One EV fleet before its check: where, how many, what it charges with and why."""

    fleet_id: str
    bus: str
    consumer_class: str
    vehicles: float
    charger_kw: float
    chargers: float
    plugged: str
    v2g: float
    note: str


def fleets() -> list[Fleet]:
    """The home-charged cars split over the districts by residents (rounded; the largest takes the rest), the
    others equally over the substations with public chargers."""
    public_vehicles = EV_BASE_YEAR_VEHICLES - EV_HOME_VEHICLES
    bus_district = {bus: district for district, _, bus in DISTRICTS}
    home = {district: EV_HOME_VEHICLES * people / ZONE_POPULATION for district, people, _ in DISTRICTS}
    home_rounded = {district: round(v) for district, v in home.items()}
    largest = max(home_rounded, key=lambda d: home[d])
    home_rounded[largest] += EV_HOME_VEHICLES - sum(home_rounded.values())
    result = []
    for district, people, bus in DISTRICTS:
        vehicles = float(home_rounded[district])
        result.append(Fleet("EV_HOME_" + district.upper(), bus, "residential", vehicles, EV_HOME_CHARGER_KW,
                            vehicles, "ev_plugged_home", EV_HOME_V2G_SHARE,
                            f"{EV_HOME_VEHICLES} home-charged EVs x {people:,} / 43,144 residents [T8], rounded"))
    per_site = public_vehicles / len(EV_PUBLIC_CHARGER_BUSES)
    for bus in EV_PUBLIC_CHARGER_BUSES:
        name = bus_district.get(bus, bus.split("_")[0].title())
        result.append(Fleet("EV_PUBLIC_" + bus.removesuffix("_110"), bus, "public", per_site, EV_PUBLIC_CHARGER_KW,
                            float(EV_PUBLIC_CHARGERS_PER_SITE), "ev_plugged_public", 0.0,
                            (f"{public_vehicles} EVs without a home charger split equally over the "
                             f"{len(EV_PUBLIC_CHARGER_BUSES)} substations with EV chargers [G12] ({name})")))
    return result


def fleet_charging(fleet: Fleet, profiles: pd.DataFrame, before_departure: np.ndarray) -> dict[str, object]:
    """A fleet's uncontrolled charging over the year; fails if its chargers cannot keep it driving."""
    limit = fleet.charger_kw / 1000.0 * np.minimum(fleet.chargers,
                                                   fleet.vehicles * profiles[fleet.plugged].to_numpy(float))
    driving = fleet.vehicles * EV_DAILY_KWH / 1000.0 / 24.0 * profiles["ev_driving"].to_numpy(float)
    capacity = fleet.vehicles * EV_BATTERY_KWH / 1000.0
    daily_limit = float(limit.reshape(365, 24).sum(axis=1).min())
    need = fleet.vehicles * EV_DAILY_KWH / 1000.0 / EV_CHARGING_EFFICIENCY
    if daily_limit < 2.0 * need:
        raise ValueError(f"{fleet.fleet_id}: chargers give {daily_limit:.3f} MWh/day, less than twice the "
                         f"{need:.3f} MWh/day the driving needs")
    charge, energy = uncontrolled_charging(limit, driving, capacity, EV_CHARGING_EFFICIENCY, np.ones(len(limit)))
    if energy.min() < -1e-9 or (energy[before_departure] < EV_DEPARTURE_STATE_OF_CHARGE * capacity - 1e-9).any():
        raise ValueError(f"{fleet.fleet_id}: uncontrolled charging misses the departure state of charge")
    return {"charge": charge, "driving": driving, "daily_limit": daily_limit, "need": need,
            "worst_state_of_charge": energy[before_departure].min() / capacity}


def fleet_record(fleet: Fleet, charging: dict[str, object], sources: Sources) -> dict[str, object]:
    """The ev_fleets row of a fleet and its sources rows."""
    residential = fleet.consumer_class == "residential"
    sources.add_row("ev_fleets", fleet.fleet_id, {
        "vehicles": ("ASSUMPTION 10", f"{fleet.note}; 300 EVs in the zone in the base year"),
        "chargers": ("ASSUMPTION 10", (
            "one 7.4 kW home/workplace charger per car" if residential
            else f"{EV_PUBLIC_CHARGERS_PER_SITE} DC chargers of 50 kW at the substation [G12]") + (
            f"; chargers x kW x plugged-in share give >= {charging['daily_limit'] * 1e3:,.0f} kWh/day for "
            f"{charging['need'] * 1e3:,.0f} kWh/day of driving / efficiency; uncontrolled charging meets the "
            f"departure state of charge every day ({charging['worst_state_of_charge']:.2f} at worst)")),
        "charger_kw": ("ASSUMPTION 10", "7.4-11 kW AC at homes and workplaces, lower value" if residential
                       else "50-60 kW DC at substations, lower value"),
        "v2g_share": ("ASSUMPTION", "half of the home chargers bidirectional" if residential
                      else "0: public DC chargers are not bidirectional"),
    })
    return {"fleet_id": fleet.fleet_id, "bus": fleet.bus, "consumer_class": fleet.consumer_class,
            "vehicles": fleet.vehicles, "daily_energy_kwh_per_vehicle": EV_DAILY_KWH,
            "battery_kwh_per_vehicle": EV_BATTERY_KWH, "charger_kw": fleet.charger_kw, "chargers": fleet.chargers,
            "charging_efficiency": EV_CHARGING_EFFICIENCY, "plugged_in_profile": fleet.plugged,
            "driving_profile": "ev_driving", "departure_hour_utc": EV_DEPARTURE_UTC,
            "departure_state_of_charge": EV_DEPARTURE_STATE_OF_CHARGE, "v2g_share": fleet.v2g,
            "charging_mode": "uncontrolled", "commissioned": None}


def common_ev_sources(sources: Sources) -> None:
    sources.add_row("ev_fleets", "*", {
        "daily_energy_kwh_per_vehicle": ("T13,ASSUMPTION 10",
                                         f"{EV_KM_PER_DAY:g} km/day (ASSUMPTION 10) x {EV_KWH_PER_KM} kWh/km [T13]"),
        "battery_kwh_per_vehicle": ("ASSUMPTION", "50 kWh usable, a typical compact EV"),
        "charging_efficiency": ("ASSUMPTION", "0.9 grid to battery (and back)"),
        "departure_hour_utc": ("ASSUMPTION", f"the day's driving starts at {EV_DEPARTURE_LOCAL_HOUR:02d} h local = "
                               f"{EV_DEPARTURE_UTC:02d} h UTC"),
        "departure_state_of_charge": ("ASSUMPTION", "80 % at departure"),
        "commissioned": ("ASSUMPTION",
                         "empty: the base-year fleet (ASSUMPTION 10) in every scenario year (no EV growth series yet)"),
    })


def build_ev_fleets(profiles: pd.DataFrame,
                    sources: Sources) -> tuple[list[dict[str, object]], np.ndarray, dict[str, float]]:
    """ev_fleets (ASSUMPTION 10), the uncontrolled charging of 2025 (MW per hour) and totals."""
    hours_utc = pd.DatetimeIndex(profiles.index).hour.to_numpy()
    before_departure = hours_utc == (EV_DEPARTURE_UTC - 1) % 24
    records = []
    total_charge = np.zeros(HOURS_PER_YEAR)
    totals = {"vehicles": 0.0, "home": 0.0, "public": 0.0, "charging_mwh": 0.0, "driving_mwh": 0.0}
    for fleet in fleets():
        charging = fleet_charging(fleet, profiles, before_departure)
        total_charge += charging["charge"]
        totals["vehicles"] += fleet.vehicles
        totals["home" if fleet.consumer_class == "residential" else "public"] += fleet.vehicles
        totals["charging_mwh"] += float(charging["charge"].sum())
        totals["driving_mwh"] += float(charging["driving"].sum())
        records.append(fleet_record(fleet, charging, sources))
    common_ev_sources(sources)
    return records, total_charge, totals
