"""How the stand-in answers one request: routing, auth, the two endpoints, and any fault it was told to apply."""

from __future__ import annotations

import secrets
import socket
import struct
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

import orjson

from contract import operations
from contract.errors import InputError
from contract.limits import MAX_BODY_BYTES
from contract.secrets import mask, mask_headers, mask_text
from contract.standin.createbody import BodyError, check_create_body
from contract.standin.faults import Fault, FaultKind, FaultQueue, Route, mutate, parse_fault
from contract.standin.store import SessionExpired, SessionStore

__all__ = ["FAULT_HEADER", "Served", "ServerState", "SessionsHandler"]

#: A request carrying this header gets the fault it spells, for that request only.
FAULT_HEADER = "X-Chatkit-Fault"
_BASE_PATH = "/v1"
_SERVED_KEPT = 10_000
# What a misconfigured proxy in front of the service might send instead of JSON.
_NOT_JSON = b"upstream connect error or disconnect/reset before headers. reset reason: connection termination"
_STATUS_ERRORS = {
    429: ("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!", "server_error", None),
    503: ("The server is overloaded or not ready yet.", "server_error", None),
}
_NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
)
_NO_BETA = (
    "You must provide the 'OpenAI-Beta' header to access the ChatKit API. "
    f"Please try again by setting the header '{': '.join(operations.BETA_HEADER)}'."
)

Envelope = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Served:
    """One request the server answered: method, path, status sent (0 for a reset), fault, request headers (redacted)."""

    method: str
    path: str
    status: int
    fault: FaultKind | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ServerState:
    """What every handler thread shares: the key clients must present, the sessions, faults, and a log."""

    api_key: str
    store: SessionStore
    faults: FaultQueue = field(default_factory=FaultQueue)
    served: deque[Served] = field(default_factory=lambda: deque(maxlen=_SERVED_KEPT))
    stopping: threading.Event = field(default_factory=threading.Event)


def envelope(
    message: str, kind: str = "invalid_request_error", param: str | None = None, code: str | None = None
) -> Envelope:
    """OpenAI's error envelope."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _phrase(status: int) -> str:
    """The standard reason phrase (``Conflict``), or ``HTTP 499`` for a status without one."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def _route(path: str) -> tuple[Route, str] | None:
    """``("create", "")`` or ``("cancel", session_id)`` for the two operations under ``/v1``, else ``None``."""
    found = operations.route("POST", path)
    if found is None or found.base != _BASE_PATH or path.endswith("/"):
        return None
    name = found.operation.name
    return ("create", "") if name == "create" else ("cancel", found.params["session_id"])


