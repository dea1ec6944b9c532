"""The scenario file's schema (pydantic): what each key means, its type and its bounds.

``json_schema()`` exports it as JSON Schema for editor completion
(``gezopt schema > scenarios/schema.json``).
"""

from __future__ import annotations

from collections import Counter
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, WithJsonSchema

from gezopt.data.specs import MAXIMUM_MAGNITUDE
from gezopt.ranges import consecutive_runs

# Numbers are finite (no .inf or .nan) and of sane magnitude, like every number of the input tables.
NonNegativeFloat = Annotated[float, Field(ge=0, le=MAXIMUM_MAGNITUDE)]
PositiveFloat = Annotated[float, Field(gt=0, le=MAXIMUM_MAGNITUDE)]
HOURS_OF_THE_DAY = range(24)
DEFAULT_BILL_BANDS_KWH_PER_MONTH = (100.0, 200.0, 300.0, 500.0)


class StrictModel(BaseModel):
    """Unknown keys are errors; infinities and NaN are not numbers."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Horizon(StrictModel):
    start: str | None = Field(None, description="first snapshot: MM-DD HH:MM (scenario year) or YYYY-MM-DD HH:MM")
    hours: PositiveInt | None = Field(None, description="hours modelled from start (default: to the end of the year)")
    resolution_hours: PositiveInt = Field(1, description="hours per snapshot: 1 hourly, n averages n hours")


class Solver(StrictModel):
    time_limit_s: PositiveFloat | None = Field(None, description="HiGHS time limit, s")
    threads: PositiveInt | None = Field(None, description="HiGHS threads")
    method: Literal["auto", "simplex", "hipo", "ipm", "choose"] = Field(
        "auto", description="HiGHS algorithm: auto (dual simplex for short horizons, HiPO interior point with "
        "crossover for long ones), simplex, hipo, ipm (IPX) or choose (HiGHS decides)")
    crossover: bool = Field(True, description="interior point (hipo, ipm) ends with crossover on a vertex: exact "
                            "duals and the tie-break's one optimum; false is faster, its values and duals exact "
                            "only to the interior point's tolerance (about 1e-8 of the objective)")
    hold_slacks: bool = Field(True, description="solve first with the penalised slacks (load shed, unserved heat, "
                              "EV energy from elsewhere) held at zero, and keep that optimum where their reduced "
                              "costs prove it is the whole LP's; false solves with them from the start (one solve "
                              "instead of two where the data is short of supply)")


class Hydrology(StrictModel):
    inflow_scale: NonNegativeFloat = Field(1.0, description="factor on every local inflow (dry < 1 < wet)")
    inflow_profiles: dict[str, str] = Field(default_factory=dict, description="swap inflow profiles by name")


class Tolerance(StrictModel):
    absolute: NonNegativeFloat = Field(1e-3, description="accepted absolute difference")
    relative: NonNegativeFloat = Field(1e-4, description="accepted difference relative to the baseline")


class Regression(StrictModel):
    tolerances: dict[str, Tolerance] = Field(
        default_factory=dict, description="per KPI (dotted name, e.g. energy_by_technology_mwh.wind), or 'default'")
    tables: list[str] = Field(default_factory=list, description="result tables also compared (sums per column)")


class Block(StrictModel):
    up_to_kwh_per_month: PositiveFloat | None = Field(None, description="upper edge of the block per customer; "
                                                      "empty for the last block")
    azn_per_kwh: NonNegativeFloat


class Period(StrictModel):
    hours: list[int] = Field(description="local hours (0-23) of this time-of-use period")
    azn_per_kwh: NonNegativeFloat


class ClassTariff(StrictModel):
    customers: PositiveFloat = Field(description="customers (households for residential)")
    energy_azn_per_kwh: NonNegativeFloat | None = Field(None, description="flat energy price")
    blocks: list[Block] = Field(default_factory=list, description="increasing block prices by monthly consumption")
    time_of_use: list[Period] = Field(default_factory=list, description="prices by local hour (replaces the above)")
    fixed_azn_per_month: NonNegativeFloat = Field(0.0, description="fixed charge per customer and month")
    demand_azn_per_kw_month: NonNegativeFloat = Field(0.0, description="charge on the class's monthly peak, per kW")
    feed_in_azn_per_kwh: NonNegativeFloat | None = Field(None, description="price paid for rooftop exports")
    bill_bands_kwh_per_month: list[PositiveFloat] | None = Field(
        None, description="this class's consumption bands, increasing (default: tariffs.bill_bands_kwh_per_month)")

    def bands_kwh_per_month(self, default: list[float]) -> list[float]:
        """The bands at which one customer's bill is reported: the class's own, else ``default``."""
        return self.bill_bands_kwh_per_month if self.bill_bands_kwh_per_month is not None else default


class Response(str, Enum):
    """How flexible consumers (EV fleets, heat pumps with tanks, home batteries) respond to their tariff."""

    NONE = "none"  # not at all: fleets charge uncontrolled, tanks and home batteries stay idle
    TARIFF = "tariff"  # they minimise their own bill under their class's time-of-use price
    SYSTEM = "system"  # co-optimised with the dispatch: what a perfect dynamic tariff reaches


class CostAllocation(str, Enum):
    """How the costs the zone's own supply shares between local consumption and exports are split."""

    ENERGY_SHARE = "energy_share"  # by MWh: consumers bear served / (served + exported)
    EXPORTS_AT_MARGINAL_VALUE = "exports_at_marginal_value"  # exports bear what they earn, consumers the rest


