"""Drive the stand-in server with concurrent keep-alive clients over loopback and count what it did.

Run: ``python benchmarks/fakeserver_load.py [--clients 8] [--seconds 2] [--rounds 3]``. Each client creates a
session and cancels it, over and over. Prints requests/s (median of interleaved rounds) and errors for the
stand-in and, as the baseline measured in the same run, for a bare stdlib HTTP/1.1 server that answers every POST
with a fixed body of the same size; then checks that no session was lost or duplicated and that every one ends
cancelled. Clients and servers share one process, so the ratio, not the absolute rate, is the figure to read.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import orjson

from contract.standin.server import FakeServer

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

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128  # as the stand-in's, so a burst of connections is not what gets measured

    return Server(("127.0.0.1", 0), Fixed)


def _line(name: str, runs: list[tuple[Tally, float]]) -> float:
    """Print one server's totals and median rate; return the median rate."""
    rate = statistics.median(rate for _, rate in runs)
    requests, errors = sum(t.requests for t, _ in runs), sum(t.errors for t, _ in runs)
    print(f"{name:<30} {requests:7d} requests  median {rate:7.0f} req/s  {errors:4d} errors")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help=f"concurrent clients, 1-{MAX_CLIENTS}")
    parser.add_argument("--seconds", type=float, default=2.0, help=f"length of each round, at most {MAX_SECONDS:g}")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server, interleaved (1-10)")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS or not 1 <= args.rounds <= 10:
        parser.error(f"--clients must be 1-{MAX_CLIENTS}, --seconds in (0, {MAX_SECONDS:g}], --rounds 1-10")

    with FakeServer() as server:
        sample = server.sessions.create(CREATE)
        baseline = _baseline_server(orjson.dumps(sample))
        threading.Thread(target=baseline.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        floor_url = f"http://127.0.0.1:{baseline.server_address[1]}"
        print(f"{args.clients} clients, {args.rounds} x {args.seconds:g} s per server, create+cancel, loopback")
        _drive(floor_url, args.clients, min(0.5, args.seconds))  # warm-up: threads, imports, connection pools
        runs: dict[str, list[tuple[Tally, float]]] = {floor_url: [], server.base_url: []}
        # Interleaved rounds and medians: a shared machine's load changes by the second.
        for _ in range(args.rounds):
            for url, results in runs.items():
                tally, elapsed = _drive(url, args.clients, args.seconds)
                results.append((tally, tally.requests / elapsed))
        baseline.shutdown()
        baseline.server_close()
        floor = _line("bare http.server (baseline)", runs[floor_url])
        rate = _line("stand-in ChatKit server", runs[server.base_url])
        print(f"stand-in throughput / baseline: {rate / floor:.2f}x")
        _account(server, sample["id"], [tally for tally, _ in runs[server.base_url]])


def _account(server: FakeServer, sample_id: str, tallies: list[Tally]) -> None:
    """Every session a client was handed is stored once and ends cancelled; nothing else is stored."""
    created = [session_id for tally in tallies for session_id in tally.created]
    made, stored = set(created), set(server.sessions.ids()) - {sample_id}
    statuses = {(server.sessions.get(session_id) or {}).get("status") for session_id in made}
    print(
        f"sessions: {len(created)} created, {len(created) - len(made)} duplicated, {len(made - stored)} lost, "
        f"{len(stored - made)} unaccounted; statuses after: {sorted(map(str, statuses))}"
    )


if __name__ == "__main__":
    main()
