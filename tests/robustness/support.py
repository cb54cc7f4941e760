"""Shared by the robustness campaign: running the CLI, reading its JSON report, and bounding time and memory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from click.testing import CliRunner, Result

from contract.cli import main

#: The command as a user runs it (the console script the package installs).
COMMAND = str(Path(sys.executable).with_name("chatkit-contract"))

Found = tuple[str | None, str, str, int | None, int | None]


def at(content: bytes | str, marker: bytes | str, nth: int = 0) -> tuple[int, int]:
    """The 1-based line and column (in characters) where the *nth* occurrence of *marker* starts."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    mark = marker.decode("utf-8", "replace") if isinstance(marker, bytes) else marker
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(mark, offset + 1)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def invoke(args: Sequence[str], stdin: bytes | None = None, env: Mapping[str, str] | None = None) -> Result:
    """Run the command in this process, as click's runner does; a traceback fails the calling test."""
    result = CliRunner().invoke(main, list(args), input=stdin, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{' '.join(args)} raised {result.exception!r}") from result.exception
    return result


def findings_of(report: str) -> list[Found]:
    """``(location, rule, pointer, line, column)`` of every finding in a ``--format json`` report."""
    results = json.loads(report)["results"]
    return [
        (r["location"], f["rule"], f["pointer"], f.get("line"), f.get("column")) for r in results for f in r["findings"]
    ]


@dataclass(frozen=True)
class Process:
    """A finished run of the installed command: exit code, output, wall time and peak memory."""

    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_mib: float


# Measures the command from a small process of its own: a child's peak RSS counts the memory of the process
# it was forked from, so measured straight from the test process it would include the whole test run.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as report:
    report.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_command(
    args: Sequence[str],
    *,
    stdin: bytes | BinaryIO | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> Process:
    """Run the installed command in a real process, with its wall time and peak resident memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        start = time.monotonic()
        process = subprocess.run(
            [sys.executable, "-c", _MEASURE, peak.name, COMMAND, *args],
            input=stdin if isinstance(stdin, bytes) else None,
            stdin=None if isinstance(stdin, bytes) else stdin or subprocess.DEVNULL,
            capture_output=True,
            env={**os.environ, **(env or {})},
            timeout=timeout,
            check=False,
        )
        seconds = time.monotonic() - start
        kib = int(peak.read() or 0)
    return Process(process.returncode, process.stdout, process.stderr, seconds, kib / 1024)


class Overran(Exception):
    """A check took longer than its bound."""


@contextmanager
def bounded(seconds: float, mib: float) -> Iterator[None]:
    """Fail with :class:`Overran` if the block runs longer than *seconds*, and if it allocates more than *mib*."""

    def _expire(signum: int, frame: FrameType | None) -> None:
        raise Overran(f"still running after {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1] / (1 << 20)
        assert peak < mib, f"allocated {peak:.1f} MiB at the peak (bound: {mib:g} MiB)"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if not tracing:
            tracemalloc.stop()
