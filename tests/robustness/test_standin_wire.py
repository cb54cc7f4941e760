"""The stand-in on the wire, against what an attack sent it: odd digits in numeric headers, methods the service
does not have, malformed requests, whole-number floats, and clients sending megabytes of headers.

Every request gets one answer in the service's JSON envelope (or a session resource), and the server keeps
serving; raw sockets send exactly the bytes under test.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from contract.standin.requestlog import MAX_BYTES, MAX_ENTRIES, RequestLog
from contract.standin.server import FAKE_API_KEY, FakeServer, running_server

AUTH = f"Authorization: Bearer {FAKE_API_KEY}\r\nOpenAI-Beta: chatkit_beta=v1\r\n".encode()
CREATE = b'{"workflow": {"id": "wf_1"}, "user": "user_1"}'


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    """One server for the module: each test's requests must leave it serving the next."""
    with running_server() as running:
        yield running


def exchange(server: FakeServer, raw: bytes, *, method: str = "POST") -> tuple[int, dict[str, str], bytes]:
    """Send *raw* bytes as one request on a fresh connection; the status, headers and body of the one answer.

    The sending side is closed after the bytes, so a request promising more body than it sends ends there.
    """
    with socket.create_connection((server.host, server.port), timeout=10) as connection:
        connection.sendall(raw)
        connection.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(connection, method=method)
        response.begin()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def request(method: str, path: str, headers: bytes = AUTH, body: bytes = b"", length: bytes | None = None) -> bytes:
    size = str(len(body)).encode() if length is None else length
    return (
        f"{method} {path} HTTP/1.1\r\nHost: x\r\n".encode() + headers + b"Content-Length: " + size + b"\r\n\r\n" + body
    )


def error_of(status_headers_body: tuple[int, dict[str, str], bytes]) -> tuple[int, dict[str, Any]]:
    """The status and the ``error`` object of an answer in OpenAI's envelope (and nothing else)."""
    status, headers, body = status_headers_body
    assert headers["content-type"] == "application/json"
    envelope = json.loads(body)
    assert set(envelope) == {"error"}
    assert set(envelope["error"]) == {"message", "type", "param", "code"}
    return status, envelope["error"]


def still_serving(server: FakeServer) -> None:
    status, _, body = exchange(server, request("POST", "/v1/chatkit/sessions", body=CREATE))
    assert status == 200
    assert json.loads(body)["object"] == "chatkit.session"


@pytest.mark.parametrize(
    "length",
    [
        "²".encode("latin-1"),
        "¹".encode("latin-1"),
        "٣".encode(),
        "１".encode(),
        b"1_0",
        b"+5",
        b"0x10",
        b"-1",
        b"9" * 5000,
    ],
    ids=[
        "superscript-two",
        "superscript-one",
        "arabic-indic",
        "full-width",
        "underscore",
        "plus",
        "hex",
        "minus",
        "5000-digits",
    ],
)
def test_a_content_length_that_is_not_ascii_digits_is_a_400_envelope(server: FakeServer, length: bytes) -> None:
    """Content-Length: ² (isdigit() is true, int() fails) dropped the connection with a traceback; every length that
    is not plain digits is refused with an answer, and the server serves on."""
    answer = exchange(server, request("POST", "/v1/chatkit/sessions", body=CREATE, length=length))
    status, error = error_of(answer)
    assert status == 400
    assert "Content-Length" in error["message"]
    assert answer[1]["connection"] == "close"
    still_serving(server)


def test_two_different_content_lengths_are_refused(server: FakeServer) -> None:
    """Which of two lengths to believe is how requests are smuggled; the stand-in believes neither."""
    headers = AUTH + b"Content-Length: 3\r\n"
    status, _ = error_of(exchange(server, request("POST", "/v1/chatkit/sessions", headers=headers, body=CREATE)))
    assert status == 400


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY", "PROPFIND", "BREW"])
@pytest.mark.parametrize("path", ["/v1/chatkit/sessions", "/v1/chatkit/sessions/cksess_1/cancel", "/nowhere"])
def test_every_method_gets_the_service_envelope(server: FakeServer, method: str, path: str) -> None:
    """TRACE, OPTIONS, QUERY and other methods got Python's 501 HTML page; every one is the service's 404."""
    status, error = error_of(exchange(server, request(method, path, body=b"{}")))
    assert (status, error["message"]) == (404, f"Invalid URL ({method} {path})")
    still_serving(server)


