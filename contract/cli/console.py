"""The ``chatkit-contract`` console script: the command group, then an exit that skips the interpreter's teardown.

Tearing the interpreter down (every module and object freed one by one) costs a short run about a tenth of its
time and does nothing a finished run needs. It is skipped only when nothing is left to do at exit: no ``atexit``
callback (coverage, multiprocessing, logging and ``weakref.finalize`` register one), no thread still running
or waiting to be joined, no profiler or tracer that writes its findings once the script returns (``python -m
cProfile``, ``python -m trace``), no interactive session to enter afterwards (``python -i``), and standard
output and error flushed without error. Otherwise the exit is Python's own, as before. Code that calls
:func:`~contract.cli.main` itself (tests, ``CliRunner``) never comes here.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn

from contract.cli.group import main

__all__ = ["run"]


def run() -> NoReturn:
    """Run the command line and exit with its code, quickly where that changes nothing else."""
    try:
        main(prog_name="chatkit-contract")
    except SystemExit as done:
        code = 0 if done.code is None else done.code
        if type(code) is int and _nothing_left_at_exit() and _flushed():
            os._exit(code)
        raise
    sys.exit(0)  # pragma: no cover - click's main always exits in standalone mode


def _nothing_left_at_exit() -> bool:
    """True when exiting would run no callback, join no thread, and nothing waits for this function to return."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return False
    if sys.flags.inspect or os.environ.get("PYTHONINSPECT"):
        return False
    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count of registered callbacks
    if callbacks is None or callbacks():
        return False
    threading = sys.modules.get("threading")
    if threading is None:
        return True
    return threading.active_count() == 1 and not getattr(threading, "_threading_atexits", True)


def _flushed() -> bool:
    """Flush standard output and error; false when that failed, so that Python's exit reports it as it would."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True
