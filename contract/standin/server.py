"""A local stand-in for the ChatKit service (sessions and threads): real HTTP/1.1 on loopback, faults on demand.

``running_server()`` starts one on a free port for a test; ``chatkit-contract serve`` runs one in the foreground.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from contract.errors import ContractError
from contract.standin.faults import Fault, parse_fault
from contract.standin.handler import FAULT_HEADER, Served, ServerState, SessionsHandler
from contract.standin.store import SessionStore
from contract.standin.threads import THREADS_PER_USER, ThreadStore

__all__ = ["FAKE_API_KEY", "FAULT_HEADER", "FakeServer", "Served", "running_server"]

#: The key clients must present when none is chosen; it is documented, so it is not a secret.
FAKE_API_KEY = "sk-fake-chatkit-contract"


class _HTTPServer(ThreadingHTTPServer):
    """A threading server that remembers its open connections, so closing it really closes them."""

    daemon_threads = True
    # socketserver's default backlog of 5 drops connection attempts from a burst of clients (a 1 s SYN retry each).
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type[SessionsHandler]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up early is normal traffic for a test server, not a reason for a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Hang up on every client still connected (keep-alive connections would otherwise linger)."""
        with self._connections_lock:
            open_now = list(self._connections)
        for connection in open_now:
            with suppress(OSError):  # already closed by the other side
                connection.shutdown(socket.SHUT_RDWR)


class FakeServer:
    """A stand-in ChatKit service bound to *host*:*port* (``0`` picks a free port).

    ``base_url`` is what an OpenAI client takes as ``base_url``; ``api_key`` is the key it must send.
    ``sessions`` and ``threads`` are what it holds: a user's first session seeds *threads_per_user* threads
    (``threads.seed(user)`` gives a user threads without one).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = FAKE_API_KEY,
        clock: Callable[[], float] = time.time,
        threads_per_user: int = THREADS_PER_USER,
    ) -> None:
        self.api_key = api_key
        self.sessions = SessionStore(clock)
        self.threads = ThreadStore(self.sessions.now, threads_per_user=threads_per_user)
        self._state = ServerState(api_key=api_key, store=self.sessions, threads=self.threads)
        handler = type("BoundSessionsHandler", (SessionsHandler,), {"state": self._state})
        try:
            self._httpd = _HTTPServer((host, port), handler)
        except OSError as err:
            raise ContractError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
        bound_host, bound_port = self._httpd.server_address[:2]
        self.host, self.port = str(bound_host), int(bound_port)
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"FakeServer(url={self.url!r}, sessions={len(self.sessions)})"

    @property
    def url(self) -> str:
        """``http://host:port``, the server's root."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API root (``…/v1``), as OpenAI clients and ``check-live --base-url`` expect it."""
        return self.url + "/v1"

    @property
    def served(self) -> tuple[Served, ...]:
        """The requests answered so far, oldest first: the latest 10,000 within 16 MiB of what they said (see
        :mod:`contract.standin.requestlog`; a request refused for its key is kept without its headers)."""
        return self._state.served.snapshot()

    @property
    def pending_faults(self) -> tuple[Fault, ...]:
        """Faults still waiting for requests."""
        return self._state.faults.pending

    def inject(self, fault: Fault | str) -> Fault:
        """Queue a fault (a :class:`Fault` or a spec such as ``"status=429,times=2"``) for the next requests."""
        chosen = parse_fault(fault) if isinstance(fault, str) else fault
        self._state.faults.inject(chosen)
        return chosen

    def clear_faults(self) -> None:
        """Forget every queued fault."""
        self._state.faults.clear()

    def advance_clock(self, seconds: float) -> None:
        """Move the server's clock forward, so sessions expire without waiting."""
        self.sessions.advance(seconds)

    def start(self) -> FakeServer:
        """Serve in a background thread; returns the server for chaining."""
        if self._thread is None:
            self._thread = threading.Thread(target=self.serve_forever, name=f"chatkit-fake-{self.port}", daemon=True)
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`close` is called from another."""
        self._httpd.serve_forever(poll_interval=0.05)

    def close(self) -> None:
        """Stop serving, cut short any injected delay, hang up on every client."""
        self._state.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        self._httpd.close_connections()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


@contextmanager
def running_server(
    *, host: str = "127.0.0.1", port: int = 0, api_key: str = FAKE_API_KEY, clock: Callable[[], float] = time.time
) -> Iterator[FakeServer]:
    """A started :class:`FakeServer` for the duration of the ``with`` block."""
    with FakeServer(host=host, port=port, api_key=api_key, clock=clock) as server:
        yield server
