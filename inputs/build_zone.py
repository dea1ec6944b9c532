"""Build the default dataset ``inputs/zone/`` from the sourced data sheet.

Usage::

    python inputs/build_zone.py [--shared ../shared/data] [--output inputs/zone]

``--shared`` is the folder holding ``ZONE.md`` and ``jabrayil_tmy.csv``; a
relative path is taken from the repository root (default ``../shared/data``).
The script writes every table CSV of ``gezopt.data.specs``, ``profiles.csv``
and ``sources.csv``; it is deterministic (running it twice gives byte-identical
files).  Every number below carries the ZONE.md source key it comes from, or
the word ASSUMPTION (numbered as in ZONE.md section 5 where one applies); the
same keys are written to ``sources.csv``.

Conventions used throughout (all ASSUMPTION, documented in sources.csv):

- a plant date given only as a year is put on 1 July of that year, a month
  only on the 1st of that month; a substation date given only as a year on
  1 January (so that the year's loads are connected);
- a line enters service when both its end buses are in service;
- money: 1 EUR = 1.85 AZN (ASSUMPTION), 1 USD = 1.70 AZN [T1].
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "src"))

from gezopt.data import solar
from gezopt.data.specs import PROFILES_FILE, TABLES_BY_NAME

REFERENCE_YEAR = 2025
HOURS_PER_YEAR = 8760
LOCAL_UTC_OFFSET_HOURS = 4  # Azerbaijan time, UTC+4, no daylight saving
EUR_TO_AZN = 1.85  # ASSUMPTION
USD_TO_AZN = 1.70  # [T1]: 8.4 qepik = 4.94 US cents

# --------------------------------------------------------------------------- sources


class Sources:
    """Collects the rows of sources.csv: (table, row_id, column, source, note)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, table: str, row_id: str, column: str, source: str, note: str = "") -> None:
        self.rows.append((table, row_id, column, source, note))

    def add_row(self, table: str, row_id: str, entries: dict[str, tuple[str, str] | str]) -> None:
        for column, entry in entries.items():
            source, note = (entry, "") if isinstance(entry, str) else entry
            self.add(table, row_id, column, source, note)

    def covers(self, table: str, row_id: str, column: str) -> bool:
        return any(t == table and r in (row_id, "*") and c in (column, "*") for t, r, c, _, _ in self.rows)


SOURCES = Sources()

# --------------------------------------------------------------------------- buses
# Coordinates: approximate coordinates of the town/village (ASSUMPTION), in degrees.
# commissioned: ZONE.md date where one is given (year only -> 1 January); empty = in service
# before the dataset's first year (existing national-grid or district substations, or no
# date published).

BUSES = [
    # bus_id, name, kV, lat, lon, district, commissioned, (voltage/date source, note)
    ("JABRAYIL_330", "Jabrayil junction 330 kV", 330, 39.3990, 47.0270, "Jabrayil", "2023-05-04",
     ("G1,G2", "Jabrayil 330/110 kV junction; inaugurated 4 May (2023 by context)")),
    ("JABRAYIL_110", "Jabrayil 110 kV", 110, 39.3990, 47.0270, "Jabrayil", None,
     ("G1,G2,G4", ("110 kV side of the junction; the district's 110 kV supply existed before it "
      "(Shukurbayli feeds Jabrayil [G4]), so no date (ASSUMPTION)"))),
    ("SHUKURBAYLI_110", "Shukurbayli (Fuzuli) 110/35/10 kV", 110, 39.4900, 47.2800, "Fuzuli", None,
     ("G4", "existing substation, reconstructed 2020-21, 50->80 MVA")),
    ("FUZULI_110", "Fuzuli digital 110/35/10 kV", 110, 39.6010, 47.1450, "Fuzuli", None,
     ("G12,G8", "Fuzuli substation (EV chargers [G12]; on the Lachin ring list [G8]); no date published")),
    ("SHUSHA_110", "Shusha 110/35/10 kV", 110, 39.7580, 46.7490, "Shusha", "2021-01-01",
     ("G5", "built 2021")),
    ("KHANKENDI_110", "Khankendi 110 kV", 110, 39.8200, 46.7630, "Khankendi", None,
     ("G10", "new Khankendi substation; no date published")),
    ("KHOJALY_110", "Khojaly 110 kV", 110, 39.9110, 46.7910, "Khojaly", None,
     ("G12", "Khojaly substation (EV chargers); no date published")),
    ("AGHDAM_1_110", "Aghdam-1 110/35/10 kV", 110, 39.9910, 46.9300, "Aghdam", None,
     ("G6", "no date published")),
    ("AGHDAM_2_110", "Aghdam-2 110/35/10 kV (industrial park)", 110, 40.0150, 46.9700, "Aghdam", None,
     ("G6", "no date published; placed towards the Aghdam Industrial Park (ASSUMPTION)")),
    ("TARTAR_110", "Tartar 110 kV", 110, 40.3420, 46.9310, "Tartar", None,
     ("R15,G14", "existing substation that takes the Sugovushan output")),
    ("AGHDARA_110", "Aghdara 110 kV (Sarsang, Gozlukorpu)", 110, 40.2130, 46.8150, "Aghdara", "2023-10-01",
     ("ASSUMPTION", ("bus for the Sarsang and Gozlukorpu plants; in the zone's grid after the area "
      "returned in September 2023"))),
    ("KALBAJAR_110", "Kalbajar 110/35/10 kV", 110, 40.1060, 46.0380, "Kalbajar", "2021-01-01",
     ("G7,G13", "built 2021")),
    ("ISTISU_110", "Istisu 110/35 kV", 110, 39.9500, 45.9600, "Kalbajar", "2024-06-01",
     ("G13", "under construction in 2023; in-service date 2024-06-01 is an ASSUMPTION")),
    ("GORCHU_110", "Gorchu (Lachin) 110/35/10 kV", 110, 39.8792, 46.3467, "Lachin", None,
     ("G8,G9", "1,800 m altitude; no date published")),
    ("LACHIN_110", "Lachin junction 110/35/10 kV", 110, 39.6408, 46.5469, "Lachin", "2022-01-01",
     ("G8", "built 2022")),
    ("GULABIRD_110", "Gulabird HPP 110 kV", 110, 39.6000, 46.5000, "Lachin", "2021-02-14",
     ("R8,G8", ("step-up bus of the Gulabird HPP (110 kV line to Lachin junction [G8]); "
      "dated by the plant"))),
    ("GUBADLI_110", "Gubadli 110 kV", 110, 39.3440, 46.5800, "Gubadli", None,
     ("G4,G8", "fed from Shukurbayli [G4]; on the Lachin ring [G8]; no date published")),
    ("ZANGILAN_110", "Zangilan 110 kV", 110, 39.0860, 46.6560, "Zangilan", None,
     ("G4,G8,G12", "no date published")),
    ("HADRUT_110", "Hadrut hub 110 kV", 110, 39.5200, 47.0310, "Khojavend", None,
     ("G12", "Hadrut hub (EV chargers); no date published")),
    ("AGHJABADI_330", "Aghjabadi 330 kV (national grid)", 330, 40.0530, 47.4600, "Aghjabadi", None,
     ("G1", "national-grid end of the 132 km line")),
    ("IMISHLI_330", "Imishli 330 kV (national grid)", 330, 39.8700, 48.0600, "Imishli", None,
     ("G1", "national-grid end of the 130 km line")),
    ("IMISHLI_110", "Imishli 110 kV (national grid)", 110, 39.8700, 48.0600, "Imishli", None,
     ("G4", "national-grid end of the 51 km line to Shukurbayli")),
    ("KHINDIRISTAN_110", "Khindiristan 110 kV (national grid)", 110, 40.0600, 47.0600, "Aghdam", None,
     ("G6", "national-grid end of the 40 km double circuit to Aghdam")),
    ("DASHKASAN_110", "Dashkasan 110 kV (Ganja-2, national grid)", 110, 40.5200, 46.0800, "Dashkasan", None,
     ("G7,G13", "national-grid end of the 70 km double circuit to Kalbajar")),
]
BUS_COMMISSIONED = {row[0]: row[6] for row in BUSES}
YEAR_ONLY_BUS_DATES = {"SHUSHA_110", "KALBAJAR_110", "LACHIN_110"}  # ZONE gives the year only
BUS_COORDINATES = {row[0]: (row[3], row[4]) for row in BUSES}

# --------------------------------------------------------------------------- lines
# ASSUMPTION 2: 110 kV AC-240, x 0.40 ohm/km, 110 MVA per circuit; 330 kV 2xAC-400,
# x 0.33 ohm/km, 900 MVA per circuit; straight-line distance x 1.3 where no length is published.
LINE_TYPES = {110: (0.40, 110.0), 330: (0.33, 900.0)}
ROUTE_FACTOR = 1.3

LINES = [
    # line_id, bus0, bus1, kV, published length km (None: haversine x 1.3), circuits, (source, note)
    ("AGHJABADI_JABRAYIL_330", "AGHJABADI_330", "JABRAYIL_330", 330, 132.0, 1, ("G1", "132 km")),
    ("IMISHLI_JABRAYIL_330", "IMISHLI_330", "JABRAYIL_330", 330, 130.0, 1, ("G1", "130 km")),
    ("IMISHLI_SHUKURBAYLI", "IMISHLI_110", "SHUKURBAYLI_110", 110, 51.0, 1, ("G4", "51 km 110 kV line")),
    ("SHUKURBAYLI_SHUSHA", "SHUKURBAYLI_110", "SHUSHA_110", 110, 75.0, 2,
     ("G4,G5", "75 km double circuit Shusha-1/-2 via Boyuk Taghlar and Dashalti")),
    ("SHUSHA_KHANKENDI", "SHUSHA_110", "KHANKENDI_110", 110, None, 2,
     ("G10", "double circuit Khankendi-1/-2; length not published")),
    ("KHANKENDI_KHOJALY", "KHANKENDI_110", "KHOJALY_110", 110, None, 1, ("ASSUMPTION", "not published")),
    ("KHOJALY_AGHDAM_1", "KHOJALY_110", "AGHDAM_1_110", 110, None, 1, ("ASSUMPTION", "not published")),
    ("KHINDIRISTAN_AGHDAM_1", "KHINDIRISTAN_110", "AGHDAM_1_110", 110, 40.0, 2,
     ("G6", "40 km double circuit")),
    ("AGHDAM_1_AGHDAM_2", "AGHDAM_1_110", "AGHDAM_2_110", 110, None, 1, ("ASSUMPTION", "not published")),
    ("AGHDAM_2_TARTAR", "AGHDAM_2_110", "TARTAR_110", 110, None, 1, ("ASSUMPTION", "not published")),
    ("TARTAR_AGHDARA", "TARTAR_110", "AGHDARA_110", 110, None, 1, ("ASSUMPTION", "not published")),
    ("FUZULI_AGHDAM_1", "FUZULI_110", "AGHDAM_1_110", 110, None, 1,
     ("ASSUMPTION", "not published; closes the Fuzuli-Shusha-Khankendi-Aghdam loop")),
    ("SHUKURBAYLI_FUZULI", "SHUKURBAYLI_110", "FUZULI_110", 110, None, 1,
     ("G8", "Fuzuli on the Lachin ring list; route and length not published")),
    ("SHUKURBAYLI_HADRUT", "SHUKURBAYLI_110", "HADRUT_110", 110, None, 1, ("ASSUMPTION", "not published")),
    ("HADRUT_JABRAYIL", "HADRUT_110", "JABRAYIL_110", 110, None, 1, ("ASSUMPTION", "not published")),
    ("JABRAYIL_SHUKURBAYLI", "JABRAYIL_110", "SHUKURBAYLI_110", 110, None, 1,
     ("G8,G4", "ring member [G8]; Shukurbayli feeds Jabrayil [G4]; length not published")),
    ("ZANGILAN_JABRAYIL", "ZANGILAN_110", "JABRAYIL_110", 110, None, 1,
     ("G8", "Lachin ring; length not published")),
    ("GUBADLI_ZANGILAN", "GUBADLI_110", "ZANGILAN_110", 110, None, 1, ("G8", "Lachin ring; length not published")),
    ("LACHIN_GUBADLI", "LACHIN_110", "GUBADLI_110", 110, None, 1, ("G8", "Lachin ring; length not published")),
    ("LACHIN_SHUSHA", "LACHIN_110", "SHUSHA_110", 110, None, 1, ("G8", "Lachin ring; length not published")),
    ("LACHIN_GORCHU", "LACHIN_110", "GORCHU_110", 110, None, 1, ("G8", "Lachin ring; length not published")),
    ("GULABIRD_LACHIN", "GULABIRD_110", "LACHIN_110", 110, None, 1,
     ("G8", "110 kV line from Gulabird HPP to Lachin junction; length not published")),
    ("KALBAJAR_GORCHU", "KALBAJAR_110", "GORCHU_110", 110, 42.0, 2, ("G8,G9", "42 km double circuit")),
    ("DASHKASAN_KALBAJAR", "DASHKASAN_110", "KALBAJAR_110", 110, 70.0, 2,
     ("G7,G13", "70 km double circuit over the Murov pass")),
    ("KALBAJAR_ISTISU", "KALBAJAR_110", "ISTISU_110", 110, None, 1,
     ("ASSUMPTION", "Istisu 110/35 kV substation [G13] assumed fed from Kalbajar")),
]

TRANSFORMERS = [
    # ASSUMPTION 1: 2 x 200 MVA at Jabrayil 330/110 kV; x 0.12 p.u. on own rating (ASSUMPTION)
    ("JABRAYIL_T1", "JABRAYIL_330", "JABRAYIL_110", 200.0, 0.12, "2023-05-04"),
    ("JABRAYIL_T2", "JABRAYIL_330", "JABRAYIL_110", 200.0, 0.12, "2023-05-04"),
]

# --------------------------------------------------------------------------- hydro
# Rivers in water units (issue 3): each plant turns flow into power at k MW per m3/s, k = rho g H eta
# (or a published MW per m3/s), gets its local inflow (m3/s x the snowmelt shape) plus the outflow
# of the plants upstream, loses irrigation withdrawals and leaves an environmental flow in the river.
# The local inflows are hydrology-as-data (ASSUMPTION): calibrated below so that each plant's simulated
# annual energy meets its published figure, or a default capacity factor where none is published.
SNOWMELT_MONTHLY_MULTIPLIERS = (0.6, 0.6, 0.9, 1.6, 2.0, 1.8, 1.2, 0.8, 0.6, 0.7, 0.6, 0.6)  # ASSUMPTION 4
IRRIGATION_MONTHS = (7, 8, 9)  # Sugovushan stops in summer: irrigation takes the water [R15]
IRRIGATION_PLANTS = ("SUGOVUSHAN_1", "SUGOVUSHAN_2")  # [R15]
IRRIGATION_WITHDRAWAL_SHARE = 1.0  # [R15]
DEFAULT_HYDRO_CAPACITY_FACTOR = 0.28  # ASSUMPTION 4 (~0.30); 0.28 = fleet 750 GWh / (307 MW x 8,760 h) [R19]
TURBINE_EFFICIENCY = 0.88  # ASSUMPTION: turbine x generator of small HPPs
ENVIRONMENTAL_FLOW_SHARE = 0.10  # ASSUMPTION: 10 % of the mean natural inflow stays in the river
WATER_DENSITY_KG_PER_M3 = 1000.0
GRAVITY_M_PER_S2 = 9.81
MCM_PER_M3S_HOUR = 3600.0 / 1e6  # 0.0036 million m3 per m3/s and hour
RIVER_SPEED_KM_PER_H = 4.0  # ASSUMPTION: travel time = river distance / 4 km/h (3-5 km/h), whole hours
HAKARI_MEAN_DISCHARGE_M3S = 10.7  # [C7]: caps the Hakari's mean flow at Aghali (bottom of the modelled Hakari)
SARSANG_TOTAL_INFLOW_M3S = 20.0  # ASSUMPTION: mean Tartar flow into the Sarsang reservoir
TARGET_YEAR_IN_SERVICE = 2026  # every targeted plant of Kalbajar/Lachin/Zangilan/Tartar is in service all year
TARGET_TOLERANCE_SHARE = 0.15
FLEET_TOLERANCE_SHARE = 0.10
CALIBRATION_YEARS = (2024, 2025)

