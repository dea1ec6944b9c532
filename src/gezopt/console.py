"""The ``gezopt`` console command: the Click group, then a quick exit.

A run leaves millions of Pyomo objects behind it (the model is cyclic, so only
the garbage collector frees it).  Python's normal shutdown walks and frees them
one by one: 4.0 s after a full-year ``gezopt solve`` that took 82 s in all
(README, Speed).  Once the command has finished and its output is flushed,
nothing remains to be done in the process (every file is written and closed by
then, the sweep's Dask cluster is closed by its own ``with``), so the process
ends with :func:`os._exit` and the operating system takes the memory back at
once.  Tests call :data:`gezopt.cli.main` in-process and are not affected.
"""

from __future__ import annotations

import logging
import os
import sys

from gezopt.cli import main


def run() -> None:
    """Run ``gezopt`` with the command line's arguments and end the process with its exit code."""
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
