"""The pathway's aggregation error on windows: each window of one period re-dispatched at the plan's
resolution and hourly with the plan's capacities fixed (gezopt.pathway.check).

    python benchmarks/pathway_error.py results/pathway-2026-2030 2030 --window "01-13 00:00" 168 \
        --window "07-13 00:00" 168
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from gezopt.cli_options import scenario_path
from gezopt.pathway.check import resolution_error
from gezopt.scenario import load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="a pathway's results folder (gezopt plan)")
    parser.add_argument("period", type=int)
    parser.add_argument("--window", nargs=2, action="append", metavar=("START", "HOURS"), required=True)
    arguments = parser.parse_args()
    info = json.loads((arguments.results / "run.json").read_text())
    scenario = load_scenario(scenario_path(info["scenario"]["name"]))
    capacities = pd.read_csv(arguments.results / "capacities_by_period.csv")
    periods = pd.read_csv(arguments.results / "kpis_by_period.csv").set_index("period")
    data_year = int(periods.at[arguments.period, "data_year"])
    for start, hours in arguments.window:
        table = resolution_error(scenario, capacities, arguments.period, data_year, start, int(hours))
        print(f"period {arguments.period} (data {data_year}), {hours} h from {start}, "
              f"{scenario.resolution_hours}-hour vs hourly:")
        print(table.to_string(index=False, float_format=lambda value: f"{value:,.4g}"))


if __name__ == "__main__":
    main()