class Tariffs(StrictModel):
    # in the JSON Schema an inline enum of strings, as scenario files have always been described
    response: Annotated[Response, WithJsonSchema({"enum": [r.value for r in Response], "type": "string"})] = Field(
        Response.SYSTEM, title="Response",
        description="how flexible loads respond: not at all, to their tariff, or co-optimised")
    classes: dict[str, ClassTariff] = Field(default_factory=dict, description="tariff per consumer class")
    heat_class: str = Field("residential", description="class billed for the heat-pump, boiler and cooling "
                            "electricity of heat buses the dataset's floor_area_owners.csv names no owner for")
    rooftop_class: str = Field("residential", description="class owning rooftop solar")
    utc_offset_hours: int = Field(4, ge=-12, le=14, description="local time = UTC + this (Azerbaijan: 4)")
    carbon_certificate_azn_per_mwh: NonNegativeFloat = Field(0.0, description="certificate price per MWh of "
                                                             "local renewable generation")
    cost_allocation: Annotated[CostAllocation, WithJsonSchema(
        {"enum": [a.value for a in CostAllocation], "type": "string"})] = Field(
        CostAllocation.ENERGY_SHARE, title="Cost Allocation",
        description="how the zone's own supply costs are split between local consumption and exports for cost "
        "recovery: by energy share, or exports bearing what they earn at the export price")
    bill_bands_kwh_per_month: list[PositiveFloat] = Field(
        default_factory=lambda: list(DEFAULT_BILL_BANDS_KWH_PER_MONTH),
        description="monthly consumptions at which one customer's bill is reported per class (bill_bands.csv), "
                    "increasing")


class CandidateChange(StrictModel):
    enabled: bool | None = Field(None, description="use (true) or leave out (false) this candidate")
    minimum_capacity: NonNegativeFloat | None = Field(None, description="least total capacity, MW or MWh")
    maximum_capacity: NonNegativeFloat | None = Field(None, description="largest total capacity, MW or MWh")


class Expansion(StrictModel):
    enabled: bool = Field(False, description="let the LP build the dataset's expansion candidates "
                          "(expansion_candidates.csv)")
    candidates: dict[str, CandidateChange] = Field(
        default_factory=dict, description="candidate id -> changes to its row (enabled, minimum, maximum)")


class Pathway(StrictModel):
    periods: list[Annotated[int, Field(ge=1900, le=2100)]] = Field(
        min_length=1, description="investment periods, years in increasing order (each dispatched over the "
        "horizon; demand and committed fleet of the year, or of the dataset's latest year after it)")
    base_year: int | None = Field(None, ge=1900, le=2100, description="year costs are discounted to "
                                  "(default: the first period)")
    last_period_years: PositiveInt | None = Field(None, description="years the last period stands for "
                                                  "(default: the gap before it; 1 for a single period)")
    target_periods: list[int] | None = Field(None, description="periods the targets: section binds "
                                             "(default: every period)")


Share = Annotated[float, Field(ge=0, le=1)]


class Targets(StrictModel):
    co2_cap_t_per_year: NonNegativeFloat | None = Field(
        None, description="emissions at most this, t CO2 a year (x the horizon's hours / 8760)")
    minimum_renewable_share: Share | None = Field(
        None, description="local renewable generation / (local generation + imports) at least this")
    minimum_self_sufficiency: NonNegativeFloat | None = Field(
        None, description="(local generation - exports) / consumption at least this")
    maximum_import_share: Share | None = Field(None, description="imports / consumption at most this")
    minimum_capacity_mw: dict[str, NonNegativeFloat] = Field(
        default_factory=dict, description="technology -> total MW of generators, waste plants and storage power "
        "at least this (an Action Plan capacity target)")


