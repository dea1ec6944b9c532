"""Freed memory kept for reuse during a solve (glibc's malloc, read back through ``mallinfo2``), handed back
after it; a machine without glibc keeps its defaults."""

from __future__ import annotations

import ctypes
import platform

import pytest

from gezopt import heap
from gezopt.heap import heap_kept_for_reuse, keep_freed_memory

BLOCK_BYTES = 24 * 2**20  # above glibc's default mmap threshold, below the one kept

glibc_only = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc")


class MallocInfo(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (glibc 2.33 on)."""

    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def malloc_info(library: ctypes.CDLL) -> MallocInfo:
    library.mallinfo2.restype = MallocInfo
    return library.mallinfo2()


@glibc_only
def test_glibc_takes_both_thresholds():
    assert keep_freed_memory() is True


@glibc_only
def test_a_freed_block_stays_with_the_process_inside_the_block_and_goes_back_after_it():
    library = heap._glibc()
    library.malloc.restype = ctypes.c_void_p
    library.free.argtypes = [ctypes.c_void_p]
    with heap_kept_for_reuse():
        mapped_before = malloc_info(library).hblkhd
        block = library.malloc(ctypes.c_size_t(BLOCK_BYTES))
        assert block
        assert malloc_info(library).hblkhd == mapped_before  # from the heap, not a mapping of its own
        library.free(block)
        assert malloc_info(library).keepcost >= BLOCK_BYTES  # kept at the heap's top, not handed back
    assert malloc_info(library).keepcost < 2**20  # handed back once the block ends


def test_without_glibc_nothing_changes(monkeypatch):
    monkeypatch.setattr(heap, "_glibc", lambda: None)
    heap.keep_freed_memory.cache_clear()
    try:
        assert keep_freed_memory() is False
        with heap_kept_for_reuse():
            pass
    finally:
        heap.keep_freed_memory.cache_clear()
