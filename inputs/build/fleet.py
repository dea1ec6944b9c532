"""Step: the fleet and the rivers: generators and their PV configurations, waste plant, battery, river links, irrigation, reservoirs and their
seasonal curves.

    python inputs/build/fleet.py [--work inputs/build/products]
"""

from __future__ import annotations

import math

from common import EUR_TO_AZN, Sources, assumptions, constants, fact_rows, number, step_arguments, write_product
from pv_plants import pv_plant_records

A = assumptions()["fleet"]
H = assumptions()["hydro"]
C = constants()


def build_generators(sources: Sources) -> list[dict[str, object]]:
    records = []
    wind_cost = C["wind_variable_om_eur_per_mwh"] * EUR_TO_AZN
    for row in fact_rows("generators"):
        generator_id, carrier = row["generator_id"], row["carrier"]
        cost = wind_cost if carrier == "wind" else 0.0
        records.append({"generator_id": generator_id, "name": row["name"], "bus": row["bus"], "carrier": carrier,
                        "p_nom_mw": float(row["p_nom_mw"]), "availability_profile": row["availability_profile"],
                        "marginal_cost_azn_per_mwh": round(cost, 4), "co2_t_per_mwh": 0.0,
                        "commissioned": row["commissioned"], "decommissioned": None})
        for column in ("p_nom", "commissioned"):
            if row[f"{column}_source"]:
                name = "p_nom_mw" if column == "p_nom" else column
                sources.add("generators", generator_id, name, row[f"{column}_source"], row[f"{column}_note"])
        if carrier == "wind":
            sources.add("generators", generator_id, "marginal_cost_azn_per_mwh", "T10",
                        f"onshore wind variable O&M 1.9 EUR/MWh x {EUR_TO_AZN} AZN/EUR (ASSUMPTION rate)")
        else:
            sources.add("generators", generator_id, "marginal_cost_azn_per_mwh", "T10",
                        "utility and rooftop PV have only fixed O&M in T10: 0")
    sources.add_row("generators", "*", {"co2_t_per_mwh": ("ASSUMPTION", "no direct emissions"),
                                        "decommissioned": ("ASSUMPTION", "empty: none retires before 2028")})
    return records


