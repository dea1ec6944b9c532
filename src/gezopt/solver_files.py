"""Files a run writes for its user besides the results: HiGHS's log and the model as an LP or MPS file.

The project's rule holds for them as for ``--out``: gezopt never overwrites a
file it did not write.  A destination may be missing, or an existing file
whose first line is the one gezopt writes there (:data:`LOG_MARK`, or
:data:`MODEL_MARK` behind the format's comment sign); an existing file without
it, a folder, a symbolic link, a path under a file, and a path inside the
run's results folder (which a later run replaces whole) are refused with exit
code 3 before anything is read or solved.

The model file is written by HiGHS to a hidden sibling, then copied behind
gezopt's first line to a second one that is renamed over the destination, so
no half-written model is ever seen.  Rows and columns carry readable names
built from the Pyomo components (``reservoir_water_balance(SARSANG,5)``),
reduced to the characters LP and MPS readers accept.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from gezopt.destination import RefusedDestinationError
from gezopt.output import writing

LOG_MARK = "gezopt solver log"
MODEL_MARK = "gezopt model file"
MODEL_COMMENTS = {".lp": "\\", ".mps": "*"}  # the comment sign of each model format
_UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9_.,()]")


def model_suffix_problem(path: Path) -> str | None:
    """Why ``path`` cannot name a model file (None: it can)."""
    if path.suffix.lower() not in MODEL_COMMENTS:
        return f"{path} must end in .lp or .mps (the format is chosen by the extension)"
    return None


def _first_line(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.readline(200).decode("utf-8", errors="replace")
    except OSError:
        return ""


def written_by_gezopt(path: Path) -> bool:
    """Whether the existing file ``path`` starts with the first line gezopt writes into such a file."""
    line = _first_line(path)
    comment = MODEL_COMMENTS.get(path.suffix.lower())
    return line.startswith(LOG_MARK) or (comment is not None and line.startswith(f"{comment} {MODEL_MARK}"))


def check_solver_file(path: Path, option: str, results_folder: Path | None) -> None:
    """Refuse a destination of ``--solver-log`` or ``--write-lp`` that gezopt may not write (module docstring)."""
    path = Path(path)
    refuse = f"gezopt will not replace it (choose another {option})"
    for ancestor in path.parents:
        if ancestor.exists() and not ancestor.is_dir():
            raise RefusedDestinationError(f"cannot write {path}: {ancestor} is a file, not a folder")
    if path.is_symlink():
        raise RefusedDestinationError(f"{path} is a symbolic link; {refuse}")
    if path.is_dir():
        raise RefusedDestinationError(f"{path} is a folder; {refuse}")
    if path.exists() and not written_by_gezopt(path):
        raise RefusedDestinationError(f"{path} is an existing file gezopt did not write; {refuse}")
    if results_folder is not None and path.resolve().is_relative_to(Path(results_folder).resolve()):
        raise RefusedDestinationError(f"{path} lies inside the results folder {results_folder}, which a run replaces "
                                      f"whole (choose another {option})")


def lp_names(labels: list[tuple[str, object]]) -> list[str]:
    """Names ``component(index)`` for (component, index key) pairs, made safe for LP and MPS and unique."""
    names = []
    for component, key in labels:
        parts = key if isinstance(key, tuple) else (key,)
        index = ",".join(str(part) for part in parts if part is not None)
        names.append(_UNSAFE_NAME_CHARACTERS.sub("_", f"{component}({index})" if index else component))
    seen: set[str] = set()
    for position, name in enumerate(names):
        if name in seen:  # two ids that differ only in unsafe characters
            names[position] = name = f"{name}_{position}"
        seen.add(name)
    return names


def write_model_file(destination: Path, title: str, write: Callable[[str], object]) -> None:
    """Have ``write(path)`` (HiGHS's writeModel) write the model to a hidden sibling, put gezopt's first line
    (``title`` after the marker) in front, and rename it over ``destination``."""
    destination = Path(destination)
    comment = MODEL_COMMENTS[destination.suffix.lower()]
    token = secrets.token_hex(8)
    written = destination.with_name(f".{destination.stem}.{token}{destination.suffix}")
    marked = destination.with_name(f".{destination.name}.{token}")
    with writing(destination):
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            write(str(written))
            if not written.is_file():
                raise OSError(f"HiGHS wrote no model file ({written.name})")
            with open(marked, "wb") as target, open(written, "rb") as source:
                target.write(f"{comment} {MODEL_MARK}: {title}\n".encode())
                shutil.copyfileobj(source, target, 1 << 20)
            os.replace(marked, destination)
        finally:
            written.unlink(missing_ok=True)
            marked.unlink(missing_ok=True)
