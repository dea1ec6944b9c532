"""The ``gezopt`` console command: the Click group, then a quick exit.

A run leaves millions of Pyomo objects behind it (the model is cyclic, so only
the garbage collector frees it).  Python's normal shutdown walks and frees them
one by one: 4.0 s after a full-year ``gezopt solve`` that took 82 s in all
(README, Speed).  Once the command has finished and its output is flushed,
nothing remains to be done in the process (every file is written and closed by
then, the sweep's Dask cluster is closed by its own ``with``), so the process
ends with :func:`os._exit` and the operating system takes the memory back at
once.  Tests call :data:`gezopt.cli.main` in-process and are not affected.

Before anything imports numpy, the command sets ``NUMPY_MADVISE_HUGEPAGE=0``
unless the environment sets it (:func:`numpy_arrays_on_small_pages`).
"""

from __future__ import annotations

import logging
import os
import sys

NUMPY_HUGE_PAGES = "NUMPY_MADVISE_HUGEPAGE"  # numpy reads it once, when it is imported


def run() -> None:
    """Run ``gezopt`` with the command line's arguments and end the process with its exit code."""
    numpy_arrays_on_small_pages()
    from gezopt.cli import main  # imports numpy: after the setting above

    try:
        main()  # Click's standalone mode: always ends with SystemExit
        code = 0
    except SystemExit as ended:
        code = exit_status(ended.code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (gezopt ... | head): nothing more to deliver
            code = code or 1
    os._exit(code)


def exit_status(code: object) -> int:
    """The process's exit status for a ``SystemExit`` code, as Python itself would end with it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr, flush=True)
    return 1


def numpy_arrays_on_small_pages() -> None:
    """numpy's arrays on the system's ordinary pages in this process (and the processes it starts), unless
    ``NUMPY_MADVISE_HUGEPAGE`` is set already: call before numpy is imported.

    On Linux, numpy asks for transparent huge pages (``madvise``) for every array of 4 MiB or more.  Where the
    kernel's huge pages are set to ``madvise`` (``/sys/kernel/mm/transparent_hugepage``, the usual default), the
    first touch of such an array then faults in a zeroed 2 MiB page, compacting memory first when no huge page
    is free.  A run's hand-off and results make hundreds of arrays of 10-20 MB that live for one step, each
    faulted in page by page: on the full year's hand-off, passing the LP took 0.26-0.28 s on ordinary pages
    against 0.41-0.46 s on huge ones (system time 0.04-0.07 s against 0.24-0.28 s), and a whole run's time
    beside the solve 7.23 against 7.62 s (means of four runs each, in turn; README, Speed).  The arithmetic is
    the same: the results are byte for byte the same."""
    os.environ.setdefault(NUMPY_HUGE_PAGES, "0")
