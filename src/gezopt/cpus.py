"""The CPUs a solve may use, and how many threads HiGHS runs on them.

HiGHS keeps one pool of threads per process, sized when it is first used; a
solve that asks for another size has the pool rebuilt (:func:`use_threads`).
"""

from __future__ import annotations

import os

import highspy


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it, as on Linux)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)


def use_threads(highs: highspy.Highs, count: int) -> None:
    """Have ``highs`` run on ``count`` threads, rebuilding the process's pool of HiGHS threads to that size."""
    highspy.Highs.resetGlobalScheduler(True)
    highs.setOptionValue("threads", int(count))
