"""No data ever lost: --out never replaces what gezopt did not write, a kill never loses a result.

CLI cases assert the exact message, the exit code and that nothing was written
or lost; the writer (:mod:`gezopt.output`) is killed at each step in a child
process to check that the old or the new folder is always there.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import bus, connection, generator, line, load, write_dataset

from gezopt import output
from gezopt.cli import main
from gezopt.errors import ExitCode
from gezopt.output import MARKER, RESULTS, reserved, restore_interrupted
from gezopt.report import read_results_folder


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data", {
        "buses": [bus("A"), bus("B")],
        "lines": [line("AB", "A", "B")],
        "generators": [generator("WIND", "A", 20.0)],
        "loads": [load("L", "B", 10.0)],
        "grid_connections": [connection("GRID", "B")],
    })


@pytest.fixture
def scenario(dataset: Path, tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(f"description: test\ninputs: {dataset}\nyear: 2025\nhorizon: {{hours: 24}}\n")
    return path


def cli(*arguments: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in arguments])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes (hidden siblings included when ``folder`` is a parent)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def error_lines(text: str) -> list[str]:
    return [line_text for line_text in text.splitlines() if line_text.startswith("error:")]


def not_gezopts(path: Path) -> str:
    return (f"{path} is a folder gezopt did not write (it has no {MARKER} marker); gezopt will not replace it "
            "(choose another --out, or a new or empty folder)")


def assert_refused(folder: Path, arguments: list[object], code: ExitCode, message: str) -> str:
    """Run the CLI: exit ``code``, the one error line ``message``, nothing below ``folder`` written or lost."""
    before = snapshot(folder)
    exit_code, text = cli(*arguments)
    assert exit_code == code, text
    assert error_lines(text) == [f"error: {message}"]
    assert "  read " not in text and "solved" not in text  # refused before reading or solving
    assert snapshot(folder) == before
    return text


# ------------------------------------------------------------------ refused destinations (exit 3)


def test_out_on_an_existing_file_is_refused_before_reading(scenario, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# keep me\n")
    assert_refused(tmp_path, ["solve", scenario, "--out", readme], ExitCode.INPUT_ERROR,
                   f"{readme} is an existing file; gezopt will not replace it with a results folder "
                   "(choose another --out)")


def test_out_on_a_folder_gezopt_did_not_write_is_refused(scenario, dataset, tmp_path):
    assert_refused(tmp_path, ["solve", scenario, "--out", dataset], ExitCode.INPUT_ERROR, not_gezopts(dataset))


def test_out_under_a_file_is_refused(scenario, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    assert_refused(tmp_path, ["solve", scenario, "--out", tmp_path / "notes.txt" / "out"], ExitCode.INPUT_ERROR,
                   f"cannot write {tmp_path}/notes.txt/out: {tmp_path}/notes.txt is a file, not a folder "
                   "(choose another --out)")


def test_results_folder_with_a_file_gezopt_did_not_write_is_refused(scenario, tmp_path):
    out = tmp_path / "out"
    assert cli("solve", scenario, "--out", out)[0] == 0
    (out / "notes.txt").write_text("my notes\n")
    assert_refused(tmp_path, ["solve", scenario, "--out", out], ExitCode.INPUT_ERROR,
                   f"{out} holds notes.txt, which gezopt did not write; gezopt will not replace it "
                   "(choose another --out, or a new or empty folder)")


def test_a_results_folder_is_replaced_and_nothing_left_beside_it(scenario, tmp_path):
    out = tmp_path / "out"
    out.mkdir()  # an empty folder may be used
    assert cli("solve", scenario, "--out", out)[0] == 0
    marker = json.loads((out / MARKER).read_text())
    assert marker["kind"] == "results" and "kpis.json" in marker["files"] and marker["gezopt"]
    (out / "kpis.json").write_text('{"old": true}')  # gezopt wrote the file: replacing it loses nothing foreign
    code, text = cli("solve", scenario, "--out", out)
    assert code == 0, text
    assert "old" not in json.loads((out / "kpis.json").read_text())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "data", "out"]


def test_legacy_results_folder_is_replaced_only_when_it_holds_nothing_else(scenario, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("kpis.json", "run.json", "dispatch.csv", "dispatch.parquet"):
        (out / name).write_text("{}")
    assert cli("solve", scenario, "--out", out)[0] == 0
    assert (out / MARKER).is_file() and (out / "demand.csv").is_file()

    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for name in ("kpis.json", "run.json", "report.docx"):
        (legacy / name).write_text("{}")
    assert_refused(tmp_path, ["solve", scenario, "--out", legacy], ExitCode.INPUT_ERROR, not_gezopts(legacy))


def test_several_scenarios_each_subfolder_checked(scenario, tmp_path):
    second = tmp_path / "other.yaml"
    second.write_text(scenario.read_text())
    parent = tmp_path / "runs"
    parent.mkdir()
    (parent / "mine.txt").write_text("an ordinary parent folder")
    (parent / "other").mkdir()
    (parent / "other" / "data.csv").write_text("a,b\n")
    code, text = cli("solve", scenario, second, "--out", parent)
    assert code == ExitCode.INPUT_ERROR
    assert f"ok      case: results written to {parent}/case" in text
    assert f"FAILED  other: {not_gezopts(parent / 'other')}" in text
    assert (parent / "other" / "data.csv").read_text() == "a,b\n"
    assert sorted(p.name for p in parent.iterdir()) == ["case", "mine.txt", "other"]


def test_compare_out_refused_before_solving(scenario, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.html").write_text("<p>mine</p>")
    assert_refused(tmp_path, ["compare", scenario, "--out", "report.html"], ExitCode.INPUT_ERROR,  # no results/case
                   "report.html is an existing file; gezopt will not replace it with a comparison folder "
                   "(choose another --out)")


def test_compare_and_plot_folders_are_marked_and_kinds_never_mixed(scenario, tmp_path):
    results = tmp_path / "results"
    assert cli("solve", scenario, "--out", results)[0] == 0
    comparison = tmp_path / "comparison"
    for _ in range(2):  # the second run replaces the first
        code, text = cli("compare", "--read", results, "--out", comparison)
        assert code == 0, text
    assert json.loads((comparison / MARKER).read_text())["kind"] == "comparison"
    assert {"comparison.csv", "comparison.md", "report.html"} <= {p.name for p in comparison.iterdir()}

    code, text = cli("plot", results)  # into results/plots, which carries its own marker
    assert code == 0, text
    assert json.loads((results / "plots" / MARKER).read_text())["kind"] == "plots"
    assert cli("solve", scenario, "--out", results)[0] == 0  # the nested plots folder is gezopt's too

    assert_refused(tmp_path, ["compare", "--read", results, "--out", results], ExitCode.INPUT_ERROR,
                   f"{results} is a gezopt results folder, not a comparison folder; gezopt will not replace it "
                   "(choose another --out, or a new or empty folder)")
    assert_refused(tmp_path, ["plot", results, "--out", tmp_path / "case.yaml"], ExitCode.INPUT_ERROR,
                   f"{tmp_path}/case.yaml is an existing file; gezopt will not replace it with a plots folder "
                   "(choose another --out)")


def test_calibrate_out_refuses_a_folder_and_a_file_that_is_not_csv(scenario, tmp_path):
    assert_refused(tmp_path, ["calibrate", scenario, "--out", tmp_path / "data"], ExitCode.INPUT_ERROR,
                   f"{tmp_path}/data is a folder; gezopt writes a .csv file there and will not replace a folder "
                   "(choose another --out)")
    assert_refused(tmp_path, ["calibrate", scenario, "--out", tmp_path / "case.yaml"], ExitCode.INPUT_ERROR,
                   f"{tmp_path}/case.yaml is an existing file that is not a .csv file; gezopt will not replace it "
                   "(choose another --out)")


def test_replace_file_swaps_in_whole_files(tmp_path):
    table = tmp_path / "calibration.csv"
    table.write_text("old\n")
    output.replace_file(table, "new\n")
    assert table.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["calibration.csv"]


# ------------------------------------------------------------------ write failures and the lock (exit 10)


def test_read_only_parent_fails_before_the_solve(scenario, tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # root ignores chmod: simulate a read-only file system
        if str(path).startswith(str(tmp_path)) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    assert_refused(tmp_path, ["solve", scenario, "--out", out], ExitCode.WRITE_FAILURE,
                   f"cannot write {out}: Read-only file system ({tmp_path}/.out.lock)")


def test_disk_full_while_writing_keeps_the_old_results(scenario, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert cli("solve", scenario, "--out", out)[0] == 0
    before = snapshot(tmp_path)

    def disk_full(table, stem):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(stem) + ".parquet")

    monkeypatch.setattr("gezopt.results.writing.write_table", disk_full)
    code, text = cli("solve", scenario, "--out", out)
    assert code == ExitCode.WRITE_FAILURE, text
    [message] = error_lines(text)  # one line naming the destination, the reason and the file
    assert re.fullmatch(rf"error: cannot write {out}: No space left on device "
                        rf"\({tmp_path}/\.out\.staging-[0-9a-f]{{16}}/[a-z_]+\.parquet\)", message), message
    assert "Traceback" not in text
    assert snapshot(tmp_path) == before


def test_missing_parents_are_created_and_removed_again_on_failure(scenario, tmp_path):
    out = tmp_path / "new" / "deeper" / "out"
    (tmp_path / "data" / "lines.csv").unlink()
    code, _text = cli("solve", scenario, "--out", out)
    assert code == ExitCode.INPUT_ERROR
    assert not (tmp_path / "new").exists()


def test_a_second_run_into_the_same_folder_is_refused(scenario, tmp_path):
    out = tmp_path / "out"
    assert cli("solve", scenario, "--out", out)[0] == 0
    lock = tmp_path / ".out.lock"
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert_refused(tmp_path, ["solve", scenario, "--out", out], ExitCode.WRITE_FAILURE,
                       f"another gezopt run is writing {out} (lock {lock}); wait for it or choose another --out")
    finally:
        os.close(descriptor)


def test_the_lock_is_held_for_the_whole_run_and_removed_after(scenario, tmp_path, monkeypatch):
    out = tmp_path / "out"
    seen = []
    real_write = output.OutFolder.commit

    def commit(self):
        descriptor = os.open(tmp_path / ".out.lock", os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(descriptor)
        seen.append(True)
        return real_write(self)

    monkeypatch.setattr(output.OutFolder, "commit", commit)
    assert cli("solve", scenario, "--out", out)[0] == 0
    assert seen and not (tmp_path / ".out.lock").exists()


# ------------------------------------------------------------------ staging leftovers


def test_leftovers_of_killed_runs_are_cleaned_only_when_gezopt_made_them(tmp_path):
    out = tmp_path / "out"
    write_folder(out, "old")
    stale = tmp_path / ".out.staging-0123456789abcdef"
    stale.mkdir()
    (stale / MARKER).write_text('{"kind": "results", "files": []}')
    (stale / "kpis.json").write_text("{}")
    stale_old = tmp_path / ".out.old-fedcba9876543210"
    stale_old.mkdir()
    (stale_old / MARKER).write_text('{"kind": "results", "files": []}')
    unmarked = tmp_path / ".out.staging-aaaaaaaaaaaaaaaa"
    unmarked.mkdir()
    (unmarked / "mine.txt").write_text("not gezopt's")
    write_folder(out, "new")
    assert value(out) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.staging-aaaaaaaaaaaaaaaa", "out"]


def test_the_staging_folder_of_a_run_still_going_is_left_alone(tmp_path):
    out = tmp_path / "out"
    with reserved(out, RESULTS) as running:
        (running.staging / "kpis.json").write_text("{}")
        with pytest.raises(output.WriteError):
            write_folder(out, "second")
        assert (running.staging / "kpis.json").is_file()


# ------------------------------------------------------------------ a kill at any moment


CHILD = """
import os, sys, json
from pathlib import Path
import gezopt.output as output
path, target, nth, fallback = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
if fallback:
    output.exchange = lambda first, second: False
