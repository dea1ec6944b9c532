"""gezopt against PyPSA on the same converted network, side by side; prints the ratios.

    python benchmarks/pypsa_side_by_side.py --hours 2190 8760 [--pypsa-method auto|simplex|hipo|both] [--rounds N]

Run from gezopt's environment.  PyPSA is not a dependency of gezopt: the
script makes its own virtual environment ``benchmarks/output/pypsa-venv``
(once; reused) with :data:`PYPSA_PACKAGES`.  For each horizon:

1. ``pypsa_export.py`` (gezopt's environment) writes the dataset as PyPSA
   component files, from gezopt's own pipeline (its approximations are listed
   in that module's docstring);
2. ``pypsa_build.py`` (PyPSA's environment) builds the network from them and
   runs ``n.optimize`` with HiGHS;
3. ``gezopt solve --hours H`` runs the same horizon.

Both solvers run as a whole process under ``/usr/bin/time -v``: wall time
and peak resident memory are the process's; solve time is HiGHS's own run
(gezopt's ``run.json``, and the timed ``Highs.run`` calls in PyPSA);
non-solve is wall - solve.  The conversion (step 1) is timed on its own and
not counted in PyPSA's figures.  Both run byte-compiled: pip compiled PyPSA's
modules when it installed them, and the script compiles gezopt's before the
first run (:func:`compile_gezopt`).  gezopt uses its default method (``auto``: dual
simplex below 4,000 snapshots, HiPO with crossover from there); PyPSA the same
rule by default, HiPO with HiGHS's own choices, with AMD (the ordering gezopt
picks for the default zone), and with every option gezopt gives HiPO there
(AMD, the normal equations, a thread per CPU), the fastest counted; or every
method and the fastest (``--pypsa-method both``).  With ``--rounds N`` every
run is made N times in turn (gezopt, then each of PyPSA's methods, round
after round) and each method's medians are compared, PyPSA's fastest by its
median: this machine's speed swings from hour to hour, and the fastest of
several methods run once each favours the side that runs more of them.
The table is printed as Markdown and saved with the raw figures to
``benchmarks/output/pypsa_side_by_side.{md,json}``.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "benchmarks" / "output"
PYPSA_VENV = OUTPUT / "pypsa-venv"
PYPSA_PACKAGES = ("pypsa==1.4.0", "highspy==1.15.1", "highspy-extras==1.15.1")
HIPO_FROM_SNAPSHOTS = 4000  # gezopt's auto rule (gezopt.solve.method_for)


def pypsa_python() -> Path:
    """The PyPSA environment's Python, created and installed on first use."""
    python = PYPSA_VENV / "bin" / "python"
    marker = PYPSA_VENV / "installed.txt"
    if not marker.exists() or marker.read_text().split() != list(PYPSA_PACKAGES):
        print(f"installing {' '.join(PYPSA_PACKAGES)} into {PYPSA_VENV}", file=sys.stderr)
        if not python.exists():
            venv.create(PYPSA_VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PYPSA_PACKAGES], check=True)
        marker.write_text("\n".join(PYPSA_PACKAGES) + "\n")
    return python


def timed(command: list[str], label: str) -> tuple[str, float, float]:
    """Run ``command`` under ``/usr/bin/time -v``: (stdout, wall s, peak MiB)."""
    report = OUTPUT / f"{label}.time"
    completed = subprocess.run(["/usr/bin/time", "-v", "-o", str(report), *command], check=False, cwd=ROOT,
                               capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"{label} failed:\n{completed.stderr[-3000:]}")
    text = report.read_text()
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = sum(float(part) * 60 ** power for power, part in enumerate(reversed(elapsed.split(":"))))
    peak_kib = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return completed.stdout, seconds, peak_kib / 1024.0


