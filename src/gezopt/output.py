"""Writing an output folder without ever losing data.

Every folder gezopt writes (a run's results, a comparison, a run's plots) goes
through :func:`reserved`, which, for a destination ``P/X``:

1. refuses, before anything is read or solved, a destination gezopt may not
   replace (:class:`~gezopt.destination.RefusedDestinationError`, exit code 3;
   what may be replaced and the marker ``.gezopt-results`` are described in
   :mod:`gezopt.destination`);
2. takes the lock ``P/.X.lock`` (``flock``, not waiting: a second run into
   the same destination is refused at once with :class:`~gezopt.errors.WriteError`);
3. tidies what a killed run left beside ``X``: restores ``P/.X.old-<hex>`` when
   ``X`` is missing, removes stale ``P/.X.staging-<hex>`` and ``P/.X.old-<hex>``
   folders (only ones holding the marker, and only under the lock, so never
   those of a run still going);
4. creates the staging folder ``P/.X.staging-<hex>`` with its marker: this
   probes that ``P`` is writable before the long part of the run starts.

The caller writes into :attr:`OutFolder.staging` and calls
:meth:`OutFolder.commit`, which swaps the staging folder in.  Where the
kernel offers it (Linux ``renameat2`` with ``RENAME_EXCHANGE``) the swap is
one atomic exchange; elsewhere it is two renames (``X`` to ``P/.X.old-<hex>``,
staging to ``X``), and a kill between them is repaired by the next run into
``X`` or the next read of ``X`` (:func:`restore_interrupted`).  Either way, a
kill at any moment leaves the old folder or the new one at ``X``.  An
``OSError`` while writing becomes a one-line :class:`~gezopt.errors.WriteError`
(exit code 10) naming the path and the reason.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gezopt import __version__
from gezopt.destination import (
    MARKER,
    RESULTS,
    FolderKind,
    RefusedDestinationError,
    check_destination,
    check_file_destination,
    files_below,
    named,
    read_marker,
)
from gezopt.errors import WriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS: runs are not locked
    fcntl = None

# the destination checks are re-exported: callers reserve, check and write through this one module
__all__ = [
    "MARKER", "RESULTS", "FolderKind", "OutFolder", "RefusedDestinationError", "WriteError", "check_destination",
    "check_file_destination", "exchange", "linked_copy", "lock_path", "marked_in_place", "replace_file",
    "replace_folder", "reserved", "restore_interrupted", "writing",
]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an ``OSError`` raised inside into a one-line :class:`WriteError` naming ``path``."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename and Path(error.filename) != Path(path) else ""
        raise WriteError(f"cannot write {path}: {reason}{where}") from error


def _write_marker(folder: Path, kind: FolderKind, files: list[str]) -> None:
    """Write the marker of ``folder``: gezopt's version, the folder's kind and the files it holds."""
    text = json.dumps({"gezopt": __version__, "kind": kind.name, "files": files}, indent=1) + "\n"
    (folder / MARKER).write_text(text)


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary sibling renamed over it, so no half file is ever seen."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    with writing(path):
        try:
            temporary.write_text(text)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)


# ---------------------------------------------------------------- siblings and the lock


def _sibling(path: Path, role: str) -> Path:
    return path.with_name(f".{path.name}.{role}-{secrets.token_hex(8)}")


def lock_path(path: Path) -> Path:
    """The lock file of destination ``path``: ``.X.lock`` beside it."""
    return path.with_name(f".{path.name}.lock")


def _leftovers(path: Path, role: str) -> list[Path]:
    """``.X.<role>-<hex>`` siblings of ``path`` holding the marker (so made by gezopt), oldest first."""
    pattern = re.compile(re.escape(f".{path.name}.{role}-") + r"[0-9a-f]{16}")
    if not path.parent.is_dir():
        return []
    found = [entry for entry in path.parent.iterdir()
             if pattern.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()
             and (entry / MARKER).is_file()]
    return sorted(found, key=lambda entry: entry.stat().st_mtime_ns)


def _remove_owned(folder: Path) -> None:
    """Remove a folder gezopt made, its marker last, so a kill part-way leaves it recognisable."""
    for entry in folder.iterdir():
        if entry.name == MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def _restore_old(path: Path) -> None:
    """Put back the previous folder a replacement interrupted between its two renames left beside ``path``."""
    old = _leftovers(path, "old")
    if not path.exists() and old:
        os.rename(old[-1], path)


def _tidy(path: Path) -> None:
    """Under the lock: restore an interrupted replacement, remove the staging and old folders of killed runs."""
    _restore_old(path)
    for leftover in _leftovers(path, "staging") + _leftovers(path, "old"):
        _remove_owned(leftover)


class _Lock:
    """An exclusive ``flock`` on ``.X.lock``, refused at once when another process holds it."""

    def __init__(self, destination: Path):
        self.path = lock_path(destination)
        self.fd: int | None = None
        if fcntl is None:  # pragma: no cover
            return
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise WriteError(f"another gezopt run is writing {destination} (lock {self.path}); "
                                 "wait for it or choose another --out") from None
            try:  # the holder before us may have removed the file: then lock the new one
                if os.path.samestat(os.fstat(fd), os.stat(self.path)):
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd

    def release(self) -> None:
        """Remove the lock file, then let go of the lock (in that order: see ``__init__``)."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            os.close(self.fd)
            self.fd = None


