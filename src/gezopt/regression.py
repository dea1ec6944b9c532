"""Regression of scenario results against committed baselines.

A baseline (``tests/baselines/<scenario>.json`` by default) holds a run's
KPIs and, optionally, column sums of chosen result tables, with what
produced them: the scenario's SHA-256, the input files' SHA-256, and the
versions of gezopt, HiGHS, Python and the numerical libraries
(:func:`running_versions`).  Every compared value is unique at the optimum
(:mod:`gezopt.tie_break`), so a baseline holds under any HiGHS method,
thread count or version.  A comparison flattens both to dotted
names (``energy_by_technology_mwh.wind``) and passes a value when
``|new - baseline| <= absolute + relative * |baseline|``, with tolerances
per KPI from the scenario's ``regression.tolerances`` (``default`` for the
rest).
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from xml.etree import ElementTree

from gezopt import __version__
from gezopt.pipeline import RunOutcome, input_hashes
from gezopt.scenario import Scenario
from gezopt.solve import solver_version

DEFAULT_TOLERANCE = {"absolute": 1e-3, "relative": 1e-4}
NOT_COMPARED = {"year", "start", "hours"}  # settings, not results


@dataclass(frozen=True)
class Check:
    """One value compared with its baseline."""

    scenario: str
    name: str
    baseline: float | None
    new: float | None
    absolute: float
    relative: float

    @property
    def difference(self) -> float | None:
        return None if self.baseline is None or self.new is None else self.new - self.baseline

    @property
    def tolerance(self) -> float:
        return self.absolute + self.relative * abs(self.baseline or 0.0)

    @property
    def passed(self) -> bool:
        return self.difference is not None and abs(self.difference) <= self.tolerance


def flatten(values: dict[str, object], prefix: str = "") -> dict[str, float]:
    """Numeric leaves of a nested dict under dotted names."""
    flat: dict[str, float] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and key not in NOT_COMPARED:
            flat[name] = float(value)
    return flat


DUAL_COLUMN_MARK = "shadow_price"  # table columns holding duals (reduced costs): not summed into a baseline


def observed(outcome: RunOutcome, tables: list[str]) -> dict[str, float]:
    """The KPIs and the column sums of the chosen tables, flattened.

    A table's shadow-price columns are left out: they are reduced costs of the built capacities, which the
    tie-break does not make unique where the LP is dual degenerate (the pathway's periods linked by what
    stands: simplex and interior point report different, equally valid values); the primal columns are
    unique and compared.
    """
    values = flatten(outcome.results.kpis)
    for table in tables:
        frame = outcome.results.tables[table]
        for column in frame.select_dtypes("number").columns:
            if DUAL_COLUMN_MARK not in column:
                values[f"tables.{table}.{column}"] = float(frame[column].sum())
    return values


VERSIONED_LIBRARIES = ("pyomo", "numpy", "pandas", "scipy")


def running_versions() -> dict[str, str]:
    """Versions of what produces the numbers: gezopt, HiGHS, Python and the numerical libraries."""
    versions = {"gezopt": __version__, "highs": solver_version(), "python": platform.python_version()}
    versions.update({name: metadata.version(name) for name in VERSIONED_LIBRARIES})
    return versions


def version_differences(baseline: dict[str, object]) -> list[str]:
    """``name baseline -> running`` for every recorded version that differs from the running one."""
    recorded = baseline.get("versions", {})
    running = running_versions()
    return [f"{name} {recorded[name]} -> {running[name]}" for name in sorted(recorded)
            if name in running and recorded[name] != running[name]]


def baseline_document(scenario: Scenario, outcome: RunOutcome,
                      previous: dict[str, object] | None = None) -> dict[str, object]:
    """What a baseline file holds.

    With the ``previous`` baseline, a value that still passes its check keeps
    its recorded number, so an update rewrites only what moved beyond
    tolerance (and adds or drops what appeared or went).
    """
    if previous is None:
        values = observed(outcome, list(scenario.regression.get("tables", [])))
    else:
        values = {c.name: c.baseline if c.passed else c.new for c in compare(scenario, outcome, previous)
                  if c.new is not None}
    return {
        "scenario": scenario.name,
        "scenario_sha256": scenario.digest,
        "inputs_sha256": input_hashes(scenario.inputs),
        "versions": running_versions(),
        "values": values,
    }


def write_baseline(path: Path, scenario: Scenario, outcome: RunOutcome) -> list[str]:
    """Write or update the baseline at ``path``; the names of the values that changed."""
    previous = json.loads(path.read_text()) if path.is_file() else None
    document = baseline_document(scenario, outcome, previous)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    old = previous["values"] if previous else {}
    return sorted(name for name in set(old) | set(document["values"]) if old.get(name) != document["values"].get(name))


def compare(scenario: Scenario, outcome: RunOutcome, baseline: dict[str, object]) -> list[Check]:
    """Every value of the baseline and of the new run, checked against its tolerance."""
    tolerances = scenario.regression.get("tolerances", {})
    default = {**DEFAULT_TOLERANCE, **tolerances.get("default", {})}
    old = baseline["values"]
    new = observed(outcome, list(scenario.regression.get("tables", [])))
    checks = []
    for name in sorted(set(old) | set(new)):
        tolerance = {**default, **tolerances.get(name, {})}
        checks.append(Check(scenario.name, name, old.get(name), new.get(name),
                            float(tolerance["absolute"]), float(tolerance["relative"])))
    return checks


def format_checks(checks: list[Check], only_failures: bool = False) -> str:
    """KPI, baseline, new, difference, tolerance, pass/fail as aligned text."""
    shown = [c for c in checks if not (only_failures and c.passed)]
    header = f"{'scenario':<18} {'value':<44} {'baseline':>14} {'new':>14} {'difference':>12} {'tolerance':>10}  result"
    lines = [header, "-" * len(header)]

    def number(value: float | None) -> str:
        return "missing" if value is None else f"{value:.6g}"

    for check in shown:
        difference = "-" if check.difference is None else f"{check.difference:+.3g}"
        lines.append(f"{check.scenario:<18} {check.name:<44} {number(check.baseline):>14} {number(check.new):>14} "
                     f"{difference:>12} {check.tolerance:>10.3g}  {'pass' if check.passed else 'FAIL'}")
    return "\n".join(lines)


def junit_xml(checks_by_scenario: dict[str, list[Check]], errors: dict[str, str]) -> str:
    """JUnit XML: one test suite per scenario, one test case per compared value."""
    root = ElementTree.Element("testsuites", name="gezopt regress")
    for scenario, checks in checks_by_scenario.items():
        failures = sum(not c.passed for c in checks)
        suite = ElementTree.SubElement(root, "testsuite", name=scenario, tests=str(len(checks)),
                                       failures=str(failures), errors="0")
        for check in checks:
            case = ElementTree.SubElement(suite, "testcase", classname=f"gezopt.regress.{scenario}", name=check.name)
            if not check.passed:
                failure = ElementTree.SubElement(case, "failure", message=f"{check.name} moved beyond tolerance")
                failure.text = (f"baseline {check.baseline}, new {check.new}, difference {check.difference}, "
                                f"tolerance {check.tolerance}")
    for scenario, message in errors.items():
        suite = ElementTree.SubElement(root, "testsuite", name=scenario, tests="1", failures="0", errors="1")
        case = ElementTree.SubElement(suite, "testcase", classname=f"gezopt.regress.{scenario}", name="run")
        ElementTree.SubElement(case, "error", message="the scenario did not solve").text = message
    return ElementTree.tostring(root, encoding="unicode")
