"""Ctrl-C and a reader that goes away (``| head``): a quiet exit with a documented code, never a traceback.

Regressions: both used to end in click's "Aborted!" or a silent exit 1, indistinguishable from violations.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from contract.cli import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED
from contract.standin.server import running_server
from tests.helpers import conforming_session
from tests.robustness.support import COMMAND

# Real processes, real signals, waits for workers to start and stop: seconds each.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def slow_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough failing lines (each explained in detail) to keep validate busy for many seconds."""
    path = tmp_path_factory.mktemp("slow") / "drifted.jsonl"
    line = json.dumps(conforming_session(status="canceled", expires_at="soon", user=7)).encode()
    path.write_bytes((line + b"\n") * 60_000)
    return path


def _start(args: list[str], **env: str) -> subprocess.Popen[bytes]:
    """The command in a process group of its own, as a shell runs a job, so a signal can reach all of it."""
    return subprocess.Popen(
        [COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **env},
    )


def _interrupt(process: subprocess.Popen[bytes]) -> tuple[int, bytes, float]:
    """Press Ctrl-C (SIGINT to the whole group); the exit code, stderr and seconds it took to stop."""
    os.killpg(process.pid, signal.SIGINT)
    start = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    return process.returncode, stderr, time.monotonic() - start


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_validate_exits_130_with_one_line(slow_corpus: Path, jobs: str) -> None:
    """Mid-run, in one process or with workers: exit 130, one line on stderr, within a second or two."""
    process = _start(["validate", "-j", jobs, str(slow_corpus), str(slow_corpus)])
    assert process.stdout is not None
    process.stdout.readline()  # the run is under way
    code, stderr, seconds = _interrupt(process)
    assert (code, stderr) == (EXIT_INTERRUPTED, b"chatkit-contract: interrupted\n")
    assert seconds < 5


def test_ctrl_c_while_waiting_on_a_slow_endpoint_exits_130() -> None:
    """check-live waiting for an answer stops at once too."""
    with running_server() as server:
        server.inject("delay=30,times=always")
        process = _start(
            ["check-live", "--session-id", "cksess_1", "--base-url", server.base_url, "--timeout", "60"],
            OPENAI_API_KEY=server.api_key,
        )
        time.sleep(1.5)  # started, request sent, the answer held back for 30 s
        code, stderr, seconds = _interrupt(process)
    assert (code, stderr) == (EXIT_INTERRUPTED, b"chatkit-contract: interrupted\n")
    assert seconds < 5


@pytest.mark.parametrize(("format_", "jobs"), [("text", "1"), ("json", "2"), ("sarif", "2")])
def test_a_reader_that_goes_away_ends_validate_quietly_with_141(slow_corpus: Path, format_: str, jobs: str) -> None:
    """``validate … | head -1``: once the reader closes the pipe, exit 141 at once, nothing on stderr."""
    process = _start(["validate", "--format", format_, "-j", jobs, str(slow_corpus)])
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    start = time.monotonic()
    stderr = process.stderr.read()
    process.wait(timeout=30)
    process.stderr.close()
    assert (process.returncode, stderr) == (EXIT_BROKEN_PIPE, b"")
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["rules"], EXIT_BROKEN_PIPE),
        (["schema"], EXIT_BROKEN_PIPE),
        (["validate", "-"], EXIT_BROKEN_PIPE),
        (["generate", "--count", "5"], 0),  # the lines it was asked for are a reader's to stop taking
    ],
    ids=["rules", "schema", "validate-stdin", "generate"],
)
def test_a_pipe_closed_before_any_output_is_quiet(args: list[str], code: int) -> None:
    """Output to a pipe nobody reads: the documented exit code and an empty stderr, never a traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.run(
            [COMMAND, *args], stdout=write_end, stderr=subprocess.PIPE, input=b"{}", timeout=60, check=False
        )
    finally:
        os.close(write_end)
    assert (process.returncode, process.stderr) == (code, b"")