class ScenarioFile(StrictModel):
    """One scenario file; ``extends`` names a parent whose keys this file overrides (deep merge)."""

    description: str = Field(description="one line: what this scenario is")
    extends: str | None = Field(None, description="parent scenario name: a file in the same folder, else in the "
                                "project's scenarios/")
    inputs: str = Field("../inputs/zone", description="dataset folder, relative to the file that sets it")
    year: int = Field(2025, ge=1900, le=2100, description="scenario year: fleet in service and demand level")
    horizon: Horizon = Field(default_factory=Horizon)
    grid_model: Literal["dc", "transport"] = Field("dc", description="DC power flow with KVL, or transport")
    solver: Solver = Field(default_factory=Solver)
    hydrology: Hydrology = Field(default_factory=Hydrology)
    ev_charging: Literal["uncontrolled", "smart", "v2g"] | None = Field(
        None, description="charging mode of every EV fleet (default: each fleet's own)")
    overrides: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="table -> id -> column -> value; parameters -> name -> value")
    scale_profiles: dict[str, NonNegativeFloat] = Field(default_factory=dict, description="profile -> factor")
    add: dict[str, list[dict[str, Any]]] = Field(default_factory=dict, description="table -> rows to add")
    remove: dict[str, list[str]] = Field(default_factory=dict, description="table -> ids to remove")
    regression: Regression = Field(default_factory=Regression)
    tariffs: Tariffs | None = Field(None, description="tariffs, bills and consumer response")
    expansion: Expansion | None = Field(None, description="capacity expansion: which candidates the LP may build")
    targets: Targets | None = Field(None, description="policy targets, each an optional constraint of the LP")
    pathway: Pathway | None = Field(None, description="a multi-year plan: investment periods (gezopt plan)")


def tariff_problems(tariffs: Tariffs) -> list[tuple[str, str]]:
    """(key path, message) for every tariff that cannot be billed as written.

    Bill bands strictly increasing.  Increasing blocks: upper edges strictly increasing, every block closed but
    the last, which is open (consumption above the last edge would otherwise be
    free).  Time of use: hours 0-23, each priced by exactly one period.
    """
    problems = _band_problems("tariffs.bill_bands_kwh_per_month", tariffs.bill_bands_kwh_per_month)
    for name, tariff in tariffs.classes.items():
        key = f"tariffs.classes.{name}"
        problems += _band_problems(f"{key}.bill_bands_kwh_per_month", tariff.bill_bands_kwh_per_month or [])
        previous = None
        for position, block in enumerate(tariff.blocks):
            edge, where = block.up_to_kwh_per_month, f"{key}.blocks.{position}.up_to_kwh_per_month"
            last = position == len(tariff.blocks) - 1
            if edge is None and not last:
                problems.append((where, "is empty, but only the last block may be open; give the block's upper edge"))
            elif edge is not None and last:
                problems.append((where, (f"{edge:g} closes the last block; leave it empty so that consumption above "
                                        f"{edge:g} kWh a month is billed")))
            if edge is not None and previous is not None and edge <= previous:
                problems.append((where, (f"{edge:g} is not above the previous block's {previous:g}; blocks must "
                                        "increase")))
            previous = edge if edge is not None else previous
        if not tariff.time_of_use:
            continue
        priced_by: dict[int, int] = {}
        for position, period in enumerate(tariff.time_of_use):
            where = f"{key}.time_of_use.{position}.hours"
            outside = sorted({hour for hour in period.hours if hour not in HOURS_OF_THE_DAY})
            repeated = sorted(hour for hour, count in Counter(period.hours).items() if count > 1)
            earlier = sorted({hour for hour in period.hours if hour in priced_by})
            if outside:
                problems.append((where, f"{_hour_list(outside)} outside 0-23"))
            if repeated:
                problems.append((where, f"{_hour_list(repeated)} given twice"))
            for hour in earlier:
                problems.append((where, f"hour {hour} is already priced by time_of_use.{priced_by[hour]}"))
            for hour in period.hours:
                priced_by.setdefault(hour, position)
        unpriced = [hour for hour in HOURS_OF_THE_DAY if hour not in priced_by]
        if unpriced:
            problems.append((f"{key}.time_of_use", (f"local {_hour_list(unpriced)} without a price; the periods must "
                                                   "cover every hour of the day")))
    return problems


def _band_problems(key: str, bands: list[float]) -> list[tuple[str, str]]:
    """Bill bands strictly increasing (each band is one row of the bills by band)."""
    return [(f"{key}.{position}",
             f"{band:g} is not above the previous band's {bands[position - 1]:g}; bands must increase")
            for position, band in enumerate(bands) if position > 0 and band <= bands[position - 1]]


def _hour_list(hours: list[int]) -> str:
    """'hour 3 is' or 'hours 3-5, 9 are': consecutive hours as ranges."""
    runs = consecutive_runs(hours)
    text = ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    return f"hour {text} is" if len(hours) == 1 else f"hours {text} are"


def json_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file."""
    schema = ScenarioFile.model_json_schema()
    schema["title"] = "gezopt scenario"
    return schema