def test_head_gets_the_headers_of_the_404_and_no_body(server: FakeServer) -> None:
    """HEAD is answered like GET, without the body (a body would corrupt the next answer on the connection)."""
    status, headers, body = exchange(server, request("HEAD", "/v1/chatkit/sessions"), method="HEAD")
    assert (status, headers["content-type"], body) == (404, "application/json", b"")
    assert int(headers["content-length"]) > 0


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"POST /v1/chatkit/sessions HTTP/\xb2.1\r\n\r\n", 400),
        (b"POST /v1/chatkit/sessions HTTP/2.0\r\n\r\n", 505),
        (b"POST /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"POST /v1/chatkit/sessions HTTP/1.1\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
        (b"nonsense\r\n\r\n", 400),
    ],
    ids=["version-superscript", "version-2", "uri-too-long", "too-many-headers", "no-method"],
)
def test_a_malformed_request_gets_the_service_envelope(server: FakeServer, raw: bytes, status: int) -> None:
    """http.server's own refusals were HTML pages; they come in the envelope with their standard status."""
    assert error_of(exchange(server, raw))[0] == status
    still_serving(server)


def test_whole_floats_in_a_create_body_come_back_as_integers(server: FakeServer) -> None:
    """seconds 86.0, a rate limit of 5.0 and 1e2 were echoed as floats, where the service answers integers (a client
    decoding into int64 would break); state variables keep what was sent."""
    body = {
        "workflow": {"id": "wf", "state_variables": {"ratio": 1.0}},
        "user": "u",
        "expires_after": {"anchor": "created_at", "seconds": 86.0},
        "rate_limits": {"max_requests_per_1_minute": 5.0},
        "chatkit_configuration": {"file_upload": {"max_file_size": 1e2, "max_files": 3.0}},
    }
    status, _, answer = exchange(server, request("POST", "/v1/chatkit/sessions", body=json.dumps(body).encode()))
    assert status == 200
    assert b'"max_requests_per_1_minute":5,' in answer
    session = json.loads(answer)
    upload = session["chatkit_configuration"]["file_upload"]
    assert [type(value) for value in (session["expires_at"], upload["max_file_size"], upload["max_files"])] == [int] * 3
    assert (upload["max_file_size"], upload["max_files"], session["max_requests_per_1_minute"]) == (100, 3, 5)
    assert session["workflow"]["state_variables"] == {"ratio": 1.0}


def test_an_integer_past_64_bits_is_refused_like_any_out_of_range_value(server: FakeServer) -> None:
    """1e23 is a whole number to JSON Schema but no 64-bit integer: a 400 naming the parameter, never a float echoed."""
    body = json.dumps({"workflow": {"id": "wf"}, "user": "u", "rate_limits": {"max_requests_per_1_minute": 1e23}})
    status, error = error_of(exchange(server, request("POST", "/v1/chatkit/sessions", body=body.encode())))
    assert (status, error["param"], error["code"]) == (
        400,
        "rate_limits.max_requests_per_1_minute",
        "integer_above_max_value",
    )


def test_unauthenticated_requests_leave_only_a_summary_in_the_request_log() -> None:
    """A client sending 5 MB of headers per request grew the log by 175 MiB per 30 requests; without the key its
    requests are kept as method, path and status, and so are over-large headers of a client with the key."""
    with running_server() as fresh:
        padding = b"".join(f"X-Pad-{n}: ".encode() + b"p" * 60_000 + b"\r\n" for n in range(90))  # 5.4 MB
        for _ in range(3):
            assert exchange(fresh, request("POST", "/v1/chatkit/sessions", headers=padding, body=CREATE))[0] == 401
        assert exchange(fresh, request("POST", "/v1/chatkit/sessions", headers=AUTH + padding, body=CREATE))[0] == 200
        assert exchange(fresh, request("POST", "/v1/chatkit/sessions", body=CREATE))[0] == 200
        served = fresh.served
    assert [(s.method, s.path, s.status) for s in served] == [("POST", "/v1/chatkit/sessions", 401)] * 3 + [
        ("POST", "/v1/chatkit/sessions", 200)
    ] * 2
    assert [dict(s.headers) for s in served[:4]] == [{}] * 4
    assert served[4].headers["authorization"] == "Bearer sk-…(redacted)"


def test_the_request_log_is_bounded_in_entries_and_in_bytes() -> None:
    """Whatever arrives, the log keeps the latest requests within both bounds, and drops the oldest first."""
    log = RequestLog(max_entries=5, max_bytes=1_000)
    for n in range(8):
        log.add("POST", f"/{n}", 200, None, [("X-N", str(n))], authenticated=True)
    assert [s.path for s in log.snapshot()] == ["/3", "/4", "/5", "/6", "/7"]
    for n in range(8, 12):
        log.add("POST", f"/{n}", 200, None, [("X-Big", "b" * 400)], authenticated=True)
    assert log.size <= 1_000
    assert [s.path for s in log.snapshot()] == ["/10", "/11"]
    assert (MAX_ENTRIES, MAX_BYTES) == (10_000, 16 << 20)
