"""serve beyond loopback: the public built-in key is refused, a key of your own is served with a warning.

Regression: ``serve --host 0.0.0.0`` bound every interface with the well-known built-in key and said nothing.
Also: the first line serve prints is the one the README shows.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.cli.serve import _is_loopback

ROOT = Path(__file__).parents[2]
KEY = "sk-serve-host-test-0123456789"


def _without_key() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"OPENAI_API_KEY", "CHATKIT_KEY"}}


@contextmanager
def _serving(*args: str, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``serve --port 0 ARGS`` as a process; its first stdout line once it is listening."""
    process = subprocess.Popen(
        [sys.executable, "-m", "contract", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)
        assert ready, "serve printed nothing within 20 s"
        yield process.stdout.readline(), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.0.2.10", "ci-runner.example"])
def test_a_host_beyond_loopback_refuses_the_built_in_key(host: str) -> None:
    """Without a key of your own: exit 2, one line naming the variable to set, before anything listens."""
    result = CliRunner().invoke(main, ["serve", "--host", host], env={"OPENAI_API_KEY": None})
    assert result.exit_code == 2
    assert result.output == (
        f"chatkit-contract: error: --host {host} is reachable from other machines, and the built-in test key is "
        "public: set $OPENAI_API_KEY to a key of your own (or name another variable with --api-key-env)\n"
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
    ],
)
def test_loopback_is_recognised(host: str, loopback: bool) -> None:
    """Every loopback address (and localhost) keeps the built-in key; anything else is beyond this machine."""
    assert _is_loopback(host) is loopback


def test_a_host_beyond_loopback_with_a_key_serves_and_warns() -> None:
    """With --api-key-env naming a set variable: a warning on stderr, then it serves, and only with that key."""
    env = {**_without_key(), "CHATKIT_KEY": KEY}
    with _serving("--host", "0.0.0.0", "--api-key-env", "CHATKIT_KEY", env=env) as (banner, process):
        port = re.search(r"http://0\.0\.0\.0:(\d+)/v1 ", banner)
        assert port, banner
        url = f"http://127.0.0.1:{port.group(1)}/v1/chatkit/sessions/cksess_1/cancel"
        headers = {"OpenAI-Beta": "chatkit_beta=v1"}
        assert (
            httpx.post(url, headers={**headers, "Authorization": "Bearer sk-fake-chatkit-contract"}).status_code == 401
        )
        assert httpx.post(url, headers={**headers, "Authorization": f"Bearer {KEY}"}).status_code == 404
        assert process.stderr is not None
        warning = process.stderr.readline()
    assert warning == (
        "chatkit-contract: warning: --host 0.0.0.0 is reachable from other machines; clients need the key in "
        "$CHATKIT_KEY\n"
    )
    assert KEY not in banner + warning


def test_the_first_line_is_the_one_the_readme_shows() -> None:
    """With OPENAI_API_KEY unset, serve's first line is the README's, but for the port it picked."""
    shown = re.search(
        r"With `OPENAI_API_KEY` unset, the first line is:\n\n```text\n(.*?)\n```", (ROOT / "README.md").read_text()
    )
    assert shown, "README lost serve's first line"
    with _serving(env=_without_key()) as (banner, _):
        assert re.sub(r":\d+/", ":41234/", banner) == shown.group(1) + "\n"
