"""Build the default dataset ``inputs/zone/`` from the sourced data sheet: run the steps of inputs/build/ in order.

Usage::

    python inputs/build_zone.py [--shared ../shared/data] [--work inputs/build/products] [--output inputs/zone]

``--shared`` is the folder holding ``ZONE.md`` and ``jabrayil_tmy.csv``; relative paths are taken from the
repository root.  Each step is a script of ``inputs/build/`` that can be rerun on its own with the same
options (``python inputs/build/hydrology.py``): it reads the data-sheet facts (``inputs/build/facts/*.csv``,
a ZONE.md source key on every row), the assumptions (``inputs/build/assumptions.yaml``) and the products of
the steps before it in ``--work``, and writes its own product there.  The last step, ``assemble.py``,
writes ``--output`` and validates it with gezopt's reader and checks.  The build is deterministic (two runs
give byte-identical files).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

BUILD = Path(__file__).resolve().parent / "build"
STEPS = ("profiles", "grid", "fleet", "hydrology", "demand", "costs", "expansion", "assemble")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default="../shared/data", help="folder with ZONE.md and jabrayil_tmy.csv")
    parser.add_argument("--work", default="inputs/build/products", help="folder of the steps' products")
    parser.add_argument("--output", default="inputs/zone", help="dataset folder")
    arguments = parser.parse_args(argv)
    options = ["--shared", arguments.shared, "--work", arguments.work]
    for step in STEPS:
        extra = ["--output", arguments.output] if step == "assemble" else []
        completed = subprocess.run([sys.executable, str(BUILD / f"{step}.py"), *options, *extra], check=False)
        if completed.returncode:
            print(f"step {step} failed", file=sys.stderr)
            return completed.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