# Published annual energy: target id -> (GWh/yr, plants (split by capacity), source, note).
PUBLISHED_HYDRO_ENERGY = {
    "MISHNI": (23.0, ("MISHNI",), "R9", "23 GWh/yr"),
    "ALKHASLI": (17.0, ("ALKHASLI",), "R9", "17 GWh/yr"),
    "SARIGISHLAG": (26.7, ("SARIGISHLAG",), "R13", "26.7 GWh/yr"),
    "ZABUKH": (8.5, ("ZABUKH",), "R11", "8-9 GWh/yr, midpoint 8.5"),
    "GARIGISHLAG": (11.5, ("GARIGISHLAG",), "R11", "11-12 GWh/yr, midpoint 11.5 (on 4 MW)"),
    "ASHAGI_MALIBEYLI_MIRIK": (20.0, ("ASHAGI_MALIBEYLI", "MIRIK"), "R12", "20 GWh/yr combined"),
    "ASHAGI_VANG_NADIRKHANLI": (48.0, ("ASHAGI_VANG", "NADIRKHANLI"), "R6", "48 GWh/yr for both"),
    "SUGOVUSHAN_1": (13.8, ("SUGOVUSHAN_1",), "R15", "13.8 GWh/yr, with the July-September irrigation stop"),
    "AGHALI": (5.55, ("AGHALI",), "R14", "5.55 GWh/yr on 0.636 MW (a factor of 0.996)"),
    "KHUDAFARIN_GIZ_GALASI": (358.0, ("KHUDAFARIN", "GIZ_GALASI"), "R18,R20", "358 GWh/yr for both"),
}
# Azerenerji's fleet in the zone: year -> (plants, MW at the end of the year, GWh in the year, source, note).
AZERENERJI_FLEET = {
    2024: (32, 270.0, 561.5, "R5,R20", "~550 GWh (Azerenerji [R5]) and 573 GWh (minister [R20]); centre 561.5"),
    2025: (38, 307.0, 750.0, "R19", "750 GWh"),
}

_KALBAJAR_HEAD = "diversion small HPP in the Kalbajar mountains (typical 60-150 m)"
_LACHIN_HEAD = "diversion small HPP in Lachin (typical 60-150 m)"
HYDRO_PLANTS = [
    # plant_id, name, bus, river, MW, commissioned, (head m, note) or None for a published MW/(m3/s), sources
    ("KALBAJAR_1", "Kalbajar-1", "KALBAJAR_110", "Lev", 4.4, "2022-07-01", (120.0, _KALBAJAR_HEAD),
     {"p_nom_mw": "R1,R2", "commissioned": ("R1,R2", "2022 -> 1 July (ASSUMPTION)")}),
    ("CHIRAG_1", "Chirag-1", "KALBAJAR_110", "Tartar", 8.33, "2023-08-01", (150.0, _KALBAJAR_HEAD),
     {"p_nom_mw": "R4", "commissioned": ("R4", "2023-08 -> 1 August (ASSUMPTION)")}),
    ("CHIRAG_2", "Chirag-2", "KALBAJAR_110", "Garaarkhaj", 3.6, "2023-08-01", (120.0, _KALBAJAR_HEAD),
     {"p_nom_mw": "R4", "commissioned": ("R4", "2023-08 -> 1 August (ASSUMPTION)")}),
    ("GAMISHLI", "Gamishli (Kamishli)", "KALBAJAR_110", "Tartar", 6.33, "2023-07-01",
     (90.0, _KALBAJAR_HEAD + "; lower than Chirag-1 so that its design flow exceeds the upstream plant's"),
     {"p_nom_mw": "R2", "commissioned": ("R2", "2023 -> 1 July (ASSUMPTION)")}),
    ("SOYUGBULAG", "Soyugbulag", "KALBAJAR_110", "Tartar", 5.3, "2023-08-25", (150.0, _KALBAJAR_HEAD),
     {"p_nom_mw": ("R3", "2 x 2.65 MW"), "commissioned": "R3"}),
    ("MEYDAN", "Meydan", "KALBAJAR_110", "n.a.", 3.4, "2023-07-01", (120.0, _KALBAJAR_HEAD),
     {"p_nom_mw": "R2", "commissioned": ("R2", "2023 -> 1 July (ASSUMPTION)")}),
    ("ZAR", "Zar", "KALBAJAR_110", "n.a.", 4.3, "2024-09-02", (120.0, _KALBAJAR_HEAD),
     {"p_nom_mw": "R7", "commissioned": "R7"}),
    ("YUKHARI_VANG", "Yukhari Vang", "KALBAJAR_110", "Tartar", 22.5, "2024-07-01", (140.0, _KALBAJAR_HEAD),
     {"p_nom_mw": "R5", "commissioned": ("R5", "2024 -> 1 July (ASSUMPTION)")}),
    ("ASHAGI_VANG", "Ashagi Vang", "KALBAJAR_110", "Tartar", 8.6, "2025-08-21",
     (50.0, ("lower plant of the Vang pair: 8.6 MW on the water of the 22.5 MW Yukhari Vang needs a low head "
             "(its design flow must exceed the upstream plant's)")),
     {"p_nom_mw": "R6", "commissioned": "R6"}),
    ("NADIRKHANLI", "Nadirkhanli", "KALBAJAR_110", "Lev", 8.8, "2025-08-21", (150.0, _KALBAJAR_HEAD),
     {"p_nom_mw": "R6", "commissioned": "R6"}),
    ("CHAYKEND", "Chaykend", "ISTISU_110", "Tutqu", 3.0, "2025-08-21", (120.0, _KALBAJAR_HEAD),
     {"p_nom_mw": ("ASSUMPTION", "capacity not published (n.a. in R6); 3 MW assumed"),
      "commissioned": "R6"}),
    ("GULABIRD", "Gulabird", "GULABIRD_110", "Hakari", 8.0, "2021-02-14", (100.0, _LACHIN_HEAD),
     {"p_nom_mw": "R8", "commissioned": "R8"}),
    ("MISHNI", "Mishni", "GORCHU_110", "Hochaz", 8.25, "2023-08-25", (150.0, _LACHIN_HEAD),
     {"p_nom_mw": "R9,R2", "commissioned": "R9,R2"}),
    ("ALKHASLI", "Alkhasli", "GORCHU_110", "Hochaz", 6.0, "2023-08-25",
     (90.0, _LACHIN_HEAD + "; below Mishni, so lower (its design flow exceeds Mishni's)"),
     {"p_nom_mw": "R9,R2", "commissioned": "R9,R2"}),
    ("AGHBULAG_1", "Aghbulag-1", "LACHIN_110", "n.a.", 14.2, "2024-07-01", (120.0, _LACHIN_HEAD),
     {"p_nom_mw": ("R10", "~14.2 MW"), "commissioned": ("R10", "due summer 2024 -> 1 July (ASSUMPTION)")}),
    ("AGHBULAG_2", "Aghbulag-2", "LACHIN_110", "n.a.", 14.8, "2024-07-01", (120.0, _LACHIN_HEAD),
     {"p_nom_mw": ("R10", "~14.8 MW"), "commissioned": ("R10", "due summer 2024 -> 1 July (ASSUMPTION)")}),
    ("MERIK", "Merik", "LACHIN_110", "n.a.", 3.5, "2024-07-01", (120.0, _LACHIN_HEAD),
     {"p_nom_mw": "R10", "commissioned": ("R10", "due summer 2024 -> 1 July (ASSUMPTION)")}),
    ("ZABUKH", "Zabukh", "LACHIN_110", "Zabukh", 2.8, "2024-05-10", (150.0, _LACHIN_HEAD),
     {"p_nom_mw": "R11", "commissioned": "R11"}),
    ("GARIGISHLAG", "Garigishlag", "LACHIN_110", "Zabukh", 4.0, "2024-05-10", (130.0, _LACHIN_HEAD),
     {"p_nom_mw": ("R11", "4 MW in R11 (4.6 in R5)"), "commissioned": "R11"}),
    ("ASHAGI_MALIBEYLI", "Ashagi Malibeyli", "LACHIN_110", "Zabukh", 3.1, "2025-05-27", (80.0, _LACHIN_HEAD),
     {"p_nom_mw": "R12", "commissioned": "R12"}),
    ("MIRIK", "Mirik", "LACHIN_110", "Zabukh", 3.5, "2025-05-27", (70.0, _LACHIN_HEAD),
     {"p_nom_mw": "R12", "commissioned": "R12"}),
    ("JAHANGIRBAYLI", "Jahangirbayli", "ZANGILAN_110", "n.a.", 10.5, "2024-01-01",
     (45.0, "Zangilan plant on a lower river (typical 30-60 m)"),
     {"p_nom_mw": "R2,R5", "commissioned": ("R2,R5", "2023-24 -> 1 January 2024 (ASSUMPTION)")}),
    ("SHAYIFLI", "Shayifli", "ZANGILAN_110", "n.a.", 10.5, "2024-01-01",
     (45.0, "Zangilan plant on a lower river (typical 30-60 m)"),
     {"p_nom_mw": "R2,R5", "commissioned": ("R2,R5", "2023-24 -> 1 January 2024 (ASSUMPTION)")}),
    ("ZANGILAN_HPP", "Zangilan", "ZANGILAN_110", "n.a.", 10.5, "2024-01-01",
     (45.0, "Zangilan plant on a lower river (typical 30-60 m)"),
     {"p_nom_mw": "R2,R5", "commissioned": ("R2,R5", "2023-24 -> 1 January 2024 (ASSUMPTION)")}),
    ("SARIGISHLAG", "Sarigishlag", "ZANGILAN_110", "n.a.", 10.5, "2024-01-01",
     (45.0, "Zangilan plant on a lower river (typical 30-60 m)"),
     {"p_nom_mw": "R2,R5,R13", "commissioned": ("R2,R5", "2023-24 -> 1 January 2024 (ASSUMPTION)")}),
    ("AGHALI", "Aghali Archimedes screw", "ZANGILAN_110", "Hakari", 0.636, "2022-10-01", None,
     {"p_nom_mw": ("R14", "3 x 212 kW"), "commissioned": ("R14", "2022-10 -> 1 October (ASSUMPTION)")}),
    ("SUGOVUSHAN_1", "Sugovushan-1", "TARTAR_110", "Tartar", 4.8, "2021-07-01",
     (12.0, ("low-head plant at the Sugovushan reservoir below Sarsang: it takes the whole lower Tartar, so "
             "13.8 GWh [R15] on ~22 m3/s needs ~12 m")),
     {"p_nom_mw": "R15", "commissioned": ("R15", "2021 -> 1 July (ASSUMPTION)")}),
    ("SUGOVUSHAN_2", "Sugovushan-2", "TARTAR_110", "Tartar", 3.0, "2021-07-01",
     (6.0, "low-head plant right below Sugovushan-1 on the same water (3 MW on ~18 m3/s after irrigation)"),
     {"p_nom_mw": "R15", "commissioned": ("R15", "2021 -> 1 July (ASSUMPTION)")}),
    ("SARSANG", "Sarsang", "AGHDARA_110", "Tartar", 50.0, "2023-10-01",
     (100.0, "dam plant; the dam is 125 m high [R16], 100 m taken as the mean net head"),
     {"p_nom_mw": "R16",
      "commissioned": ("ASSUMPTION", ("existing plant (reservoir from 1976); in the zone's grid after the "
                       "area returned in September 2023 -> 2023-10-01"))}),
    ("GOZLUKORPU", "Gozlukorpu", "AGHDARA_110", "Tartar", 14.7, "2026-01-13", None,  # head: see DESIGNED_PLANTS
     {"p_nom_mw": "R17", "commissioned": "R17"}),
    ("KHUDAFARIN", "Khudafarin (Azerbaijan's share)", "JABRAYIL_330", "Araz", 100.0, "2028-01-01",
     (50.0, "Araz dam (typical 30-50 m)"),
     {"p_nom_mw": "R18,R20", "commissioned": ("ASSUMPTION", ("dams built, plant tender being prepared in 2025 "
                                              "[R18,R20] -> 2028-01-01"))}),
    ("GIZ_GALASI", "Giz Galasi (Azerbaijan's share)", "JABRAYIL_330", "Araz", 40.0, "2028-01-01",
     (19.0, ("Araz dam below Khudafarin: 40 MW on the water of Khudafarin's 100 MW at the same factor needs "
             "a head below 50 x 40/100 = 20 m")),
     {"p_nom_mw": "R18,R20", "commissioned": ("ASSUMPTION", ("dams built, plant tender being prepared in 2025 "
                                              "[R18,R20] -> 2028-01-01"))}),
    # Private small HPPs: 4 plants, 13 MW in total [R20]; equal split, rivers and buses ASSUMPTION.
    ("PRIVATE_HPP_1", "Private small HPP 1 (Kalbajar)", "ISTISU_110", "Tartar", 3.25, "2026-07-01",
     (150.0, _KALBAJAR_HEAD), {}),
    ("PRIVATE_HPP_2", "Private small HPP 2 (Kalbajar)", "KALBAJAR_110", "Tartar", 3.25, "2026-07-01",
     (120.0, _KALBAJAR_HEAD), {}),
    ("PRIVATE_HPP_3", "Private small HPP 3 (Lachin)", "LACHIN_110", "Hakari", 3.25, "2026-07-01",
     (100.0, _LACHIN_HEAD), {}),
    ("PRIVATE_HPP_4", "Private small HPP 4 (Lachin)", "GUBADLI_110", "Hakari", 3.25, "2026-07-01",
     (30.0, "on the Hakari below Gulabird: 3.25 MW on Gulabird's water needs a low head"), {}),
    # Azerenerji's plants not named in ZONE.md, aggregated (MW = Azerenerji's total - named plants; see
    # fleet_gap_plants). Mostly small restored HPPs in the Tartar basin of Kalbajar (ASSUMPTION).
    ("OTHER_HPPS_TO_2024", "Other Azerenerji small HPPs to 2024 (aggregated)", "KALBAJAR_110", "n.a.", None,
     "2023-07-01", (100.0, _KALBAJAR_HEAD + "; one equivalent head for the aggregate"), {}),
    ("OTHER_HPPS_2025", "Other Azerenerji small HPPs of 2025 (aggregated)", "LACHIN_110", "n.a.", None,
     "2025-07-01", (100.0, _LACHIN_HEAD + "; one equivalent head for the aggregate"), {}),
]
PRIVATE_HPP_SOURCES = {
    "p_nom_mw": ("R20", "4 plants, 13 MW in total, split equally (ASSUMPTION)"),
    "commissioned": ("ASSUMPTION", "under construction [R20]; 2026 -> 1 July"),
}
OTHER_HPP_GROUPS = {  # plant id -> the Azerenerji fleet year whose named-plant gap it closes
    "OTHER_HPPS_TO_2024": 2024,
    "OTHER_HPPS_2025": 2025,
}
OTHER_HPP_COMMISSIONED_NOTES = {
    "OTHER_HPPS_TO_2024": ("built by 2023: the R2 page counts 26 HPPs built in the zone by October 2023, more than "
                           "ZONE.md names -> 2023-07-01, in service all of 2024"),
    "OTHER_HPPS_2025": "commissioned during 2025 (the R5 page: 11 HPPs planned for 2025) -> 1 July 2025",
}
AGHALI_MW_PER_M3S = (0.0909, ("R14", "0.636 MW at 7 m3/s: 0.636 / 7 = 0.0909 MW/(m3/s)"))
MIN_OUTPUT_SHARES = {"GOZLUKORPU": (0.25, ("R17", "runs at 25 % output in low water (ASSUMPTION 4)"))}
# Plants whose design is published instead of their energy: plant -> (local inflow m3/s, note). Gozlukorpu
# "runs at 25 % output in low water, 100 % in high water" [R17]: its design flow is the high-water flow, so
# its head follows from p_nom / design flow (rounded up to whole metres). A default 0.28 factor would need a
# ~25 m head and a 68 m3/s turbine, whose 25 % floor (17 m3/s) the low-water Tartar cannot give.
DESIGNED_PLANTS = {
    "GOZLUKORPU": (1.0, "ASSUMPTION: small catchment between the Sarsang dam and Gozlukorpu, 5 % of Sarsang's 20 m3/s"),
}
RESERVOIR_PLANTS = {"SARSANG"}

