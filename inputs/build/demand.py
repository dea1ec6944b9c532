"""Step: the demand side: heat buses, heat units, tanks, EV fleets, street lighting, loads, demand growth.

    python inputs/build/demand.py [--work inputs/build/products]

Needs the products of profiles.py (temperature, hot water, EV and dark profiles) and fleet.py (the waste
plant whose heat the Aghdam heat bus recovers).  The loads keep what the explicit end uses leave of the
base-year demand (ASSUMPTION 3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from common import (HOURS_PER_YEAR, Sources, assumptions, constants, districts, fact_rows, read_product,
                    read_profiles, step_arguments, write_product)
from demand_ev import build_ev_fleets
from demand_heat import build_heat

A = assumptions()["demand"]
C = constants()
DISTRICTS = districts()
ZONE_POPULATION = int(C["zone_population"])
BASE_YEAR_DEMAND_MWH = A["base_year_demand_mwh"]
RESIDENTIAL_MWH_PER_PERSON = C["aghali_residential_mwh"] / C["aghali_residents"]  # [R14,R34], ~3.5 MWh
INDUSTRIAL_PARK_MWH = A["industrial_park_mwh"]
RESIDENTS_PER_STREET_LAMP = A["residents_per_street_lamp"]
STREET_LAMP_W = A["street_lamp_w"]
STREET_LIGHTING_SOLAR_SHARE = A["street_lighting_solar_share"]


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