def restore_interrupted(path: Path) -> None:
    """For readers: if ``path`` is missing because a replacement was killed between its two renames,
    restore the previous folder (unless a run holds the lock: it will finish the replacement)."""
    path = Path(path)
    if path.exists() or not _leftovers(path, "old"):
        return
    try:
        lock = _Lock(path)
    except (WriteError, OSError):
        return
    try:
        with contextlib.suppress(OSError):
            _restore_old(path)
    finally:
        lock.release()


# ---------------------------------------------------------------- the swap


@functools.cache
def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two existing paths (``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def replace_folder(new: Path, destination: Path) -> None:
    """Put the complete folder ``new`` at ``destination`` (existing, marked) and remove the previous one.

    One atomic exchange where supported; else ``destination`` -> ``.X.old-<hex>``, ``new`` ->
    ``destination``, the gap between the two repaired by :func:`_tidy` or :func:`restore_interrupted`.
    """
    if exchange(new, destination):
        retired = new
    else:
        retired = _sibling(destination, "old")
        os.rename(destination, retired)
        os.rename(new, destination)
    with contextlib.suppress(OSError):  # the new folder is in place; a leftover is removed by the next run
        _remove_owned(retired)


# ---------------------------------------------------------------- folders inside a folder


def marked_in_place(path: Path, kind: FolderKind) -> None:
    """Make ``path`` a ``kind`` folder with its marker (listing nothing yet) where it is missing or empty, so
    that folders committed inside it, each with its own marker, are gezopt's before it is replaced whole
    (``gezopt sweep`` commits each case inside its folder as the case is solved)."""
    with writing(path):
        path.mkdir(parents=True, exist_ok=True)
        if read_marker(path) is None and not any(path.iterdir()):
            _write_marker(path, kind, [])


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # a file system without hard links, or another device: a copy
        shutil.copy2(source, destination)


def linked_copy(source: Path, destination: Path) -> None:
    """Copy the folder ``source`` (written by gezopt) to ``destination`` (missing) by hard links, file by file
    (copies where the file system has none), leaving out the hidden leftovers of runs (``.X.lock``,
    ``.X.staging-<hex>``) directly inside it: a staging folder takes what the folder it replaces holds at no
    cost in time or space, and the files stay when that folder is removed."""
    def leftovers(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name.startswith(".") and name != MARKER] if Path(folder) == source else []

    with writing(destination):
        shutil.copytree(source, destination, copy_function=_link_or_copy, ignore=leftovers)


# ---------------------------------------------------------------- the protocol


@dataclass
class OutFolder:
    """A destination checked, locked and staged by :func:`reserved`: write into ``staging``, then commit."""

    path: Path
    kind: FolderKind
    staging: Path
    committed: bool = field(default=False, init=False)

    def commit(self) -> Path:
        """Mark the staging folder with the files it holds and swap it in at ``path``."""
        with writing(self.path):
            _write_marker(self.staging, self.kind, files_below(self.staging))
            if self.path.exists() or self.path.is_symlink():
                check_destination(self.path, self.kind)  # nothing foreign crept in while we ran
                if read_marker(self.path) is None:  # empty or legacy: adopt it, so its removal is resumable
                    _write_marker(self.path, self.kind, files_below(self.path))
                replace_folder(self.staging, self.path)
            else:
                os.rename(self.staging, self.path)
        self.committed = True
        return self.path


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = [parent for parent in [folder, *folder.parents] if not parent.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


@contextlib.contextmanager
def reserved(destination: Path | OutFolder, kind: FolderKind) -> Iterator[OutFolder]:
    """Check, lock, tidy and stage ``destination`` (see the module's docstring); an :class:`OutFolder`
    already reserved passes through.  If the body fails, the staging folder and any parent folders
    created are removed and the destination is untouched; the lock is held until the end."""
    if isinstance(destination, OutFolder):
        yield destination
        return
    path = named(Path(destination))
    check_destination(path, kind)
    created: list[Path] = []
    lock: _Lock | None = None
    target: OutFolder | None = None
    try:
        with writing(path):
            created = _make_parents(path.parent)
            lock = _Lock(path)
            _tidy(path)
        check_destination(path, kind)
        with writing(path):
            staging = _sibling(path, "staging")
            staging.mkdir()
            target = OutFolder(path, kind, staging)
            _write_marker(staging, kind, [])
        yield target
    except BaseException:
        if target is not None and not target.committed:
            with contextlib.suppress(OSError):
                _remove_owned(target.staging)
        if target is None or not target.committed:
            if lock is not None:
                lock.release()
                lock = None
            for folder in reversed(created):
                with contextlib.suppress(OSError):
                    folder.rmdir()
        raise
    finally:
        if lock is not None:
            lock.release()
