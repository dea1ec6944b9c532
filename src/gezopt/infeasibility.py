"""What stands in the way of a dispatch, by name: typed findings and their text.

A :class:`Diagnosis` lists :class:`Finding` s: a constraint, a variable's
bound, or one of the model's penalised slacks (load shed, unserved heat, EV
energy from elsewhere), each for one Pyomo component and one object (bus,
unit, fleet, ...), with the snapshots it concerns in local time and the input
files and columns behind it (:data:`gezopt.model.COMPONENT_SOURCES`).
:mod:`gezopt.diagnose` finds the conflicting rows and bounds of an infeasible
model; :func:`penalised_slacks` reads the slacks an optimal run used off its
results.  No solver here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd

from gezopt.data.zone import LOCAL_UTC_OFFSET_HOURS
from gezopt.model import COMPONENT_FAMILY, COMPONENT_SOURCES
from gezopt.model.sources import ComponentSource, TimeIndex
from gezopt.ranges import consecutive_runs
from gezopt.results import Results

SHOWN_RANGES = 3  # time ranges written out per finding
SHOWN_FINDINGS = 10  # findings written out per diagnosis, of the rows and of the bounds each
SLACK_MINIMUM = 1e-6  # MW: smaller slack values are solver noise


class Role(str, Enum):
    """What of a component takes part."""

    CONSTRAINT = "constraint"
    LOWER_BOUND = "lower bound"
    UPPER_BOUND = "upper bound"
    SLACK = "penalised slack"


@dataclass(frozen=True)
class Finding:
    """One component's rows or bounds for one object, over the times they concern."""

    component: str  # Pyomo name
    family: str  # model family module (gezopt.model.<family>)
    role: Role
    subject: str  # "reservoir SARSANG"
    times: tuple[str, ...]  # local-time ranges ("2025-01-13 04:00 to 2025-01-20 03:00"); () when not by time
    count: int  # rows or bounds (snapshots) grouped here
    description: str  # the component's doc: what it is and its unit
    inputs: str  # input files and columns behind it
    amount: float | None = None  # the largest violation of an elastic LP's row, or a slack's energy (MWh)
    amount_text: str = ""  # the amount as written: "violated by up to 254", "2.6 MWh"
    value_text: str = ""  # the bounds or right-hand sides: "bound 0", "right-hand sides 0.07 to 0.21"

    def text(self) -> str:
        """Two lines: what and where, then the description and the inputs."""
        what = self.component if self.role in (Role.CONSTRAINT, Role.SLACK) else f"{self.role.value} of {self.component}"
        when = ""
        if self.times:
            more = f" and {len(self.times) - SHOWN_RANGES} more ranges" if len(self.times) > SHOWN_RANGES else ""
            snapshots = f"{self.count} snapshots" if self.count > 1 else "snapshot"
            when = f", {snapshots} {', '.join(self.times[:SHOWN_RANGES])}{more} (local time)"
        amount = "".join(f" [{text}]" for text in (self.value_text, self.amount_text) if text)
        return (f"  {what} ({self.family}) at {self.subject}{when}{amount}\n"
                f"      {self.description}; input: {self.inputs}")


