"""Pausing Python's cyclic garbage collector around bulk model work.

Building, compiling and reading a Pyomo model of a year creates millions of
small objects; each automatic collection pass then walks all of them, which
DESIGN.md §6 measured at ~40 % of build time.  Nothing these stages create
needs collecting before they end, so the collector is paused and restored.

A model dropped after its hand-off to HiGHS is cyclic garbage (Pyomo's
components and their blocks refer to each other): :func:`collected_beside`
collects it in a thread of its own while the body (HiGHS's run, which
releases the interpreter) goes on, on the core HiGHS leaves free.
"""

from __future__ import annotations

import gc
import threading
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


@contextmanager
def collected_beside() -> Iterator[None]:
    """Run one full collection (``gc.collect()``) in a thread while the block runs; wait for it at the end."""
    collector = threading.Thread(target=gc.collect, name="gezopt-collect", daemon=True)
    collector.start()
    try:
        yield
    finally:
        collector.join()