# River links: (upstream plant, downstream plant, river distance km (ASSUMPTION), note). Each plant has at most
# one link downstream; plants on unnamed rivers (n.a.), the Garaarkhaj and the Tutqu stay unlinked (their
# water below the plant is part of the downstream plants' local inflow).
RIVER_LINKS = [
    ("TARTAR", "PRIVATE_HPP_1", "PRIVATE_HPP_2", 10.0, "uppermost Tartar plants near Istisu (ASSUMPTION)"),
    ("TARTAR", "PRIVATE_HPP_2", "SOYUGBULAG", 8.0, "upper Tartar"),
    ("TARTAR", "SOYUGBULAG", "CHIRAG_1", 8.0, "upper Tartar above Kalbajar"),
    ("TARTAR", "CHIRAG_1", "GAMISHLI", 6.0, "upper Tartar above Kalbajar"),
    ("TARTAR", "GAMISHLI", "YUKHARI_VANG", 15.0, "past Kalbajar town and the Lev confluence"),
    ("TARTAR", "YUKHARI_VANG", "ASHAGI_VANG", 5.0, "Upper and Lower Vang, neighbouring villages"),
    ("TARTAR", "ASHAGI_VANG", "SARSANG", 20.0, "Vang to the head of the Sarsang reservoir"),
    ("TARTAR", "SARSANG", "GOZLUKORPU", 8.0, "below the Sarsang dam (order Sarsang -> Gozlukorpu ASSUMPTION)"),
    ("TARTAR", "GOZLUKORPU", "SUGOVUSHAN_1", 6.0, "to the Sugovushan reservoir"),
    ("TARTAR", "SUGOVUSHAN_1", "SUGOVUSHAN_2", 1.0, "neighbouring plants at the Sugovushan reservoir"),
    ("LEV", "KALBAJAR_1", "NADIRKHANLI", 10.0, "Kalbajar-1 upstream of Nadirkhanli (ASSUMPTION)"),
    ("LEV", "NADIRKHANLI", "YUKHARI_VANG", 20.0, "the Lev joins the Tartar near Kalbajar, above Yukhari Vang"),
    ("HOCHAZ", "MISHNI", "ALKHASLI", 8.0, "Mishni upstream of Alkhasli (ASSUMPTION)"),
    ("ZABUKH", "ZABUKH", "GARIGISHLAG", 6.0, "order Zabukh -> Garigishlag -> Ashagi Malibeyli -> Mirik (ASSUMPTION)"),
    ("ZABUKH", "GARIGISHLAG", "ASHAGI_MALIBEYLI", 8.0, "Zabukh valley"),
    ("ZABUKH", "ASHAGI_MALIBEYLI", "MIRIK", 5.0, "Zabukh valley"),
    ("HAKARI", "PRIVATE_HPP_3", "GULABIRD", 10.0, "upper Hakari in Lachin (ASSUMPTION)"),
    ("HAKARI", "GULABIRD", "PRIVATE_HPP_4", 25.0, "Lachin to Gubadli"),
    ("HAKARI", "PRIVATE_HPP_4", "AGHALI", 20.0, "Gubadli to Aghali (Zangilan)"),
    ("ARAZ", "KHUDAFARIN", "GIZ_GALASI", 20.0, "Khudafarin upstream of Giz Galasi (ASSUMPTION)"),
]

# Sarsang reservoir (ASSUMPTIONs except the 560 mcm total [R16]).
SARSANG = {
    "volume_max_mcm": (560.0, ("R16", "560 mcm reservoir, taken as full supply level")),
    "volume_min_mcm": (60.0, ("ASSUMPTION", "volume at minimum operating level (dead storage) 60 mcm")),
    "volume_start_mcm": (300.0, ("ASSUMPTION", "start volume 300 mcm (about half usable)")),
    "volume_end_mcm": (None, ("ASSUMPTION", "empty: cyclic, end = start")),
}

# --------------------------------------------------------------------------- generators
WIND_VARIABLE_OM_EUR_PER_MWH = 1.9  # [T10] onshore wind
GENERATORS = [
    # generator_id, name, bus, carrier, MW, profile, marginal cost AZN/MWh, commissioned, sources
    ("SHAFAG_PV", "Shafag PV (bp, SOCAR Green, ABDF, MVM)", "JABRAYIL_330", "solar", 240.0, "solar_utility",
     0.0, "2027-07-01",
     {"p_nom_mw": ("R21,R22", "240 MW AC / 288 MWp; own 33/330 kV substation"),
      "commissioned": ("ASSUMPTION", "completion 2027 [R21,R22] -> 1 July 2027")}),
    ("NOBEL_PV_1", "Nobel Energy PV, first 50 MW", "JABRAYIL_110", "solar", 50.0, "solar_utility",
     0.0, "2027-01-01",
     {"p_nom_mw": ("R23", "100 MW in 2 x 50 MW"), "commissioned": ("R23", ("first 50 MW by 2027 -> 2027-01-01 "
                                                                   "(ASSUMPTION)"))}),
    ("NOBEL_PV_2", "Nobel Energy PV, second 50 MW", "JABRAYIL_110", "solar", 50.0, "solar_utility",
     0.0, "2028-07-01",
     {"p_nom_mw": ("R23", "100 MW in 2 x 50 MW"), "commissioned": ("ASSUMPTION", "second half 2028-07-01")}),
    ("SHAMS_PV", "Shams PV", "JABRAYIL_110", "solar", 50.0, "solar_utility", 0.0, "2026-07-01",
     {"p_nom_mw": "R24", "commissioned": ("ASSUMPTION", "under construction Oct-2025 [R24] -> 2026-07-01")}),
    ("UFUG_PV", "Ufug PV", "JABRAYIL_110", "solar", 50.0, "solar_utility", 0.0, "2026-07-01",
     {"p_nom_mw": "R24", "commissioned": ("ASSUMPTION", "under construction Oct-2025 [R24] -> 2026-07-01")}),
    ("ROOFTOP_SHUSHA", "Rooftop solar, Shusha", "SHUSHA_110", "rooftop_solar", 1.0, "solar_rooftop", 0.0,
     "2023-07-01", {}),
    ("ROOFTOP_FUZULI", "Rooftop solar, Fuzuli", "FUZULI_110", "rooftop_solar", 1.0, "solar_rooftop", 0.0,
     "2023-07-01", {}),
    ("ROOFTOP_AGHDAM", "Rooftop solar, Aghdam", "AGHDAM_1_110", "rooftop_solar", 1.0, "solar_rooftop", 0.0,
     "2023-07-01", {}),
    ("ROOFTOP_LACHIN", "Rooftop solar, Lachin", "LACHIN_110", "rooftop_solar", 1.0, "solar_rooftop", 0.0,
     "2023-07-01", {}),
    ("KALBAJAR_WIND", "Kalbajar wind (MoU)", "KALBAJAR_110", "wind", 240.0, "wind_kalbajar",
     WIND_VARIABLE_OM_EUR_PER_MWH * EUR_TO_AZN, "2028-01-01",
     {"p_nom_mw": ("R25", "200-240 MW first stage, upper value"),
      "commissioned": ("R25", "in service by early 2028 -> 2028-01-01 (ASSUMPTION)")}),
    ("LACHIN_WIND", "Lachin wind (action plan)", "GORCHU_110", "wind", 100.0, "wind_kalbajar",
     WIND_VARIABLE_OM_EUR_PER_MWH * EUR_TO_AZN, "2027-01-01",
     {"p_nom_mw": ("ASSUMPTION", "part of the 400 MW Lachin + Kalbajar action-plan target [R26]"),
      "commissioned": ("ASSUMPTION", "target period 2022-26 [R26] -> 2027-01-01")}),
]
ROOFTOP_SOURCES = {
    "p_nom_mw": ("ASSUMPTION", "a few MW of rooftop PV on public buildings, 1 MW per district bus"),
    "commissioned": ("ASSUMPTION", "from 2023 -> 2023-07-01"),
}

# --------------------------------------------------------------------------- waste, storage
ZONE_POPULATION = 43_144  # [T8], 1 May 2025
WASTE_KG_PER_PERSON_DAY = 1.0  # ASSUMPTION 6
WTE_MWH_ELECTRIC_PER_T = 0.42  # [R29]: 222.9 GWh from 531.4 kt
WTE_ELECTRICAL_EFFICIENCY = 0.205  # [T10]
WTE_P_NOM_MW = 1.5  # ASSUMPTION 6: about twice the mean output the waste allows
WTE_MUST_RUN_SHARE = 0.3  # ASSUMPTION
WTE_VARIABLE_OM_EUR_PER_MWH = 35.9  # [T10]

BATTERY = {"storage_id": "BESS_JABRAYIL", "name": "Battery, Jabrayil 110 kV", "bus": "JABRAYIL_110",
           "p_nom_mw": 20.0, "e_nom_mwh": 40.0, "efficiency": 0.955, "commissioned": "2026-04-01"}

# --------------------------------------------------------------------------- national grid
IMPORT_PRICE_AZN_PER_MWH = 66.0  # 6.6 qepik/kWh wholesale [T3], ASSUMPTION 9
EXPORT_PRICE_AZN_PER_MWH = 44.0  # 4.4 qepik/kWh avoided gas fuel, ASSUMPTION 9
GRID_CO2_T_PER_MWH = 0.45  # ASSUMPTION 7
JABRAYIL_330_EXPORT_MW = 1000.0  # [G1], both 330 kV lines together

# --------------------------------------------------------------------------- demand
BASE_YEAR_DEMAND_MWH = 250_000.0  # ASSUMPTION 3
RESIDENTIAL_MWH_PER_PERSON = 3.07e3 / 871  # Aghali: 3.07 GWh for 871 residents [R14,R34], ~3.5 MWh
INDUSTRIAL_PARK_MWH = 30_000.0  # ASSUMPTION: Aghdam Industrial Park, ~3.4 MW mean
DISTRICTS = [
    # district, residents (ASSUMPTION split of 43,144 [T8]), bus
    ("Fuzuli", 7000, "FUZULI_110"),
    ("Lachin", 7500, "LACHIN_110"),
    ("Aghdam", 6000, "AGHDAM_1_110"),
    ("Khankendi", 5000, "KHANKENDI_110"),
    ("Shusha", 4000, "SHUSHA_110"),
    ("Zangilan", 3000, "ZANGILAN_110"),
    ("Kalbajar", 2500, "KALBAJAR_110"),
    ("Jabrayil", 2500, "JABRAYIL_110"),
    ("Khojaly", 2000, "KHOJALY_110"),
    ("Gubadli", 1500, "GUBADLI_110"),
    ("Khojavend", 1000, "HADRUT_110"),
    ("Tartar", 1144, "TARTAR_110"),
]
DEMAND_GROWTH = [
    (2022, 0.50, ("ASSUMPTION", "early resettlement and reconstruction")),
    (2023, 0.68, ("ASSUMPTION", "resettlement growth")),
    (2024, 0.86, ("R5,R20", "215 GWh / 250 GWh: local use ~200 GWh [R5] to ~229 GWh (40 % of 573) [R20]")),
    (2025, 1.00, ("ASSUMPTION", "base year, 250 GWh (ASSUMPTION 3)")),
    (2026, 1.15, ("ASSUMPTION", "resettlement growth ~15 %/yr")),
    (2027, 1.30, ("ASSUMPTION", "resettlement growth")),
    (2028, 1.45, ("ASSUMPTION", "resettlement growth")),
]

# --------------------------------------------------------------------------- demand side (issue 4)
# Heating, hot water and cooling are heat buses (one per district with residents), EV charging is
# ev_fleets, street lighting is street_lighting; the loads keep the rest of the 250 GWh (ASSUMPTION 3).
HEATING_BASE_C = 18.0  # ZONE.md section 4: heating degree days on base 18 degC
COOLING_BASE_C = 24.0  # cooling degree hours above 24 degC (the model's base)
RESIDENTIAL_FLOOR_M2_PER_RESIDENT = 30.0  # ASSUMPTION: new flats and houses
COMMERCIAL_FLOOR_M2_PER_RESIDENT = 10.0  # ASSUMPTION: shops, offices, schools, clinics, administration
SPACE_HEATING_KWH_PER_M2 = 70.0  # ASSUMPTION 11: new buildings, at Jabrayil's degree days
REFERENCE_HEATING_DEGREE_DAYS = 2209.0  # ZONE.md section 4: Jabrayil, base 18 degC [C1]
HOT_WATER_MWH_PER_RESIDENT = 0.6  # ASSUMPTION: ~40 l/day heated by 35 K
COOLING_KWH_PER_M2_JABRAYIL = 25.0  # ASSUMPTION: cooling need (heat removed) at Jabrayil's cooling degree days
COOLING_COP = 3.0  # ASSUMPTION: split air conditioners
HEAT_PUMP_SINK_C = 45.0  # ASSUMPTION 11
HEAT_PUMP_SHARE_OF_PEAK = 0.8  # ASSUMPTION: heat pumps cover 80 % of the peak heat demand
HEAT_CAPACITY_MARGIN = 1.1  # ASSUMPTION: heat pump + boiler >= 1.1 x the peak heat demand
BOILER_EFFICIENCY = 0.9  # [T10] decentral resistive heater
WASTE_CHP_HEAT_EFFICIENCY = 0.7627  # [T10] waste CHP heat efficiency
WASTE_CHP_ELECTRIC_EFFICIENCY = 0.2051  # [T10] waste CHP electricity efficiency
TANK_HOURS_OF_WINTER_MEAN = 3.0  # ASSUMPTION: hot-water tanks hold 3 h of the mean December-February heat demand
TANK_ENERGY_TO_POWER_H = 2.0  # ASSUMPTION: p_nom = e_nom / 2
TANK_STANDING_LOSS_PER_HOUR = 0.021  # [T10] decentral water tank, 2.1 %/h
LAPSE_RATE_K_PER_100_M = 0.6  # [C3], as ZONE.md section 4
TMY_ALTITUDE_M = 480.0  # ASSUMPTION: implied by Shusha (~1,400 m) and its -5.5 K shift at 0.6 K/100 m
# District temperature offsets: Shusha and Kalbajar from ZONE.md section 4; the others from approximate town
# altitudes (ASSUMPTION) at the same lapse rate; lowland districts 0.
DISTRICT_ALTITUDE_M = {"Lachin": 1000.0, "Gubadli": 800.0, "Khankendi": 810.0, "Khojaly": 650.0, "Khojavend": 750.0}
ZONE_TEMPERATURE_OFFSETS = {"Shusha": -5.5, "Kalbajar": -6.8}  # ZONE.md section 4 (ASSUMPTION, [C3])
LOWLAND_DISTRICTS = ("Aghdam", "Fuzuli", "Jabrayil", "Tartar", "Zangilan")