owner = {"rename": os, "unlink": Path}.get(target, output)
real, calls = getattr(owner, target), [0]
def dying(*args, **kwargs):
    calls[0] += 1
    if calls[0] == nth:
        os._exit(0)  # killed: no cleanup runs
    return real(*args, **kwargs)
setattr(owner, target, dying)
with output.reserved(path, output.RESULTS) as folder:
    (folder.staging / "kpis.json").write_text(json.dumps({"value": "new"}))
    (folder.staging / "run.json").write_text("{}")
    folder.commit()
os._exit(3)  # the kill point was never reached
"""


def write_folder(path: Path, text: str) -> None:
    with reserved(path, RESULTS) as folder:
        (folder.staging / "kpis.json").write_text(json.dumps({"value": text}))
        (folder.staging / "run.json").write_text("{}")
        folder.commit()


def value(path: Path) -> str:
    return json.loads((path / "kpis.json").read_text())["value"]


KILL_POINTS = [  # (function, which call dies, fallback renames, the result at the path after the kill)
    ("_write_marker", 2, False, "old"),      # staging complete, before its marker is final
    ("replace_folder", 1, False, "old"),     # before the exchange
    ("_remove_owned", 1, False, "new"),      # exchanged, the old folder not yet removed
    ("unlink", 2, False, "new"),             # part-way through removing the old folder
    ("rename", 1, True, "old"),              # fallback: before the first rename
    ("rename", 2, True, None),               # fallback: between the two renames: the path is missing
    ("_remove_owned", 1, True, "new"),       # fallback: after both renames
]


@pytest.mark.parametrize("target, nth, fallback, expected", KILL_POINTS,
                         ids=[f"{t}-{n}{'-fallback' if f else ''}" for t, n, f, _ in KILL_POINTS])
def test_a_kill_at_any_moment_leaves_the_old_or_the_new_results(tmp_path, target, nth, fallback, expected):
    out = tmp_path / "out"
    write_folder(out, "old")
    child = subprocess.run([sys.executable, "-c", CHILD, str(out), target, str(nth), "1" if fallback else "0"],
                           capture_output=True, text=True, check=False)
    assert child.returncode == 0, child.stderr  # 0: killed at the chosen point
    if expected is None:
        assert not out.exists()
        restore_interrupted(out)  # any reader of results through gezopt repairs it
        assert read_results_folder(out).kpis["value"] == "old"
    else:
        assert value(out) == expected
    write_folder(out, "next")  # the next run into the same place tidies what the kill left
    assert value(out) == "next"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_reading_results_restores_a_replacement_killed_between_renames(tmp_path):
    out = tmp_path / "out"
    write_folder(out, "old")
    child = subprocess.run([sys.executable, "-c", CHILD, str(out), "rename", "2", "1"], capture_output=True, text=True, check=False)
    assert child.returncode == 0, child.stderr
    assert not out.exists()
    assert read_results_folder(out).kpis["value"] == "old"
    assert not list(tmp_path.glob(".out.old-*"))


def test_fallback_replacement_without_a_kill(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_folder(out, "old")
    monkeypatch.setattr(output, "exchange", lambda first, second: False)
    write_folder(out, "new")
    assert value(out) == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
