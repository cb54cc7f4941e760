"""Faults: check-live against the stand-in under every fault, lasting or not, and the stand-in under load and abuse.

Each run must end in bounded time with a clear outcome: its finding (exit 1), a pass (exit 0), or one line
saying why the endpoint could not be checked (exit 2).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from contract.standin.server import FakeServer, running_server
from tests.robustness.support import findings_of, invoke, run_command

LIFECYCLE = ["--workflow-id", "wf_1", "--user", "user_1"]
TIMEOUT, RETRIES = 1.0, 1
# Every attempt may take the timeout and a little more (a read already started), plus start-up.
BOUND = (RETRIES + 1) * 3 * (TIMEOUT + 0.5) + 3


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh stand-in per test."""
    with running_server() as running:
        yield running


def _check_live(server: FakeServer, *args: str) -> Any:
    options = ["--timeout", str(TIMEOUT), "--retries", str(RETRIES), "--backoff", "0", "--format", "json"]
    return invoke(
        ["check-live", "--base-url", server.base_url, *options, *args], env={"OPENAI_API_KEY": server.api_key}
    )


FAULTS = [
    # (fault on every cancel, exit code, what the report or the error line says)
    ("drop", 1, "schema.required"),
    ("type", 1, "schema.type"),
    ("extra", 0, "drift.unknown-field"),
    ("not-json", 1, "json.parse"),
    ("status=503", 1, "http.status"),
    ("status=429,retry-after=0", 1, "http.status"),
    ("delay=0.2", 0, ""),
    pytest.param("delay=5", 2, "no response within 1s", marks=pytest.mark.slow, id="delay=5"),
    ("disconnect", 2, "the connection broke off mid-response"),
    ("reset", 2, "the connection failed mid-exchange"),
    ("slow=0.3", 0, ""),
    pytest.param("slow=5", 2, "no response within 1s", marks=pytest.mark.slow, id="slow=5"),
    ("oversize", 1, "json.too-large"),
]


@pytest.mark.parametrize(
    ("fault", "code", "outcome"), FAULTS, ids=lambda value: str(value) if isinstance(value, str) else None
)
def test_every_fault_lasting_every_retry_ends_in_bounded_time(
    server: FakeServer, fault: str, code: int, outcome: str
) -> None:
    """Whatever the cancel endpoint keeps doing, check-live ends within its retries and timeouts, and says what."""
    server.inject(f"{fault},on=cancel,times=always")
    start = time.monotonic()
    result = _check_live(server, *LIFECYCLE)
    seconds = time.monotonic() - start
    assert result.exit_code == code, result.output
    assert seconds < BOUND
    if code == 2:
        *retries, line = result.stderr.splitlines()
        assert len(retries) == RETRIES
        assert all("retrying in 0s" in retry for retry in retries)
        assert line.startswith("chatkit-contract: error: POST ")
        assert outcome in line
        assert "was created and may still be active" in line
    else:
        rules = {rule for _, rule, *_ in findings_of(result.stdout)}
        assert rules == ({outcome} if outcome else set())


@pytest.mark.slow
def test_a_slow_body_cannot_stretch_a_check_past_its_timeout(server: FakeServer) -> None:
    """A body trickled in for 10 s, each piece well within the read timeout, still ends the attempt at ~1 s."""
    server.inject("slow=10,on=cancel,times=always")
    start = time.monotonic()
    result = _check_live(server, "--retries", "0", *LIFECYCLE)
    assert result.exit_code == 2
    assert time.monotonic() - start < TIMEOUT + 3


@pytest.mark.slow
def test_an_oversized_body_is_read_only_to_the_limit(server: FakeServer) -> None:
    """A 200 MiB answer is reported as json.too-large by a process that never holds much more than the limit."""
    server.inject("oversize=200,on=cancel")
    run = run_command(
        ["check-live", "--base-url", server.base_url, "--format", "json", *LIFECYCLE],
        env={"OPENAI_API_KEY": server.api_key},
    )
    assert run.returncode == 1, run.stderr
    assert ("cancel", "json.too-large") in [(f[0], f[1]) for f in findings_of(run.stdout.decode())]
    assert run.peak_mib < 120, f"peak {run.peak_mib:.0f} MiB"