EV_BASE_YEAR_VEHICLES = 300  # ASSUMPTION 10
EV_HOME_VEHICLES = 240  # ASSUMPTION: 80 % charge at home, split by residents
EV_KM_PER_DAY = 45.0  # ASSUMPTION 10
EV_KWH_PER_KM = 0.2  # [T13]
EV_BATTERY_KWH = 50.0  # ASSUMPTION: usable battery of a typical compact EV
EV_CHARGING_EFFICIENCY = 0.9  # ASSUMPTION
EV_HOME_CHARGER_KW = 7.4  # ASSUMPTION 10: 7.4-11 kW AC
EV_PUBLIC_CHARGER_KW = 50.0  # ASSUMPTION 10: 50-60 kW DC at substations
EV_PUBLIC_CHARGERS_PER_SITE = 2  # ASSUMPTION
EV_DEPARTURE_LOCAL_HOUR = 7  # ASSUMPTION: the day's driving starts at 07 h local
EV_DEPARTURE_STATE_OF_CHARGE = 0.8  # ASSUMPTION
EV_HOME_V2G_SHARE = 0.5  # ASSUMPTION
EV_PUBLIC_CHARGER_BUSES = ("FUZULI_110", "KHOJALY_110", "SHUSHA_110", "HADRUT_110", "ZANGILAN_110",
                           "JABRAYIL_110")  # [G12]: substations with EV chargers

RESIDENTS_PER_STREET_LAMP = 12.0  # ASSUMPTION
STREET_LAMP_W = 60.0  # ASSUMPTION: LED street lamp
STREET_LIGHTING_SOLAR_SHARE = 0.3  # ASSUMPTION: the plan's off-grid solar LED street lights

# --------------------------------------------------------------------------- profile settings
UTILITY_PV = {"tilt_deg": 30.0, "azimuth_deg": 180.0, "dc_ac_ratio": 288.0 / 240.0,
              "system_loss": 0.14, "inverter_efficiency": 0.97}
ROOFTOP_PV = {"tilt_deg": 20.0, "azimuth_deg": 180.0, "dc_ac_ratio": 1.0,
              "system_loss": 0.14, "inverter_efficiency": 0.97}
WIND_CAPACITY_FACTOR = 0.30  # ASSUMPTION 5


# =========================================================================== helpers


def haversine_km(latitude_a: float, longitude_a: float, latitude_b: float, longitude_b: float) -> float:
    """Great-circle distance on a sphere of radius 6,371 km."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(longitude_b - longitude_a)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2.0 * 6371.0 * math.asin(math.sqrt(a))


def later_date(*dates: str | None) -> str | None:
    """The latest of ISO dates, ignoring None (None if all are None)."""
    known = [d for d in dates if d]
    return max(known) if known else None


def format_value(value: object) -> str:
    """Deterministic CSV text: '' for None, shortest fixed-point text for floats."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"non-finite value {value!r}")
        text = f"{float(value):.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([format_value(v) for v in row])


def write_table(directory: Path, name: str, records: list[dict[str, object]]) -> None:
    """Write one table with the spec's columns in the spec's order."""
    spec = TABLES_BY_NAME[name]
    header = [c.name for c in spec.columns]
    for record in records:
        unknown = set(record) - set(header)
        if unknown:
            raise ValueError(f"{name}: unknown columns {sorted(unknown)}")
    write_csv(directory / spec.file_name, header, [[r.get(c) for c in header] for r in records])


# =========================================================================== profiles


def reference_timestamps() -> pd.DatetimeIndex:
    """Hourly UTC timestamps of the reference year 2025."""
    return pd.date_range(f"{REFERENCE_YEAR}-01-01 00:00", periods=HOURS_PER_YEAR, freq="h")


def read_weather(shared: Path) -> pd.DataFrame:
    """The Jabrayil TMY [C1] moved to 2025 by month/day/hour (its rows come from several years)."""
    weather = pd.read_csv(shared / "jabrayil_tmy.csv", parse_dates=["timestamp"])
    stamps = reference_timestamps()
    source = pd.DatetimeIndex(weather["timestamp"])
    same = ((source.month == stamps.month) & (source.day == stamps.day) & (source.hour == stamps.hour)).all()
    if len(weather) != HOURS_PER_YEAR or not same:
        raise ValueError("jabrayil_tmy.csv is not 8,760 hourly rows in calendar order")
    weather = weather.assign(timestamp=stamps)
    return weather


def hydro_snowmelt_profile(stamps: pd.DatetimeIndex) -> np.ndarray:
    """Stepwise monthly snowmelt multipliers (ASSUMPTION 4), scaled to mean 1 over the hours of the year."""
    raw = np.asarray(SNOWMELT_MONTHLY_MULTIPLIERS)[stamps.month - 1]
    return raw / raw.mean()


