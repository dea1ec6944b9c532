#!/usr/bin/env bash
# Refresh requirements.lock: resolve pyproject.toml's ranges (with the test extra) in a fresh virtual
# environment and record the exact versions.  The solver stays at HIGHSPY unless you change it here:
# 1.15.1 is the newest highspy that highspy-extras (HiGHS's HiPO interior point) supports.
# Then run the tests and `gezopt regress`; commit the lock with the results.
set -euo pipefail
cd "$(dirname "$0")/.."
HIGHSPY=1.15.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
echo "highspy==$HIGHSPY" > "$work/solver.txt"
"$work/venv/bin/python" -m pip install --quiet -c "$work/solver.txt" -e '.[test]'
{
  echo "# Exact versions that CI and the README's quick start install (pip install -c requirements.lock ...)."
  echo "# Made by tools/lock.sh with $("$work/venv/bin/python" --version) on $(uname -m); pyproject.toml keeps the ranges."
  "$work/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^gezopt'
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
