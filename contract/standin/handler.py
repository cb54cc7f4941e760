"""How the stand-in answers one request: routing, auth, the six operations, and any fault it was told to apply.

Every answer, whatever the method, path or mistake in the request, is the service's JSON error envelope
or a session resource; never Python's HTML error page.
"""

from __future__ import annotations

import secrets
import socket
import struct
import threading
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
from contract.parsing.numbers import ascii_whole
from contract.secrets import mask
from contract.standin.createbody import BodyError, read_create_body
from contract.standin.envelope import Envelope, envelope, phrase
from contract.standin.faults import Fault, FaultQueue, parse_fault
from contract.standin.query import read_query
from contract.standin.requestlog import RequestLog, Served
from contract.standin.store import SessionExpired, SessionStore
from contract.standin.threads import CursorError, ThreadStore

__all__ = ["FAULT_HEADER", "Served", "ServerState", "SessionsHandler"]

#: A request carrying this header gets the fault it spells, for that request only.
FAULT_HEADER = "X-Chatkit-Fault"
_BASE_PATH = "/v1"
_NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
)
_NO_BETA = (
    "You must provide the 'OpenAI-Beta' header to access the ChatKit API. "
    f"Please try again by setting the header '{': '.join(operations.BETA_HEADER)}'."
)


@dataclass
class ServerState:
    """What every handler thread shares: the key clients must present, the sessions and threads, faults, a log."""

    api_key: str
    store: SessionStore
    threads: ThreadStore
    faults: FaultQueue = field(default_factory=FaultQueue)
    served: RequestLog = field(default_factory=RequestLog)
    stopping: threading.Event = field(default_factory=threading.Event)


def _route(method: str, target: str, path: str) -> operations.Route | None:
    """The operation a request for *target* (path and query) is under ``/v1``, else ``None``."""
    found = operations.route(method, target)
    if found is None or found.base != _BASE_PATH or path.endswith("/"):
        return None
    return found


