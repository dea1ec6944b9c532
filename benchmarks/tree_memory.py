"""Wall time and peak memory of a command together with every process it starts.

``/usr/bin/time -v`` reports the largest single process's peak; a
``response: tariff`` run on a long horizon solves its benchmark in a second
process beside the run (:mod:`gezopt.benchmark`), and both models are in
memory at once.  This samples the resident memory of the command's whole
process tree (Linux ``/proc``) every 0.2 s and prints the peak of the sum.

    python benchmarks/tree_memory.py gezopt solve tariff-residential-tou
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

PAGE_KIB = 4  # resident pages of 4 KiB (statm)
INTERVAL_S = 0.2


def children(pid: int) -> list[int]:
    """The direct children of a process, from every thread's children list."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_resident_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, KiB."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            continue
        pending += children(pid)
    return total


def main(command: list[str]) -> int:
    started = time.perf_counter()
    process = subprocess.Popen(command)
    peak_kib = 0
    while process.poll() is None:
        peak_kib = max(peak_kib, tree_resident_kib(process.pid))
        time.sleep(INTERVAL_S)
    wall_s = time.perf_counter() - started
    print(f"tree_memory: wall {wall_s:.1f} s, peak resident memory of the process tree {peak_kib / 2**20:.2f} GiB "
          f"(sampled every {INTERVAL_S} s), exit code {process.returncode}", file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