@dataclass(frozen=True)
class Diagnosis:
    """The findings of one diagnosis, how they were found and how long it took."""

    method: str  # "irreducible infeasible subset", "elastic LP", "penalised slacks"
    seconds: float
    findings: tuple[Finding, ...]
    note: str = ""

    def text(self) -> str:
        """The report printed under the error (or the summary)."""
        lines = [self.headline() + (":" if self.findings else "")]
        bounds = (Role.LOWER_BOUND, Role.UPPER_BOUND)
        for kind, part in (("rows", [f for f in self.findings if f.role not in bounds]),
                           ("bounds", [f for f in self.findings if f.role in bounds])):
            lines.extend(finding.text() for finding in part[:SHOWN_FINDINGS])
            if len(part) > SHOWN_FINDINGS:
                lines.append(f"  ... and {len(part) - SHOWN_FINDINGS} more findings of {kind}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def headline(self) -> str:
        if self.method == "penalised slacks":
            if not self.findings:
                return "diagnosis: no penalised slack used (no load shed, unserved heat or EV energy from elsewhere)"
            return "diagnosis: the optimum uses penalised slacks (needs the model could meet only at the value of lost load)"
        return f"why ({self.method}, {self.seconds:.1f} s)"


@dataclass(frozen=True)
class Element:
    """One row or bound of a finding: its component, index key and role, and an amount if any."""

    component: str
    key: Hashable
    role: Role
    amount: float | None = None
    value: float | None = None  # the bound, or the row's right-hand side (None for a range)


def local_times(snapshots: pd.DatetimeIndex, positions: Iterable[int]) -> tuple[str, ...]:
    """Consecutive snapshot positions as local-time ranges, ``"2025-01-13 04:00 to 2025-01-13 09:00"``."""
    runs = consecutive_runs(sorted(set(positions)))
    local = snapshots + pd.Timedelta(hours=LOCAL_UTC_OFFSET_HOURS)
    text = [f"{local[run[0]]:%Y-%m-%d %H:%M}" + (f" to {local[run[-1]]:%Y-%m-%d %H:%M}" if len(run) > 1 else "")
            for run in runs]
    return tuple(text)


def _object_and_time(component: str, key: Hashable) -> tuple[str, int | None]:
    """The object an index key names (joined by commas) and its time position (None when not by time)."""
    time = COMPONENT_SOURCES[component].time
    parts = key if isinstance(key, tuple) else (key,)
    if time is TimeIndex.NONE:
        return ",".join(str(part) for part in parts), None
    return ",".join(str(part) for part in parts[:-1]), int(parts[-1])


def _day_positions(snapshots: pd.DatetimeIndex, days: Iterable[int]) -> list[int]:
    """The snapshot positions of calendar days of the horizon (by their order in the horizon)."""
    day_of = pd.Index(snapshots.normalize())
    unique = day_of.unique()
    return [int(p) for day in days for p in np.flatnonzero(day_of == unique[day])]


def findings(elements: Iterable[Element], snapshots: pd.DatetimeIndex, docs: dict[str, str]) -> tuple[Finding, ...]:
    """Elements grouped by component, object and role, in the build's family order."""
    groups: dict[tuple[str, str, Role], list[tuple[int | None, Element]]] = {}
    for element in elements:
        obj, time = _object_and_time(element.component, element.key)
        groups.setdefault((element.component, obj, element.role), []).append((time, element))
    family_order = {family: position for position, family in enumerate(dict.fromkeys(COMPONENT_FAMILY.values()))}
    result = []
    for (component, obj, role), members in groups.items():
        source = COMPONENT_SOURCES[component]
        times = [time for time, _ in members if time is not None]
        if source.time is TimeIndex.DAY:
            times = _day_positions(snapshots, times)
        amounts = [element.amount for _, element in members if element.amount is not None]
        inputs = _inputs(source, role)
        result.append(Finding(
            component=component, family=COMPONENT_FAMILY[component], role=role, subject=f"{source.subject} {obj}",
            times=local_times(snapshots, times) if times else (), count=len(members),
            description=docs.get(component, ""), inputs=inputs,
            amount=max(amounts) if amounts else None,
            amount_text=f"violated by up to {max(amounts):,.4g}" if amounts else "",
            value_text=_value_text(role, [element.value for _, element in members])))
    result.sort(key=lambda f: (f.role is not Role.CONSTRAINT, family_order[f.family], f.component, f.subject))
    return tuple(result)


def _value_text(role: Role, values: list[float | None]) -> str:
    """The bounds or right-hand sides of a finding: one value, or their range."""
    known = [value for value in values if value is not None]
    if not known or role is Role.SLACK:
        return ""
    what = "right-hand side" if role is Role.CONSTRAINT else "bound"
    low, high = min(known), max(known)
    if np.isclose(low, high):
        return f"{what} {low:,.4g}"
    return f"{what}s {low:,.4g} to {high:,.4g}"


def _inputs(source: ComponentSource, role: Role) -> str:
    """The inputs behind a component's rows, one of its bounds, or the requirement a slack relaxes."""
    if role is Role.SLACK:
        return source.relaxes or source.inputs
    if role is Role.CONSTRAINT:
        return source.inputs
    return source.bound_inputs("lower" if role is Role.LOWER_BOUND else "upper")


@dataclass(frozen=True)
class SlackColumn:
    """Where a penalised slack's values are in the results: table, object column, value column."""

    component: str
    table: str
    object_column: str
    value_column: str
    description: str


SLACKS = (
    SlackColumn("load_shed", "demand", "bus", "shed_mw", "load shed: fixed demand the supply could not meet, MW"),
    SlackColumn("heat_shed", "heat", "heat_bus", "shed_mw_th", "heat demand not served, MW_th"),
    SlackColumn("ev_unserved", "ev", "fleet_id", "unserved_mw",
                "driving energy the fleet could not charge from its chargers, MW"),
)


def penalised_slacks(results: Results, hours_per_snapshot: float) -> Diagnosis:
    """The penalised slacks an optimal run used, by object, with their energy (MWh) and times."""
    found = []
    for slack in SLACKS:
        table = results.tables.get(slack.table)
        if table is None or table.empty:
            continue
        snapshots = pd.DatetimeIndex(table["snapshot"].unique())
        position = {stamp: i for i, stamp in enumerate(snapshots)}
        used = table[table[slack.value_column] > SLACK_MINIMUM]
        for obj, rows in used.groupby(slack.object_column, sort=True):
            elements = [Element(slack.component, (obj, position[stamp]), Role.SLACK, float(value))
                        for stamp, value in zip(rows["snapshot"], rows[slack.value_column], strict=True)]
            energy = float(rows[slack.value_column].sum()) * hours_per_snapshot
            for finding in findings(elements, snapshots, {slack.component: slack.description}):
                found.append(dataclasses.replace(finding, amount=energy, amount_text=f"{energy:,.4g} MWh"))
    return Diagnosis(method="penalised slacks", seconds=0.0, findings=tuple(found))
