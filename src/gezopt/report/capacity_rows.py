"""The comparison table's rows for capacity expansion and policy targets, shown when some run has them.

Per technology the capacity built (MW; storage energy in MWh), the investment annuity over the horizon,
each candidate's total capacity side by side (``total_capacity_by_candidate``, MW or MWh), and each
target's shadow price (:mod:`gezopt.results.capacities`).
"""

from __future__ import annotations

from collections.abc import Sequence

from gezopt.report.results_folder import ResultsFolder
from gezopt.report.tables import Indicator

TARGET_PRICES = (
    ("CO2 cap shadow price", "AZN/t", "co2_cap_shadow_price_azn_per_t"),
    ("renewable share shadow price", "AZN/MWh", "minimum_renewable_share_shadow_price_azn_per_mwh"),
    ("self-sufficiency shadow price", "AZN/MWh", "minimum_self_sufficiency_shadow_price_azn_per_mwh"),
    ("import share shadow price", "AZN/MWh", "maximum_import_share_shadow_price_azn_per_mwh"),
)


def _names(folders: Sequence[ResultsFolder], key: str) -> list[str]:
    """The names under a KPI group (``kpis[key]``) in any run, in first-seen order."""
    return list(dict.fromkeys(name for results in folders for name in (results.kpis.get(key) or {})))


def _where(folders: Sequence[ResultsFolder]) -> dict[str, tuple[str, str]]:
    """Each candidate's `` at <location>`` and capacity unit, from the runs' capacities tables."""
    found: dict[str, tuple[str, str]] = {}
    for results in folders:
        if results.has_table("capacities"):
            for row in results.table("capacities").itertuples():
                found.setdefault(str(row.candidate_id), (f" at {row.location}", str(row.capacity_unit)))
    return found


def capacity_indicators(folders: Sequence[ResultsFolder]) -> list[Indicator]:
    """Rows for what the runs built and the prices of their targets (none when no run has either)."""
    rows = [Indicator(f"built: {name}", "MW", (f"built_capacity_mw_by_technology.{name}",), optional=True)
            for name in _names(folders, "built_capacity_mw_by_technology")]
    rows += [Indicator(f"built: {name} energy", "MWh", (f"built_storage_energy_mwh_by_technology.{name}",),
                       optional=True) for name in _names(folders, "built_storage_energy_mwh_by_technology")]
    rows.append(Indicator("investment annuity", "AZN", ("investment_annuity_azn",), decimals=0, optional=True))
    where = _where(folders)
    rows += [Indicator(f"capacity: {name}{where.get(name, ('', ''))[0]}", where.get(name, ("", "MW"))[1],
                       (f"total_capacity_by_candidate.{name}",), optional=True)
             for name in _names(folders, "total_capacity_by_candidate")]
    rows += [Indicator(label, unit, (key,), decimals=2, optional=True) for label, unit, key in TARGET_PRICES]
    rows += [Indicator(f"minimum {name} capacity shadow price", "AZN/MW", (
        f"minimum_capacity_shadow_price_azn_per_mw.{name}",), decimals=0, optional=True)
        for name in _names(folders, "minimum_capacity_shadow_price_azn_per_mw")]
    return rows
