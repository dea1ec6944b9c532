"""Derive the reservoirs' seasonal curves from a year-long run of gezopt (not a step of build_zone.py: it solves).

    python inputs/build/reservoir_curves.py [--scenario base] [--year 2026] [--inputs inputs/zone]
                                            [--write-facts | --overrides]

Solves ``--scenario`` over the whole of ``--year`` (8,760 h; about 2 minutes) on the assembled dataset and reads
each reservoir's volume on the first of every month, 00:00 (gezopt.reservoir_volumes.month_start_volumes_mcm): the
seasonal curve that every shorter horizon then starts and ends on.  1 January is the year-long run's own start
(the curve's January value, or volume_start_mcm where the reservoir has no curve yet): a full year is cyclic, so
a run on a dataset that already holds the curve gives it back.  ``--write-facts`` writes
``facts/reservoir_curves.csv`` (rebuild the dataset afterwards: ``python inputs/build_zone.py``); ``--overrides``
prints the curve as a scenario's ``overrides:`` block (for a scenario with its own hydrology); by default the curve
is only printed.  The year 2026 is the first with Gozlukorpu's low-water floor below the Sarsang dam [R17], the
tightest rule the reservoir's releases meet (later years add no rule on its water), so its curve is reachable in
every year of the dataset under the typical hydrology.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
from pathlib import Path

from common import FACTS, REPOSITORY, resolve

from gezopt.data.specs.hydro import MONTH_VOLUME_COLUMNS, MONTHS
from gezopt.pipeline import prepare, run
from gezopt.prepared import prepare_inputs
from gezopt.reservoir_volumes import month_start_volumes_mcm
from gezopt.scenario import load_scenario, run_settings

NOTE = ("year-long run: gezopt's {scenario} scenario solved for {year} over 8,760 h (inputs/build/reservoir_curves.py), "
        "volume on the first of the month at 00:00")
JANUARY_NOTE = ("ASSUMPTION: {volume:g} million m3 on 1 January, about half the usable volume (the anchor of the "
                "cyclic year-long run)")


def derive_curves(scenario_name: str, year: int, inputs: Path) -> dict[str, list[float]]:
    """Reservoir -> its twelve month-start volumes from the year-long run."""
    scenario = load_scenario(REPOSITORY / "scenarios" / f"{scenario_name}.yaml")
    settings = dataclasses.replace(run_settings(scenario, inputs=inputs, year=year), start=None, hours=None)
    zone, _ = prepare(settings, scenario)
    starts = prepare_inputs(zone).reservoir_volumes.start_mcm
    outcome = run(settings, scenario, write=False,
                  report=lambda stage, seconds: print(f"  {stage:<8} {seconds:6.1f} s", file=sys.stderr))
    hydro = outcome.results.tables["hydro"]
    curves = {}
    for reservoir, start in starts.items():
        rows = hydro[hydro["plant_id"] == reservoir].set_index("snapshot")
        curves[reservoir] = [round(v, 1) for v in month_start_volumes_mcm(rows["volume_mcm"], start)]
    return curves


def write_facts(curves: dict[str, list[float]], scenario: str, year: int) -> None:
    """facts/reservoir_curves.csv: one row per reservoir, the January anchor's and the run's notes."""
    with (FACTS / "reservoir_curves.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["plant_id", *MONTH_VOLUME_COLUMNS, "source", "note", "january_source", "january_note"])
        for reservoir, curve in curves.items():
            writer.writerow([reservoir, *(f"{v:g}" for v in curve), "ASSUMPTION",
                             NOTE.format(scenario=scenario, year=year), "ASSUMPTION",
                             JANUARY_NOTE.format(volume=curve[0])])


def overrides_text(curves: dict[str, list[float]]) -> str:
    """The curves as a scenario's overrides block."""
    lines = ["overrides:", "  reservoir_curves:"]
    for reservoir, curve in curves.items():
        values = ", ".join(f"volume_{month}_mcm: {v:g}" for month, v in zip(MONTHS, curve))
        lines.append(f"    {reservoir}: {{{values}}}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="base", help="a scenario name of scenarios/")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--inputs", default="inputs/zone", help="dataset folder (relative: from the repository root)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--write-facts", action="store_true", help="write facts/reservoir_curves.csv")
    output.add_argument("--overrides", action="store_true", help="print a scenario overrides block")
    arguments = parser.parse_args(argv)
    curves = derive_curves(arguments.scenario, arguments.year, resolve(arguments.inputs))
    for reservoir, curve in curves.items():
        print(f"{reservoir}: " + ", ".join(f"{month} {v:g}" for month, v in zip(MONTHS, curve)))
    if arguments.write_facts:
        write_facts(curves, arguments.scenario, arguments.year)
        print(f"wrote {FACTS / 'reservoir_curves.csv'}; rebuild the dataset: python inputs/build_zone.py")
    elif arguments.overrides:
        print(overrides_text(curves))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
