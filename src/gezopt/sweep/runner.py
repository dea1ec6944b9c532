"""A sweep from its definition to its folder: check, plan, solve on Dask, tabulate, plot, write.

1. The sweep's folder is checked and locked, and the base scenario with the shared values checked, before
   anything is solved (a problem of either stops the sweep: exit code 3).
2. Each case is loaded as its own scenario (:func:`gezopt.sweep.cases.load_case`); a case whose values are
   wrong fails on its own, the others go on.  A case whose folder records the same inputs hash is reused.
3. The other cases are solved on the cluster (:mod:`gezopt.sweep.cluster`); each is written into the
   sweep's folder as it comes back, so a stopped sweep keeps what it finished.
4. The table and plots of every case solved or reused are written, the folder swapped in whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gezopt.batch import Failure, NothingSolvedError, one_line
from gezopt.errors import InputError, WriteError
from gezopt.output import reserved
from gezopt.scenario.assignments import Assignment
from gezopt.sweep.cases import CaseTask, SharedValues, check_base, load_case, shared_values
from gezopt.sweep.cluster import ClusterInfo, connected, solve_on_cluster
from gezopt.sweep.definition import SweepDefinition, parameter_labels
from gezopt.sweep.folder import SWEEP_FOLDER, case_folder, reusable, stage_cases, write_case
from gezopt.sweep.records import CaseRecord, CaseStatus, failed
from gezopt.sweep.summary import SweepSummary, write_summary
from gezopt.sweep.tasks import CaseSolved


@dataclass(frozen=True)
class Cluster:
    """Where to solve: the scheduler's address (None: a local cluster) and the local cluster's workers."""

    scheduler: str | None
    local_workers: int


@dataclass(frozen=True)
class Plan:
    """The cases to solve, those reused from an earlier run and those whose values are wrong."""

    tasks: tuple[CaseTask, ...]
    reused: tuple[CaseRecord, ...]
    invalid: tuple[CaseRecord, ...]


class SweepProgress(Protocol):
    """Told what happens while a sweep runs."""

    def planned(self, definition: SweepDefinition, plan: Plan) -> None: ...

    def solving(self, cluster: ClusterInfo, count: int) -> None: ...

    def finished(self, record: CaseRecord) -> None: ...


def plan_cases(definition: SweepDefinition, shared: SharedValues, out: Path) -> Plan:
    """Load each case; reuse those whose results in ``out`` have the same inputs hash."""
    tasks, reused, invalid = [], [], []
    datasets: dict[Path, str] = {}
    for case in definition.cases:
        try:
            task = load_case(definition, shared, case, case_folder(out, case.name), datasets)
        except InputError as error:
            invalid.append(failed(case, one_line(error), error.exit_code))
            continue
        earlier = reusable(out, task)
        if earlier is not None:
            reused.append(earlier)
        else:
            tasks.append(task)
    return Plan(tasks=tuple(tasks), reused=tuple(reused), invalid=tuple(invalid))


def _solve(plan: Plan, out: Path, cluster: Cluster, progress: SweepProgress) -> list[CaseRecord]:
    """Solve the plan's tasks on the cluster, writing each case as it comes back; the records."""
    records: list[CaseRecord] = []

    def received(task: CaseTask, outcome: CaseSolved | Failure) -> None:
        if isinstance(outcome, CaseSolved):
            try:
                record = write_case(out, task, outcome)
            except WriteError as error:
                record = failed(task.case, str(error), error.exit_code)
        else:
            record = failed(task.case, outcome.message, outcome.exit_code)
        records.append(record)
        progress.finished(record)

    workers = min(cluster.local_workers, len(plan.tasks))
    with connected(cluster.scheduler, workers) as (client, info):
        progress.solving(info, len(plan.tasks))
        solve_on_cluster(client, plan.tasks, received)
    return records


def run_sweep(definition: SweepDefinition, command_line: Sequence[Assignment], out: Path, cluster: Cluster,
              progress: SweepProgress) -> SweepSummary:
    """Run the sweep into ``out`` (see the module's docstring): what was written, with each case's record."""
    shared = shared_values(definition, command_line)
    with reserved(out, SWEEP_FOLDER) as target:  # checked and locked before anything is solved
        check_base(definition, shared)
        plan = plan_cases(definition, shared, target.path)
        progress.planned(definition, plan)
        solved = _solve(plan, target.path, cluster, progress) if plan.tasks else []
        by_name = {record.case.name: record for record in (*plan.reused, *plan.invalid, *solved)}
        records = [by_name[case.name] for case in definition.cases]
        failures = [Failure(r.case.name, r.message, r.exit_code) for r in records if r.status is CaseStatus.FAILED]
        if len(failures) == len(records):
            raise NothingSolvedError(failures, purpose="tabulate", kind="case")
        stage_cases(target)
        return write_summary(target, definition, records, parameter_labels(definition.parameters))
