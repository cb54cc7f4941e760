"""Fuzzing the stand-in on the wire: numeric header values of any spelling, numbers in fault specs, and numbers of
any size where the create body wants integers. Every request gets one answer (a session or the service's error
envelope), never a dropped connection or a server error, and the server serves on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.standin.server import FakeServer, running_server
from tests.robustness.test_standin_wire import AUTH, CREATE, exchange, request

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

# Header values as bytes on the wire: digits of every script, signs, spaces, and anything else but a line break.
NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(lambda n: str(n).encode()),
    st.text(st.characters(categories=("Nd", "No", "Nl")), min_size=1, max_size=6).map(lambda t: t.encode()),
    st.text(st.characters(exclude_characters="\r\n", codec="latin-1"), max_size=12).map(lambda t: t.encode("latin-1")),
    st.sampled_from([b"0", b" 5", b"5 ", b"+5", b"5.0", b"1e2", b"0x10", b"1_0", b"9" * 5000, b""]),
)


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with running_server() as running:
        yield running


def _answered(answer: tuple[int, dict[str, str], bytes]) -> dict[str, Any]:
    """The JSON an answer carries: a session for 200, the error envelope for anything else (never a 5xx)."""
    status, headers, body = answer
    assert status < 500, body
    assert headers["content-type"] == "application/json"
    document: dict[str, Any] = json.loads(body)
    assert ("error" in document) == (status != 200)
    return document


@FUZZ
@given(length=NUMBER_TEXT)
def test_the_stand_in_answers_any_content_length(server: FakeServer, length: bytes) -> None:
    """A Content-Length spelled any way is read as plain digits or refused with a 400; the next request is served."""
    raw = request("POST", "/v1/chatkit/sessions", body=CREATE, length=length)
    document = _answered(exchange(server, raw))
    if "error" in document:
        assert "Content-Length" in document["error"]["message"] or "parse the JSON body" in document["error"]["message"]
    assert exchange(server, request("POST", "/v1/chatkit/sessions", body=CREATE))[0] == 200


@FUZZ
@given(
    spec=st.sampled_from(["status={}", "drop,times={}", "status=503,retry-after={}", "type,times={}"]),
    number=NUMBER_TEXT,
)
def test_the_stand_in_answers_any_number_in_a_fault_header(server: FakeServer, spec: str, number: bytes) -> None:
    """A fault spec's number is ASCII digits or the request is refused with a 400 naming the header."""
    header = b"X-Chatkit-Fault: " + spec.encode().replace(b"{}", number) + b"\r\n"
    status, headers, body = exchange(
        server, request("POST", "/v1/chatkit/sessions", headers=AUTH + header, body=CREATE)
    )
    assert headers["content-type"] == "application/json"
    if status == 400:
        assert json.loads(body)["error"]["param"] == "X-Chatkit-Fault"


NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**6), max_value=10**6).map(float),
)
INTEGER_PLACES = [
    ("expires_after", "seconds"),
    ("rate_limits", "max_requests_per_1_minute"),
    ("chatkit_configuration", "file_upload", "max_file_size"),
    ("chatkit_configuration", "file_upload", "max_files"),
    ("chatkit_configuration", "history", "recent_threads"),
]


@FUZZ
@given(place=st.sampled_from(INTEGER_PLACES), number=NUMBERS)
def test_any_number_where_the_create_body_wants_an_integer_is_stored_as_one_or_refused(
    server: FakeServer, place: tuple[str, ...], number: float
) -> None:
    """A number of any size or form is a 400 naming its parameter, or comes back as an integer (as the service
    answers, so a client decoding into int64 never breaks)."""
    body: dict[str, Any] = {"workflow": {"id": "wf"}, "user": "u"}
    if place[0] == "expires_after":
        body["expires_after"] = {"anchor": "created_at"}
    node = body
    for name in place[:-1]:
        node = node.setdefault(name, {})
    node[place[-1]] = number
    document = _answered(exchange(server, request("POST", "/v1/chatkit/sessions", body=json.dumps(body).encode())))
    if "error" in document:
        assert document["error"]["param"] == ".".join(place)
        return
    resource_place = {"expires_after": ("expires_at",), "rate_limits": ("max_requests_per_1_minute",)}.get(place[0])
    value: Any = document
    for name in resource_place or place:
        value = value[name]
    assert type(value) is int
    assert -(2**63) <= value < 2**63
