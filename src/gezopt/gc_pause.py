"""Pausing Python's cyclic garbage collector around bulk model work.

Building, compiling and reading a Pyomo model of a year creates millions of
small objects; each automatic collection pass then walks all of them, which
DESIGN.md §6 measured at ~40 % of build time.  Nothing these stages create
needs collecting before they end, so the collector is paused and restored.

A model handed to HiGHS is not left to the collector either: its components
are deleted beside the solve, and reference counting frees them at once
(:func:`gezopt.model_release.emptied_beside`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
