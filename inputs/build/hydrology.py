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
                               PlantTarget, RiverModel, calibrate_hydro, river_zone, simulate_months)

from gezopt.calibration import modelled_target_gwh, years_to_solve

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


def hydro_plants(reservoirs: list[dict[str, str]],
                 curves: list[dict[str, str]]) -> tuple[dict[str, dict[str, object]], dict]:
    """The plants from the facts (aggregated rows sized by the fleet gap), and the gaps.  A reservoir with a seasonal
    curve starts the simulated year at the curve's 1 January volume."""
    rows = fact_rows("hydro_plants")
    gaps = fleet_gap_plants(rows)
    volumes = {row["plant_id"]: {k: number(v) for k, v in row.items() if k != "plant_id"} for row in reservoirs}
    for curve in curves:
        volumes[curve["plant_id"]]["volume_start_mcm"] = float(curve["volume_jan_mcm"])
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
    """One record (with its source and note) per published figure: annual ones evaluated in a year with every
    plant in service all year, cumulative ones over their period; then the fleet's annual figures."""
    rows = []
    first = H["target_year_in_service"]
    for target_id, published in PUBLISHED.items():
        plant_ids = published["plants"].split()
        record = {"target_id": target_id, "plants": published["plants"], "kind": published["kind"],
                  "year": None, "period_start": None, "period_end": None,
                  "energy_gwh": float(published["energy_gwh"]), "tolerance_share": H["target_tolerance_share"],
                  "source": published["source"], "note": published["note"]}
        if published["kind"] == "cumulative":
            record.update(period_start=published["period_start"], period_end=published["period_end"],
                          period_source=published["period_source"], period_note=published["period_note"])
        else:
            # the first year with every plant in service all year, and no earlier than target_year_in_service
            year = max(first, *(int(plants[p]["commissioned"][:4]) + (plants[p]["commissioned"][5:] != "01-01")
                                for p in plant_ids))
            record.update(year=year, note=f"{published['note']}; {year}: first year with every plant in service "
                                          f"all year (from {first})")
        rows.append(record)
    for year, fleet in FLEET.items():
        rows.append({"target_id": f"FLEET_{year}", "plants": "*", "kind": "annual", "year": year,
                     "period_start": None, "period_end": None,
                     "energy_gwh": float(fleet["energy_gwh"]), "tolerance_share": H["fleet_tolerance_share"],
                     "source": fleet["source"],
                     "note": f"{fleet['note']} from {fleet['plants']} HPPs, {float(fleet['p_nom_mw']):g} MW; * = every "
                             "plant, commissioning counted hour by hour"})
    return rows


def plant_targets(plants: dict, targets: list[dict[str, object]]) -> tuple[dict[str, PlantTarget], dict[str, str]]:
    """Each plant's target (a group's figure split by capacity, else the default factor) and its target id."""
    plant_target, target_of = {}, {}
    for target in targets:
        if target["plants"] == "*":
            continue
        plant_ids = target["plants"].split()
        total_mw = sum(plants[p]["p_nom_mw"] for p in plant_ids)
        period = ((pd.Timestamp(target["period_start"]), pd.Timestamp(target["period_end"]))
                  if target["kind"] == "cumulative" else None)
        for plant_id in plant_ids:
            plant_target[plant_id] = PlantTarget(target["energy_gwh"] * 1e3 * plants[plant_id]["p_nom_mw"] / total_mw,
                                                 period)
            target_of[plant_id] = target["target_id"]
    for plant_id, plant in plants.items():
        plant_target.setdefault(plant_id, PlantTarget(
            H["default_hydro_capacity_factor"] * plant["p_nom_mw"] * HOURS_PER_YEAR, published=False))
    return plant_target, target_of


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


def inflow_source(plant_id: str, plant: dict, model: RiverModel, targets: dict[str, PlantTarget],
                  target_of: dict) -> tuple[str, str]:
    """The source key and what the local inflow was calibrated (or set) to."""
    target = targets[plant_id]
    if plant_id in target_of:
        target_id = target_of[plant_id]
        published = PUBLISHED[target_id]
        group = published["plants"].split()
        source = "R14,C7,ASSUMPTION" if plant_id == "AGHALI" else f"{published['source']},ASSUMPTION"
        what = f"target {target.energy_mwh / 1e3:.3f} GWh" + ("/yr" if target.period is None else
                                                              f" {target.period[0]:%Y-%m-%d} to "
                                                              f"{target.period[1]:%Y-%m-%d}")
        what += (f" (target {target_id}: {float(published['energy_gwh']):g} GWh for {' + '.join(group)}, split by "
                 "capacity)" if len(group) > 1 else f" (target {target_id})")
        return source, what
    if plant_id in H["fleet_residual_rows"]:
        year = H["fleet_residual_rows"][plant_id]
        return f"{FLEET[year]['source']},ASSUMPTION", f"the rest of the fleet's {year} figure"
    if plant["reservoir"]:
        return "ASSUMPTION", "reservoir plant"
    if plant_id in DESIGNED_PLANTS:
        energy = model.energy_mwh(plant_id, plant["inflow"], plant["min_environmental_flow_m3s"])
        return "ASSUMPTION", (f"design published instead of energy [R17]; full-year energy {energy / 1e3:.1f} GWh "
                              f"(factor {energy / (plant['p_nom_mw'] * HOURS_PER_YEAR):.2f})")
    return "ASSUMPTION 4", (f"no published energy: default factor {H['default_hydro_capacity_factor']} x "
                            f"{plant['p_nom_mw']:g} MW x 8,760 h = {target.energy_mwh / 1e3:.3f} GWh/yr")


