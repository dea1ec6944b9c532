"""Time each stage of a run and its peak memory, for several horizon lengths.

    python benchmarks/stages.py [--hours 168 2190 8760] [--scenario scenarios/base.yaml]

Each horizon runs in its own process (so peak memory is that run's own
maximum resident set size) through the same pipeline as ``gezopt solve``:
read, build, hand-off to HiGHS, solve, extract, write.  The table is printed
as Markdown and saved with the raw figures to ``benchmarks/output/``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

STAGES = ("read", "build", "handoff", "solve", "extract", "write")
ROOT = Path(__file__).resolve().parents[1]


def measure(scenario: str, hours: int, threads: int | None) -> dict:
    """Run one horizon in this process and return its stage timings and peak memory."""
    from gezopt.pipeline import run
    from gezopt.scenario import load_scenario, run_settings

    loaded = load_scenario(scenario)
    with tempfile.TemporaryDirectory() as folder:
        settings = run_settings(loaded, hours=hours, out=Path(folder) / "out", threads=threads)
        outcome = run(settings, loaded)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {"hours": hours, "timings_s": outcome.timings_s, "peak_memory_mib": peak_mib,
            "system_cost_azn": outcome.results.kpis["system_cost_azn"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, nargs="+", default=[168, 2190, 8760])
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "base.yaml"))
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one horizon, print JSON
    arguments = parser.parse_args()
    if arguments.one is not None:
        print(json.dumps(measure(arguments.scenario, arguments.one, arguments.threads)))
        return

    rows = []
    for hours in arguments.hours:
        command = [sys.executable, __file__, "--one", str(hours), "--scenario", arguments.scenario]
        if arguments.threads:
            command += ["--threads", str(arguments.threads)]
        output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
        print(f"measured {hours} h", file=sys.stderr)

    header = "| hours | " + " | ".join(f"{s} (s)" for s in STAGES) + " | total (s) | non-solve / solve | peak memory (MiB) |"
    lines = [header, "|" + "---|" * (len(STAGES) + 4)]
    for row in rows:
        timings = row["timings_s"]
        total = sum(timings.values())
        overhead = total - timings["solve"]
        lines.append(
            f"| {row['hours']:,} | " + " | ".join(f"{timings[s]:.2f}" for s in STAGES)
            + f" | {total:.1f} | {overhead / timings['solve']:.2f} | {row['peak_memory_mib']:,.0f} |"
        )
    table = "\n".join(lines)
    print(table)
    output_folder = ROOT / "benchmarks" / "output"
    output_folder.mkdir(parents=True, exist_ok=True)
    (output_folder / "stages.md").write_text(table + "\n")
    (output_folder / "stages.json").write_text(json.dumps(
        {"machine": {"python": platform.python_version(), "processor": platform.processor(),
                     "cores": __import__("os").cpu_count()}, "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