class SessionsHandler(BaseHTTPRequestHandler):
    """Answers ``POST /v1/chatkit/sessions`` and ``POST /v1/chatkit/sessions/{id}/cancel`` like the service."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, each response waits for a delayed ACK (~40 ms).
    disable_nagle_algorithm = True
    # Idle keep-alive connections are closed after this many seconds, so none outlives its client for long.
    timeout = 30
    #: Set on the per-server subclass the server makes.
    state: ServerState

    def do_POST(self) -> None:
        """Route, authenticate, pick a fault, answer."""
        body = self._read_body()
        path = self._path()
        route = _route(path)
        if body is None:
            self._reply_error(
                400, envelope(f"Send the request body with a Content-Length of at most {MAX_BODY_BYTES >> 20} MiB.")
            )
            return
        if route is None:
            self._reply_error(404, envelope(f"Invalid URL ({self.command} {path})"))
            return
        refusal = self._refusal()
        if refusal is not None:
            self._reply_error(*refusal)
            return
        try:
            fault = self._fault_for(route[0])
        except InputError as err:
            self._reply_error(400, envelope(f"{FAULT_HEADER}: {err}", param=FAULT_HEADER))
            return
        self._answer(route, body, fault)

    def _unknown(self) -> None:
        self._read_body()
        self._reply_error(404, envelope(f"Invalid URL ({self.command} {self._path()})"))

    do_GET = do_PUT = do_PATCH = do_DELETE = _unknown

    def _path(self) -> str:
        """The request path without its query; a target that does not parse as a URL is taken as it came."""
        try:
            return urlsplit(self.path).path
        except ValueError:
            return self.path

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the ``served`` log records every request instead."""

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") or (length and not length.isdigit()):
            # Both SDKs send a Content-Length; anything else is not worth guessing at.
            self.close_connection = True
            return None
        size = int(length or 0)
        if size > MAX_BODY_BYTES:
            self.close_connection = True
            return None
        return self.rfile.read(size)

    def _refusal(self) -> tuple[int, Envelope] | None:
        """The 401 or 400 the service gives before looking at the request, if any."""
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return 401, envelope(_NO_KEY)
        if token.strip() != self.state.api_key:
            message = f"Incorrect API key provided: {mask(token.strip())}. You can find your API key in your settings."
            return 401, envelope(message, code="invalid_api_key")
        betas = [part.strip() for part in (self.headers.get("OpenAI-Beta") or "").split(",")]
        if operations.BETA_HEADER[1] not in betas:
            return 400, envelope(_NO_BETA, param="OpenAI-Beta")
        return None

    def _fault_for(self, route: Route) -> Fault | None:
        spec = self.headers.get(FAULT_HEADER)
        if spec:
            return parse_fault(spec)
        return self.state.faults.take(route)

    def _answer(self, route: tuple[Route, str], body: bytes, fault: Fault | None) -> None:
        if fault is not None and fault.kind == "reset":
            self._reset(fault)
            return
        if fault is not None and fault.kind == "status":
            generic = "server_error" if fault.status >= 500 else "invalid_request_error"
            message, kind, code = _STATUS_ERRORS.get(fault.status, (f"{_phrase(fault.status)}.", generic, None))
            retry = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            self._reply(fault.status, orjson.dumps(envelope(message, kind, code=code)), fault, retry)
            return
        status, payload = self._create(body) if route[0] == "create" else self._cancel(route[1])
        if fault is not None and fault.mutates_body and status == 200:
            payload = mutate(payload, fault)
        if fault is not None and fault.kind == "oversize":
            payload["x_padding"] = "x" * int(fault.mib * (1 << 20))
        data = _NOT_JSON if fault is not None and fault.kind == "not-json" else orjson.dumps(payload)
        if fault is not None and fault.kind == "delay":
            self.state.stopping.wait(fault.seconds)
        self._reply(status, data, fault)

    def _create(self, body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            requested = orjson.loads(body)
        except orjson.JSONDecodeError:
            return 400, envelope("We could not parse the JSON body of your request. The API expects a JSON payload.")
        try:
            check_create_body(requested)
        except BodyError as err:
            return 400, envelope(err.message, param=err.param, code=err.code)
        return 200, self.state.store.create(requested)

    def _cancel(self, session_id: str) -> tuple[int, dict[str, Any]]:
        try:
            session = self.state.store.cancel(session_id)
        except SessionExpired:
            return 400, envelope(f"Chatkit Session with id '{session_id}' has expired and cannot be cancelled.")
        if session is None:
            return 404, envelope(f"Chatkit Session with id '{session_id}' not found.")
        return 200, session

    def _reply_error(self, status: int, error: Envelope) -> None:
        self._reply(status, orjson.dumps(error), None)

    def _log(self, status: int, fault: Fault | None) -> None:
        path, kind = mask_text(self._path()), fault.kind if fault else None
        self.state.served.append(Served(self.command, path, status, kind, mask_headers(self.headers.items())))

    def _reset(self, fault: Fault) -> None:
        """Answer nothing and abort the connection: the client's read fails with a connection reset."""
        self._log(0, fault)
        # Lingering for 0 seconds makes closing send RST instead of an orderly FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _trickle(self, data: bytes, seconds: float) -> None:
        """Send *data* a piece at a time over *seconds* (a tenth of a second apart), as a congested link would."""
        pieces = max(1, int(seconds * 10))
        step = max(1, -(-len(data) // pieces))
        for start in range(0, len(data), step):
            self.wfile.write(data[start : start + step])
            if self.state.stopping.wait(seconds / pieces):
                self.close_connection = True  # the server is closing: the rest is never sent
                return

    def _reply(self, status: int, data: bytes, fault: Fault | None, extra: dict[str, str] | None = None) -> None:
        self._log(status, fault)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", "req_" + secrets.token_hex(16))
        self.send_header("openai-version", "2020-10-01")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if fault is not None and fault.kind == "disconnect":
            # Promise the whole body, send half, hang up: the client sees a connection lost mid-body.
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.kind == "slow":
            self._trickle(data, fault.seconds)
            return
        self.wfile.write(data)
