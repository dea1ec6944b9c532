"""Step: the hourly profiles of the reference year (profiles.csv) and their sources.

    python inputs/build/profiles.py [--shared ../shared/data] [--work inputs/build/products]
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import solar
from common import (HOURS_PER_YEAR, REFERENCE_YEAR, Sources, assumptions, constants, local_time, step_arguments,
                    write_csv, write_product)
from pv_plants import solar_profile_notes, solar_profiles

A = assumptions()["profiles"]
C = constants()
MEAN_ONE_PROFILES = ("hydro_snowmelt", "load_residential", "load_commercial", "load_industrial", "hot_water",
                     "ev_driving", "national_export_value")


def reference_timestamps() -> pd.DatetimeIndex:
    """Hourly UTC timestamps of the reference year."""
    return pd.date_range(f"{REFERENCE_YEAR}-01-01 00:00", periods=HOURS_PER_YEAR, freq="h")


def read_weather(shared: Path) -> pd.DataFrame:
    """The Jabrayil TMY [C1] moved to the reference year by month/day/hour (its rows come from several years)."""
    weather = pd.read_csv(shared / "jabrayil_tmy.csv", parse_dates=["timestamp"])
    stamps = reference_timestamps()
    source = pd.DatetimeIndex(weather["timestamp"])
    same = ((source.month == stamps.month) & (source.day == stamps.day) & (source.hour == stamps.hour)).all()
    if len(weather) != HOURS_PER_YEAR or not same:
        raise ValueError("jabrayil_tmy.csv is not 8,760 hourly rows in calendar order")
    return weather.assign(timestamp=stamps)


def hydro_snowmelt_profile(stamps: pd.DatetimeIndex) -> np.ndarray:
    """Stepwise monthly snowmelt multipliers (ASSUMPTION 4), scaled to mean 1 over the hours of the year."""
    raw = np.asarray(assumptions()["hydro"]["snowmelt_monthly_multipliers"])[stamps.month - 1]
    return raw / raw.mean()


def wind_shape(stamps: pd.DatetimeIndex) -> np.ndarray:
    """Seasonal x diurnal x weather factor of the wind speed (see wind_profile)."""
    hours = np.arange(len(stamps), dtype=float)
    day_of_year = (stamps.day_of_year.to_numpy() - 1) + stamps.hour.to_numpy() / 24.0
    local_hour = local_time(stamps).hour.to_numpy()
    seasonal = 1.0 + 0.15 * np.cos(2 * np.pi * (day_of_year - 15.0) / 365.0)
    diurnal = 1.0 + 0.08 * np.cos(2 * np.pi * (local_hour - 3.0) / 24.0)
    periods_h = np.array([2.3, 3.7, 5.9, 9.4, 15.1]) * 24.0
    amplitudes = np.array([0.30, 0.25, 0.20, 0.15, 0.10])
    golden_ratio = (1.0 + math.sqrt(5.0)) / 2.0
    phases = 2 * np.pi * np.arange(1, 6) / golden_ratio
    weather = np.exp(np.sum(amplitudes[:, None]
                            * np.sin(2 * np.pi * hours[None, :] / periods_h[:, None] + phases[:, None]), axis=0))
    return seasonal * diurnal * weather


def wind_profile(stamps: pd.DatetimeIndex, capacity_factor: float = A["wind_capacity_factor"]) -> np.ndarray:
    r"""Synthetic, deterministic hourly wind output per MW (ASSUMPTION 5).

    Wind speed :math:`v_t = V\, S_t\, D_t\, W_t` with seasonal factor
    :math:`S_t = 1 + 0.15\cos(2\pi(d_t - 15)/365)`, diurnal factor :math:`D_t = 1 + 0.08\cos(2\pi(h_t - 3)/24)`
    (:math:`h_t` local hour) and weather factor :math:`W_t = \exp(\sum_k a_k \sin(2\pi t/P_k + \phi_k))`, periods
    2.3, 3.7, 5.9, 9.4 and 15.1 days, amplitudes 0.30, 0.25, 0.20, 0.15, 0.10, phases :math:`2\pi k/\varphi`.
    Output per MW: 0 below 3 m/s, :math:`(v^3 - 3^3)/(12^3 - 3^3)` up to 12 m/s, 1 up to 25 m/s, 0 above.
    The speed scale :math:`V` is found by bisection so that the annual mean is ``capacity_factor``.
    """
    shape = wind_shape(stamps)

    def output(speed_scale: float) -> np.ndarray:
        speed = speed_scale * shape
        ramp = np.clip((speed ** 3 - 27.0) / (12.0 ** 3 - 27.0), 0.0, 1.0)
        return np.where(speed > 25.0, 0.0, ramp)

    low, high = 1.0, 20.0
    for _ in range(100):
        middle = 0.5 * (low + high)
        if output(middle).mean() < capacity_factor:
            low = middle
        else:
            high = middle
    return output(0.5 * (low + high))


def local_hour_shape(stamps: pd.DatetimeIndex, by_local_hour: list[float]) -> np.ndarray:
    return np.asarray(by_local_hour, dtype=float)[local_time(stamps).hour.to_numpy()]


def load_profiles(stamps: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    r"""Hourly electricity shapes per consumer class, mean 1 over the year (ASSUMPTION 3).

    :math:`\ell_{c,t} \propto D_c(h_t)\, w_c(t)`: diurnal shape by local hour times the weekend factor
    (Saturday, Sunday), divided by its mean.  No temperature term: heating, hot water and cooling are heat buses.
    """
    weekend = local_time(stamps).day_of_week.to_numpy() >= 5
    profiles = {}
    for consumer_class in ("residential", "commercial", "industrial"):
        raw = local_hour_shape(stamps, A[f"{consumer_class}_diurnal"]) * np.where(
            weekend, A["weekend_factor"][consumer_class], 1.0)
        profiles[f"load_{consumer_class}"] = raw / raw.mean()
    return profiles


def dark_share(stamps: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float) -> np.ndarray:
    """Share of each hour [t, t+1h) with the sun's zenith above dark_zenith_deg, sampled every 5 minutes."""
    samples = A["dark_samples_per_hour"]
    step_s = 3600 // samples
    offsets = (np.arange(samples) * step_s + step_s // 2).astype("timedelta64[s]")
    instants = (np.asarray(stamps, dtype="datetime64[s]")[:, None] + offsets[None, :]).ravel()
    zenith = solar.solar_position(instants, latitude_deg, longitude_deg).zenith_deg
    return (zenith.reshape(len(stamps), samples) > A["dark_zenith_deg"]).mean(axis=1)


def marginal_fuel_cost_azn_per_mwh(efficiency: float) -> float:
    """Gas cost of one MWh of electricity: gas price per 1,000 m3 / kWh per m3 / efficiency."""
    return C["gas_price_azn_per_1000_m3"] / A["gas_kwh_per_m3"] / efficiency


def national_export_value(stamps: pd.DatetimeIndex) -> tuple[np.ndarray, dict[str, float]]:
    """Hourly multiplier on the export price, mean 1: the fuel cost of the national marginal plant.

    Night (22-07 h local) CCGT, evening peak (18-22 h) OCGT, day in between (midpoint); in June-August
    the afternoon (12-18 h) is an OCGT hour as well (national summer peak [T6]).
    """
    local = local_time(stamps)
    hour = local.hour.to_numpy()
    month = local.month.to_numpy()
    ccgt = marginal_fuel_cost_azn_per_mwh(C["ccgt_efficiency"])
    ocgt = marginal_fuel_cost_azn_per_mwh(C["ocgt_efficiency"])
    day = 0.5 * (ccgt + ocgt)
    (night_from, night_to), (evening_from, evening_to) = A["night_hours_local"], A["evening_hours_local"]
    peak_from, peak_to = A["summer_peak_hours_local"]
    night = (hour >= night_from) | (hour < night_to)
    evening = (hour >= evening_from) & (hour < evening_to)
    summer_peak = np.isin(month, A["summer_peak_months"]) & (hour >= peak_from) & (hour < peak_to)
    level = np.where(night, ccgt, np.where(evening | summer_peak, ocgt, day))
    mean = float(level.mean())
    return level / mean, {"ccgt": ccgt, "ocgt": ocgt, "day": day, "mean": mean}


def build_profiles(weather: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
    """Every profile, rounded as written, and the export value levels (for the sources notes)."""
    stamps = pd.DatetimeIndex(weather["timestamp"])
    export_value, levels = national_export_value(stamps)
    hot_water = local_hour_shape(stamps, A["hot_water_diurnal"])
    driving = local_hour_shape(stamps, A["ev_driving"])
    columns = {
        **{name: (4, values) for name, values in solar_profiles(weather).items()},
        "wind_kalbajar": (4, wind_profile(stamps)),
        "hydro_snowmelt": (5, hydro_snowmelt_profile(stamps)),
        **{name: (5, values) for name, values in load_profiles(stamps).items()},
        "temperature_c": (2, weather["T_amb"].to_numpy(float)),
        "hot_water": (5, hot_water / hot_water.mean()),
        "ev_plugged_home": (4, local_hour_shape(stamps, A["ev_plugged_home"])),
        "ev_plugged_public": (4, local_hour_shape(stamps, A["ev_plugged_public"])),
        "ev_driving": (5, driving / driving.mean()),
        "dark": (4, dark_share(stamps, solar.JABRAYIL_LATITUDE_DEG, solar.JABRAYIL_LONGITUDE_DEG)),
        "national_export_value": (5, export_value),
    }
    # Availability and share profiles to 4 decimals, mean-1 shapes to 5, temperature to 0.01 degC.
    profiles = pd.DataFrame({name: np.round(values, decimals) + 0.0 for name, (decimals, values) in columns.items()},
                            index=stamps)
    profiles.index.name = "timestamp"
    not_mean_one = [name for name in MEAN_ONE_PROFILES if abs(profiles[name].mean() - 1.0) > 1e-5]
    if not_mean_one:
        raise ValueError(f"profiles without mean 1: {not_mean_one}")
    return profiles, levels


def _hours_text(values: list[float]) -> str:
    return ",".join(f"{v:g}" for v in values)


def profile_sources(profiles: pd.DataFrame, levels: dict[str, float], weather: pd.DataFrame,
                    sources: Sources) -> None:
    """One sources row per profile, with the figures of the written profile."""
    export = profiles["national_export_value"]
    notes = {
        **solar_profile_notes(profiles, weather),
        "wind_kalbajar": ("ASSUMPTION",
                          ("ASSUMPTION 5: synthetic seasonal x diurnal x weather shape through a generic power "
                          "curve, scaled to a 0.30 annual factor; to be replaced by an ERA5-based series")),
        "hydro_snowmelt": ("ASSUMPTION", ("ASSUMPTION 4: monthly multipliers 0.6,0.6,0.9,1.6,2.0,1.8,1.2,0.8,0.6,0.7,"
                           "0.6,0.6 stepwise by month, scaled to mean 1 over the hours")),
        "load_residential": ("ASSUMPTION 3", ("diurnal shape by local hour (evening peak 20 h) x weekend 1.05; no "
                             "temperature term (heating, hot water and cooling are heat_buses); mean 1")),
        "load_commercial": ("ASSUMPTION 3", ("office/public hours shape x weekend 0.75; no temperature term; "
                            "mean 1")),
        "load_industrial": ("ASSUMPTION", "two-shift shape, weekend 0.80; no temperature term; mean 1"),
        "temperature_c": ("C1", ("hourly T_amb of the Jabrayil TMY, degC, placed on 2025 by month/day/hour; "
                          f"mean {profiles['temperature_c'].mean():.2f}, min {profiles['temperature_c'].min():.2f}, "
                          f"max {profiles['temperature_c'].max():.2f}; district offsets in heat_buses.csv")),
        "hot_water": ("ASSUMPTION", ("daily hot-water shape by local hour (UTC+4), morning peak 07 h, evening "
                      f"peak 20 h: {_hours_text(A['hot_water_diurnal'])} (00-23 h), divided by its mean; "
                      "same every day")),
        "ev_plugged_home": ("ASSUMPTION 10", ("share of home-charged cars plugged in by local hour: "
                            f"{_hours_text(A['ev_plugged_home'])} (00-23 h); same every day")),
        "ev_plugged_public": ("ASSUMPTION 10", ("share of the public-charger users plugged in at a DC charger by "
                              f"local hour: {_hours_text(A['ev_plugged_public'])} (00-23 h); same every day")),
        "ev_driving": ("ASSUMPTION 10", ("driving energy by local hour, commute peaks 08 and 18 h, zero 21-07 h "
                       f"while the cars are at home: {_hours_text(A['ev_driving'])} (00-23 h), divided by its mean")),
        "dark": ("C1,ASSUMPTION", (f"share of the hour with the sun's zenith > {A['dark_zenith_deg']:g} deg at Jabrayil "
                 f"({solar.JABRAYIL_LATITUDE_DEG} N {solar.JABRAYIL_LONGITUDE_DEG} E, the TMY point [C1]), "
                 f"inputs/build/solar.py solar_position sampled every 5 minutes; {profiles['dark'].sum():.0f} dark "
                 "hours a year")),
        "national_export_value": ("T2,T10,T6,ASSUMPTION 9", (
            f"fuel cost of the national marginal plant: gas 185 AZN/1000 m3 [T2] / {A['gas_kwh_per_m3']} kWh/m3 "
            f"(ASSUMPTION) / efficiency 0.57 CCGT -> {levels['ccgt']:.2f} AZN/MWh at night 22-07 h local, "
            f"0.405 OCGT -> {levels['ocgt']:.2f} at the evening peak 18-22 h and on June-August afternoons "
            f"12-18 h (national August peak [T6]), midpoint {levels['day']:.2f} in other day hours; divided by "
            f"the annual mean {levels['mean']:.2f} -> multipliers {export.min():.3f}-{export.max():.3f}, mean "
            f"{export.mean():.4f}, so the annual mean export value stays 44 AZN/MWh (ASSUMPTION 9)")),
    }
    for name in profiles.columns:
        sources.add("profiles", "*", name, *notes[name])


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    weather = read_weather(arguments.shared)
    profiles, levels = build_profiles(weather)
    sources = Sources()
    profile_sources(profiles, levels, weather, sources)
    write_product(arguments.work, "profiles", {}, sources)
    write_csv(arguments.work / "profiles.csv", ["timestamp", *profiles.columns],
              [[stamp.strftime("%Y-%m-%d %H:%M"), *values]
               for stamp, values in zip(profiles.index, profiles.to_numpy().tolist())])
    print(f"profiles: solar_utility factor {profiles['solar_utility'].mean():.4f}, solar_rooftop factor "
          f"{profiles['solar_rooftop'].mean():.4f}, wind_kalbajar factor {profiles['wind_kalbajar'].mean():.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
