"""Step: the expansion candidates: which capacities of the zone's assets a capacity expansion may build.

    python inputs/build/expansion.py [--shared ../shared/data] [--work inputs/build/products]

Reads ``facts/expansion_candidates.csv``: per candidate the asset it extends (a row of the fleet or grid
tables), the capacity (MW, or MWh for a battery's energy), the maximum total capacity (the site's potential:
announced projects as ranges, the data sheet's zone potentials, or an ASSUMPTION) and, where the costs
table's rows for the asset do not apply, the costs row that prices it.  The minimum is the asset's current
size unless a row gives one.  Every number carries the row's source key.
"""

from __future__ import annotations

from common import Sources, fact_rows, number, step_arguments, write_product

NUMBERS = ("minimum_capacity", "maximum_capacity", "length_km")


def build_candidates(sources: Sources) -> list[dict[str, object]]:
    rows = []
    for fact in fact_rows("expansion_candidates"):
        candidate_id = fact["candidate_id"]
        values = {column: number(fact[column]) for column in NUMBERS}
        for column, value in values.items():
            if value is not None:
                sources.add("expansion_candidates", candidate_id, column, fact["source"], fact["note"])
        rows.append({"candidate_id": candidate_id, "asset_table": fact["asset_table"], "asset_id": fact["asset_id"],
                     "capacity_unit": fact["capacity_unit"], "cost_id": fact["cost_id"] or None, **values})
    sources.add_row("expansion_candidates", "*", {
        "minimum_capacity": ("ASSUMPTION", "empty: the asset's current size (an expansion builds on what exists)"),
        "length_km": ("ASSUMPTION", "empty: the candidate is not priced per km (a line is priced over its own length)"),
    })
    return rows


def main(argv: list[str] | None = None) -> int:
    arguments = step_arguments(__doc__.splitlines()[0], argv)
    sources = Sources()
    rows = build_candidates(sources)
    write_product(arguments.work, "expansion", {"expansion_candidates": rows}, sources)
    print(f"expansion: {len(rows)} candidates")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
