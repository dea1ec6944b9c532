"""Freed memory kept for reuse while HiGHS solves.

HiGHS's interior point allocates and frees vectors the size of the LP (a
million doubles and more on a year) several times an iteration.  By default,
glibc's ``malloc`` hands the free memory at the top of its heap back to the
system once more than its trim threshold is free, and serves large blocks from
fresh mappings that it unmaps when they are freed.  Each iteration then faults
its pages in again, and the kernel zeroes every one of them: on the default
full year, page faults, page clearing and malloc's own consolidation took
about a sixth of HiPO's time (``perf``).

:func:`heap_kept_for_reuse` sets glibc's trim threshold to
:data:`TRIM_THRESHOLD_BYTES` and fixes its mmap threshold at
:data:`MMAP_THRESHOLD_BYTES`, the largest glibc accepts (``mallopt``), so
freed memory stays with the process and the next allocation reuses it.  When
the block ends, what is free goes back to the system (``malloc_trim``).  The
thresholds stay for the rest of the process: glibc cannot go back to its own
adjusting ones.  The arithmetic is untouched, so are the results.  Where the C
library is not glibc (``mallopt`` or ``malloc_trim`` missing), nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Iterator
from contextlib import contextmanager

M_TRIM_THRESHOLD = -1  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
TRIM_THRESHOLD_BYTES = 2**31 - 1  # free memory is handed back only above 2 GiB at the heap's top
MMAP_THRESHOLD_BYTES = 32 * 2**20  # glibc's largest on 64 bits: blocks up to 32 MiB come from the heap


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library, where it has glibc's ``mallopt`` and ``malloc_trim``; None elsewhere."""
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name)
    except (OSError, TypeError):  # TypeError: no C library by that name (Windows)
        return None
    if not (hasattr(library, "mallopt") and hasattr(library, "malloc_trim")):
        return None
    return library


@functools.cache
def keep_freed_memory() -> bool:
    """Set glibc's trim and mmap thresholds (:data:`TRIM_THRESHOLD_BYTES`, :data:`MMAP_THRESHOLD_BYTES`), once
    per process; whether glibc took both."""
    library = _glibc()
    if library is None:
        return False
    trimmed = library.mallopt(M_TRIM_THRESHOLD, ctypes.c_int(TRIM_THRESHOLD_BYTES))
    mapped = library.mallopt(M_MMAP_THRESHOLD, ctypes.c_int(MMAP_THRESHOLD_BYTES))
    return trimmed == 1 and mapped == 1


@contextmanager
def heap_kept_for_reuse() -> Iterator[None]:
    """Inside the block, freed memory stays with the process (:func:`keep_freed_memory`); after it, the free
    memory is handed back to the system."""
    keep_freed_memory()
    try:
        yield
    finally:
        library = _glibc()
        if library is not None:
            library.malloc_trim(ctypes.c_size_t(0))