class SessionsHandler(BaseHTTPRequestHandler):
    """Answers the six ChatKit operations like the service: create and cancel a session (``POST``), list a user's
    threads, read one, delete one and page through its items (``GET``, ``DELETE``), all under ``/v1/chatkit``.

    It is also the :class:`~contract.standin.kinds.Wire` a fault acts on.
    """

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, each response waits for a delayed ACK (~40 ms).
    disable_nagle_algorithm = True
    # Idle keep-alive connections are closed after this many seconds, so none outlives its client for long.
    timeout = 30
    #: Set on the per-server subclass the server makes.
    state: ServerState
    # Per request: whether it presented the key (its headers are then worth logging), and its fault.
    _authenticated = False
    _fault: Fault | None = None

    def do_POST(self) -> None:
        """Route, authenticate, pick a fault, answer."""
        self._authenticated, self._fault = False, None
        body = self._read_body()
        path = self._path()
        # HEAD is routed as the GET it stands for; reply() leaves the body out.
        route = _route("GET" if self.command == "HEAD" else self.command, getattr(self, "path", ""), path)
        if body is None:
            limit = f"Send the request body with a Content-Length of at most {MAX_BODY_BYTES >> 20} MiB."
            self._reply_error(400, envelope(limit))
            return
        if route is None:
            self._reply_error(404, envelope(f"Invalid URL ({self.command} {path})"))
            return
        refusal = self._refusal()
        if refusal is not None:
            self._reply_error(*refusal)
            return
        self._authenticated = True
        try:
            self._fault = self._fault_for(route.operation.name)
        except InputError as err:
            self._reply_error(400, envelope(f"{FAULT_HEADER}: {err}", param=FAULT_HEADER))
            return
        self._answer(route, body)

    def _unknown(self) -> None:
        """A method no operation takes (PUT, PATCH, OPTIONS, TRACE…), on any path: the service's 404 for a URL it
        does not serve."""
        self._authenticated, self._fault = False, None
        if self._read_body() is None:
            self.close_connection = True  # the body was not read: the connection cannot carry another request
        self._reply_error(404, envelope(f"Invalid URL ({self.command} {self._path()})"))

    do_GET = do_HEAD = do_DELETE = do_POST
    do_PUT = do_PATCH = do_OPTIONS = do_TRACE = _unknown

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a method it has no ``do_`` for, a malformed request line or header) in the
        service's envelope instead of an HTML page."""
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self._unknown()  # a method such as QUERY: as unknown to the service as GET is
            return
        self._authenticated, self._fault = False, None
        self.close_connection = True  # what came before is not a request; nothing after it can be trusted
        if self.request_version == "HTTP/0.9":
            # Left so when the request line was refused; an HTTP/0.9 answer has no status line, so no client
            # alive would read it as an error.
            self.request_version = self.protocol_version
        self._reply_error(code, envelope(message or f"{phrase(code)}."))

    def _path(self) -> str:
        """The request path without its query; a target that does not parse as a URL is taken as it came."""
        path = getattr(self, "path", "")  # unset when the request line itself was refused
        try:
            return urlsplit(path).path
        except ValueError:
            return path

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the ``served`` log records every request instead."""

    def _read_body(self) -> bytes | None:
        """The request body, or ``None`` when it cannot be read as the SDKs send one (``Content-Length``)."""
        lengths = self.headers.get_all("Content-Length") or []
        if self.headers.get("Transfer-Encoding") or len(set(lengths)) > 1:
            self.close_connection = True  # chunked or ambiguous: not worth guessing at
            return None
        # Content-Length is ASCII digits and nothing else (RFC 9110); str.isdigit() also passes "²" and "٣".
        size = ascii_whole(lengths[0].strip()) if lengths else 0
        if size is None or size > MAX_BODY_BYTES:
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

    def _fault_for(self, operation: str) -> Fault | None:
        spec = self.headers.get(FAULT_HEADER)
        if spec:
            return parse_fault(spec)
        return self.state.faults.take(operation)

    def _answer(self, route: operations.Route, body: bytes) -> None:
        fault = self._fault
        if fault is not None and fault.behaviour.instead(fault, self):
            return
        status, payload = self._operation(route, body)
        if fault is None:
            self.reply(status, orjson.dumps(payload), {})
            return
        kind = fault.behaviour
        data = kind.encode(fault, orjson.dumps(kind.reshape(fault, status, payload)))
        self.wait(kind.delay(fault))
        self.reply(status, data, {})

    def _operation(self, route: operations.Route, body: bytes) -> tuple[int, dict[str, Any]]:
        """The status and the resource (or error envelope) the service answers the routed request with."""
        name, params = route.operation.name, route.params
        if name == "create":
            return self._create(body)
        if name == "cancel":
            return self._cancel(params["session_id"])
        if name == "get-thread":
            thread = self.state.threads.get(params["thread_id"])
            return (200, thread) if thread is not None else self._no_thread(params["thread_id"])
        if name == "delete-thread":
            deleted = self.state.threads.delete(params["thread_id"])
            return (200, deleted) if deleted is not None else self._no_thread(params["thread_id"])
        return self._list(route)

    def _list(self, route: operations.Route) -> tuple[int, dict[str, Any]]:
        """A page of threads, or of one thread's items, as the query asks."""
        schema = route.operation.query or ""
        try:
            query = read_query(schema, route.query)
        except BodyError as err:
            return 400, envelope(err.message, param=err.param, code=err.code)
        try:
            if route.operation.name == "list-threads":
                return 200, self.state.threads.list_threads(**query)
            thread_id = route.params["thread_id"]
            page = self.state.threads.list_items(thread_id, **query)
        except CursorError as err:
            # The cursor names an object that is not there: not found, as for any other id that names nothing.
            message = f"No item with id '{err.value}' in this list (the '{err.param}' cursor)."
            return 404, envelope(message, param=err.param)
        return (200, page) if page is not None else self._no_thread(thread_id)

    @staticmethod
    def _no_thread(thread_id: str) -> tuple[int, Envelope]:
        return 404, envelope(f"Chatkit Thread with id '{thread_id}' not found.")

    def _create(self, body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            requested = orjson.loads(body)
        except orjson.JSONDecodeError:
            return 400, envelope("We could not parse the JSON body of your request. The API expects a JSON payload.")
        try:
            accepted = read_create_body(requested)
        except BodyError as err:
            return 400, envelope(err.message, param=err.param, code=err.code)
        # A user's first session comes with a history of threads to list, read and delete.
        self.state.threads.seed_once(accepted["user"])
        return 200, self.state.store.create(accepted)

    def _cancel(self, session_id: str) -> tuple[int, dict[str, Any]]:
        try:
            session = self.state.store.cancel(session_id)
        except SessionExpired:
            return 400, envelope(f"Chatkit Session with id '{session_id}' has expired and cannot be cancelled.")
        if session is None:
            return 404, envelope(f"Chatkit Session with id '{session_id}' not found.")
        return 200, session

    def _reply_error(self, status: int, error: Envelope) -> None:
        self.reply(status, orjson.dumps(error), {})

    def _log(self, status: int) -> None:
        headers = getattr(self, "headers", None)  # unset when the request line itself was refused
        self.state.served.add(
            self.command or "",
            self._path(),
            status,
            self._fault.kind if self._fault is not None else None,
            headers.items() if headers is not None else (),
            authenticated=self._authenticated,
        )

    # The Wire a fault acts on.

    def reply(self, status: int, data: bytes, headers: Mapping[str, str]) -> None:
        """Send the status, the service's headers and *data* (as the request's fault delivers it, if any)."""
        self._log(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", "req_" + secrets.token_hex(16))
        self.send_header("openai-version", "2020-10-01")
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return  # the headers of the answer a GET would get, and no body
        if self._fault is not None:
            self._fault.behaviour.deliver(self._fault, self, data)
        else:
            self.write(data)

    def abort(self) -> None:
        """Answer nothing and abort the connection: the client's read fails with a connection reset."""
        self._log(0)
        # Lingering for 0 seconds makes closing send RST instead of an orderly FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def write(self, data: bytes) -> None:
        """Send *data* on the connection."""
        self.wfile.write(data)

    def hang_up(self) -> None:
        """Close the connection now, whatever the answer promised."""
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def wait(self, seconds: float) -> bool:
        """Wait *seconds*, cut short when the server closes; ``True`` when it is closing."""
        return self.state.stopping.wait(seconds) if seconds > 0 else self.state.stopping.is_set()