def build_waste(sources: Sources) -> list[dict[str, object]]:
    p_nom, must_run_share, efficiency = A["wte_p_nom_mw"], A["wte_must_run_share"], C["wte_electrical_efficiency"]
    waste_t_per_day = C["zone_population"] * A["waste_kg_per_person_day"] / 1000.0
    energy_mwh_per_t = C["wte_mwh_electric_per_t"] / efficiency
    daily_electricity_mwh = waste_t_per_day * energy_mwh_per_t * efficiency
    must_run_mwh = must_run_share * p_nom * 24.0
    if must_run_mwh > daily_electricity_mwh:
        raise ValueError("waste plant must-run exceeds the daily waste energy")
    record = {"plant_id": "WTE_AGHDAM", "name": "Waste-to-energy plant, Aghdam (hypothetical)",
              "bus": "AGHDAM_2_110", "p_nom_mw": p_nom, "waste_t_per_day": round(waste_t_per_day, 3),
              "energy_mwh_per_t": round(energy_mwh_per_t, 4), "electrical_efficiency": efficiency,
              "must_run_share": must_run_share,
              "marginal_cost_azn_per_mwh": round(C["wte_variable_om_eur_per_mwh"] * EUR_TO_AZN, 4),
              "co2_t_per_mwh": 0.0, "commissioned": "2026-01-01", "decommissioned": None}
    sources.add_row("waste_plants", "WTE_AGHDAM", {
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


def build_storage(sources: Sources) -> list[dict[str, object]]:
    b, efficiency = A["battery"], C["battery_efficiency"]
    record = {"storage_id": b["storage_id"], "name": b["name"], "bus": b["bus"], "p_nom_mw": b["p_nom_mw"],
              "e_nom_mwh": b["e_nom_mwh"], "efficiency_charge": efficiency,
              "efficiency_discharge": efficiency, "standing_loss_per_hour": 0.0,
              "marginal_cost_azn_per_mwh": 0.0, "commissioned": b["commissioned"], "decommissioned": None}
    sources.add_row("storage", b["storage_id"], {
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


def travel_time_h(distance_km: float) -> int:
    """Whole hours at the river speed, rounded half up."""
    return math.floor(distance_km / H["river_speed_km_per_h"] + 0.5)


def build_river_links(sources: Sources) -> list[dict[str, object]]:
    records = []
    counters: dict[str, int] = {}
    for row in fact_rows("river_links"):
        river, km = row["river"], float(row["distance_km"])
        lag = travel_time_h(km)
        counters[river] = counters.get(river, 0) + 1
        link_id = f"{river}_{counters[river]}"
        records.append({"link_id": link_id, "upstream_plant": row["upstream_plant"],
                        "downstream_plant": row["downstream_plant"], "travel_time_h": float(lag)})
        sources.add("river_links", link_id, "travel_time_h", row["source"],
                    f"{row['note']}; ~{km:g} km along the river / {H['river_speed_km_per_h']:g} km/h -> {lag} h")
    return records


def build_irrigation(sources: Sources) -> list[dict[str, object]]:
    records, seen = [], []
    for row in fact_rows("irrigation"):
        records.append({"plant_id": row["plant_id"], "month": int(row["month"]),
                        "withdrawal_share": float(row["withdrawal_share"])})
        if row["plant_id"] not in seen:
            seen.append(row["plant_id"])
    for plant_id in seen:
        sources.add("irrigation", plant_id, "month", "R15,ASSUMPTION 4",
                    "stops in summer because irrigation takes the water: July-September")
        sources.add("irrigation", plant_id, "withdrawal_share", "R15", "irrigation takes the water: 1.0")
    return records


def build_reservoirs(sources: Sources) -> list[dict[str, object]]:
    """The reservoirs' volumes; where a seasonal curve gives the start and end volume, those stay empty."""
    records: dict[str, dict[str, object]] = {}
    curves = {row["plant_id"] for row in fact_rows("reservoir_curves")}
    for row in fact_rows("reservoirs"):
        records.setdefault(row["plant_id"], {"plant_id": row["plant_id"]})[row["column"]] = number(row["value"])
        sources.add("reservoirs", row["plant_id"], row["column"], row["source"], row["note"])
    for plant_id in records:
        if plant_id in curves:
            sources.add_row("reservoirs", plant_id, {
                column: ("ASSUMPTION", "empty: the seasonal curve of reservoir_curves.csv gives the start and end "
                                       "volume of every horizon") for column in ("volume_start_mcm", "volume_end_mcm")})
    return list(records.values())


def build_reservoir_curves(sources: Sources) -> list[dict[str, object]]:
    """facts/reservoir_curves.csv (written by reservoir_curves.py from a year-long run), with its sources."""
    records = []
    for row in fact_rows("reservoir_curves"):
        columns = [c for c in row if c.startswith("volume_")]
        records.append({"plant_id": row["plant_id"], **{c: float(row[c]) for c in columns}})
        sources.add("reservoir_curves", row["plant_id"], columns[0], row["january_source"], row["january_note"])
        for column in columns[1:]:
            sources.add("reservoir_curves", row["plant_id"], column, row["source"], row["note"])
    return records


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    sources = Sources()
    tables = {"generators": build_generators(sources), "pv_plants": pv_plant_records(sources),
              "waste_plants": build_waste(sources),
              "storage": build_storage(sources), "river_links": build_river_links(sources),
              "irrigation": build_irrigation(sources), "reservoirs": build_reservoirs(sources),
              "reservoir_curves": build_reservoir_curves(sources)}
    write_product(arguments.work, "fleet", tables, sources)
    print(f"fleet: {len(tables['generators'])} generators, {len(tables['river_links'])} river links")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