def compile_gezopt() -> None:
    """gezopt's modules byte-compiled once, before any run, as PyPSA's are: pip compiles an installed package's
    modules, and Python caches a module's bytecode when it is first imported, but not where bytecode writing is
    off (``PYTHONDONTWRITEBYTECODE``, set on the shared machine), where an editable install's modules (gezopt's,
    from ``src/``) would be compiled again in every run: 0.25-0.35 s of each full-year run's wall time."""
    package = Path(importlib.util.find_spec("gezopt").origin).parent
    if not compileall.compile_dir(package, quiet=1):
        sys.exit(f"could not byte-compile {package}")


def run_gezopt(hours: int) -> dict:
    """``gezopt solve --hours H``: wall, solve, peak memory, objective and LP size."""
    out = OUTPUT / f"gezopt-{hours}"
    gezopt = Path(sys.executable).with_name("gezopt")
    _, wall, peak = timed([str(gezopt), "solve", "--hours", str(hours), "--out", str(out)], f"gezopt-{hours}")
    info = json.loads((out / "run.json").read_text())
    return {"wall_s": wall, "solve_s": info["timings_s"]["solve"], "peak_mib": peak,
            "objective_azn": info["solver"]["objective_azn"], "method": info["solver"]["method"],
            "rows": info["model_size"]["rows"], "columns": info["model_size"]["variables"]}


def run_pypsa(hours: int, method: str) -> dict:
    """Export the horizon, then build and solve it in PyPSA's environment with ``method``."""
    folder = OUTPUT / f"pypsa-{hours}"
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "pypsa_export.py"), "--hours", str(hours),
                    "--out", str(folder)], check=True, cwd=ROOT, capture_output=True)
    export_s = time.perf_counter() - started  # gezopt's pipeline -> files: not in PyPSA's figures
    stdout, wall, peak = timed([str(pypsa_python()), str(ROOT / "benchmarks" / "pypsa_build.py"), str(folder),
                                "--method", method], f"pypsa-{hours}-{method}")
    result = json.loads(next(line for line in stdout.splitlines() if line.startswith("RESULT "))[7:])
    if result["condition"] != "optimal":
        sys.exit(f"PyPSA at {hours} h: {result['status']} {result['condition']}")
    return {**result, "wall_s": wall, "peak_mib": peak, "export_s": export_s}


def pypsa_methods(hours: int, choice: str) -> list[str]:
    if choice == "both":
        return ["simplex", "hipo", "hipo-amd", "hipo-gezopt"]
    if choice == "auto":  # HiPO with HiGHS's own choices, with AMD, and with all of gezopt's for the default zone
        return ["hipo", "hipo-amd", "hipo-gezopt"] if hours >= HIPO_FROM_SNAPSHOTS else ["simplex"]
    return [choice]


def measure(hours: int, choice: str, rounds: int) -> dict:
    """Both solvers at one horizon, ``rounds`` times in turn (gezopt, then each of PyPSA's methods); each
    method's medians (:func:`medians`), PyPSA's fastest method by its median wall time."""
    methods = pypsa_methods(hours, choice)
    gezopt_runs: list[dict] = []
    pypsa_runs: dict[str, list[dict]] = {method: [] for method in methods}
    for round_number in range(1, rounds + 1):
        gezopt_runs.append(run_gezopt(hours))
        print(f"  round {round_number}: gezopt {hours} h: wall {gezopt_runs[-1]['wall_s']:.1f} s", file=sys.stderr)
        for method in methods:
            pypsa_runs[method].append(run_pypsa(hours, method))
            print(f"  round {round_number}: PyPSA {hours} h {method}: wall {pypsa_runs[method][-1]['wall_s']:.1f} s",
                  file=sys.stderr)
    tries = [medians(runs) for runs in pypsa_runs.values()]
    best = min(tries, key=lambda attempt: attempt["wall_s"])
    return {"hours": hours, "rounds": rounds, "gezopt": medians(gezopt_runs), "pypsa": best, "pypsa_tries": tries}


