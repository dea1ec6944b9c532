"""The console command ends its process at once (gezopt.console): its output, files and exit code stay whole."""

from __future__ import annotations

import json
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
