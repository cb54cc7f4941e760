"""Drive the stand-in server with concurrent keep-alive clients over loopback and count what it did.

Run: ``python benchmarks/fakeserver_load.py [--clients 8] [--seconds 3]``. Each client creates a session and
cancels it, over and over. Prints requests/s and errors for the stand-in and, as the baseline measured in the
same run, for a bare stdlib HTTP/1.1 server that answers every POST with a fixed body of the same size; then
checks that no session was lost or duplicated and that every one ends cancelled.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import orjson

from contract.fakeserver import FakeServer

HEADERS = {"Authorization": "Bearer sk-fake-chatkit-contract", "OpenAI-Beta": "chatkit_beta=v1"}
CREATE = {"workflow": {"id": "wf_load"}, "user": "user_load"}
MAX_CLIENTS, MAX_SECONDS = 64, 30.0


@dataclass
class Tally:
    """What the clients saw: requests sent, errors, and the session ids the server handed out."""

    requests: int = 0
    errors: int = 0
    created: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client_loop(base_url: str, deadline: float, tally: Tally) -> None:
    """Create then cancel until *deadline*, on one keep-alive connection."""
    requests = errors = 0
    created: list[str] = []
    with httpx.Client(base_url=base_url, headers=HEADERS, timeout=10) as client:
        while time.monotonic() < deadline:
            try:
                made = client.post("/chatkit/sessions", json=CREATE)
                requests += 1
                session_id = orjson.loads(made.content).get("id", "")
                created.append(session_id)
                done = client.post(f"/chatkit/sessions/{session_id}/cancel")
                requests += 1
                errors += (made.status_code != 200) + (done.status_code != 200)
            except (httpx.HTTPError, ValueError, AttributeError):
                errors += 1
    with tally.lock:
        tally.requests += requests
        tally.errors += errors
        tally.created += created


def _drive(base_url: str, clients: int, seconds: float) -> tuple[Tally, float]:
    """Run *clients* loops for *seconds*; the tally and the wall time it took."""
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=_client_loop, args=(base_url, deadline, tally)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def _baseline_server(body: bytes) -> ThreadingHTTPServer:
    """The floor: stdlib HTTP/1.1, no routing, no auth, no JSON, a fixed answer."""

    class Fixed(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Fixed)
    server.daemon_threads = True
    return server


def _measure(name: str, run: Callable[[], tuple[Tally, float]]) -> tuple[Tally, float]:
    tally, elapsed = run()
    rate = tally.requests / elapsed
    print(f"{name:<34} {tally.requests:7d} requests  {rate:8.0f} req/s  {tally.errors:4d} errors")
    return tally, rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help=f"concurrent clients, 1-{MAX_CLIENTS}")
    parser.add_argument("--seconds", type=float, default=3.0, help=f"duration of each run, at most {MAX_SECONDS:g}")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--clients must be 1-{MAX_CLIENTS} and --seconds in (0, {MAX_SECONDS:g}]")

    with FakeServer() as server:
        sample = server.sessions.create(CREATE)
        baseline = _baseline_server(orjson.dumps(sample))
        serving = threading.Thread(target=baseline.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        serving.start()
        url = f"http://127.0.0.1:{baseline.server_address[1]}"
        print(f"{args.clients} clients x {args.seconds:g} s each, create+cancel pairs, loopback keep-alive")
        _drive(url, args.clients, min(0.5, args.seconds))  # warm-up: threads, imports, connection pools
        _, floor = _measure("bare http.server (baseline)", lambda: _drive(url, args.clients, args.seconds))
        baseline.shutdown()
        baseline.server_close()
        tally, rate = _measure("stand-in ChatKit server", lambda: _drive(server.base_url, args.clients, args.seconds))
        print(f"stand-in throughput / baseline: {rate / floor:.2f}x")
        stored = set(server.sessions.ids()) - {sample["id"]}
        made = set(tally.created)
        statuses = {(server.sessions.get(session_id) or {}).get("status") for session_id in made}
        print(
            f"sessions: {len(tally.created)} created, {len(tally.created) - len(made)} duplicated, "
            f"{len(made - stored)} lost, {len(stored - made)} unaccounted; statuses after: {sorted(map(str, statuses))}"
        )


if __name__ == "__main__":
    main()
