"""Step: the grid (buses, lines, transformers, national-grid connections) and the economic parameters.

    python inputs/build/grid.py [--work inputs/build/products]
"""

from __future__ import annotations

import math

from common import EUR_TO_AZN, Sources, assumptions, constants, fact_rows, number, step_arguments, write_product

A = assumptions()["grid"]
C = constants()
LINE_TYPES = {int(kv): tuple(values) for kv, values in A["line_types"].items()}


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


def build_buses(sources: Sources) -> list[dict[str, object]]:
    records = []
    for bus in fact_rows("buses"):
        bus_id, commissioned, source, note = bus["bus_id"], bus["commissioned"] or None, bus["source"], bus["note"]
        records.append({"bus_id": bus_id, "name": bus["name"], "voltage_kv": float(bus["voltage_kv"]),
                        "latitude_deg": float(bus["latitude_deg"]), "longitude_deg": float(bus["longitude_deg"]),
                        "district": bus["district"], "commissioned": commissioned})
        sources.add("buses", bus_id, "voltage_kv", source, note)
        if commissioned:
            date_source, date_note = source, note
            if bus["date_year_only"] == "true":
                date_source, date_note = f"{source},ASSUMPTION", f"{note}; year only -> 1 January"
            elif "ASSUMPTION" in note and "ASSUMPTION" not in source:
                date_source = f"{source},ASSUMPTION"
            sources.add("buses", bus_id, "commissioned", date_source, date_note)
        else:
            sources.add("buses", bus_id, "commissioned", "ASSUMPTION",
                        "no date: in service in every scenario year (national grid, existing, or not published)")
    sources.add("buses", "*", "latitude_deg", "ASSUMPTION", "approximate coordinates of the town/village")
    sources.add("buses", "*", "longitude_deg", "ASSUMPTION", "approximate coordinates of the town/village")
    return records


def build_lines(buses: list[dict[str, object]], sources: Sources) -> list[dict[str, object]]:
    by_id = {bus["bus_id"]: bus for bus in buses}
    records = []
    for line in fact_rows("lines"):
        line_id, bus0, bus1, source, note = line["line_id"], line["bus0"], line["bus1"], line["source"], line["note"]
        length = number(line["length_km"])
        if length is None:
            straight = haversine_km(by_id[bus0]["latitude_deg"], by_id[bus0]["longitude_deg"],
                                    by_id[bus1]["latitude_deg"], by_id[bus1]["longitude_deg"])
            length = round(straight * A["route_factor"], 1)
            sources.add("lines", line_id, "length_km", "ASSUMPTION 2",
                        f"not published: straight-line {straight:.1f} km x {A['route_factor']}")
        else:
            sources.add("lines", line_id, "length_km", source, note)
        sources.add("lines", line_id, "circuits", source, note)
        x_ohm_per_km, rating = LINE_TYPES[int(line["voltage_kv"])]
        records.append({"line_id": line_id, "bus0": bus0, "bus1": bus1, "voltage_kv": float(line["voltage_kv"]),
                        "length_km": length, "circuits": int(line["circuits"]), "x_ohm_per_km": x_ohm_per_km,
                        "s_nom_mva_per_circuit": rating,
                        "commissioned": later_date(by_id[bus0]["commissioned"], by_id[bus1]["commissioned"])})
        sources.add("lines", line_id, "voltage_kv", source, note)
    sources.add("lines", "*", "x_ohm_per_km", "ASSUMPTION 2",
                "110 kV AC-240: 0.40 ohm/km; 330 kV 2xAC-400: 0.33 ohm/km")
    sources.add("lines", "*", "s_nom_mva_per_circuit", "ASSUMPTION 2", "110 kV: 110 MVA; 330 kV: 900 MVA per circuit")
    sources.add("lines", "*", "commissioned", "ASSUMPTION",
                "a line enters service when both end buses are in service (later of their dates)")
    return records


def build_transformers(sources: Sources) -> list[dict[str, object]]:
    records = [{"transformer_id": row["transformer_id"], "bus0": row["bus0"], "bus1": row["bus1"],
                "s_nom_mva": float(row["s_nom_mva"]), "x_pu": float(row["x_pu"]), "commissioned": row["commissioned"]}
               for row in fact_rows("transformers")]
    sources.add("transformers", "*", "s_nom_mva", "ASSUMPTION 1", "2 x 200 MVA at Jabrayil 330/110 kV")
    sources.add("transformers", "*", "x_pu", "ASSUMPTION", "0.12 p.u. on the bank's own rating")
    sources.add("transformers", "*", "commissioned", "G1,G2", "with the Jabrayil junction, 2023-05-04")
    return records


def build_grid_connections(lines: list[dict[str, object]], sources: Sources) -> list[dict[str, object]]:
    line_capacity = {line["line_id"]: line["s_nom_mva_per_circuit"] * line["circuits"] for line in lines}
    records = []
    for row in fact_rows("grid_connections"):
        connection_id = row["connection_id"]
        limit = (line_capacity[row["line_id"]] if row["line_id"]
                 else C["jabrayil_330_export_mw"] * float(row["export_share"]))
        records.append({"connection_id": connection_id, "bus": row["bus"], "import_max_mw": limit,
                        "export_max_mw": limit, "import_price_azn_per_mwh": C["import_price_azn_per_mwh"],
                        "export_price_azn_per_mwh": A["export_price_azn_per_mwh"], "import_price_profile": None,
                        "export_price_profile": "national_export_value",
                        "co2_t_per_mwh": A["grid_co2_t_per_mwh"], "commissioned": None})
        sources.add("grid_connections", connection_id, "import_max_mw", row["source"], row["note"] + "; import = export")
        sources.add("grid_connections", connection_id, "export_max_mw", row["source"], row["note"])
    sources.add("grid_connections", "*", "import_price_azn_per_mwh", "T3,ASSUMPTION 9",
                "6.6 qepik/kWh Azerenerji -> Azerishig wholesale price")
    sources.add("grid_connections", "*", "export_price_azn_per_mwh", "ASSUMPTION 9",
                ("4.4 qepik/kWh, the gas-fuel cost avoided (midpoint of 3.9-4.8 [R5,R6,R19]), an annual mean: "
                 "export_price_profile national_export_value (mean 1) shapes it by hour; the import price "
                 "(regulated wholesale price [T3]) is flat, import_price_profile empty"))
    sources.add("grid_connections", "*", "co2_t_per_mwh", "ASSUMPTION 7", "0.45 t/MWh (range 0.37-0.50)")
    sources.add("grid_connections", "*", "commissioned", "ASSUMPTION", "empty: national grid, always available")
    return records


def build_parameters(sources: Sources) -> list[dict[str, object]]:
    rates = {"": 1.0, "eur": EUR_TO_AZN, "usd": C["usd_to_azn"]}
    records = []
    for row in fact_rows("parameters"):
        value = float(row["value"]) * rates[row["currency"]]
        records.append({"parameter": row["parameter"], "value": round(value, 6), "unit": row["unit"]})
        sources.add("parameters", row["parameter"], "value", row["source"], row["note"])
    return records


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    sources = Sources()
    buses = build_buses(sources)
    lines = build_lines(buses, sources)
    tables = {"buses": buses, "lines": lines, "transformers": build_transformers(sources),
              "grid_connections": build_grid_connections(lines, sources)}
    tables["parameters"] = build_parameters(sources)
    write_product(arguments.work, "grid", tables, sources)
    print(f"grid: {len(buses)} buses, {len(lines)} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
