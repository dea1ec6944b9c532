"""Step: hydrology and calibration: hydro_plants (local inflows calibrated), hydro_targets, calibration report.

    python inputs/build/hydrology.py [--work inputs/build/products]

Needs the products of profiles.py (hydro_snowmelt) and fleet.py (river_links, irrigation, reservoirs).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from common import (HOURS_PER_YEAR, Sources, assumptions, constants, fact_rows, number, product, read_product,
                    step_arguments, write_product, write_table)
from hydro_calibration import (DESIGNED_PLANTS, ENVIRONMENTAL_FLOW_SHARE, MIN_OUTPUT_SHARES, TURBINE_EFFICIENCY,
                               RiverModel, calibrate_hydro, river_zone, simulate_year)

H = assumptions()["hydro"]
PUBLISHED = {row["target_id"]: row for row in fact_rows("hydro_energy")}
FLEET = {int(row["year"]): row for row in fact_rows("azerenerji_fleet")}
GAP_SOURCE = "Azerenerji {mw:g} MW / {plants} HPPs at the end of {year} [{source}]"


def fleet_gap_plants(plants: list[dict[str, str]]) -> dict[str, tuple[int, float, str]]:
    """The aggregated rows' plant count and MW: Azerenerji's fleet minus the named plants at the year's end.

    Named plants are the rows of ZONE.md section 1 (Sarsang and Aghali included, the private HPPs not).
    """
    gaps = {}
    covered_plants, covered_mw = 0, 0.0
    for plant_id, year in H["other_hpp_groups"].items():
        fleet = FLEET[year]
        count_of_fleet, fleet_mw = int(fleet["plants"]), float(fleet["p_nom_mw"])
        named = [row for row in plants if row["commissioned"] <= f"{year}-12-31"
                 and not row["plant_id"].startswith(("PRIVATE", "OTHER"))]
        named_mw = sum(float(row["p_nom_mw"]) for row in named)
        count = count_of_fleet - len(named) - covered_plants
        mw = round(fleet_mw - named_mw - covered_mw, 3)
        if count < 1 or mw <= 0:
            raise ValueError(f"{plant_id}: no gap to close in {year} ({count} plants, {mw} MW)")
        note = (GAP_SOURCE.format(mw=fleet_mw, plants=count_of_fleet, year=year, source=fleet["source"])
                + f" - {named_mw:.2f} MW / {len(named)} named plants in service (Sarsang and Aghali included)"
                + (f" - {covered_mw:g} MW / {covered_plants} aggregated earlier" if covered_plants else ""))
        gaps[plant_id] = (count, mw, note)
        covered_plants += count
        covered_mw += mw
    return gaps


def hydro_plants(reservoirs: list[dict[str, str]]) -> tuple[dict[str, dict[str, object]], dict]:
    """The plants from the facts (aggregated rows sized by the fleet gap), and the gaps."""
    rows = fact_rows("hydro_plants")
    gaps = fleet_gap_plants(rows)
    volumes = {row["plant_id"]: {k: number(v) for k, v in row.items() if k != "plant_id"} for row in reservoirs}
    plants = {}
    for row in rows:
        plant_id, name, p_nom = row["plant_id"], row["name"], number(row["p_nom_mw"])
        if plant_id in gaps:
            count, p_nom, _ = gaps[plant_id]
            name = name.replace("(aggregated)", f"({count} plant{'s' if count > 1 else ''} aggregated)")
        head_m, mw_per_m3s = number(row["head_m"]), number(row["mw_per_m3s"])
        plants[plant_id] = {
            "name": name, "bus": row["bus"], "river": row["river"], "p_nom_mw": p_nom,
            "commissioned": row["commissioned"], "head_m": head_m, "head_note": row["head_note"] or None,
            "mw_per_m3s": mw_per_m3s, "facts": row, "local_inflow_m3s": 0.0, "min_environmental_flow_m3s": 0.0,
            "reservoir": volumes.get(plant_id) if plant_id in H["reservoir_plants"] else None,
        }
    return plants, gaps


def hydro_targets(plants: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """One record (with its source and note) per published figure."""
    rows = []
    first = H["target_year_in_service"]
    for target_id, published in PUBLISHED.items():
        plant_ids = published["plants"].split()
        # the first year with every plant in service all year, and no earlier than target_year_in_service
        year = max(first, *(int(plants[p]["commissioned"][:4]) + (plants[p]["commissioned"][5:] != "01-01")
                            for p in plant_ids))
        rows.append({"target_id": target_id, "plants": published["plants"], "year": year,
                     "energy_gwh": float(published["energy_gwh"]), "tolerance_share": H["target_tolerance_share"],
                     "source": published["source"],
                     "note": f"{published['note']}; {year}: first year with every plant in service all year "
                             f"(from {first})"})
    for year, fleet in FLEET.items():
        rows.append({"target_id": f"FLEET_{year}", "plants": "*", "year": year,
                     "energy_gwh": float(fleet["energy_gwh"]), "tolerance_share": H["fleet_tolerance_share"],
                     "source": fleet["source"],
                     "note": f"{fleet['note']} from {fleet['plants']} HPPs, {float(fleet['p_nom_mw']):g} MW; * = every "
                             "plant, commissioning counted hour by hour"})
    return rows


def plant_targets(plants: dict, targets: list[dict[str, object]]) -> tuple[dict[str, float], dict[str, str]]:
    """MWh per plant (a group's figure split by capacity, else the default factor) and its target id."""
    targets_mwh, target_of = {}, {}
    for target in targets:
        if target["plants"] == "*":
            continue
        plant_ids = target["plants"].split()
        total_mw = sum(plants[p]["p_nom_mw"] for p in plant_ids)
        for plant_id in plant_ids:
            targets_mwh[plant_id] = target["energy_gwh"] * 1e3 * plants[plant_id]["p_nom_mw"] / total_mw
            target_of[plant_id] = target["target_id"]
    for plant_id, plant in plants.items():
        targets_mwh.setdefault(plant_id, H["default_hydro_capacity_factor"] * plant["p_nom_mw"] * HOURS_PER_YEAR)
    return targets_mwh, target_of


def river_model(work: Path, plants: dict) -> RiverModel:
    """gezopt's rivers on the plants (no local inflow yet) and the fleet step's river links, irrigation and
    reservoirs, read by gezopt's reader from a folder of their own."""
    with tempfile.TemporaryDirectory() as folder:
        write_table(Path(folder), "hydro_plants", [plant_record(p, plant) for p, plant in plants.items()])
        for file_name in ("river_links.csv", "irrigation.csv", "reservoirs.csv", "profiles.csv"):
            shutil.copyfile(product(work, file_name), Path(folder) / file_name)
        return RiverModel(plants, river_zone(Path(folder)))


def plant_record(plant_id: str, plant: dict[str, object]) -> dict[str, object]:
    return {
        "plant_id": plant_id, "name": plant["name"], "bus": plant["bus"], "river": plant["river"],
        "p_nom_mw": plant["p_nom_mw"], "mw_per_m3s": plant["mw_per_m3s"], "head_m": plant["head_m"],
        "efficiency": TURBINE_EFFICIENCY if plant["head_m"] is not None else None,
        "local_inflow_m3s": plant["local_inflow_m3s"], "inflow_profile": "hydro_snowmelt",
        "min_environmental_flow_m3s": plant["min_environmental_flow_m3s"],
        "min_output_share": MIN_OUTPUT_SHARES[plant_id][0] if plant_id in MIN_OUTPUT_SHARES else None,
        "marginal_cost_azn_per_mwh": 0.0, "commissioned": plant["commissioned"], "decommissioned": None,
    }


def fact_sources(plant_id: str, plant: dict, gaps: dict, sources: Sources) -> None:
    """p_nom_mw and commissioned: the data sheet's keys, or the fleet gap of an aggregated row."""
    if plant_id in gaps:
        count, mw, note = gaps[plant_id]
        year = H["other_hpp_groups"][plant_id]
        sources.add("hydro_plants", plant_id, "p_nom_mw", f"{FLEET[year]['source']},ASSUMPTION",
                    f"{note} = {mw:g} MW / {count} plant(s) not named in ZONE.md, one row")
        sources.add("hydro_plants", plant_id, "commissioned", "ASSUMPTION", H["other_hpp_commissioned_notes"][plant_id])
        return
    facts = plant["facts"]
    for column, name in (("p_nom", "p_nom_mw"), ("commissioned", "commissioned")):
        if facts[f"{column}_source"]:
            sources.add("hydro_plants", plant_id, name, facts[f"{column}_source"], facts[f"{column}_note"])


def inflow_source(plant_id: str, plant: dict, model: RiverModel, targets_mwh: dict, target_of: dict) -> tuple[str, str]:
    """The source key and what the local inflow was calibrated (or set) to."""
    if plant_id in target_of:
        target_id = target_of[plant_id]
        published = PUBLISHED[target_id]
        group = published["plants"].split()
        source = "R14,C7,ASSUMPTION" if plant_id == "AGHALI" else f"{published['source']},ASSUMPTION"
        what = f"target {targets_mwh[plant_id] / 1e3:.3f} GWh/yr (target {target_id}"
        what += (f": {float(published['energy_gwh']):g} GWh for {' + '.join(group)}, split by capacity)"
                 if len(group) > 1 else ")")
        return source, what
    if plant["reservoir"]:
        return "ASSUMPTION", "reservoir plant"
    if plant_id in DESIGNED_PLANTS:
        energy = model.energy_mwh(plant_id, plant["inflow"], plant["min_environmental_flow_m3s"])
        return "ASSUMPTION", (f"design published instead of energy [R17]; full-year energy {energy / 1e3:.1f} GWh "
                              f"(factor {energy / (plant['p_nom_mw'] * HOURS_PER_YEAR):.2f})")
    return "ASSUMPTION 4", (f"no published energy: default factor {H['default_hydro_capacity_factor']} x "
                            f"{plant['p_nom_mw']:g} MW x 8,760 h = {targets_mwh[plant_id] / 1e3:.3f} GWh/yr")


def plant_sources(plant_id: str, plant: dict, calibration: tuple, gaps: dict, sources: Sources) -> None:
    model, targets_mwh, target_of, notes = calibration
    fact_sources(plant_id, plant, gaps, sources)
    if plant["head_m"] is not None:
        sources.add("hydro_plants", plant_id, "head_m", H["head_sources"].get(plant_id, "ASSUMPTION"),
                    f"{plant['head_m']:g} m: {plant['head_note']}; k = 1000 x 9.81 x {plant['head_m']:g} x "
                    f"{TURBINE_EFFICIENCY} / 1e6 = {plant['k']:.4f} MW/(m3/s)")
    source, what = inflow_source(plant_id, plant, model, targets_mwh, target_of)
    sources.add("hydro_plants", plant_id, "local_inflow_m3s", source,
                f"hydrology as data, {'set' if plant_id in DESIGNED_PLANTS else 'calibrated'}: {what}; "
                f"{notes[plant_id]}; mean natural inflow {plant['inflow'].mean():.3f} m3/s")
    sources.add("hydro_plants", plant_id, "min_environmental_flow_m3s", "ASSUMPTION",
                f"{ENVIRONMENTAL_FLOW_SHARE:.0%} of the mean natural inflow {plant['inflow'].mean():.3f} m3/s")


def common_plant_sources(plants: dict, sources: Sources) -> None:
    for plant_id, (_, source, note) in MIN_OUTPUT_SHARES.items():
        sources.add("hydro_plants", plant_id, "min_output_share", source, note)
    aghali = plants["AGHALI"]["facts"]
    sources.add("hydro_plants", "AGHALI", "mw_per_m3s", aghali["mw_per_m3s_source"], aghali["mw_per_m3s_note"])
    sources.add("hydro_plants", "AGHALI", "head_m", "R14", "empty: mw_per_m3s is published")
    sources.add_row("hydro_plants", "*", {
        "mw_per_m3s": ("ASSUMPTION", "empty: k from head_m and efficiency"),
        "efficiency": ("ASSUMPTION", f"{TURBINE_EFFICIENCY} turbine x generator (empty where mw_per_m3s is given)"),
        "min_output_share": ("ASSUMPTION", "empty = 0 except Gozlukorpu [R17]"),
        "marginal_cost_azn_per_mwh": ("T10", "run-of-river hydro has only fixed O&M (2 %/yr) in T10: variable cost 0"),
        "decommissioned": ("ASSUMPTION", "empty: none retires before 2028"),
    })


def target_records(targets: list[dict[str, object]], sources: Sources) -> list[dict[str, object]]:
    records = []
    for target in targets:
        target_id, star, tolerance = target["target_id"], target["plants"] == "*", target["tolerance_share"]
        records.append({k: target[k] for k in ("target_id", "plants", "year", "energy_gwh", "tolerance_share")})
        sources.add("hydro_targets", target_id, "energy_gwh", target["source"], target["note"])
        sources.add("hydro_targets", target_id, "year", target["source"] if star else "ASSUMPTION",
                    "year of the published figure" if star
                    else "a year with every plant of the target in service all year")
        sources.add("hydro_targets", target_id, "tolerance_share", "ASSUMPTION",
                    f"+-{tolerance:.0%}: {'fleet' if star else 'single published figure'}")
    return records


def calibration_report(model: RiverModel, stamps: pd.DatetimeIndex, targets: list[dict[str, object]]) -> str:
    """Simulated vs published GWh per target, from the written (rounded) data; fails outside the tolerances."""
    years = sorted({int(t["year"]) for t in targets} | set(H["calibration_years"]))
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


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    plants, gaps = hydro_plants(read_product(arguments.work, "reservoirs.csv"))
    model = river_model(arguments.work, plants)
    targets = hydro_targets(plants)
    targets_mwh, target_of = plant_targets(plants, targets)
    notes = calibrate_hydro(model, targets_mwh, {"AGHALI": constants()["hakari_mean_discharge_m3s"]})
    sources = Sources()
    for plant_id, plant in plants.items():
        plant_sources(plant_id, plant, (model, targets_mwh, target_of, notes), gaps, sources)
    common_plant_sources(plants, sources)
    tables = {"hydro_plants": [plant_record(p, plant) for p, plant in plants.items()],
              "hydro_targets": target_records(targets, sources)}
    report = calibration_report(model, model.zone.snapshots, tables["hydro_targets"])
    write_product(arguments.work, "hydrology", tables, sources)
    (arguments.work / "hydro_calibration.txt").write_text(report + "\n", encoding="utf-8")
    print("hydro calibration (simulated on gezopt.rivers, GWh):\n" + report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
