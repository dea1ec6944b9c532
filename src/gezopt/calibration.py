r"""Hydro calibration: modelled hydro generation beside the published figures of hydro_targets.csv.

Every year a target needs is solved over the whole profile year (8,760 h) and its hydro dispatch
summed by calendar month and plant: :math:`E_{p,m}` (GWh), each snapshot counting its hours and
falling in the month it starts in.

- An **annual** target of plants :math:`P` (``*``: every hydro plant) in year :math:`y` is
  :math:`\hat E = \sum_{p \in P} \sum_{m \in y} E_{p,m}`.
- A **cumulative** target (a total since commissioning, stated on a date) over the period
  :math:`[s, e)` sums the modelled output of every year from :math:`s` to :math:`e`, partial years
  and months pro rata:

  .. math:: \hat E = \sum_{p \in P} \sum_m \phi_m E_{p,m}, \qquad
            \phi_m = \frac{|[m, m^+) \cap [s, e)|}{|[m, m^+)|}

  where :math:`[m, m^+)` is month :math:`m` from its first to the next month's first hour; a month
  wholly inside counts whole (:math:`\phi = 1`), one outside not at all.

The ratio is :math:`\hat E / E^{pub}`; a target passes when it lies within 1 ± tolerance_share.
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
    months = []
    for year in years_to_solve(targets):
        year_settings = dataclasses.replace(settings, year=year, start=None, hours=None)
        outcome = run(year_settings, scenario, write=False)
        report(year, sum(outcome.timings_s.values()))
        months.append(monthly_energy_by_plant_gwh(outcome.results.tables["hydro"],
                                                  float(outcome.results.kpis["hours"])))
    monthly = pd.concat(months).fillna(0.0) if months else pd.DataFrame()
    table = pd.DataFrame({
        "target_id": targets.index,
        "plants": targets["plants"].to_numpy(),
        "kind": targets["kind"].to_numpy(),
        "year": pd.array(targets["year"], dtype="Int64"),
        "period_start": targets["period_start"].dt.strftime("%Y-%m-%d").to_numpy(),
        "period_end": targets["period_end"].dt.strftime("%Y-%m-%d").to_numpy(),
        "published_gwh": targets["energy_gwh"].to_numpy(),
        "modelled_gwh": [modelled_target_gwh(target, monthly) for _, target in targets.iterrows()],
        "tolerance_share": targets["tolerance_share"].to_numpy(),
    })
    table["ratio"] = table["modelled_gwh"] / table["published_gwh"]
    table["within_tolerance"] = np.abs(table["ratio"] - 1.0) <= table["tolerance_share"] + 1e-12
    return table


def years_to_solve(targets: pd.DataFrame) -> list[int]:
    """The years of the annual targets and every year a cumulative target's period touches."""
    years: set[int] = set()
    for _, target in targets.iterrows():
        if target["kind"] == "cumulative":
            last = target["period_end"] - pd.Timedelta(hours=1)
            years.update(range(target["period_start"].year, last.year + 1))
        else:
            years.add(int(target["year"]))
    return sorted(years)


def modelled_target_gwh(target: pd.Series, monthly: pd.DataFrame) -> float:
    """The modelled GWh of one target from the monthly energies (rows: month starts, columns: plants)."""
    plants = monthly.columns if target["plants"] == "*" else str(target["plants"]).split()
    energy = monthly.reindex(columns=plants, fill_value=0.0).sum(axis=1)
    if target["kind"] == "cumulative":
        return cumulative_energy_gwh(energy, target["period_start"], target["period_end"])
    return float(energy[energy.index.year == int(target["year"])].sum())


def cumulative_energy_gwh(monthly_gwh: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> float:
    r""":math:`\sum_m \phi_m E_m`: monthly energies (indexed by month start) counted by the share
    :math:`\phi_m` of each month inside ``[start, end)``."""
    return float((month_shares_inside(pd.DatetimeIndex(monthly_gwh.index), start, end)
                  * monthly_gwh.to_numpy(dtype=float)).sum())


def month_shares_inside(month_starts: pd.DatetimeIndex, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """Share of each month (from its first hour to the next month's) that lies inside ``[start, end)``."""
    month_ends = month_starts + pd.offsets.MonthBegin(1)
    overlap = (np.minimum(month_ends, end) - np.maximum(month_starts, start)) / pd.Timedelta(hours=1)
    length = (month_ends - month_starts) / pd.Timedelta(hours=1)
    return np.clip(np.asarray(overlap, dtype=float), 0.0, None) / np.asarray(length, dtype=float)


def monthly_energy_by_plant_gwh(hydro: pd.DataFrame, hours: float) -> pd.DataFrame:
    """GWh by calendar month (rows: the month's first hour) and plant (columns) of the hydro table: power x
    each snapshot's weight (the gap to the next snapshot; the last one what is left of ``hours``), in the
    month the snapshot starts in."""
    stamps = pd.DatetimeIndex(sorted(hydro["snapshot"].unique()))
    gaps_h = ((stamps[1:] - stamps[:-1]) / pd.Timedelta(hours=1)).to_numpy(dtype=float)
    weights_h = pd.Series(np.append(gaps_h, hours - gaps_h.sum()), index=stamps)
    snapshots = pd.DatetimeIndex(hydro["snapshot"])
    energy_gwh = hydro["power_mw"].to_numpy() * weights_h.reindex(snapshots).to_numpy() / 1e3
    months = snapshots.to_period("M").to_timestamp()
    frame = pd.DataFrame({"month": months, "plant_id": hydro["plant_id"].to_numpy(), "gwh": energy_gwh})
    return frame.pivot_table(index="month", columns="plant_id", values="gwh", aggfunc="sum", fill_value=0.0)


def energy_by_plant_gwh(hydro: pd.DataFrame, hours: float) -> pd.Series:
    """GWh per plant of the hydro table over its whole horizon (the sum of its months)."""
    return monthly_energy_by_plant_gwh(hydro, hours).sum(axis=0)


def period_text(row: pd.Series) -> str:
    """The year an annual target is evaluated in, or a cumulative target's period."""
    if row["kind"] == "cumulative":
        return f"{row['period_start']}..{row['period_end']}"
    return str(row["year"])


def format_calibration(table: pd.DataFrame) -> str:
    """The calibration table as aligned text (a cumulative target's GWh are its total over the period)."""
    header = (f"{'target':<26} {'year or period':<22} {'published GWh':>14} {'modelled GWh':>13} {'ratio':>6} "
              f"{'tolerance':>9}  ok")
    lines = [header, "-" * len(header)]
    for _, row in table.iterrows():
        lines.append(
            f"{row['target_id']:<26} {period_text(row):<22} {row['published_gwh']:>14,.1f} "
            f"{row['modelled_gwh']:>13,.1f} {row['ratio']:>6.3f} "
            f"{'±' + format(row['tolerance_share'] * 100, '.0f') + ' %':>9}  "
            f"{'yes' if row['within_tolerance'] else 'NO'}"
        )
    return "\n".join(lines)
