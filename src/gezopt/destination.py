"""Which destinations gezopt may write, and how a folder gezopt wrote is recognised.

A destination ``P/X`` may be missing, an empty folder, or a folder gezopt
wrote: one holding the marker ``.gezopt-results`` (JSON: gezopt version,
folder kind, the files written) and nothing the marker does not list, or a
folder of the same kind written before markers existed (a *legacy* folder,
recognised by its kind's file names only).  Anything else (an existing file,
a symbolic link, a path under a file, a folder gezopt did not write) is
refused with :class:`RefusedDestinationError` (exit code 3) before anything
is read or solved.  Writing into an accepted destination is :mod:`gezopt.output`'s job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from gezopt.errors import ExitCode, GezoptError

MARKER = ".gezopt-results"
_LOCK_LEFTOVER = re.compile(r"\.[^/]+\.lock")
_SHOWN = 3  # foreign files named in a refusal


class RefusedDestinationError(GezoptError):
    """The destination is a file, or a folder gezopt did not write: it is never replaced."""

    exit_code = ExitCode.INPUT_ERROR


@dataclass(frozen=True)
class FolderKind:
    """What a folder holds, and how to recognise one written before gezopt wrote markers.

    A legacy folder holds every file of ``legacy_required`` and only files whose
    path (relative, with ``/``) matches ``legacy_files``.
    """

    name: str
    legacy_required: tuple[str, ...] = ()
    legacy_files: str = r"(?!)"


RESULTS = FolderKind("results", ("kpis.json", "run.json"),
                     r"kpis\.json|run\.json|[^/]+\.(csv|parquet)|plots/[^/]+\.png")


def read_marker(folder: Path) -> dict | None:
    """The marker of ``folder`` as a dict with ``kind`` and ``files``, or None if it has no valid one."""
    try:
        marker = json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or not isinstance(marker.get("kind"), str) \
            or not isinstance(marker.get("files"), list):
        return None
    return marker


def files_below(folder: Path) -> list[str]:
    """Every file below ``folder`` but its marker, as sorted relative paths."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if not path.is_dir() and path.name != MARKER)


def _lock_leftover(path: Path) -> bool:
    """A lock file of a killed gezopt run (empty, or holding a process id)."""
    if not _LOCK_LEFTOVER.fullmatch(path.name) or not path.is_file() or path.is_symlink():
        return False
    size = path.stat().st_size
    return size == 0 or (size <= 32 and path.read_text(errors="replace").strip().isdigit())


def _unlisted(folder: Path, listed: set[str], prefix: str = "") -> list[str]:
    """Files below ``folder`` that neither ``listed`` nor a nested marker accounts for."""
    foreign: list[str] = []
    for entry in sorted(folder.iterdir()):
        relative = prefix + entry.name
        if entry.name == MARKER or _lock_leftover(entry):
            continue
        if entry.is_dir() and not entry.is_symlink():
            nested = read_marker(entry)
            if nested is not None:
                foreign += [f"{relative}/{name}" for name in _unlisted(entry, set(nested["files"]))]
            else:
                foreign += _unlisted(entry, listed, relative + "/")
        elif relative not in listed:
            foreign.append(relative)
    return foreign


def _ownership_problem(folder: Path, kind: FolderKind) -> str | None:
    """Why gezopt may not replace the existing folder ``folder`` with a ``kind`` folder (None: it may)."""
    if not any(folder.iterdir()):
        return None
    marker = read_marker(folder)
    if marker is None:
        files = files_below(folder)
        legacy = (all((folder / name).is_file() for name in kind.legacy_required)
                  and all(re.fullmatch(kind.legacy_files, name) for name in files))
        if legacy and files:
            return None
        return f"is a folder gezopt did not write (it has no {MARKER} marker)"
    if marker["kind"] != kind.name:
        return f"is a gezopt {marker['kind']} folder, not a {kind.name} folder"
    foreign = _unlisted(folder, set(marker["files"]))
    if foreign:
        more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
        return f"holds {', '.join(foreign[:_SHOWN])}{more}, which gezopt did not write"
    return None


def named(path: Path) -> Path:
    """``path`` itself, or resolved when it has no name of its own (``.``, ``..``), so siblings can be named."""
    return path.resolve() if path.name in ("", "..") else path


def check_destination(path: Path, kind: FolderKind) -> None:
    """Raise :class:`RefusedDestinationError` unless gezopt may write a ``kind`` folder at ``path``.

    ``path`` may be missing, an empty folder, or a folder gezopt wrote (see the module's docstring).
    """
    path = named(Path(path))
    for ancestor in path.parents:
        if ancestor.exists() or ancestor.is_symlink():
            if not ancestor.is_dir():
                raise RefusedDestinationError(f"cannot write {path}: {ancestor} is a file, not a folder "
                                              "(choose another --out)")
            break
    if path.is_symlink():
        raise RefusedDestinationError(f"{path} is a symbolic link; gezopt will not replace it "
                                      "(choose another --out)")
    if not path.exists():
        return
    if not path.is_dir():
        raise RefusedDestinationError(f"{path} is an existing file; gezopt will not replace it with a "
                                      f"{kind.name} folder (choose another --out)")
    problem = _ownership_problem(path, kind)
    if problem is not None:
        raise RefusedDestinationError(f"{path} {problem}; gezopt will not replace it "
                                      "(choose another --out, or a new or empty folder)")


def check_file_destination(path: Path, suffix: str) -> None:
    """Refuse an existing ``path`` that is a folder or a file not named ``*<suffix>`` (those may be replaced)."""
    path = Path(path)
    if path.is_dir():
        raise RefusedDestinationError(f"{path} is a folder; gezopt writes a {suffix} file there and will not "
                                      "replace a folder (choose another --out)")
    if path.exists() and path.suffix.lower() != suffix:
        raise RefusedDestinationError(f"{path} is an existing file that is not a {suffix} file; gezopt will not "
                                      f"replace it (choose another --out)")

