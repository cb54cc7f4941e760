"""A real HTTP server on 127.0.0.1 answering canned responses, for tests whose subject talks HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson


@dataclass(frozen=True)
class Canned:
    """One response the server sends: status, body and Content-Type."""

    body: bytes
    status: int = 200
    content_type: str = "application/json"

    @classmethod
    def json(cls, payload: Any, status: int = 200) -> Canned:
        """A JSON response of *payload*."""
        return cls(orjson.dumps(payload), status)


_NOT_FOUND = Canned.json({"error": {"message": "no such route", "type": "invalid_request_error"}}, 404)


class _Handler(BaseHTTPRequestHandler):
    routes: Mapping[tuple[str, str], Canned] = {}

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        canned = self.routes.get((self.command, self.path), _NOT_FOUND)
        self.send_response(canned.status)
        self.send_header("Content-Type", canned.content_type)
        self.send_header("Content-Length", str(len(canned.body)))
        self.end_headers()
        self.wfile.write(canned.body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest output is for test results."""


@contextmanager
def serving(routes: Mapping[tuple[str, str], Canned]) -> Iterator[str]:
    """Serve *routes* (``(method, path) -> Canned``) on a free loopback port; yields the base URL."""
    handler = type("Handler", (_Handler,), {"routes": dict(routes)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
