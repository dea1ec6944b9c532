"""The report's written summary: exact sentences from hand-made KPI figures and bills at bands, and the
figures read from a run's kpis.json."""

from __future__ import annotations

from pathlib import Path

from gezopt.report.bill_bands import BandComparison, BandRow
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.summary import NO_TARIFFS, ScenarioFigures, scenario_figures, summary_sentences


def figures(name: str, recovery: float | None, revenue: float | None, subsidy: float | None,
            response: float | None, emissions: float, displaced: float, hours: float = 168.0) -> ScenarioFigures:
    return ScenarioFigures(name=name, hours=hours, tariff_revenue_azn=revenue,
                           full_cost_azn=4_000_000.0 if revenue is not None else None, cost_recovery_ratio=recovery,
                           subsidy_azn=subsidy, tariff_cost_to_system_azn=response, emissions_t=emissions,
                           displaced_emissions_t=displaced)


FOUR = [
    figures("today", 0.2, 800_000.0, 3_200_000.0, 2_500.0, 0.0, 500.0),
    figures("time-of-use", 0.15, 600_000.0, 3_400_000.0, 2_000.4, 0.0, 480.04),
    figures("carbon", 0.2, 800_000.0, 3_200_000.0, 2_500.0, 0.0, 500.0),
    figures("block-reform", 0.25, 1_000_000.0, 3_000_000.0, 3_100.0, 12.34, 500.0),
]
BANDS = BandComparison(scenarios=("today", "time-of-use", "carbon", "block-reform"), rows=(
    BandRow("residential", 100.0, (8.40, 8.03, 8.40, 9.00)),
    BandRow("residential", 500.0, (56.80, 40.17, 56.80, 50.00)),
    BandRow("commercial", 1000.0, (106.00, 106.00, 106.004, 106.00)),  # 0.4 qəpik: unchanged
    BandRow("ev_home", 100.0, (None, 4.00, None, None)),
    BandRow("ev_home", 300.0, (None, 12.00, None, None)),
    BandRow("street_lighting", 100.0, (10.00, 10.00, 10.00, None)),
))


def test_the_summary_of_four_tariffs_names_the_best_the_subsidy_the_winners_and_losers_and_the_costs():
    assert summary_sentences(FOUR, BANDS) == [
        ("The tariffs of block-reform recover the most of the full cost of serving the zone's consumers, 25.0 % "
        "(1,000,000 AZN of 4,000,000 AZN); those of time-of-use the least, 15.0 % (600,000 AZN of 4,000,000 AZN)."),
        ("The subsidy, the part of the full cost the tariffs leave unrecovered, ranges from 3,000,000 AZN "
        "(block-reform) to 3,400,000 AZN (time-of-use) over the 168 h horizon."),
        ("Under time-of-use, against today: residential customers pay less at 100 and 500 kWh a month (by 0.37 to "
        "16.63 AZN a month); ev_home customers, a class billed only here, pay 4.00 to 12.00 AZN a month at 100 and "
        "300 kWh a month; the other bands are unchanged."),
        ("Under block-reform, against today: residential customers pay less at 500 kWh a month (by 6.80 AZN a month) "
        "and more at 100 kWh a month (by 0.60 AZN a month); street_lighting customers are not billed here; the "
        "other bands are unchanged."),
        "Under carbon, no bill at any band differs from today.",
        ("Against flexible loads co-optimised with the dispatch, the consumers' response to the tariffs costs the "
        "system from 2,000 AZN (time-of-use) to 3,100 AZN (block-reform) over the 168 h horizon."),
        ("Emissions (imports at the national grid's intensity plus local units) range from 0.0 t CO2 (today, "
        "time-of-use and carbon) to 12.3 t CO2 (block-reform) over the 168 h horizon; the national-grid emissions "
        "the exports displace range from 480.0 t CO2 (time-of-use) to 500.0 t CO2 (today, carbon and "
        "block-reform)."),
    ]


def test_equal_figures_are_said_once_and_a_full_recovery_needs_no_subsidy():
    equal = [figures("a", 0.2, 800_000.0, 3_200_000.0, None, 0.0, 0.0),
             figures("b", 0.2, 800_000.0, 3_200_000.0, None, 0.0, 0.0, hours=24.0)]
    assert summary_sentences(equal, None) == [
        ("The tariffs of both scenarios recover 20.0 % (800,000 AZN of 4,000,000 AZN) of the full cost of serving "
        "the zone's consumers."),
        ("The subsidy, the part of the full cost the tariffs leave unrecovered, is 3,200,000 AZN in both scenarios "
        "over each run's horizon."),
        "No emissions in any scenario over each run's horizon.",
    ]
    recovered = [figures("a", 1.3, 5_200_000.0, 0.0, None, 0.0, 10.0)]
    assert summary_sentences(recovered, None) == [
        ("The tariffs of a recover 130.0 % (5,200,000 AZN of 4,000,000 AZN) of the full cost of serving the zone's "
        "consumers."),
        "No scenario needs a subsidy: its tariffs recover the full cost of serving the consumers.",
        ("No emissions in any scenario over the 168 h horizon; the national-grid emissions the exports displace are "
        "10.0 t CO2 (a)."),
    ]


def test_without_tariffs_the_summary_says_so_and_speaks_of_emissions_only():
    plain = [figures("a", None, None, None, None, 3.0, 0.0), figures("b", None, None, None, None, 3.04, 0.0)]
    assert summary_sentences(plain, None) == [
        NO_TARIFFS,
        ("Emissions (imports at the national grid's intensity plus local units) are 3.0 t CO2 in both scenarios "
        "over the 168 h horizon."),
    ]


def test_the_figures_are_read_from_the_kpis_of_a_run():
    kpis = {"hours": 168.0, "tariff_revenue_azn": 814_790.8, "consumer_full_cost_azn": 3_707_760.9,
            "cost_recovery_ratio": 0.2197, "subsidy_azn": 2_892_970.1, "tariff_cost_to_system_azn": 2_725.7,
            "emissions_t": 0.0, "export_displaced_emissions_t": 500.04, "system_cost_azn": -64_598.5}
    results = ResultsFolder(path=Path("week"), kpis=kpis, run={}, label="tariff-2025-week")
    assert scenario_figures(results) == ScenarioFigures(
        name="tariff-2025-week", hours=168.0, tariff_revenue_azn=814_790.8, full_cost_azn=3_707_760.9,
        cost_recovery_ratio=0.2197, subsidy_azn=2_892_970.1, tariff_cost_to_system_azn=2_725.7, emissions_t=0.0,
        displaced_emissions_t=500.04)
    assert scenario_figures(ResultsFolder(path=Path("old"), kpis={"emissions_t": float("nan")}, run={},
                                          label="old")) == ScenarioFigures(name="old")
