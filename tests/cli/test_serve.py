"""serve as a real process: it prints where it listens, check-live talks to it, Ctrl-C and SIGTERM stop it with
the documented interrupted line and exit 130."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from contract.cli import EXIT_INTERRUPTED
from contract.standin.server import running_server

KEY = "sk-serve-test-0123456789"


def _env() -> dict[str, str]:
    return {**os.environ, "OPENAI_API_KEY": KEY}


@contextmanager
def _serving(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``chatkit-contract serve --port 0 ARGS`` in a child process, and the base URL it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "contract", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)
        assert ready, "serve printed nothing within 20 s"
        match = re.match(r"chatkit-contract: serving on (http://127\.0\.0\.1:(\d+)/v1) ", process.stdout.readline())
        assert match, "serve did not print its address"
        assert int(match.group(2)) > 0
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _check_live(base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contract", "check-live", "--base-url", base_url, "--backoff", "0.001", *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=60, check=False)


def test_served_faults_reach_a_check_live_process_and_sigterm_stops_cleanly() -> None:
    """A --fault given to serve shows up as check-live's finding; SIGTERM ends serve as Ctrl-C does: exit 130 and
    the one interrupted line, no traceback."""
    with _serving("--fault", "drop,on=cancel") as (process, base_url):
        checked = _check_live(base_url, "--workflow-id", "wf", "--user", "u")
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == EXIT_INTERRUPTED
        assert process.stderr is not None
        assert process.stderr.read() == "chatkit-contract: interrupted\n"
    assert checked.returncode == 1, checked.stderr
    assert "(cancel): error schema.required /workflow/tracing: required member 'tracing' is missing" in checked.stdout
    assert KEY not in checked.stdout + checked.stderr


def test_serve_announces_the_key_source_not_the_key() -> None:
    """The startup line says where the key comes from, never what it is."""
    with _serving() as (process, base_url):
        assert _check_live(base_url, "--session-id", "cksess_none").returncode == 1
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == EXIT_INTERRUPTED
        assert process.stdout is not None
        assert KEY not in process.stdout.read()


def test_ctrl_c_ends_serve_with_the_interrupted_line_and_130() -> None:
    """Regression: Ctrl-C ended serve with exit 0 and no line, where every other command says it was interrupted."""
    with _serving() as (process, _):
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == EXIT_INTERRUPTED
        assert process.stderr is not None
        assert process.stderr.read() == "chatkit-contract: interrupted\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fault", "explode"], "chatkit-contract: error: fault 'explode': unknown fault 'explode'"),
        (["--port", "{busy}"], "chatkit-contract: error: cannot listen on 127.0.0.1:{busy}: "),
    ],
    ids=["bad-fault", "busy-port"],
)
def test_serve_user_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    """A bad fault spec or a port in use is exit 2 with one line on stderr."""
    with running_server() as busy:
        args = [arg.format(busy=busy.port) for arg in args]
        done = subprocess.run(
            [sys.executable, "-m", "contract", "serve", *args],
            capture_output=True,
            text=True,
            env=_env(),
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith(message.format(busy=busy.port))
    assert len(done.stderr.splitlines()) == 1