def local_time(stamps: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return stamps + pd.Timedelta(hours=LOCAL_UTC_OFFSET_HOURS)


def wind_profile(stamps: pd.DatetimeIndex, capacity_factor: float = WIND_CAPACITY_FACTOR) -> np.ndarray:
    r"""Synthetic, deterministic hourly wind output per MW (ASSUMPTION 5).

    Wind speed :math:`v_t = V\, S_t\, D_t\, W_t` with

    - seasonal factor :math:`S_t = 1 + 0.15\cos(2\pi(d_t - 15)/365)` (strongest mid-January,
      weakest mid-July; :math:`d_t` fractional day of year),
    - diurnal factor :math:`D_t = 1 + 0.08\cos(2\pi(h_t - 3)/24)` (ridge-top winds peak at night,
      :math:`h_t` local hour UTC+4),
    - weather factor :math:`W_t = \exp(\sum_k a_k \sin(2\pi t/P_k + \phi_k))`, a fixed sum of
      sinusoids with periods 2.3, 3.7, 5.9, 9.4 and 15.1 days (passing weather systems),
      amplitudes 0.30, 0.25, 0.20, 0.15, 0.10 and phases :math:`\phi_k = 2\pi k/\varphi` (golden ratio).

    Output per MW: a generic power curve, 0 below 3 m/s, :math:`(v^3 - 3^3)/(12^3 - 3^3)` up to
    12 m/s, 1 up to 25 m/s, 0 above.  The speed scale :math:`V` is found by bisection so that the
    annual mean is ``capacity_factor``.
    """
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
    shape = seasonal * diurnal * weather

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


# Diurnal shapes by local hour 0..23 (ASSUMPTION 3), relative values.
RESIDENTIAL_DIURNAL = np.array([
    0.62, 0.56, 0.53, 0.52, 0.53, 0.60, 0.75, 0.90, 0.95, 0.92, 0.90, 0.90,
    0.92, 0.90, 0.88, 0.88, 0.92, 1.02, 1.20, 1.38, 1.42, 1.33, 1.10, 0.82,
])
COMMERCIAL_DIURNAL = np.array([
    0.50, 0.48, 0.47, 0.47, 0.48, 0.52, 0.62, 0.80, 1.05, 1.25, 1.32, 1.35,
    1.33, 1.35, 1.35, 1.32, 1.25, 1.15, 1.05, 1.00, 0.92, 0.80, 0.65, 0.55,
])
INDUSTRIAL_DIURNAL = np.array([
    0.75, 0.75, 0.75, 0.75, 0.75, 0.78, 0.90, 1.10, 1.18, 1.18, 1.18, 1.15,
    1.12, 1.18, 1.18, 1.18, 1.15, 1.10, 1.05, 1.00, 0.95, 0.90, 0.82, 0.78,
])
WEEKEND_FACTOR = {"residential": 1.05, "commercial": 0.75, "industrial": 0.80}
DIURNAL = {"residential": RESIDENTIAL_DIURNAL, "commercial": COMMERCIAL_DIURNAL, "industrial": INDUSTRIAL_DIURNAL}

# Demand-side shapes by local hour 0..23 (issue 4), relative values (ASSUMPTION).
HOT_WATER_DIURNAL = np.array([
    0.30, 0.20, 0.20, 0.20, 0.30, 0.60, 1.40, 2.00, 1.70, 1.20, 0.90, 0.80,
    0.90, 0.80, 0.70, 0.70, 0.80, 1.00, 1.30, 1.60, 1.80, 1.60, 1.10, 0.60,
])  # showers and washing: morning peak 07 h, evening peak 20 h local
EV_PLUGGED_HOME = np.array([
    0.90, 0.90, 0.90, 0.90, 0.90, 0.90, 0.85, 0.50, 0.15, 0.10, 0.10, 0.10,
    0.10, 0.10, 0.10, 0.10, 0.10, 0.20, 0.45, 0.70, 0.85, 0.90, 0.90, 0.90,
])  # share of home-charged cars plugged in: at home overnight, away 08-18 h local
EV_PLUGGED_PUBLIC = np.array([
    0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.02, 0.05, 0.08, 0.10, 0.10,
    0.12, 0.12, 0.10, 0.10, 0.10, 0.10, 0.12, 0.10, 0.08, 0.05, 0.02, 0.00,
])  # share of the public-charger users plugged in at a DC charger: daytime, small
EV_DRIVING = np.array([
    0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 2.00, 3.00, 1.60, 1.00, 1.00,
    1.20, 1.20, 1.00, 1.00, 1.40, 2.40, 3.00, 1.80, 0.80, 0.00, 0.00, 0.00,
])  # driving energy: commute peaks 08 and 18 h local, none 21-07 h (cars at home)
DARK_ZENITH_DEG = 90.0  # sun centre below the geometric horizon (ASSUMPTION: lamps switch at sunset/sunrise)
DARK_SAMPLES_PER_HOUR = 12  # every 5 minutes, at the middle of each 5-minute step

# Value of exports to the national system by hour (ASSUMPTION 9 mean, shape ASSUMPTION).
GAS_PRICE_AZN_PER_1000_M3 = 185.0  # [T2]
GAS_KWH_PER_M3 = 9.5  # ASSUMPTION: lower heating value of Azerbaijani pipeline gas
CCGT_EFFICIENCY = 0.57  # [T10]
OCGT_EFFICIENCY = 0.405  # [T10]
NIGHT_HOURS_LOCAL = (22, 7)  # 22-07 h: the national marginal plant is a CCGT
EVENING_HOURS_LOCAL = (18, 22)  # 18-22 h: evening peak, an OCGT
SUMMER_PEAK_MONTHS = (6, 7, 8)  # national peak in August [T6]: the afternoon is an OCGT hour too
SUMMER_PEAK_HOURS_LOCAL = (12, 18)


def local_hour_shape(stamps: pd.DatetimeIndex, by_local_hour: np.ndarray) -> np.ndarray:
    return np.asarray(by_local_hour, dtype=float)[local_time(stamps).hour.to_numpy()]


def load_profiles(stamps: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    r"""Hourly electricity shapes per consumer class, mean 1 over the year (ASSUMPTION 3).

    :math:`\ell_{c,t} \propto D_c(h_t)\, w_c(t)` with :math:`D_c` the diurnal shape by local hour
    (UTC+4; residential evening peak at 20 h, commercial 09-18 h plateau, industrial two shifts) and
    :math:`w_c` the weekend factor (Saturday, Sunday); each profile is divided by its mean.  No
    temperature term: space heating, hot water and cooling are the heat buses (issue 4).
    """
    local = local_time(stamps)
    weekend = local.day_of_week.to_numpy() >= 5
    profiles = {}
    for consumer_class, diurnal in DIURNAL.items():
        raw = local_hour_shape(stamps, diurnal) * np.where(weekend, WEEKEND_FACTOR[consumer_class], 1.0)
        profiles[f"load_{consumer_class}"] = raw / raw.mean()
    return profiles


def dark_share(stamps: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float) -> np.ndarray:
    """Share of each hour [t, t+1h) with the sun's zenith above DARK_ZENITH_DEG, sampled every 5 minutes."""
    step_s = 3600 // DARK_SAMPLES_PER_HOUR
    offsets = (np.arange(DARK_SAMPLES_PER_HOUR) * step_s + step_s // 2).astype("timedelta64[s]")
    instants = (np.asarray(stamps, dtype="datetime64[s]")[:, None] + offsets[None, :]).ravel()
    zenith = solar.solar_position(instants, latitude_deg, longitude_deg).zenith_deg
    return (zenith.reshape(len(stamps), DARK_SAMPLES_PER_HOUR) > DARK_ZENITH_DEG).mean(axis=1)


def marginal_fuel_cost_azn_per_mwh(efficiency: float) -> float:
    """Gas cost of one MWh of electricity: 185 AZN per 1,000 m3 / 9.5 kWh per m3 / efficiency."""
    return GAS_PRICE_AZN_PER_1000_M3 / GAS_KWH_PER_M3 / efficiency


def national_export_value(stamps: pd.DatetimeIndex) -> tuple[np.ndarray, dict[str, float]]:
    """Hourly multiplier on the export price, mean 1: the fuel cost of the national marginal plant.

    Night (22-07 h local) CCGT, evening peak (18-22 h) OCGT, day in between (midpoint); in June-August
    the afternoon (12-18 h) is an OCGT hour as well (national summer peak [T6]).
    """
    local = local_time(stamps)
    hour = local.hour.to_numpy()
    month = local.month.to_numpy()
    ccgt = marginal_fuel_cost_azn_per_mwh(CCGT_EFFICIENCY)
    ocgt = marginal_fuel_cost_azn_per_mwh(OCGT_EFFICIENCY)
    day = 0.5 * (ccgt + ocgt)
    night = (hour >= NIGHT_HOURS_LOCAL[0]) | (hour < NIGHT_HOURS_LOCAL[1])
    evening = (hour >= EVENING_HOURS_LOCAL[0]) & (hour < EVENING_HOURS_LOCAL[1])
    summer_peak = np.isin(month, SUMMER_PEAK_MONTHS) & (hour >= SUMMER_PEAK_HOURS_LOCAL[0]) & (
        hour < SUMMER_PEAK_HOURS_LOCAL[1])
    level = np.where(night, ccgt, np.where(evening | summer_peak, ocgt, day))
    mean = float(level.mean())
    return level / mean, {"ccgt": ccgt, "ocgt": ocgt, "day": day, "mean": mean}


EXPORT_VALUE_LEVELS: dict[str, float] = {}  # filled by build_profiles, for the sources notes


def build_profiles(shared: Path) -> pd.DataFrame:
    weather = read_weather(shared)
    stamps = pd.DatetimeIndex(weather["timestamp"])
    export_value, levels = national_export_value(stamps)
    EXPORT_VALUE_LEVELS.clear()
    EXPORT_VALUE_LEVELS.update(levels)
    hot_water = local_hour_shape(stamps, HOT_WATER_DIURNAL)
    driving = local_hour_shape(stamps, EV_DRIVING)
    columns = {
        "solar_utility": (4, solar.pv_availability_per_mw_ac(weather, **UTILITY_PV)),
        "solar_rooftop": (4, solar.pv_availability_per_mw_ac(weather, **ROOFTOP_PV)),
        "wind_kalbajar": (4, wind_profile(stamps)),
        "hydro_snowmelt": (5, hydro_snowmelt_profile(stamps)),
        **{name: (5, values) for name, values in load_profiles(stamps).items()},
        "temperature_c": (2, weather["T_amb"].to_numpy(float)),
        "hot_water": (5, hot_water / hot_water.mean()),
        "ev_plugged_home": (4, local_hour_shape(stamps, EV_PLUGGED_HOME)),
        "ev_plugged_public": (4, local_hour_shape(stamps, EV_PLUGGED_PUBLIC)),
        "ev_driving": (5, driving / driving.mean()),
        "dark": (4, dark_share(stamps, solar.JABRAYIL_LATITUDE_DEG, solar.JABRAYIL_LONGITUDE_DEG)),
        "national_export_value": (5, export_value),
    }
    # Availability and share profiles to 4 decimals, mean-1 shapes to 5, temperature to 0.01 degC.
    profiles = pd.DataFrame({name: np.round(values, decimals) + 0.0 for name, (decimals, values) in columns.items()},
                            index=stamps)
    profiles.index.name = "timestamp"
    return profiles


def _hours_text(values: np.ndarray) -> str:
    return ",".join(f"{v:g}" for v in values)


def profile_sources(profiles: pd.DataFrame) -> None:
    levels = EXPORT_VALUE_LEVELS
    export = profiles["national_export_value"]
    notes = {
        "solar_utility": ("C1,R21,ASSUMPTION",
                          ("gezopt.data.solar on the Jabrayil TMY: fixed south tilt 30 deg, DC/AC 288/240 = 1.2 "
                          "[R21], system loss 0.14, inverter 0.97, albedo 0.2, NOCT 45 degC, -0.4 %/K; "
                          f"annual factor {profiles['solar_utility'].mean():.3f} (Shafag publishes 0.238 [R21])")),
        "solar_rooftop": ("C1,ASSUMPTION",
                          ("same model, tilt 20 deg, DC/AC 1.0, system loss 0.14; Jabrayil irradiance used "
                          f"everywhere (ASSUMPTION 13, not scaled); annual factor {profiles['solar_rooftop'].mean():.3f}")),
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
                      f"peak 20 h: {_hours_text(HOT_WATER_DIURNAL)} (00-23 h), divided by its mean; "
                      "same every day")),
        "ev_plugged_home": ("ASSUMPTION 10", ("share of home-charged cars plugged in by local hour: "
                            f"{_hours_text(EV_PLUGGED_HOME)} (00-23 h); same every day")),
        "ev_plugged_public": ("ASSUMPTION 10", ("share of the public-charger users plugged in at a DC charger by "
                              f"local hour: {_hours_text(EV_PLUGGED_PUBLIC)} (00-23 h); same every day")),
        "ev_driving": ("ASSUMPTION 10", ("driving energy by local hour, commute peaks 08 and 18 h, zero 21-07 h "
                       f"while the cars are at home: {_hours_text(EV_DRIVING)} (00-23 h), divided by its mean")),
        "dark": ("C1,ASSUMPTION", (f"share of the hour with the sun's zenith > {DARK_ZENITH_DEG:g} deg at Jabrayil "
                 f"({solar.JABRAYIL_LATITUDE_DEG} N {solar.JABRAYIL_LONGITUDE_DEG} E, the TMY point [C1]), "
                 f"gezopt.data.solar.solar_position sampled every 5 minutes; {profiles['dark'].sum():.0f} dark "
                 "hours a year")),
        "national_export_value": ("T2,T10,T6,ASSUMPTION 9", (
            f"fuel cost of the national marginal plant: gas 185 AZN/1000 m3 [T2] / {GAS_KWH_PER_M3} kWh/m3 "
            f"(ASSUMPTION) / efficiency 0.57 CCGT -> {levels['ccgt']:.2f} AZN/MWh at night 22-07 h local, "
            f"0.405 OCGT -> {levels['ocgt']:.2f} at the evening peak 18-22 h and on June-August afternoons "
            f"12-18 h (national August peak [T6]), midpoint {levels['day']:.2f} in other day hours; divided by "
            f"the annual mean {levels['mean']:.2f} -> multipliers {export.min():.3f}-{export.max():.3f}, mean "
            f"{export.mean():.4f}, so the annual mean export value stays 44 AZN/MWh (ASSUMPTION 9)")),
    }
    for name in profiles.columns:
        source, note = notes[name]
        SOURCES.add("profiles", "*", name, source, note)


# =========================================================================== tables


def build_buses() -> list[dict[str, object]]:
    records = []
    for bus_id, name, kv, latitude, longitude, district, commissioned, (source, note) in BUSES:
        records.append({"bus_id": bus_id, "name": name, "voltage_kv": float(kv), "latitude_deg": latitude,
                        "longitude_deg": longitude, "district": district, "commissioned": commissioned})
        SOURCES.add("buses", bus_id, "voltage_kv", source, note)
        if commissioned:
            date_source, date_note = source, note
            if bus_id in YEAR_ONLY_BUS_DATES:
                date_source, date_note = f"{source},ASSUMPTION", f"{note}; year only -> 1 January"
            elif "ASSUMPTION" in note and "ASSUMPTION" not in source:
                date_source = f"{source},ASSUMPTION"
            SOURCES.add("buses", bus_id, "commissioned", date_source, date_note)
        else:
            SOURCES.add("buses", bus_id, "commissioned", "ASSUMPTION",
                        "no date: in service in every scenario year (national grid, existing, or not published)")
    SOURCES.add("buses", "*", "latitude_deg", "ASSUMPTION", "approximate coordinates of the town/village")
    SOURCES.add("buses", "*", "longitude_deg", "ASSUMPTION", "approximate coordinates of the town/village")
    return records


def build_lines() -> list[dict[str, object]]:
    records = []
    for line_id, bus0, bus1, kv, length, circuits, (source, note) in LINES:
        if length is None:
            straight = haversine_km(*BUS_COORDINATES[bus0], *BUS_COORDINATES[bus1])
            length = round(straight * ROUTE_FACTOR, 1)
            SOURCES.add("lines", line_id, "length_km", "ASSUMPTION 2",
                        f"not published: straight-line {straight:.1f} km x {ROUTE_FACTOR}")
        else:
            SOURCES.add("lines", line_id, "length_km", source, note)
        SOURCES.add("lines", line_id, "circuits", source, note)
        x_ohm_per_km, rating = LINE_TYPES[kv]
        records.append({"line_id": line_id, "bus0": bus0, "bus1": bus1, "voltage_kv": float(kv),
                        "length_km": length, "circuits": circuits, "x_ohm_per_km": x_ohm_per_km,
                        "s_nom_mva_per_circuit": rating,
                        "commissioned": later_date(BUS_COMMISSIONED[bus0], BUS_COMMISSIONED[bus1])})
        SOURCES.add("lines", line_id, "voltage_kv", source, note)
    SOURCES.add("lines", "*", "x_ohm_per_km", "ASSUMPTION 2",
                "110 kV AC-240: 0.40 ohm/km; 330 kV 2xAC-400: 0.33 ohm/km")
    SOURCES.add("lines", "*", "s_nom_mva_per_circuit", "ASSUMPTION 2", "110 kV: 110 MVA; 330 kV: 900 MVA per circuit")
    SOURCES.add("lines", "*", "commissioned", "ASSUMPTION",
                "a line enters service when both end buses are in service (later of their dates)")
    return records


def build_transformers() -> list[dict[str, object]]:
    records = []
    for transformer_id, bus0, bus1, rating, x_pu, commissioned in TRANSFORMERS:
        records.append({"transformer_id": transformer_id, "bus0": bus0, "bus1": bus1, "s_nom_mva": rating,
                        "x_pu": x_pu, "commissioned": commissioned})
    SOURCES.add("transformers", "*", "s_nom_mva", "ASSUMPTION 1", "2 x 200 MVA at Jabrayil 330/110 kV")
    SOURCES.add("transformers", "*", "x_pu", "ASSUMPTION", "0.12 p.u. on the bank's own rating")
    SOURCES.add("transformers", "*", "commissioned", "G1,G2", "with the Jabrayil junction, 2023-05-04")
    return records


def hydro_power_per_flow(head_m: float | None, mw_per_m3s: float | None) -> float:
    """k in MW per m3/s: the published value, else rho g H eta / 1e6."""
    if mw_per_m3s is not None:
        return mw_per_m3s
    return WATER_DENSITY_KG_PER_M3 * GRAVITY_M_PER_S2 * head_m * TURBINE_EFFICIENCY / 1e6


def travel_time_h(distance_km: float) -> int:
    """Whole hours at RIVER_SPEED_KM_PER_H, rounded half up."""
    return math.floor(distance_km / RIVER_SPEED_KM_PER_H + 0.5)


def fleet_gap_plants() -> dict[str, tuple[int, float, str]]:
    """The aggregated rows' plant count and MW: Azerenerji's fleet minus the named plants at the year's end.

    Named plants are the rows of ZONE.md section 1 (Sarsang and Aghali included, the private HPPs not).
    """
    gaps = {}
    covered_plants, covered_mw = 0, 0.0
    for plant_id, year in OTHER_HPP_GROUPS.items():
        plants, fleet_mw = AZERENERJI_FLEET[year][:2]
        end = f"{year}-12-31"
        named = [row for row in HYDRO_PLANTS
                 if row[5] <= end and not row[0].startswith(("PRIVATE", "OTHER"))]
        named_mw = sum(row[4] for row in named)
        count = plants - len(named) - covered_plants
        mw = round(fleet_mw - named_mw - covered_mw, 3)
        if count < 1 or mw <= 0:
            raise ValueError(f"{plant_id}: no gap to close in {year} ({count} plants, {mw} MW)")
        gaps[plant_id] = (count, mw, (f"Azerenerji {fleet_mw:g} MW / {plants} HPPs at the end of {year} "
                                      f"[{AZERENERJI_FLEET[year][3]}] - {named_mw:.2f} MW / {len(named)} named plants "
                                      "in service (Sarsang and Aghali included)" + (
                                          f" - {covered_mw:g} MW / {covered_plants} aggregated earlier"
                                          if covered_plants else "")))
        covered_plants += count
        covered_mw += mw
    return gaps


class RiverModel:
    """The zone's rivers over the reference year, with the LP's semantics (issue 3), for calibration.

    inflow = local x profile + outflow of the plants upstream (travel time later; before the first hour
    the upstream plant's outflow at the same hour); usable = (1 - irrigation share) x inflow; a
    run-of-river plant turbines min(p_nom/k, usable - min(environmental flow, usable)) and passes all
    its usable water on; the reservoir passes its usable inflow on (its natural outflow) and turbines
    it over the year less any forced spill.
    """

    def __init__(self, plants: dict[str, dict[str, object]], links: list[tuple[str, str, int]],
                 profile: np.ndarray, months: np.ndarray) -> None:
        self.plants = plants
        self.profile = profile
        self.months = months
        graph = nx.DiGraph()
        graph.add_nodes_from(plants)
        self.upstream: dict[str, list[tuple[str, int]]] = {p: [] for p in plants}
        for upstream, downstream, lag in links:
            graph.add_edge(upstream, downstream)
            self.upstream[downstream].append((upstream, lag))
        self.order = list(nx.lexicographical_topological_sort(graph))
        self.share = {p: np.ones(len(profile)) for p in plants}
        self.outflow: dict[str, np.ndarray] = {}

    def set_withdrawal(self, plant_id: str, month: int, share: float) -> None:
        self.share[plant_id][self.months == month] = 1.0 - share

    def upstream_inflow(self, plant_id: str) -> np.ndarray:
        flow = np.zeros(len(self.profile))
        for upstream, lag in self.upstream[plant_id]:
            outflow = self.outflow[upstream]
            flow = flow + (np.concatenate([outflow[:lag], outflow[:len(outflow) - lag]]) if lag else outflow)
        return flow

    def turbined(self, plant_id: str, inflow: np.ndarray, environmental: float,
                 in_service: np.ndarray | None = None) -> np.ndarray:
        """Turbined flow m3/s: as much as the water, the environmental flow and the turbines allow."""
        plant = self.plants[plant_id]
        usable = self.share[plant_id] * inflow
        q_max = plant["p_nom_mw"] / plant["k"] * (np.ones(len(inflow)) if in_service is None else in_service)
        if plant["reservoir"]:
            return self.reservoir_turbined(plant_id, usable, q_max, environmental)
        available = np.maximum(usable - np.minimum(environmental, usable), 0.0)
        upper = np.minimum(q_max, available)
        # min_output_share * q_max is a floor only where the water allows it: never binding at maximal output
        return upper

    def reservoir_turbined(self, plant_id: str, usable: np.ndarray, q_max: np.ndarray,
                           environmental: float) -> np.ndarray:
        """Turbine the inflow and any storage above the start volume; store what the turbines cannot take;
        spill only above the full supply level (forced spill). Cyclic if the year ends at the start volume."""
        reservoir = self.plants[plant_id]["reservoir"]
        volume = start = reservoir["volume_start_mcm"]
        turbined = np.zeros(len(usable))
        spill = 0.0
        for t in range(len(usable)):
            q = min(q_max[t], max(0.0, usable[t] + (volume - start) / MCM_PER_M3S_HOUR))
            volume += MCM_PER_M3S_HOUR * (usable[t] - q)
            released = q
            if volume > reservoir["volume_max_mcm"]:
                spilled = (volume - reservoir["volume_max_mcm"]) / MCM_PER_M3S_HOUR
                spill += spilled
                released += spilled
                volume = reservoir["volume_max_mcm"]
            if released < environmental and volume > reservoir["volume_min_mcm"]:
                extra = min(environmental - released, (volume - reservoir["volume_min_mcm"]) / MCM_PER_M3S_HOUR)
                spill += extra
                volume -= MCM_PER_M3S_HOUR * extra
            turbined[t] = q
        self.plants[plant_id]["forced_spill_mcm"] = spill * MCM_PER_M3S_HOUR
        self.plants[plant_id]["end_volume_mcm"] = volume
        return turbined

    def energy_mwh(self, plant_id: str, inflow: np.ndarray, environmental: float,
                   in_service: np.ndarray | None = None) -> float:
        return float(self.plants[plant_id]["k"] * self.turbined(plant_id, inflow, environmental, in_service).sum())

    def settle(self, plant_id: str, local_m3s: float, environmental: float) -> np.ndarray:
        """Fix a plant's local inflow and environmental flow; its natural outflow goes downstream."""
        plant = self.plants[plant_id]
        plant["local_inflow_m3s"], plant["min_environmental_flow_m3s"] = local_m3s, environmental
        inflow = local_m3s * self.profile + self.upstream_inflow(plant_id)
        plant["inflow"] = inflow
        self.outflow[plant_id] = self.share[plant_id] * inflow
        return inflow


def calibrate_hydro(model: RiverModel, targets_mwh: dict[str, float],
                    caps_m3s: dict[str, float]) -> dict[str, str]:
    """Local inflows upstream first, by bisection, so that each run-of-river plant's full-year energy meets its
    target (up to a cap on its mean natural inflow); the reservoir gets a total mean inflow. Returns notes."""
    notes = {}
    for plant_id in model.order:
        plant = model.plants[plant_id]
        from_upstream = model.upstream_inflow(plant_id)
        upstream_mean = float(from_upstream.mean())

        def energy(local: float, plant_id: str = plant_id, from_upstream: np.ndarray = from_upstream) -> float:
            inflow = local * model.profile + from_upstream
            return model.energy_mwh(plant_id, inflow, ENVIRONMENTAL_FLOW_SHARE * float(inflow.mean()))

        if plant_id in DESIGNED_PLANTS:
            local, note = DESIGNED_PLANTS[plant_id]
            inflow = local * model.profile + from_upstream
            usable = model.share[plant_id] * inflow
            environmental = round(ENVIRONMENTAL_FLOW_SHARE * float(inflow.mean()), 3)
            available = np.maximum(usable - np.minimum(environmental, usable), 0.0)
            per_metre = WATER_DENSITY_KG_PER_M3 * GRAVITY_M_PER_S2 * TURBINE_EFFICIENCY / 1e6
            plant["head_m"] = float(math.ceil(plant["p_nom_mw"] / available.max() / per_metre))
            plant["k"] = hydro_power_per_flow(plant["head_m"], None)
            design_flow = plant["p_nom_mw"] / plant["k"]
            floor = MIN_OUTPUT_SHARES.get(plant_id, (0.0,))[0] * design_flow
            if floor > available.min() + 1e-9:
                raise ValueError(f"{plant_id}: minimum output needs {floor:.2f} m3/s, low water gives "
                                 f"{available.min():.2f} m3/s")
            plant["head_note"] = (
                f"design flow = high-water flow (100 % output in high water [R17]): {available.max():.2f} m3/s "
                f"available (natural inflow less environmental flow) -> {plant['p_nom_mw']:g} MW / "
                f"{available.max():.2f} m3/s / (rho g eta) = {plant['p_nom_mw'] / available.max() / per_metre:.1f} m, "
                f"rounded up; low water then gives {available.min() / design_flow:.0%} output (25 % [R17])")
            note += f"; {upstream_mean:.3f} m3/s arrive from the plants upstream"
        elif plant["reservoir"]:
            local = SARSANG_TOTAL_INFLOW_M3S - upstream_mean
            if local < 0:
                raise ValueError(f"{plant_id}: the plants upstream bring more than {SARSANG_TOTAL_INFLOW_M3S} m3/s")
            note = (f"total mean inflow {SARSANG_TOTAL_INFLOW_M3S:g} m3/s (ASSUMPTION, Tartar at Sarsang) - "
                    f"{upstream_mean:.3f} m3/s from the plants upstream")
        else:
            target = targets_mwh[plant_id]
            cap = caps_m3s.get(plant_id)
            high = (cap - upstream_mean) if cap is not None else 1.0
            while cap is None and energy(high) < target:
                high *= 2.0
            if energy(0.0) > target * (1 + 1e-4):
                raise ValueError(f"{plant_id}: the inflow from upstream alone gives {energy(0.0) / 1e3:.2f} GWh, "
                                 f"above the target {target / 1e3:.2f} GWh; lower the head or raise the capacity")
            if energy(high) < target:
                local = high
                note = (f"capped: mean natural inflow at most {cap:g} m3/s, giving {energy(high) / 1e3:.2f} GWh "
                        f"of the {target / 1e3:.2f} GWh target")
            else:
                low = 0.0
                for _ in range(100):
                    middle = 0.5 * (low + high)
                    low, high = (middle, high) if energy(middle) < target else (low, middle)
                local = 0.5 * (low + high)
                note = f"bisection: full-year energy = {target / 1e3:.3f} GWh"
            note += f"; {upstream_mean:.3f} m3/s arrive from the plants upstream" if model.upstream[plant_id] else ""
        local = round(local, 3)
        inflow_mean = local * float(model.profile.mean()) + upstream_mean
        environmental = round(ENVIRONMENTAL_FLOW_SHARE * inflow_mean, 3)
        model.settle(plant_id, local, environmental)
        notes[plant_id] = note
    return notes


def simulate_year(model: RiverModel, stamps: pd.DatetimeIndex, year: int) -> dict[str, float]:
    """GWh per plant in ``year``: the reference-year flows relabelled to it, turbines from commissioning on."""
    relabelled = pd.DatetimeIndex(pd.to_datetime(stamps.strftime(f"{year}-%m-%d %H:%M"), format="%Y-%m-%d %H:%M"))
    energy = {}
    for plant_id, plant in model.plants.items():
        in_service = np.asarray(relabelled >= pd.Timestamp(plant["commissioned"]), dtype=float)
        energy[plant_id] = model.energy_mwh(plant_id, plant["inflow"], plant["min_environmental_flow_m3s"],
                                            in_service) / 1e3
    return energy


def hydro_targets() -> list[tuple[str, str, int, float, float, str, str]]:
    """(target_id, plants, year, GWh, tolerance, source, note) for every published figure."""
    commissioned = {row[0]: row[5] for row in HYDRO_PLANTS}
    rows = []
    for target_id, (energy_gwh, plant_ids, source, note) in PUBLISHED_HYDRO_ENERGY.items():
        # the first year with every plant in service all year, and no earlier than TARGET_YEAR_IN_SERVICE
        year = max(TARGET_YEAR_IN_SERVICE,
                   *(int(commissioned[p][:4]) + (commissioned[p][5:] != "01-01") for p in plant_ids))
        rows.append((target_id, " ".join(plant_ids), year, energy_gwh, TARGET_TOLERANCE_SHARE, source,
                     f"{note}; {year}: first year with every plant in service all year (from {TARGET_YEAR_IN_SERVICE})"))
    for year, (plants, mw, energy_gwh, source, note) in AZERENERJI_FLEET.items():
        rows.append((f"FLEET_{year}", "*", year, energy_gwh, FLEET_TOLERANCE_SHARE, source,
                     f"{note} from {plants} HPPs, {mw:g} MW; * = every plant, commissioning counted hour by hour"))
    return rows


def build_hydro(profiles: pd.DataFrame) -> tuple[dict[str, list[dict[str, object]]], str]:
    """hydro_plants, river_links, irrigation, reservoirs and hydro_targets, and the calibration report."""
    gaps = fleet_gap_plants()
    plants: dict[str, dict[str, object]] = {}
    for plant_id, name, bus, river, p_nom, commissioned, head, sources in HYDRO_PLANTS:
        if plant_id in gaps:
            count, p_nom, _ = gaps[plant_id]
            name = name.replace("(aggregated)", f"({count} plant{'s' if count > 1 else ''} aggregated)")
        head_m, head_note = head if head is not None else (None, None)
        mw_per_m3s = AGHALI_MW_PER_M3S[0] if plant_id == "AGHALI" else None
        plants[plant_id] = {
            "name": name, "bus": bus, "river": river, "p_nom_mw": p_nom, "commissioned": commissioned,
            "head_m": head_m, "head_note": head_note, "mw_per_m3s": mw_per_m3s,
            "k": None if plant_id in DESIGNED_PLANTS else hydro_power_per_flow(head_m, mw_per_m3s),
            "sources": sources,
            "reservoir": ({column: value for column, (value, _) in SARSANG.items()}
                          if plant_id in RESERVOIR_PLANTS else None),
        }
    links = [(river, upstream, downstream, travel_time_h(km), km, note)
             for river, upstream, downstream, km, note in RIVER_LINKS]
    stamps = pd.DatetimeIndex(profiles.index)
    model = RiverModel(plants, [(u, d, lag) for _, u, d, lag, _, _ in links],
                       profiles["hydro_snowmelt"].to_numpy(float), stamps.month.to_numpy())
    for plant_id in IRRIGATION_PLANTS:
        for month in IRRIGATION_MONTHS:
            model.set_withdrawal(plant_id, month, IRRIGATION_WITHDRAWAL_SHARE)

    targets = hydro_targets()
    targets_mwh, target_of = {}, {}
    for target_id, plant_text, _, energy_gwh, _, _, _ in targets:
        if plant_text == "*":
            continue
        plant_ids = plant_text.split()
        total_mw = sum(plants[p]["p_nom_mw"] for p in plant_ids)
        for plant_id in plant_ids:
            targets_mwh[plant_id] = energy_gwh * 1e3 * plants[plant_id]["p_nom_mw"] / total_mw
            target_of[plant_id] = target_id
    for plant_id, plant in plants.items():
        targets_mwh.setdefault(plant_id, DEFAULT_HYDRO_CAPACITY_FACTOR * plant["p_nom_mw"] * HOURS_PER_YEAR)
    notes = calibrate_hydro(model, targets_mwh, {"AGHALI": HAKARI_MEAN_DISCHARGE_M3S})

    # ---- tables and sources
    records = []
    for plant_id, plant in plants.items():
        records.append({
            "plant_id": plant_id, "name": plant["name"], "bus": plant["bus"], "river": plant["river"],
            "p_nom_mw": plant["p_nom_mw"], "mw_per_m3s": plant["mw_per_m3s"], "head_m": plant["head_m"],
            "efficiency": TURBINE_EFFICIENCY if plant["head_m"] is not None else None,
            "local_inflow_m3s": plant["local_inflow_m3s"], "inflow_profile": "hydro_snowmelt",
            "min_environmental_flow_m3s": plant["min_environmental_flow_m3s"],
            "min_output_share": MIN_OUTPUT_SHARES[plant_id][0] if plant_id in MIN_OUTPUT_SHARES else None,
            "marginal_cost_azn_per_mwh": 0.0, "commissioned": plant["commissioned"], "decommissioned": None,
        })
        if plant_id.startswith("PRIVATE"):
            SOURCES.add_row("hydro_plants", plant_id, PRIVATE_HPP_SOURCES)
        elif plant_id in gaps:
            count, mw, note = gaps[plant_id]
            SOURCES.add("hydro_plants", plant_id, "p_nom_mw", f"{AZERENERJI_FLEET[OTHER_HPP_GROUPS[plant_id]][3]},"
                        "ASSUMPTION", f"{note} = {mw:g} MW / {count} plant(s) not named in ZONE.md, one row")
            SOURCES.add("hydro_plants", plant_id, "commissioned", "ASSUMPTION", OTHER_HPP_COMMISSIONED_NOTES[plant_id])
        else:
            SOURCES.add_row("hydro_plants", plant_id, plant["sources"])
        if plant["head_m"] is not None:
            head_source = {"SARSANG": "R16,ASSUMPTION", "GOZLUKORPU": "R17,ASSUMPTION"}.get(plant_id, "ASSUMPTION")
            SOURCES.add("hydro_plants", plant_id, "head_m", head_source,
                        f"{plant['head_m']:g} m: {plant['head_note']}; k = 1000 x 9.81 x {plant['head_m']:g} x "
                        f"{TURBINE_EFFICIENCY} / 1e6 = {plant['k']:.4f} MW/(m3/s)")
        if plant_id in target_of:
            target_id = target_of[plant_id]
            source = f"{PUBLISHED_HYDRO_ENERGY[target_id][2]},ASSUMPTION"
            group = PUBLISHED_HYDRO_ENERGY[target_id][1]
            what = f"target {targets_mwh[plant_id] / 1e3:.3f} GWh/yr (target {target_id}"
            what += (f": {PUBLISHED_HYDRO_ENERGY[target_id][0]:g} GWh for {' + '.join(group)}, split by capacity)"
                     if len(group) > 1 else ")")
            if plant_id == "AGHALI":
                source = "R14,C7,ASSUMPTION"
        elif plant["reservoir"]:
            source, what = "ASSUMPTION", "reservoir plant"
        elif plant_id in DESIGNED_PLANTS:
            source = "ASSUMPTION"
            what = (f"design published instead of energy [R17]; full-year energy "
                    f"{model.energy_mwh(plant_id, plant['inflow'], plant['min_environmental_flow_m3s']) / 1e3:.1f} GWh "
                    f"(factor {model.energy_mwh(plant_id, plant['inflow'], plant['min_environmental_flow_m3s']) / (plant['p_nom_mw'] * HOURS_PER_YEAR):.2f})")
        else:
            source = "ASSUMPTION 4"
            what = (f"no published energy: default factor {DEFAULT_HYDRO_CAPACITY_FACTOR} x {plant['p_nom_mw']:g} MW "
                    f"x 8,760 h = {targets_mwh[plant_id] / 1e3:.3f} GWh/yr")
        SOURCES.add("hydro_plants", plant_id, "local_inflow_m3s", source,
                    f"hydrology as data, {'set' if plant_id in DESIGNED_PLANTS else 'calibrated'}: {what}; "
                    f"{notes[plant_id]}; mean natural inflow "
                    f"{plant['inflow'].mean():.3f} m3/s")
        SOURCES.add("hydro_plants", plant_id, "min_environmental_flow_m3s", "ASSUMPTION",
                    f"{ENVIRONMENTAL_FLOW_SHARE:.0%} of the mean natural inflow {plant['inflow'].mean():.3f} m3/s")
    for plant_id, (_, entry) in MIN_OUTPUT_SHARES.items():
        SOURCES.add("hydro_plants", plant_id, "min_output_share", *entry)
    SOURCES.add("hydro_plants", "AGHALI", "mw_per_m3s", *AGHALI_MW_PER_M3S[1])
    SOURCES.add("hydro_plants", "AGHALI", "head_m", "R14", "empty: mw_per_m3s is published")
    SOURCES.add("hydro_plants", "*", "mw_per_m3s", "ASSUMPTION", "empty: k from head_m and efficiency")
    SOURCES.add("hydro_plants", "*", "efficiency", "ASSUMPTION",
                f"{TURBINE_EFFICIENCY} turbine x generator (empty where mw_per_m3s is given)")
    SOURCES.add("hydro_plants", "*", "min_output_share", "ASSUMPTION", "empty = 0 except Gozlukorpu [R17]")
    SOURCES.add("hydro_plants", "*", "marginal_cost_azn_per_mwh", "T10",
                "run-of-river hydro has only fixed O&M (2 %/yr) in T10: variable cost 0")
    SOURCES.add("hydro_plants", "*", "decommissioned", "ASSUMPTION", "empty: none retires before 2028")

    link_records = []
    counters: dict[str, int] = {}
    for river, upstream, downstream, lag, km, note in links:
        counters[river] = counters.get(river, 0) + 1
        link_id = f"{river}_{counters[river]}"
        link_records.append({"link_id": link_id, "upstream_plant": upstream, "downstream_plant": downstream,
                             "travel_time_h": float(lag)})
        SOURCES.add("river_links", link_id, "travel_time_h", "ASSUMPTION",
                    f"{note}; ~{km:g} km along the river / {RIVER_SPEED_KM_PER_H:g} km/h -> {lag} h")

    irrigation_records = []
    for plant_id in IRRIGATION_PLANTS:
        for month in IRRIGATION_MONTHS:
            irrigation_records.append({"plant_id": plant_id, "month": month,
                                       "withdrawal_share": IRRIGATION_WITHDRAWAL_SHARE})
        SOURCES.add("irrigation", plant_id, "month", "R15,ASSUMPTION 4",
                    "stops in summer because irrigation takes the water: July-September")
        SOURCES.add("irrigation", plant_id, "withdrawal_share", "R15", "irrigation takes the water: 1.0")

    reservoir = {"plant_id": "SARSANG"}
    for column, (value, (source, note)) in SARSANG.items():
        reservoir[column] = value
        SOURCES.add("reservoirs", "SARSANG", column, source, note)

    target_records = []
    for target_id, plant_text, year, energy_gwh, tolerance, source, note in targets:
        target_records.append({"target_id": target_id, "plants": plant_text, "year": year, "energy_gwh": energy_gwh,
                               "tolerance_share": tolerance})
        SOURCES.add("hydro_targets", target_id, "energy_gwh", source, note)
        SOURCES.add("hydro_targets", target_id, "year", "ASSUMPTION" if plant_text != "*" else source,
                    "a year with every plant of the target in service all year" if plant_text != "*"
                    else "year of the published figure")
        SOURCES.add("hydro_targets", target_id, "tolerance_share", "ASSUMPTION",
                    f"+-{tolerance:.0%}: {'fleet' if plant_text == '*' else 'single published figure'}")

    report = calibration_report(model, stamps, target_records)
    tables = {"hydro_plants": records, "river_links": link_records, "irrigation": irrigation_records,
              "reservoirs": [reservoir], "hydro_targets": target_records}
    return tables, report


def calibration_report(model: RiverModel, stamps: pd.DatetimeIndex, targets: list[dict[str, object]]) -> str:
    """Simulated vs published GWh per target, from the written (rounded) data; fails outside the tolerances."""
    years = sorted({int(t["year"]) for t in targets} | set(CALIBRATION_YEARS))
    energy = {year: simulate_year(model, stamps, year) for year in years}
    lines = [f"{'target':<26} {'year':>4} {'published':>9} {'simulated':>9} {'ratio':>6}  ok"]
    failures = []
    for target in targets:
        year = int(target["year"])
        plant_ids = list(model.plants) if target["plants"] == "*" else str(target["plants"]).split()
        simulated = sum(energy[year][p] for p in plant_ids)
        ratio = simulated / target["energy_gwh"]
        ok = abs(ratio - 1.0) <= target["tolerance_share"]
        failures += [] if ok else [target["target_id"]]
        lines.append(f"{target['target_id']:<26} {year:>4} {target['energy_gwh']:>9.2f} {simulated:>9.2f} "
                     f"{ratio:>6.3f}  {'yes' if ok else 'NO'}")
    sarsang = model.plants["SARSANG"]
    lines.append(f"Sarsang: {energy[2025]['SARSANG']:.1f} GWh/yr, mean inflow {sarsang['inflow'].mean():.2f} m3/s, "
                 f"forced spill {sarsang['forced_spill_mcm']:.1f} mcm, end volume {sarsang['end_volume_mcm']:.1f} mcm")
    if failures:
        raise ValueError("hydro calibration outside tolerance: " + ", ".join(failures) + "\n" + "\n".join(lines))
    return "\n".join(lines)


def build_generators() -> list[dict[str, object]]:
    records = []
    for generator_id, name, bus, carrier, p_nom, profile, cost, commissioned, sources in GENERATORS:
        records.append({"generator_id": generator_id, "name": name, "bus": bus, "carrier": carrier,
                        "p_nom_mw": p_nom, "availability_profile": profile,
                        "marginal_cost_azn_per_mwh": round(cost, 4), "co2_t_per_mwh": 0.0,
                        "commissioned": commissioned, "decommissioned": None})
        SOURCES.add_row("generators", generator_id, ROOFTOP_SOURCES if carrier == "rooftop_solar" else sources)
        if carrier == "wind":
            SOURCES.add("generators", generator_id, "marginal_cost_azn_per_mwh", "T10",
                        f"onshore wind variable O&M 1.9 EUR/MWh x {EUR_TO_AZN} AZN/EUR (ASSUMPTION rate)")
        else:
            SOURCES.add("generators", generator_id, "marginal_cost_azn_per_mwh", "T10",
                        "utility and rooftop PV have only fixed O&M in T10: 0")
    SOURCES.add("generators", "*", "co2_t_per_mwh", "ASSUMPTION", "no direct emissions")
    SOURCES.add("generators", "*", "decommissioned", "ASSUMPTION", "empty: none retires before 2028")
    return records


def build_waste() -> list[dict[str, object]]:
    waste_t_per_day = ZONE_POPULATION * WASTE_KG_PER_PERSON_DAY / 1000.0
    energy_mwh_per_t = WTE_MWH_ELECTRIC_PER_T / WTE_ELECTRICAL_EFFICIENCY
    daily_electricity_mwh = waste_t_per_day * energy_mwh_per_t * WTE_ELECTRICAL_EFFICIENCY
    must_run_mwh = WTE_MUST_RUN_SHARE * WTE_P_NOM_MW * 24.0
    if must_run_mwh > daily_electricity_mwh:
        raise ValueError("waste plant must-run exceeds the daily waste energy")
    record = {"plant_id": "WTE_AGHDAM", "name": "Waste-to-energy plant, Aghdam (hypothetical)",
              "bus": "AGHDAM_2_110", "p_nom_mw": WTE_P_NOM_MW, "waste_t_per_day": round(waste_t_per_day, 3),
              "energy_mwh_per_t": round(energy_mwh_per_t, 4), "electrical_efficiency": WTE_ELECTRICAL_EFFICIENCY,
              "must_run_share": WTE_MUST_RUN_SHARE,
              "marginal_cost_azn_per_mwh": round(WTE_VARIABLE_OM_EUR_PER_MWH * EUR_TO_AZN, 4),
              "co2_t_per_mwh": 0.0, "commissioned": "2026-01-01", "decommissioned": None}
    SOURCES.add_row("waste_plants", "WTE_AGHDAM", {
        "p_nom_mw": ("ASSUMPTION 6", (f"the waste gives {daily_electricity_mwh:.1f} MWh/day = "
                     f"{daily_electricity_mwh / 24:.2f} MW mean; sized at 1.5 MW (~2x mean) for flexibility")),
        "waste_t_per_day": ("T8,ASSUMPTION 6", "43,144 residents [T8] x 1 kg/person/day"),
        "energy_mwh_per_t": ("R29,T10", ("0.42 MWh_e/t at Balakhani [R29] / 0.205 electrical efficiency [T10] "
                             "= 2.05 MWh/t lower heating value")),
        "electrical_efficiency": ("T10", "WtE CHP electrical efficiency 0.205"),
        "must_run_share": ("ASSUMPTION", (f"0.3 x 1.5 MW x 24 h = {must_run_mwh:.1f} MWh/day <= "
                           f"{daily_electricity_mwh:.1f} MWh/day of waste")),
        "marginal_cost_azn_per_mwh": ("T10", f"35.9 EUR/MWh x {EUR_TO_AZN} AZN/EUR (ASSUMPTION rate)"),
        "co2_t_per_mwh": ("ASSUMPTION", "fossil share of the waste not modelled: 0"),
        "commissioned": ("ASSUMPTION 6", "no WtE plant is planned in the zone [R32]; hypothetical, 2026-01-01"),
        "decommissioned": ("ASSUMPTION", "empty"),
    })
    return [record]


def build_storage() -> list[dict[str, object]]:
    b = BATTERY
    record = {"storage_id": b["storage_id"], "name": b["name"], "bus": b["bus"], "p_nom_mw": b["p_nom_mw"],
              "e_nom_mwh": b["e_nom_mwh"], "efficiency_charge": b["efficiency"],
              "efficiency_discharge": b["efficiency"], "standing_loss_per_hour": 0.0,
              "marginal_cost_azn_per_mwh": 0.0, "commissioned": b["commissioned"], "decommissioned": None}
    SOURCES.add_row("storage", b["storage_id"], {
        "p_nom_mw": ("ASSUMPTION", "20 MW / 2 h, a zone-scale copy of the Azerenerji BESS [R30]"),
        "e_nom_mwh": ("ASSUMPTION", "40 MWh (2 h, as the 125 MW / 250 MWh units of [R30])"),
        "efficiency_charge": ("T10", "battery inverter efficiency 0.955 each way"),
        "efficiency_discharge": ("T10", "battery inverter efficiency 0.955 each way"),
        "standing_loss_per_hour": ("ASSUMPTION", "0"),
        "marginal_cost_azn_per_mwh": ("ASSUMPTION", "0"),
        "commissioned": ("ASSUMPTION", "Azerenerji's BESS are due Apr-2026 [R30] -> 2026-04-01"),
        "decommissioned": ("ASSUMPTION", "empty"),
    })
    return [record]


def build_grid_connections() -> list[dict[str, object]]:
    line_capacity = {line[0]: LINE_TYPES[line[3]][1] * line[5] for line in LINES}
    connections = [
        ("GRID_AGHJABADI_330", "AGHJABADI_330", JABRAYIL_330_EXPORT_MW / 2,
         ("G1", "half of the 1,000 MW export capacity of the two 330 kV lines (split ASSUMPTION)")),
        ("GRID_IMISHLI_330", "IMISHLI_330", JABRAYIL_330_EXPORT_MW / 2,
         ("G1", "half of the 1,000 MW export capacity of the two 330 kV lines (split ASSUMPTION)")),
        ("GRID_IMISHLI_110", "IMISHLI_110", line_capacity["IMISHLI_SHUKURBAYLI"],
         ("G4,ASSUMPTION 2", "one 110 kV circuit x 110 MVA")),
        ("GRID_KHINDIRISTAN_110", "KHINDIRISTAN_110", line_capacity["KHINDIRISTAN_AGHDAM_1"],
         ("G6,ASSUMPTION 2", "double circuit x 110 MVA")),
        ("GRID_DASHKASAN_110", "DASHKASAN_110", line_capacity["DASHKASAN_KALBAJAR"],
         ("G7,G13,ASSUMPTION 2", "double circuit x 110 MVA")),
    ]
    records = []
    for connection_id, bus, limit, (source, note) in connections:
        records.append({"connection_id": connection_id, "bus": bus, "import_max_mw": limit,
                        "export_max_mw": limit, "import_price_azn_per_mwh": IMPORT_PRICE_AZN_PER_MWH,
                        "export_price_azn_per_mwh": EXPORT_PRICE_AZN_PER_MWH, "import_price_profile": None,
                        "export_price_profile": "national_export_value",
                        "co2_t_per_mwh": GRID_CO2_T_PER_MWH, "commissioned": None})
        SOURCES.add("grid_connections", connection_id, "import_max_mw", source, note + "; import = export")
        SOURCES.add("grid_connections", connection_id, "export_max_mw", source, note)
    SOURCES.add("grid_connections", "*", "import_price_azn_per_mwh", "T3,ASSUMPTION 9",
                "6.6 qepik/kWh Azerenerji -> Azerishig wholesale price")
    SOURCES.add("grid_connections", "*", "export_price_azn_per_mwh", "ASSUMPTION 9",
                ("4.4 qepik/kWh, the gas-fuel cost avoided (midpoint of 3.9-4.8 [R5,R6,R19]), an annual mean: "
                 "export_price_profile national_export_value (mean 1) shapes it by hour; the import price "
                 "(regulated wholesale price [T3]) is flat, import_price_profile empty"))
    SOURCES.add("grid_connections", "*", "co2_t_per_mwh", "ASSUMPTION 7", "0.45 t/MWh (range 0.37-0.50)")
    SOURCES.add("grid_connections", "*", "commissioned", "ASSUMPTION", "empty: national grid, always available")
    return records


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


def build_heat(profiles: pd.DataFrame, waste: dict[str, object]) -> tuple[dict[str, list[dict[str, object]]],
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
        SOURCES.add_row("heat_buses", heat_bus_id, {
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
        SOURCES.add_row("heat_units", f"HP_{key}", {
            "p_nom_mw_th": ("ASSUMPTION", (f"{HEAT_PUMP_SHARE_OF_PEAK:g} x the bus's peak heat demand {peak:.2f} MW_th "
                            "(space heat + hot water, coldest hour), rounded up to 0.1 MW")),
            "efficiency": ("T11", "empty: the heat pump's COP follows the hourly temperature (Staffell)"),
            "sink_temperature_c": ("ASSUMPTION 11", "45 degC supply temperature"),
        })
        units.append({"unit_id": f"BOILER_{key}", "heat_bus": heat_bus_id, "kind": "boiler", "p_nom_mw_th": boiler,
                      "efficiency": BOILER_EFFICIENCY, "sink_temperature_c": None, "waste_plant": None,
                      "marginal_cost_azn_per_mwh": 0.0, "commissioned": None})
        SOURCES.add_row("heat_units", f"BOILER_{key}", {
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
        SOURCES.add_row("thermal_storage", f"TANK_{key}", {
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
            SOURCES.add_row("heat_units", f"WASTE_HEAT_{key}", {
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
    SOURCES.add("heat_units", "*", "marginal_cost_azn_per_mwh", "T10",
                "decentral air-sourced heat pump and decentral resistive heater have no variable O&M in T10: 0")
    SOURCES.add("heat_units", "*", "commissioned", "ASSUMPTION",
                "empty: building heating exists wherever people live, in every scenario year")
    SOURCES.add("thermal_storage", "*", "p_nom_mw_th", "ASSUMPTION",
                f"e_nom / {TANK_ENERGY_TO_POWER_H:g} h")
    SOURCES.add("thermal_storage", "*", "standing_loss_per_hour", "T10",
                "decentral water tank storage standing losses 2.1 %/h")
    SOURCES.add("thermal_storage", "*", "commissioned", "ASSUMPTION", "empty: in every scenario year")
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


def build_ev_fleets(profiles: pd.DataFrame) -> tuple[list[dict[str, object]], np.ndarray, dict[str, float]]:
    """ev_fleets (ASSUMPTION 10), the uncontrolled charging of 2025 (MW per hour) and totals."""
    daily_kwh = EV_KM_PER_DAY * EV_KWH_PER_KM
    departure_utc = (EV_DEPARTURE_LOCAL_HOUR - LOCAL_UTC_OFFSET_HOURS) % 24
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
        SOURCES.add_row("ev_fleets", fleet_id, {
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
    SOURCES.add("ev_fleets", "*", "daily_energy_kwh_per_vehicle", "T13,ASSUMPTION 10",
                f"{EV_KM_PER_DAY:g} km/day (ASSUMPTION 10) x {EV_KWH_PER_KM} kWh/km [T13]")
    SOURCES.add("ev_fleets", "*", "battery_kwh_per_vehicle", "ASSUMPTION", "50 kWh usable, a typical compact EV")
    SOURCES.add("ev_fleets", "*", "charging_efficiency", "ASSUMPTION", "0.9 grid to battery (and back)")
    SOURCES.add("ev_fleets", "*", "departure_hour_utc", "ASSUMPTION",
                f"the day's driving starts at {EV_DEPARTURE_LOCAL_HOUR:02d} h local = {departure_utc:02d} h UTC")
    SOURCES.add("ev_fleets", "*", "departure_state_of_charge", "ASSUMPTION", "80 % at departure")
    SOURCES.add("ev_fleets", "*", "commissioned", "ASSUMPTION",
                "empty: the base-year fleet (ASSUMPTION 10) in every scenario year (no EV growth series yet)")
    return records, total_charge, totals


def build_street_lighting(profiles: pd.DataFrame) -> tuple[list[dict[str, object]], np.ndarray]:
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
        SOURCES.add("street_lighting", lighting_id, "lamps", "T8,ASSUMPTION",
                    f"{people:,} residents (ASSUMPTION split of 43,144 [T8]) / {RESIDENTS_PER_STREET_LAMP:g} "
                    "residents per lamp (ASSUMPTION), rounded")
    SOURCES.add("street_lighting", "*", "lamp_w", "ASSUMPTION", "60 W LED street lamp")
    SOURCES.add("street_lighting", "*", "solar_share", "ASSUMPTION",
                "30 % of the lamps are the plan's off-grid solar LED street lights")
    return records, grid


def build_loads(other_mwh: float, other_note: str) -> list[dict[str, object]]:
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
        SOURCES.add("loads", f"{key}_RESIDENTIAL", "annual_energy_mwh", "T8,R14,R34,ASSUMPTION 3",
                    f"{people:,} residents (ASSUMPTION split of 43,144 [T8]) x 3.07 GWh/871 residents "
                    f"= {RESIDENTIAL_MWH_PER_PERSON:.3f} MWh/person [R14,R34] x {factor:.4f} (the share left to the "
                    "loads, see *)")
        SOURCES.add("loads", f"{key}_COMMERCIAL", "annual_energy_mwh", "ASSUMPTION 3",
                    f"commercial and public: (250 GWh - residential - industrial park) x residents share "
                    f"{people / ZONE_POPULATION:.4f} x {factor:.4f} (see *)")
    records.append({"load_id": "AGHDAM_INDUSTRIAL_PARK", "bus": "AGHDAM_2_110", "district": "Aghdam",
                    "consumer_class": "industrial", "annual_energy_mwh": INDUSTRIAL_PARK_MWH,
                    "profile": "load_industrial"})
    SOURCES.add("loads", "AGHDAM_INDUSTRIAL_PARK", "annual_energy_mwh", "ASSUMPTION",
                "Aghdam Industrial Park: 30 GWh/yr (~3.4 MW mean), part of the 250 GWh (ASSUMPTION 3); its "
                "process heat stays in the load")
    # Close rounding so that loads + explicit end uses = 250,000 MWh (on the largest commercial load).
    gap = round(BASE_YEAR_DEMAND_MWH - other_mwh - sum(r["annual_energy_mwh"] for r in records), 1)
    largest = max((r for r in records if r["consumer_class"] == "commercial"), key=lambda r: r["annual_energy_mwh"])
    largest["annual_energy_mwh"] = round(largest["annual_energy_mwh"] + gap, 1)
    SOURCES.add("loads", "*", "annual_energy_mwh", "ASSUMPTION 3",
                f"residential and commercial x {factor:.4f}: 250 GWh (ASSUMPTION 3) = loads + {other_note}")
    return records


def build_demand_growth() -> list[dict[str, object]]:
    records = []
    for year, scale, (source, note) in DEMAND_GROWTH:
        records.append({"year": year, "demand_scale": scale})
        SOURCES.add("demand_growth", str(year), "demand_scale", source, note)
    SOURCES.add("demand_growth", "*", "year", "ASSUMPTION", "scenario years covered: 2022-2028")
    return records


def build_parameters() -> list[dict[str, object]]:
    parameters = [
        ("value_of_lost_load_azn_per_mwh", 4000.0 * USD_TO_AZN, "AZN/MWh",
         ("ASSUMPTION 8,T1", "4,000 USD/MWh x 1.70 AZN/USD")),
        ("co2_price_azn_per_t", 0.0, "AZN/t", ("ASSUMPTION", "no carbon price in Azerbaijan's power sector")),
        ("base_power_mva", 100.0, "MVA", ("ASSUMPTION", "per-unit system base")),
        ("eur_to_azn", EUR_TO_AZN, "AZN/EUR", ("ASSUMPTION", "1 EUR = 1.85 AZN, used for the T10 costs")),
        ("usd_to_azn", USD_TO_AZN, "AZN/USD", ("T1", "8.4 qepik = 4.94 US cents")),
        # Demand-side levers (issue 4), neutral in the base year: scenarios raise the shares.
        ("building_retrofit_share", 0.0, "-", ("ASSUMPTION", "share of the floor area retrofitted: 0 in 2025")),
        ("retrofit_heat_saving", 0.5, "-", ("ASSUMPTION", "a retrofit halves the space heat of a building")),
        ("lighting_share_of_load", 0.1, "-",
         ("ASSUMPTION", "lighting ~10 % of the residential, commercial and public loads (typical share)")),
        ("led_share", 0.0, "-", ("ASSUMPTION", "share of that lighting converted to LED by a scenario: 0 in 2025")),
        ("led_saving", 0.6, "-", ("ASSUMPTION", "an LED saves ~60 % of the electricity of the lamp it replaces")),
    ]
    records = []
    for name, value, unit, (source, note) in parameters:
        records.append({"parameter": name, "value": round(value, 6), "unit": unit})
        SOURCES.add("parameters", name, "value", source, note)
    return records


# =========================================================================== checks


def check_coverage(tables: dict[str, list[dict[str, object]]], profiles: pd.DataFrame) -> None:
    """Every numeric or date cell of every row has a sources entry; every profile too."""
    missing = []
    for name, records in tables.items():
        spec = TABLES_BY_NAME[name]
        for record in records:
            row_id = format_value(record[spec.id_column])
            for column in spec.columns:
                if column.dtype in ("float", "int", "date") and not SOURCES.covers(name, row_id, column.name):
                    missing.append(f"{name}:{row_id}:{column.name}")
    missing += [f"profiles:*:{p}" for p in profiles.columns if not SOURCES.covers("profiles", "*", p)]
    if missing:
        raise ValueError("no source for: " + ", ".join(missing))


def check_references(tables: dict[str, list[dict[str, object]]], profiles: pd.DataFrame) -> None:
    """Every id a column refers to exists in its table; every profile named is a column of profiles.csv."""
    problems = []
    for name, records in tables.items():
        spec = TABLES_BY_NAME[name]
        for column in spec.columns:
            if column.references is None and not column.profile:
                continue
            known = (set(profiles.columns) if column.profile else
                     {format_value(r[TABLES_BY_NAME[column.references].id_column]) for r in tables[column.references]})
            for record in records:
                value = record.get(column.name)
                if value not in (None, "") and value not in known:
                    problems.append(f"{name}:{record[spec.id_column]}:{column.name} names unknown '{value}'")
    if problems:
        raise ValueError("; ".join(problems))


MEAN_ONE_PROFILES = ("hydro_snowmelt", "load_residential", "load_commercial", "load_industrial", "hot_water",
                     "ev_driving", "national_export_value")
SHARE_PROFILES = ("solar_utility", "solar_rooftop", "wind_kalbajar", "ev_plugged_home", "ev_plugged_public", "dark")


def check_profiles(profiles: pd.DataFrame) -> None:
    """8,760 hourly rows; shares within 0..1; mean-1 shapes with mean 1 (to their rounding)."""
    problems = []
    if len(profiles) != HOURS_PER_YEAR or profiles.isna().any().any():
        problems.append(f"{len(profiles)} rows or empty cells")
    for name in SHARE_PROFILES:
        if profiles[name].min() < 0.0 or profiles[name].max() > 1.0:
            problems.append(f"{name} outside 0..1")
    for name in MEAN_ONE_PROFILES:
        if abs(profiles[name].mean() - 1.0) > 1e-5 or profiles[name].min() < 0.0:
            problems.append(f"{name} has mean {profiles[name].mean():.6f}")
    unchecked = set(profiles.columns) - set(MEAN_ONE_PROFILES) - set(SHARE_PROFILES) - {"temperature_c"}
    if unchecked:
        problems.append(f"profiles without a check: {sorted(unchecked)}")
    if problems:
        raise ValueError("profiles: " + "; ".join(problems))


def check_commissioning(tables: dict[str, list[dict[str, object]]]) -> None:
    """No unit enters service before its bus; every demand's bus (loads, EV fleets, heat buses, street lights)
    is in service from 2022; waste heat not before its plant."""
    problems = []
    for name in ("generators", "hydro_plants", "waste_plants", "storage"):
        id_column = TABLES_BY_NAME[name].id_column
        for record in tables[name]:
            bus_date = BUS_COMMISSIONED[record["bus"]] or ""
            if (record["commissioned"] or "") < bus_date:
                problems.append(f"{name}:{record[id_column]} before bus {record['bus']}")
    for name, id_column in (("loads", "load_id"), ("ev_fleets", "fleet_id"), ("heat_buses", "heat_bus_id"),
                            ("street_lighting", "lighting_id")):
        for record in tables[name]:
            if (BUS_COMMISSIONED[record["bus"]] or "") > "2022-12-31":
                problems.append(f"{name}:{record[id_column]} at a bus not in service in 2022")
    waste_dates = {r["plant_id"]: r["commissioned"] for r in tables["waste_plants"]}
    for record in tables["heat_units"]:
        if record["waste_plant"] and (record["commissioned"] or "") < (waste_dates[record["waste_plant"]] or ""):
            problems.append(f"heat_units:{record['unit_id']} before its waste plant")
    if problems:
        raise ValueError("; ".join(problems))


# =========================================================================== main


def build(shared: Path, output: Path) -> dict[str, object]:
    SOURCES.rows.clear()
    output.mkdir(parents=True, exist_ok=True)
    profiles = build_profiles(shared)
    profile_sources(profiles)
    hydro, hydro_calibration = build_hydro(profiles)
    waste = build_waste()
    heat, heat_estimate = build_heat(profiles, waste[0])
    ev_fleets, ev_charging, ev_totals = build_ev_fleets(profiles)
    street_lighting, street_lighting_mw = build_street_lighting(profiles)
    end_uses = {"heat pumps": heat_estimate["electricity"]["heat_pump"],
                "electric boilers": heat_estimate["electricity"]["boiler"],
                "cooling": heat_estimate["electricity"]["cooling"],
                "uncontrolled EV charging": ev_charging, "street lighting (grid)": street_lighting_mw}
    end_use_mwh = {name: float(values.sum()) for name, values in end_uses.items()}
    other_note = ", ".join(f"{name} {mwh / 1e3:.2f} GWh" for name, mwh in end_use_mwh.items())
    other_note += " (2025 estimates of build_zone.py: heat pumps at the hourly COP up to their capacity, boilers above)"
    tables = {
        "buses": build_buses(),
        "lines": build_lines(),
        "transformers": build_transformers(),
        "generators": build_generators(),
        **hydro,
        "waste_plants": waste,
        "storage": build_storage(),
        "grid_connections": build_grid_connections(),
        "loads": build_loads(sum(end_use_mwh.values()), other_note),
        "ev_fleets": ev_fleets,
        **heat,
        "street_lighting": street_lighting,
        "demand_growth": build_demand_growth(),
        "parameters": build_parameters(),
    }
    check_coverage(tables, profiles)
    check_references(tables, profiles)
    check_profiles(profiles)
    check_commissioning(tables)
    for name, records in tables.items():
        write_table(output, name, records)
    write_table(output, "sources", [dict(zip(("table", "row_id", "column", "source", "note"), row))
                                    for row in SOURCES.rows])
    write_csv(output / PROFILES_FILE, ["timestamp", *profiles.columns],
              [[stamp.strftime("%Y-%m-%d %H:%M"), *values]
               for stamp, values in zip(profiles.index, profiles.to_numpy().tolist())])
    return {"profiles": profiles, "hydro_calibration": hydro_calibration, "end_uses": end_uses,
            "heat_estimate": heat_estimate, "ev_totals": ev_totals, **tables}


def summary(result: dict[str, object]) -> str:
    profiles: pd.DataFrame = result["profiles"]
    stamps = pd.DatetimeIndex(profiles.index)
    loads = pd.DataFrame(result["loads"])
    by_class = {}
    for row in loads.itertuples():
        series = profiles[row.profile].to_numpy() * row.annual_energy_mwh / HOURS_PER_YEAR
        by_class[row.consumer_class] = by_class.get(row.consumer_class, 0.0) + series
    parts = {f"loads {name}": values for name, values in by_class.items()} | result["end_uses"]
    total = sum(parts.values())
    peak_at = int(np.argmax(total))
    winter, summer = np.isin(stamps.month, (12, 1, 2)), np.isin(stamps.month, (6, 7, 8))
    monthly_peak = pd.Series(total, index=stamps).groupby(stamps.month).max()
    heat = result["heat_estimate"]["heat"]
    cop = result["heat_estimate"]["cop"]
    ev = result["ev_totals"]
    lines = [
        "electricity 2025 (GWh): " + ", ".join(f"{name} {values.sum() / 1e3:.2f}" for name, values in parts.items())
        + f"; total {total.sum() / 1e3:.2f}",
        (f"peak {total.max():.1f} MW at {stamps[peak_at]:%Y-%m-%d %H:%M} UTC; winter (DJF) peak {total[winter].max():.1f}, "
         f"summer (JJA) peak {total[summer].max():.1f} MW; mean {total.mean():.1f} MW"),
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
        (f"solar_utility factor {profiles['solar_utility'].mean():.4f}, "
         f"solar_rooftop factor {profiles['solar_rooftop'].mean():.4f}, "
         f"wind_kalbajar factor {profiles['wind_kalbajar'].mean():.4f}"),
        "hydro calibration (build-script river simulation, GWh):",
        result["hydro_calibration"],
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared/data",
                        help="folder with ZONE.md and jabrayil_tmy.csv (relative: from the repository root)")
    parser.add_argument("--output", default="inputs/zone", help="dataset folder (relative: from the repository root)")
    arguments = parser.parse_args(argv)
    shared = Path(arguments.shared)
    output = Path(arguments.output)
    shared = shared if shared.is_absolute() else (REPOSITORY / shared).resolve()
    output = output if output.is_absolute() else REPOSITORY / output
    result = build(shared, output)
    print(f"wrote {output}")
    print(summary(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
