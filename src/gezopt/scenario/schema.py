"""The scenario file's schema (pydantic): what each key means, its type and its bounds.

``json_schema()`` exports it as JSON Schema for editor completion
(``gezopt schema > scenarios/schema.json``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat, PositiveInt


class StrictModel(BaseModel):
    """Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class Horizon(StrictModel):
    start: str | None = Field(None, description="first snapshot: MM-DD HH:MM (scenario year) or YYYY-MM-DD HH:MM")
    hours: PositiveInt | None = Field(None, description="hours modelled from start (default: to the end of the year)")
    resolution_hours: PositiveInt = Field(1, description="hours per snapshot: 1 hourly, n averages n hours")


class Solver(StrictModel):
    time_limit_s: PositiveFloat | None = Field(None, description="HiGHS time limit, s")
    threads: PositiveInt | None = Field(None, description="HiGHS threads")
    method: Literal["simplex", "ipm", "choose"] = Field("simplex", description="HiGHS algorithm")


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


class ScenarioFile(StrictModel):
    """One scenario file; ``extends`` names a parent whose keys this file overrides (deep merge)."""

    description: str = Field(description="one line: what this scenario is")
    extends: str | None = Field(None, description="parent scenario name (a file in the same folder)")
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


def json_schema() -> dict[str, Any]:
    """JSON Schema of a scenario file."""
    schema = ScenarioFile.model_json_schema()
    schema["title"] = "gezopt scenario"
    return schema
