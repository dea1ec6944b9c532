"""The report's written summary: which tariff, for whom, at what cost - plain sentences built from the numbers.

Each sentence reads figures of the runs (:class:`ScenarioFigures`, from their
``kpis.json``) or the bills at consumption bands (:class:`~gezopt.report.bill_bands.BandComparison`):
which scenario's tariffs recover the most of the full cost of serving the zone's
consumers and which the least, the subsidy that leaves, who wins and loses at which
bands against the first scenario (:mod:`gezopt.report.band_summary`), what the
consumers' response to the tariffs costs the system, and the emissions, own and
displaced by exports.  A sentence whose figures no run reports is left out; none
states anything the numbers do not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from gezopt.report.band_summary import band_sentences
from gezopt.report.bill_bands import BandComparison
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.wording import azn, grouped, name_list, percent, spread, tonnes

ZERO_T = 1e-6  # t CO2 below this is solver residue
NO_TARIFFS = "No scenario has tariffs, so there is no cost recovery, subsidy or bill to report."


@dataclass(frozen=True)
class ScenarioFigures:
    """The figures of one scenario that the summary speaks of (None where the run does not report one)."""

    name: str
    hours: float | None = None
    tariff_revenue_azn: float | None = None
    full_cost_azn: float | None = None  # of serving the zone's consumers
    cost_recovery_ratio: float | None = None
    subsidy_azn: float | None = None
    tariff_cost_to_system_azn: float | None = None  # the consumers' response against co-optimised flexible loads
    emissions_t: float | None = None
    displaced_emissions_t: float | None = None  # national-grid emissions the exports displace


def _number(kpis: dict[str, object], key: str) -> float | None:
    value = kpis.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def scenario_figures(results: ResultsFolder) -> ScenarioFigures:
    """The summary's figures of one run, read from its ``kpis.json``."""
    kpis = results.kpis
    return ScenarioFigures(
        name=results.label, hours=_number(kpis, "hours"), tariff_revenue_azn=_number(kpis, "tariff_revenue_azn"),
        full_cost_azn=_number(kpis, "consumer_full_cost_azn"),
        cost_recovery_ratio=_number(kpis, "cost_recovery_ratio"), subsidy_azn=_number(kpis, "subsidy_azn"),
        tariff_cost_to_system_azn=_number(kpis, "tariff_cost_to_system_azn"),
        emissions_t=_number(kpis, "emissions_t"), displaced_emissions_t=_number(kpis, "export_displaced_emissions_t"))


def horizon(figures: Sequence[ScenarioFigures]) -> str:
    """``over the 168 h horizon``, or ``over each run's horizon`` when the runs' horizons differ."""
    hours = {f.hours for f in figures if f.hours is not None}
    return f"over the {hours.pop():,.0f} h horizon" if len(hours) == 1 else "over each run's horizon"


def _revenue_of_cost(group: Sequence[ScenarioFigures]) -> str:
    """`` (814,791 AZN of 3,707,761 AZN)`` when the group's scenarios share those figures, else nothing."""
    pairs = {(azn(f.tariff_revenue_azn), azn(f.full_cost_azn)) for f in group
             if f.tariff_revenue_azn is not None and f.full_cost_azn is not None}
    if len(pairs) != 1 or any(f.tariff_revenue_azn is None or f.full_cost_azn is None for f in group):
        return ""
    revenue, cost = pairs.pop()
    return f" ({revenue} of {cost})"


def recovery_sentence(figures: Sequence[ScenarioFigures]) -> str:
    """Which scenario's tariffs recover the most of the full cost of serving the consumers, and which the
    least; :data:`NO_TARIFFS` when no scenario has tariffs."""
    rated = [f for f in figures if f.cost_recovery_ratio is not None]
    if not rated:
        return NO_TARIFFS
    by_name = {f.name: f for f in rated}
    groups = grouped([(f.name, f.cost_recovery_ratio) for f in rated], percent)
    what = "of the full cost of serving the zone's consumers"

    def said(text: str, names: list[str]) -> str:
        return f"{text}{_revenue_of_cost([by_name[name] for name in names])}"

    if len(groups) == 1:
        text, names = groups[0]
        whose = names[0] if len(names) == 1 else ("both scenarios" if len(names) == 2 else "every scenario")
        return f"The tariffs of {whose} recover {said(text, names)} {what}."
    (low, low_names), (high, high_names) = groups[0], groups[-1]
    return (f"The tariffs of {name_list(high_names)} recover the most {what}, {said(high, high_names)}; "
            f"those of {name_list(low_names)} the least, {said(low, low_names)}.")


def subsidy_sentence(figures: Sequence[ScenarioFigures]) -> str | None:
    """The subsidy (the full cost the tariffs leave unrecovered) over the scenarios; None if none reports it."""
    named = [(f.name, f.subsidy_azn) for f in figures if f.subsidy_azn is not None]
    if not named:
        return None
    if all(azn(value) == azn(0.0) for _, value in named):
        return "No scenario needs a subsidy: its tariffs recover the full cost of serving the consumers."
    return (f"The subsidy, the part of the full cost the tariffs leave unrecovered, "
            f"{spread(named, azn, ('is', 'ranges'))} {horizon(figures)}.")


def response_sentence(figures: Sequence[ScenarioFigures]) -> str | None:
    """What the consumers' response to the tariffs costs the system against flexible loads co-optimised with
    the dispatch; None if no scenario reports it (no scenario with ``response: tariff``)."""
    named = [(f.name, f.tariff_cost_to_system_azn) for f in figures if f.tariff_cost_to_system_azn is not None]
    if not named:
        return None
    return ("Against flexible loads co-optimised with the dispatch, the consumers' response to the tariffs costs "
            f"the system {spread(named, azn)} {horizon(figures)}.")


def emissions_sentence(figures: Sequence[ScenarioFigures]) -> str | None:
    """The zone's own emissions (imports at the national grid's intensity plus local units) and those its
    exports displace; None if no scenario reports emissions."""
    named = [(f.name, f.emissions_t) for f in figures if f.emissions_t is not None]
    if not named:
        return None
    if all(abs(value) <= ZERO_T for _, value in named):
        sentence = f"No emissions in any scenario {horizon(figures)}"
    else:
        sentence = (f"Emissions (imports at the national grid's intensity plus local units) "
                    f"{spread(named, tonnes, ('are', 'range'))} {horizon(figures)}")
    displaced = [(f.name, f.displaced_emissions_t) for f in figures
                 if f.displaced_emissions_t is not None and f.displaced_emissions_t > ZERO_T]
    if displaced:
        sentence += (f"; the national-grid emissions the exports displace "
                     f"{spread(displaced, tonnes, ('are', 'range'))}")
    return sentence + "."


def summary_sentences(figures: Sequence[ScenarioFigures], bands: BandComparison | None) -> list[str]:
    """The summary in report order: cost recovery, subsidy, winners and losers, the response's cost, emissions."""
    sentences = [recovery_sentence(figures), subsidy_sentence(figures)]
    sentences += band_sentences(bands) if bands is not None else []
    sentences += [response_sentence(figures), emissions_sentence(figures)]
    return [sentence for sentence in sentences if sentence]


def summary_of(folders: Sequence[ResultsFolder], bands: BandComparison | None) -> list[str]:
    """:func:`summary_sentences` of the runs ``folders``."""
    return summary_sentences([scenario_figures(results) for results in folders], bands)
