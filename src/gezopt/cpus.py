"""The CPUs a solve may use, and how many threads HiGHS runs on them.

A process may run on the CPUs of its affinity, and in a container no more of
them at once than its CPU quota (a cgroup's, as mounted at ``/sys/fs/cgroup``:
``cpu.max`` under cgroup v2, ``cpu/cpu.cfs_quota_us`` over
``cpu/cpu.cfs_period_us`` under v1).  HiGHS keeps one pool of threads per
process, sized when it is first used; a solve that asks for another size has
the pool rebuilt (:func:`use_threads`).
"""

from __future__ import annotations

import os
from pathlib import Path

import highspy

CGROUP_ROOT = Path("/sys/fs/cgroup")


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it, as on Linux), at most its
    container's CPU quota (:func:`cpu_quota`)."""
    affinity = getattr(os, "sched_getaffinity", None)
    count = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    quota = cpu_quota(CGROUP_ROOT)
    return count if quota is None else min(count, quota)


def cpu_quota(root: Path) -> int | None:
    """The whole CPUs of the cgroup quota under ``root`` (quota / period, rounded down, at least 1), or None where
    no quota is set or none can be read."""
    try:
        fields = (root / "cpu.max").read_text().split()  # cgroup v2: "<quota> <period>" or "max <period>"
        quota, period = fields[0], fields[1]
    except (OSError, IndexError):
        try:  # cgroup v1: the quota is -1 where none is set
            quota = (root / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (root / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        quota_us, period_us = int(quota), int(period)
    except ValueError:  # "max": no quota
        return None
    return max(1, quota_us // period_us) if quota_us > 0 and period_us > 0 else None


def use_threads(highs: highspy.Highs, count: int) -> None:
    """Have ``highs`` run on ``count`` threads, rebuilding the process's pool of HiGHS threads to that size."""
    highspy.Highs.resetGlobalScheduler(True)
    highs.setOptionValue("threads", int(count))
