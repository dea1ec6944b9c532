"""Hydro calibration: modelled annual generation beside the published figures of hydro_targets.csv.

For every year named by a target the scenario is solved over the whole
profile year (8,760 h); a target's modelled generation is the sum of its
plants' dispatch (``*``: every hydro plant) in GWh, and its ratio is
modelled / published.  A target passes when the ratio lies within
1 +- tolerance_share.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pandas as pd

from gezopt.config import RunSettings
from gezopt.data import load_zone
from gezopt.pipeline import run
from gezopt.scenario import Scenario

YearReporter = Callable[[int, float], None]


def calibrate(settings: RunSettings, scenario: Scenario,
              report: YearReporter = lambda year, seconds: None) -> pd.DataFrame:
    """One row per target: published and modelled GWh, ratio, tolerance and whether it is met."""
    targets = load_zone(settings.inputs).hydro_targets
    modelled: dict[str, float] = {}
    for year in sorted(int(y) for y in targets["year"].unique()):
        year_settings = dataclasses.replace(settings, year=year, start=None, hours=None)
        outcome = run(year_settings, scenario, write=False)
        report(year, sum(outcome.timings_s.values()))
        energy_gwh = energy_by_plant_gwh(outcome.results.tables["hydro"], float(outcome.results.kpis["hours"]))
        for target_id, target in targets[targets["year"] == year].iterrows():
            plants = energy_gwh.index if target["plants"] == "*" else str(target["plants"]).split()
            modelled[target_id] = float(energy_gwh.reindex(plants, fill_value=0.0).sum())
    table = pd.DataFrame({
        "target_id": targets.index,
        "plants": targets["plants"].to_numpy(),
        "year": targets["year"].astype(int).to_numpy(),
        "published_gwh": targets["energy_gwh"].to_numpy(),
        "modelled_gwh": [modelled[t] for t in targets.index],
        "tolerance_share": targets["tolerance_share"].to_numpy(),
    })
    table["ratio"] = table["modelled_gwh"] / table["published_gwh"]
    table["within_tolerance"] = np.abs(table["ratio"] - 1.0) <= table["tolerance_share"] + 1e-12
    return table


def energy_by_plant_gwh(hydro: pd.DataFrame, hours: float) -> pd.Series:
    """GWh per plant of the hydro table: power x each snapshot's weight (the gap to the next snapshot; the last
    one what is left of ``hours``), so snapshots of several hours count their hours, not one."""
    stamps = pd.DatetimeIndex(sorted(hydro["snapshot"].unique()))
    gaps_h = ((stamps[1:] - stamps[:-1]) / pd.Timedelta(hours=1)).to_numpy(dtype=float)
    weights_h = pd.Series(np.append(gaps_h, hours - gaps_h.sum()), index=stamps)
    energy_mwh = hydro["power_mw"].to_numpy() * weights_h.reindex(hydro["snapshot"]).to_numpy()
    return pd.Series(energy_mwh, index=hydro["plant_id"].to_numpy()).groupby(level=0).sum() / 1e3


def format_calibration(table: pd.DataFrame) -> str:
    """The calibration table as aligned text."""
    header = f"{'target':<28} {'year':>4} {'published GWh':>14} {'modelled GWh':>13} {'ratio':>6} {'tolerance':>9}  ok"
    lines = [header, "-" * len(header)]
    for _, row in table.iterrows():
        lines.append(
            f"{row['target_id']:<28} {row['year']:>4} {row['published_gwh']:>14,.1f} {row['modelled_gwh']:>13,.1f} "
            f"{row['ratio']:>6.3f} {'±' + format(row['tolerance_share'] * 100, '.0f') + ' %':>9}  "
            f"{'yes' if row['within_tolerance'] else 'NO'}"
        )
    return "\n".join(lines)
