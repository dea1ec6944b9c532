"""The console command ends its process at once (gezopt.console): its output, files and exit code stay whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import bus, generator, load, write_dataset

CONSOLE = "import sys; from gezopt.console import run; sys.argv = ['gezopt', *sys.argv[1:]]; run()"


def console(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CONSOLE, *arguments], capture_output=True, text=True, check=False)


def test_a_run_through_the_console_command_delivers_its_output_and_files(tmp_path):
    dataset = write_dataset(tmp_path / "d", {"buses": [bus("A")], "generators": [generator("W", "A", 5.0)],
                                             "loads": [load("L", "A", 1.0)]})
    scenario = tmp_path / "case.yaml"
    scenario.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    out = tmp_path / "out"
    ended = console("solve", str(scenario), "--out", str(out))
    assert ended.returncode == 0, ended.stderr
    assert ended.stdout.rstrip().endswith(f"results written to {out}")
    assert json.loads((out / "run.json").read_text())["solver"]["termination"] == "optimal"


def test_the_console_command_ends_with_the_commands_exit_code_and_message(tmp_path):
    ended = console("solve", str(tmp_path / "missing.yaml"))
    assert ended.returncode == 3
    assert ended.stderr == f"error: 1 input problem:\n{tmp_path / 'missing.yaml'}:-:-: scenario file does not exist\n"
    usage = console("solve", "--hours", "0")
    assert usage.returncode == 2
    assert "Invalid value for '--hours'" in usage.stderr


SMALL_PAGES = ("from gezopt.console import numpy_arrays_on_small_pages; numpy_arrays_on_small_pages(); "
               "import numpy; arrays = getattr(numpy, '_core', None) or numpy.core; "  # numpy 2, numpy 1
               "print(arrays.multiarray._set_madvise_hugepage(True))")


def numpy_huge_pages_after_the_console_setting(environment: dict[str, str]) -> str:
    """Whether numpy asks for huge pages (``_set_madvise_hugepage`` returns the setting it replaces) in a fresh
    process, once the console's setting is made before numpy is imported."""
    ended = subprocess.run([sys.executable, "-c", SMALL_PAGES], capture_output=True, text=True, check=True,
                           env=environment)
    return ended.stdout.strip()


def test_the_console_command_keeps_numpys_arrays_off_huge_pages_unless_the_environment_asks(monkeypatch):
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    environment = dict(os.environ)
    assert numpy_huge_pages_after_the_console_setting(environment) == "False"
    assert numpy_huge_pages_after_the_console_setting(environment | {"NUMPY_MADVISE_HUGEPAGE": "1"}) == "True"