def plant_sources(plant_id: str, plant: dict, calibration: tuple, gaps: dict, sources: Sources) -> None:
    model, targets, target_of, notes = calibration
    fact_sources(plant_id, plant, gaps, sources)
    if plant["head_m"] is not None:
        sources.add("hydro_plants", plant_id, "head_m", H["head_sources"].get(plant_id, "ASSUMPTION"),
                    f"{plant['head_m']:g} m: {plant['head_note']}; k = 1000 x 9.81 x {plant['head_m']:g} x "
                    f"{TURBINE_EFFICIENCY} / 1e6 = {plant['k']:.4f} MW/(m3/s)")
    source, what = inflow_source(plant_id, plant, model, targets, target_of)
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
    columns = ("target_id", "plants", "kind", "year", "period_start", "period_end", "energy_gwh", "tolerance_share")
    for target in targets:
        target_id, star, tolerance = target["target_id"], target["plants"] == "*", target["tolerance_share"]
        records.append({k: target[k] for k in columns})
        sources.add("hydro_targets", target_id, "energy_gwh", target["source"], target["note"])
        if target["kind"] == "cumulative":
            for column in ("period_start", "period_end"):
                sources.add("hydro_targets", target_id, column, target["period_source"], target["period_note"])
            sources.add("hydro_targets", target_id, "year", "ASSUMPTION", "empty: a cumulative figure has a period")
        else:
            sources.add("hydro_targets", target_id, "year", target["source"] if star else "ASSUMPTION",
                        "year of the published figure" if star
                        else "a year with every plant of the target in service all year")
            for column in ("period_start", "period_end"):
                sources.add("hydro_targets", target_id, column, "ASSUMPTION", "empty: an annual figure has a year")
        sources.add("hydro_targets", target_id, "tolerance_share", "ASSUMPTION",
                    f"+-{tolerance:.0%}: {'fleet' if star else 'single published figure'}")
    return records


def calibration_report(model: RiverModel, targets: list[dict[str, object]]) -> str:
    """Simulated vs published GWh per target, from the written (rounded) data, evaluated as gezopt calibrate
    evaluates a run (annual: the year's months; cumulative: months pro rata over the period); fails outside
    the tolerances."""
    frame = pd.DataFrame(targets).astype({"year": "Int64"})
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    years = sorted(set(years_to_solve(frame)) | set(H["calibration_years"]))
    monthly = simulate_months(model, years)
    lines = [f"{'target':<26} {'year or period':<22} {'published':>9} {'simulated':>9} {'ratio':>6}  ok"]
    failures = []
    for _, target in frame.iterrows():
        simulated = modelled_target_gwh(target, monthly)
        ratio = simulated / target["energy_gwh"]
        ok = abs(ratio - 1.0) <= target["tolerance_share"]
        failures += [] if ok else [target["target_id"]]
        period = (f"{target['period_start']:%Y-%m-%d}..{target['period_end']:%Y-%m-%d}"
                  if target["kind"] == "cumulative" else str(target["year"]))
        lines.append(f"{target['target_id']:<26} {period:<22} {target['energy_gwh']:>9.2f} {simulated:>9.2f} "
                     f"{ratio:>6.3f}  {'yes' if ok else 'NO'}")
    sarsang = model.plants["SARSANG"]
    sarsang_2025 = float(monthly.loc[monthly.index.year == 2025, "SARSANG"].sum())
    lines.append(f"Sarsang: {sarsang_2025:.1f} GWh/yr, mean inflow {sarsang['inflow'].mean():.2f} m3/s, "
                 f"forced spill {sarsang['forced_spill_mcm']:.1f} mcm, end volume {sarsang['end_volume_mcm']:.1f} mcm")
    if failures:
        raise ValueError("hydro calibration outside tolerance: " + ", ".join(failures) + "\n" + "\n".join(lines))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    plants, gaps = hydro_plants(read_product(arguments.work, "reservoirs.csv"),
                                read_product(arguments.work, "reservoir_curves.csv"))
    model = river_model(arguments.work, plants)
    targets = hydro_targets(plants)
    plant_target, target_of = plant_targets(plants, targets)
    residuals = {plant_id: (year, float(FLEET[year]["energy_gwh"])) for plant_id, year in H["fleet_residual_rows"].items()}
    notes = calibrate_hydro(model, plant_target, {"AGHALI": constants()["hakari_mean_discharge_m3s"]}, residuals)
    sources = Sources()
    for plant_id, plant in plants.items():
        plant_sources(plant_id, plant, (model, plant_target, target_of, notes), gaps, sources)
    common_plant_sources(plants, sources)
    tables = {"hydro_plants": [plant_record(p, plant) for p, plant in plants.items()],
              "hydro_targets": target_records(targets, sources)}
    report = calibration_report(model, tables["hydro_targets"])
    write_product(arguments.work, "hydrology", tables, sources)
    (arguments.work / "hydro_calibration.txt").write_text(report + "\n", encoding="utf-8")
    print("hydro calibration (simulated on gezopt.rivers, GWh):\n" + report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
