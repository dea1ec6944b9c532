"""Step: assemble the products into the dataset folder and validate it with gezopt's own reader and checks.

    python inputs/build/assemble.py [--work inputs/build/products] [--output inputs/zone]

Copies every table and profiles.csv, merges the steps' sources rows into sources.csv (in the order of
SOURCE_GROUPS), then fails if a numeric or date cell has no source entry, a unit enters service before
its bus, or ``gezopt.data.load_zone`` finds a problem (references, profile names and ranges, ...).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from common import SOURCE_COLUMNS, Sources, format_value, product, step_arguments, write_table

from gezopt.data import load_zone
from gezopt.data.specs import PROFILES_FILE, TABLES
from gezopt.errors import InputError

STEPS = ("profiles", "hydrology", "fleet", "demand", "grid", "costs", "expansion")
# sources.csv lists the tables in this order; floor-area owners, heat units and tanks stay interleaved with their
# heat bus
SOURCE_GROUPS = ("profiles", "hydro_plants", "river_links", "irrigation", "reservoirs", "reservoir_curves",
                 "hydro_targets",
                 "waste_plants", "heat_buses", "ev_fleets", "street_lighting", "buses", "lines", "transformers",
                 "generators", "pv_plants", "storage", "grid_connections", "loads", "demand_growth", "costs",
                 "expansion_candidates", "parameters")
GROUP_OF = {"floor_area_owners": "heat_buses", "heat_units": "heat_buses", "thermal_storage": "heat_buses"}


def merged_sources(work: Path) -> Sources:
    rows = []
    for step in STEPS:
        with product(work, f"sources/{step}.csv").open(encoding="utf-8", newline="") as handle:
            rows += [tuple(row[c] for c in SOURCE_COLUMNS) for row in csv.DictReader(handle)]
    sources = Sources()
    sources.rows = sorted(rows, key=lambda row: SOURCE_GROUPS.index(GROUP_OF.get(row[0], row[0])))
    return sources


def check_coverage(output: Path, sources: Sources) -> list[str]:
    """Every numeric or date cell of every row has a sources entry; every profile too."""
    missing = []
    for spec in TABLES:
        if spec.name == "sources":
            continue
        with (output / spec.file_name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                missing += [f"{spec.name}:{row[spec.id_column]}:{c.name}" for c in spec.columns
                            if c.dtype in ("float", "int", "date") and not sources.covers(spec.name,
                                                                                          row[spec.id_column], c.name)]
    with (output / PROFILES_FILE).open(encoding="utf-8") as handle:
        names = handle.readline().strip().split(",")[1:]
    return missing + [f"profiles:*:{p}" for p in names if not sources.covers("profiles", "*", p)]


def check_commissioning(zone) -> list[str]:
    """No unit enters service before its bus; every demand's bus is in service from 2022; waste heat not before
    its plant (dataset policy, beyond gezopt's checks)."""
    bus_date = {bus: format_value(date) if date == date else "" for bus, date in
                zone.buses["commissioned"].dt.strftime("%Y-%m-%d").items()}
    problems = []
    for name in ("generators", "hydro_plants", "waste_plants", "storage"):
        for row_id, row in zone.table(name).iterrows():
            if (f"{row['commissioned']:%Y-%m-%d}" if row["commissioned"] == row["commissioned"] else "") < bus_date[row["bus"]]:
                problems.append(f"{name}:{row_id} before bus {row['bus']}")
    for name in ("loads", "ev_fleets", "heat_buses", "street_lighting"):
        problems += [f"{name}:{row_id} at a bus not in service in 2022" for row_id, bus in zone.table(name)["bus"].items()
                     if bus_date[bus] > "2022-12-31"]
    for row_id, unit in zone.heat_units.iterrows():
        if isinstance(unit["waste_plant"], str) and unit["waste_plant"]:
            if unit["commissioned"] < zone.waste_plants.loc[unit["waste_plant"], "commissioned"]:
                problems.append(f"heat_units:{row_id} before its waste plant")
    return problems


def assemble(work: Path, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for spec in TABLES:
        if spec.name != "sources":
            shutil.copyfile(product(work, spec.file_name), output / spec.file_name)
    shutil.copyfile(product(work, PROFILES_FILE), output / PROFILES_FILE)
    sources = merged_sources(work)
    write_table(output, "sources", [dict(zip(SOURCE_COLUMNS, row)) for row in sources.rows])
    try:
        zone = load_zone(output)
    except InputError as error:
        raise SystemExit(f"{output} does not pass gezopt's checks:\n{error}") from error
    problems = check_coverage(output, sources) + check_commissioning(zone)
    if problems:
        raise SystemExit("; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv, output=True)
    assemble(arguments.work, arguments.output)
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
