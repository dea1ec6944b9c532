"""The solar plants' configurations (facts/pv_plants.csv): the pv_plants table and one configuration per profile.

Each solar generator of facts/generators.csv has a row: its DC/AC ratio, its mounting (fixed at a tilt and
azimuth, or a single-axis tracker with its rotation limit and ground-coverage ratio) and its published annual
energy, each with a ZONE.md source key or ASSUMPTION.  Plants naming the same availability profile must share
the configuration the profile is built from (profiles.py builds each profile once).  Used by profiles.py
(the profiles) and fleet.py (the table).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import solar
from common import Sources, assumptions, fact_rows, number

MODEL = assumptions()["profiles"]["pv_model"]
CONFIGURATION = ("dc_ac_ratio", "mounting", "tilt_deg", "azimuth_deg", "max_rotation_deg", "ground_coverage_ratio")
TRACKING = {"fixed": "fixed", "single_axis": "single_axis"}  # pv_plants.csv mounting -> solar.py tracking
# the tracker a fixed plant's note compares it with (a sensitivity, not data): solar.py's defaults
REFERENCE_TRACKER = {"tracking": "single_axis", "max_rotation_deg": 60.0, "ground_coverage_ratio": 0.35}


def pv_rows() -> list[dict[str, str]]:
    """facts/pv_plants.csv, each row with its generator's availability profile; every solar generator has one."""
    generators = {row["generator_id"]: row for row in fact_rows("generators")
                  if row["carrier"] in ("solar", "rooftop_solar")}
    rows = fact_rows("pv_plants")
    missing = sorted(set(generators) - {row["generator_id"] for row in rows})
    if missing:
        raise ValueError(f"facts/pv_plants.csv has no row for the solar generators {missing}")
    return [{**row, "availability_profile": generators[row["generator_id"]]["availability_profile"],
             "carrier": generators[row["generator_id"]]["carrier"]} for row in rows]


def profile_configurations() -> dict[str, dict[str, object]]:
    """Availability profile -> the keyword arguments of solar.pv_availability_per_mw_ac, and its plants."""
    configurations: dict[str, dict[str, object]] = {}
    for row in pv_rows():
        configuration = {column: row[column] for column in CONFIGURATION}
        known = configurations.setdefault(row["availability_profile"], {"configuration": configuration, "plants": []})
        if known["configuration"] != configuration:
            raise ValueError(f"{row['generator_id']}: another configuration than {known['plants'][0]}, whose "
                             f"profile {row['availability_profile']} it names")
        known["plants"].append(row["generator_id"])
    return {name: {"plants": entry["plants"], "arguments": model_arguments(entry["configuration"])}
            for name, entry in configurations.items()}


def model_arguments(configuration: dict[str, str]) -> dict[str, object]:
    """solar.pv_availability_per_mw_ac's arguments for one configuration (the model's common losses added)."""
    arguments: dict[str, object] = {"dc_ac_ratio": float(configuration["dc_ac_ratio"]),
                                    "tracking": TRACKING[configuration["mounting"]],
                                    "system_loss": MODEL["system_loss"],
                                    "inverter_efficiency": MODEL["inverter_efficiency"],
                                    "tilt_deg": _or(number(configuration["tilt_deg"]), 0.0),
                                    "azimuth_deg": _or(number(configuration["azimuth_deg"]), 180.0)}
    if configuration["mounting"] == "single_axis":
        arguments.update(max_rotation_deg=float(configuration["max_rotation_deg"]),
                         ground_coverage_ratio=float(configuration["ground_coverage_ratio"]))
    return arguments


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def pv_plant_records(sources: Sources) -> list[dict[str, object]]:
    """The pv_plants table, with its sources rows."""
    records = []
    for row in pv_rows():
        generator_id = row["generator_id"]
        records.append({"generator_id": generator_id, "dc_ac_ratio": float(row["dc_ac_ratio"]),
                        "mounting": row["mounting"],
                        **{column: number(row[column]) for column in CONFIGURATION[2:]},
                        "published_energy_gwh_per_year": number(row["published_energy_gwh_per_year"])})
        sources.add("pv_plants", generator_id, "dc_ac_ratio", row["dc_ac_source"], row["dc_ac_note"])
        for column in CONFIGURATION[2:]:
            note = row["mounting_note"] if row[column] else f"empty: {row['mounting']} mounting"
            sources.add("pv_plants", generator_id, column, row["mounting_source"], note)
        sources.add("pv_plants", generator_id, "published_energy_gwh_per_year", row["published_source"],
                    row["published_note"])
    return records


def solar_profiles(weather: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each availability profile of a solar plant, from its configuration (solar.pv_availability_per_mw_ac)."""
    return {name: solar.pv_availability_per_mw_ac(weather, **entry["arguments"])
            for name, entry in profile_configurations().items()}


def solar_profile_notes(profiles: pd.DataFrame, weather: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """The sources row of each solar profile: its plants, configuration, annual factor and, for a fixed plant,
    what a single-axis tracker would give on the same weather (a sensitivity, not used; not for rooftops)."""
    rows = {row["generator_id"]: row for row in pv_rows()}
    notes = {}
    for name, entry in profile_configurations().items():
        arguments, first = entry["arguments"], rows[entry["plants"][0]]
        keys = ["C1", *(k.strip() for r in entry["plants"] for k in
                        f"{rows[r]['dc_ac_source']},{rows[r]['mounting_source']}".split(","))]
        mounting = (f"fixed at tilt {arguments['tilt_deg']:g} deg, azimuth {arguments['azimuth_deg']:g} deg"
                    if arguments["tracking"] == "fixed" else
                    f"single-axis tracker, +-{arguments['max_rotation_deg']:g} deg, GCR {arguments['ground_coverage_ratio']:g}")
        note = (f"inputs/build/solar.py on the Jabrayil TMY for {', '.join(entry['plants'])} (facts/pv_plants.csv): "
                f"{mounting}, DC/AC {arguments['dc_ac_ratio']:g} ({first['dc_ac_note']}), system loss "
                f"{arguments['system_loss']:g}, inverter {arguments['inverter_efficiency']:g}, albedo 0.2, NOCT 45 degC, "
                f"-0.4 %/K; Jabrayil irradiance everywhere (ASSUMPTION 13, not scaled); annual factor "
                f"{profiles[name].mean():.4f}")
        if arguments["tracking"] == "fixed" and first["carrier"] == "solar":
            tracker = solar.pv_availability_per_mw_ac(weather, **{**arguments, **REFERENCE_TRACKER})
            note += f"; on a single-axis tracker (+-60 deg, GCR 0.35) it would be {tracker.mean():.4f} (not used)"
        notes[name] = (",".join(dict.fromkeys(keys)), note)
    return notes