def medians(runs: list[dict]) -> dict:
    """One method's runs as one: the medians of wall, solve, non-solve and peak memory (each over the runs,
    so non-solve need not be wall - solve of the medians), every run's figures kept; the rest from the first."""
    figures = {key: statistics.median(run[key] for run in runs) for key in ("wall_s", "solve_s", "peak_mib")}
    non_solve = statistics.median(run["wall_s"] - run["solve_s"] for run in runs)
    return {**runs[0], **figures, "non_solve_s": non_solve, "each_run": [
        {key: run[key] for key in ("wall_s", "solve_s", "peak_mib")} for run in runs]}


def table(rows: list[dict]) -> str:
    """Markdown: times and memory of each, ratios gezopt / PyPSA, objectives and LP sizes."""
    lines = [
        ("| hours | tool | method | wall (s) | solve (s) | non-solve (s) | peak (MiB) | objective (AZN) "
        "| rows | columns |"),
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for tool in ("gezopt", "pypsa"):
            r = row[tool]
            lines.append(f"| {row['hours']:,} | {'gezopt' if tool == 'gezopt' else 'PyPSA'} | {r['method']} "
                         f"| {r['wall_s']:.1f} | {r['solve_s']:.1f} | {r['non_solve_s']:.1f} "
                         f"| {r['peak_mib']:,.0f} | {r['objective_azn']:,.0f} | {r['rows']:,} | {r['columns']:,} |")
        g, p = row["gezopt"], row["pypsa"]
        difference = (g["objective_azn"] - p["objective_azn"]) / abs(p["objective_azn"])
        lines.append(f"| {row['hours']:,} | **gezopt / PyPSA** | | **{g['wall_s'] / p['wall_s']:.2f}** "
                     f"| **{g['solve_s'] / p['solve_s']:.2f}** "
                     f"| **{g['non_solve_s'] / p['non_solve_s']:.2f}** "
                     f"| **{g['peak_mib'] / p['peak_mib']:.2f}** | {difference:+.1%} "
                     f"| {g['rows'] / p['rows']:.2f} | {g['columns'] / p['columns']:.2f} |")
    exports = ", ".join(f"{row['hours']:,} h {row['pypsa']['export_s']:.1f} s" for row in rows)
    lines.append(f"\nConversion to PyPSA's files (gezopt's pipeline, not in PyPSA's figures): {exports}.")
    if any(row["rounds"] > 1 for row in rows):
        lines.append("\nMedians of the rounds, run in turn; each round's wall (s), gezopt / PyPSA's fastest method:")
        for row in rows:
            pairs = zip(row["gezopt"]["each_run"], row["pypsa"]["each_run"])
            lines.append(f"- {row['hours']:,} h: " + ", ".join(
                f"{g['wall_s']:.1f} / {p['wall_s']:.1f} ({g['wall_s'] / p['wall_s']:.2f})" for g, p in pairs))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, nargs="+", default=[2190, 8760])
    parser.add_argument("--pypsa-method", choices=("auto", "simplex", "hipo", "hipo-amd", "hipo-gezopt", "both"), default="auto",
                        help="PyPSA's HiGHS method (auto: gezopt's rule, HiPO with HiGHS's options, with AMD and "
                             "with gezopt's options, the fastest; both: the fastest of all four)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run each tool and method this many times in turn and compare their medians "
                             "(this machine's speed swings from hour to hour)")
    arguments = parser.parse_args()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pypsa_python()
    compile_gezopt()
    rows = []
    for hours in arguments.hours:
        rows.append(measure(hours, arguments.pypsa_method, arguments.rounds))
        print(f"measured {hours} h", file=sys.stderr)
    markdown = table(rows)
    print(markdown)
    (OUTPUT / "pypsa_side_by_side.md").write_text(markdown + "\n")
    (OUTPUT / "pypsa_side_by_side.json").write_text(json.dumps(
        {"cores": os.cpu_count(), "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