def _lifecycle(base_url: str, api_key: str, rounds: int, fault_every: int) -> list[tuple[str, int, Any]]:
    """Create, cancel and cancel again *rounds* times on one keep-alive connection; a fault now and then."""
    seen = []
    headers = {"Authorization": f"Bearer {api_key}", "OpenAI-Beta": "chatkit_beta=v1"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        for n in range(rounds):
            extra = {"X-Chatkit-Fault": "status=500"} if n % fault_every == fault_every - 1 else {}
            created = client.post("/chatkit/sessions", json={"workflow": {"id": "wf"}, "user": f"u{n}"}, headers=extra)
            seen.append(("create", created.status_code, created.json()))
            if created.status_code != 200:
                continue
            session_id = created.json()["id"]
            for step in ("cancel", "again"):
                cancelled = client.post(f"/chatkit/sessions/{session_id}/cancel")
                seen.append((step, cancelled.status_code, cancelled.json()))
    return seen


@pytest.mark.slow
def test_the_stand_in_keeps_every_session_consistent_under_concurrent_load(server: FakeServer) -> None:
    """16 clients at once, 20 rounds each, some requests failed on purpose: no session lost, doubled or mixed up."""
    clients, rounds, fault_every = 16, 20, 7
    with ThreadPoolExecutor(clients) as pool:
        runs = list(
            pool.map(lambda _: _lifecycle(server.base_url, server.api_key, rounds, fault_every), range(clients))
        )
    created = [body["id"] for run in runs for step, status, body in run if step == "create" and status == 200]
    failed = [body for run in runs for step, status, body in run if step == "create" and status != 200]
    assert len(failed) == clients * (rounds // fault_every)
    assert all(body["error"]["type"] == "server_error" for body in failed)
    assert len(set(created)) == len(created) == clients * rounds - len(failed)
    assert sorted(server.sessions.ids()) == sorted(created)
    for run in runs:
        pending: str | None = None
        for step, status, body in run:
            if step == "create":
                pending = body.get("id")
                continue
            assert (status, body["id"], body["status"]) == (200, pending, "cancelled")
    assert all(server.sessions.get(session_id)["status"] == "cancelled" for session_id in created)  # type: ignore[index]
    assert len(server.served) == sum(len(run) for run in runs)


def _stall(address: tuple[str, int]) -> socket.socket:
    """A slowloris client: half a request, then nothing."""
    stalled = socket.create_connection(address, timeout=5)
    stalled.sendall(b'POST /v1/chatkit/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"work')
    return stalled


def test_stalled_and_reset_clients_do_not_hold_up_anyone_else(
    server: FakeServer, capfd: pytest.CaptureFixture[str]
) -> None:
    """Twenty clients stalling mid-request and ten resetting theirs: a well-behaved client is served at once."""
    address = (server.host, server.port)
    stalled = [_stall(address) for _ in range(20)]
    for _ in range(10):
        with socket.create_connection(address, timeout=5) as reset:
            reset.sendall(b"POST /v1/chatkit/sessions HTTP/1.1\r\nContent-Length: 50\r\n\r\n{")
            reset.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    try:
        start = time.monotonic()
        run = _lifecycle(server.base_url, server.api_key, rounds=3, fault_every=1000)
        assert time.monotonic() - start < 5
        assert [status for _, status, _ in run] == [200] * 9
    finally:
        for connection in stalled:
            connection.close()
    threading.Event().wait(0.2)  # let the handlers of the reset connections finish
    assert "Traceback" not in capfd.readouterr().err


def test_a_request_body_beyond_the_limit_is_refused_not_read(server: FakeServer) -> None:
    """A client announcing a body over 16 MiB gets a 400 at once; the server never buffers it."""
    with socket.create_connection((server.host, server.port), timeout=10) as client:
        client.sendall(
            b"POST /v1/chatkit/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + server.api_key.encode()
            + b"\r\nContent-Length: 1000000000\r\n\r\n"
        )
        status_line = client.makefile("rb").readline()
    assert status_line.startswith(b"HTTP/1.1 400")
    assert server.served[-1].status == 400
