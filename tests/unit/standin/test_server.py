"""The stand-in server over real loopback HTTP: the service's behaviour, its errors, and every fault on the wire."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contract.check.validator import Validator
from contract.errors import ContractError
from contract.exchange import Exchange
from contract.standin.server import FAKE_API_KEY, FakeServer, running_server

HEADERS = {"Authorization": f"Bearer {FAKE_API_KEY}", "OpenAI-Beta": "chatkit_beta=v1"}
BODY = {"workflow": {"id": "wf_1"}, "user": "user_1"}


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh server per test."""
    with running_server() as running:
        yield running


@pytest.fixture
def http(server: FakeServer) -> Iterator[httpx.Client]:
    """An httpx client aimed at the server, sending the headers the SDKs send."""
    with httpx.Client(base_url=server.base_url, headers=HEADERS, timeout=5) as client:
        yield client


def _create(http: httpx.Client, **headers: str) -> httpx.Response:
    return http.post("/chatkit/sessions", json=BODY, headers=headers)


def _error(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/json"
    envelope: dict[str, Any] = response.json()
    assert set(envelope) == {"error"}
    assert set(envelope["error"]) == {"message", "type", "param", "code"}
    return envelope["error"]  # type: ignore[no-any-return]


def test_create_then_cancel_gives_conforming_resources(server: FakeServer, http: httpx.Client) -> None:
    """Create answers an active session, cancel the same session cancelled; both pass the strict contract."""
    created = _create(http)
    assert created.status_code == 200
    assert created.headers["content-type"] == "application/json"
    assert created.headers["x-request-id"].startswith("req_")
    session = created.json()
    assert session["status"] == "active"
    assert len(server.sessions) == 1
    cancelled = http.post(f"/chatkit/sessions/{session['id']}/cancel")
    exchange = Exchange(
        cancelled.content, status=cancelled.status_code, headers=cancelled.headers, session_id=session["id"]
    )
    assert Validator(profile="strict").check(exchange).findings == ()
    assert cancelled.json() == {**session, "status": "cancelled"}


def test_missing_and_wrong_keys_get_401_envelopes_without_the_key(http: httpx.Client) -> None:
    """No bearer token and a wrong one are both 401, and the wrong key is not echoed back."""
    missing = http.post("/chatkit/sessions", json=BODY, headers={"Authorization": ""})
    assert missing.status_code == 401
    assert _error(missing)["message"].startswith("You didn't provide an API key.")
    wrong = http.post("/chatkit/sessions", json=BODY, headers={"Authorization": "Bearer sk-wrong-0123456789"})
    assert wrong.status_code == 401
    assert _error(wrong)["code"] == "invalid_api_key"
    assert "0123456789" not in wrong.text
    assert "sk-…(redacted)" in wrong.text


def test_missing_beta_header_is_a_400_naming_it(http: httpx.Client) -> None:
    """Without OpenAI-Beta: chatkit_beta=v1 the request is refused."""
    response = http.post("/chatkit/sessions", json=BODY, headers={"OpenAI-Beta": "assistants=v2"})
    assert response.status_code == 400
    assert _error(response)["param"] == "OpenAI-Beta"


def test_bad_create_bodies_get_400_envelopes(http: httpx.Client) -> None:
    """A body that is not JSON, and one missing a required member, are refused with the error envelope."""
    garbled = http.post("/chatkit/sessions", content=b"{workflow", headers={"Content-Type": "application/json"})
    assert garbled.status_code == 400
    assert "could not parse the JSON body" in _error(garbled)["message"]
    missing = http.post("/chatkit/sessions", json={"user": "u"})
    assert missing.status_code == 400
    assert _error(missing)["code"] == "missing_required_parameter"


def test_unknown_session_and_unknown_route_are_404(http: httpx.Client) -> None:
    """Cancelling an id never created, or asking for another route, gives a 404 envelope."""
    unknown = http.post("/chatkit/sessions/cksess_nope/cancel")
    assert unknown.status_code == 404
    assert _error(unknown)["message"] == "Chatkit Session with id 'cksess_nope' not found."
    route = http.get("/chatkit/sessions")
    assert route.status_code == 404
    assert _error(route)["message"] == "Invalid URL (GET /v1/chatkit/sessions)"


def test_expired_sessions_cannot_be_cancelled(server: FakeServer, http: httpx.Client) -> None:
    """Once the clock passes expires_at, cancel is refused with a 400 saying so."""
    body = {**BODY, "expires_after": {"anchor": "created_at", "seconds": 60}}
    session_id = http.post("/chatkit/sessions", json=body).json()["id"]
    server.advance_clock(61)
    response = http.post(f"/chatkit/sessions/{session_id}/cancel")
    assert response.status_code == 400
    assert "has expired" in _error(response)["message"]


@pytest.mark.parametrize(
    ("spec", "rule", "pointer"),
    [
        ("drop", "schema.required", "/workflow/tracing"),
        ("type", "schema.type", "/expires_at"),
        ("extra", "drift.unknown-field", "/cancelled_at"),
    ],
)
def test_body_faults_change_the_resource_on_the_wire(
    server: FakeServer, http: httpx.Client, spec: str, rule: str, pointer: str
) -> None:
    """Each body fault produces exactly its finding, then the next response is clean again."""
    server.inject(spec)
    validator = Validator(endpoint="session")
    faulty, clean = _create(http), _create(http)
    assert [(f.rule, f.pointer) for f in validator.validate(faulty.content).findings] == [(rule, pointer)]
    assert validator.validate(clean.content).findings == ()


def test_status_fault_sends_the_envelope_and_retry_after(server: FakeServer, http: httpx.Client) -> None:
    """status=429 with retry-after answers 429, Retry-After and a rate-limit envelope, and creates nothing."""
    server.inject("status=429,retry-after=1.5")
    response = _create(http)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1.5"
    assert _error(response)["code"] == "rate_limit_exceeded"
    assert len(server.sessions) == 0


def test_not_json_fault_sends_text_labelled_as_json(server: FakeServer, http: httpx.Client) -> None:
    """not-json keeps status 200 and the JSON content type but sends text."""
    server.inject("not-json")
    response = _create(http)
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
    with pytest.raises(ValueError, match="Expecting value"):
        response.json()


def test_disconnect_fault_breaks_off_mid_body(server: FakeServer, http: httpx.Client) -> None:
    """The client is promised a full body, gets half, and sees the connection close."""
    server.inject("disconnect")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"):
        _create(http)
    assert _create(http).status_code == 200


def test_delay_fault_holds_the_response(server: FakeServer, http: httpx.Client) -> None:
    """delay=0.3 answers normally, at least 0.3 s later; shorter client timeouts see a read timeout."""
    server.inject("delay=0.3")
    started = time.monotonic()
    assert _create(http).status_code == 200
    assert time.monotonic() - started >= 0.3
    server.inject("delay=0.3")
    with pytest.raises(httpx.ReadTimeout):
        http.post("/chatkit/sessions", json=BODY, timeout=0.05)


def test_fault_header_applies_to_that_request_only(server: FakeServer, http: httpx.Client) -> None:
    """X-Chatkit-Fault picks a fault per request; a bad spec there is a 400 naming the header."""
    assert _create(http, **{"X-Chatkit-Fault": "status=503"}).status_code == 503
    assert _create(http).status_code == 200
    bad = _create(http, **{"X-Chatkit-Fault": "explode"})
    assert bad.status_code == 400
    assert _error(bad)["param"] == "X-Chatkit-Fault"


def test_refused_requests_do_not_use_up_faults(server: FakeServer, http: httpx.Client) -> None:
    """A 401 happens before faults are handed out, so the queued fault waits for a real request."""
    server.inject("status=500")
    assert http.post("/chatkit/sessions", json=BODY, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert _create(http).status_code == 500
    assert [(s.status, s.fault) for s in server.served] == [(401, None), (500, "status")]
    assert server.pending_faults == ()


def test_close_cuts_delays_short_and_hangs_up_on_idle_clients() -> None:
    """Closing does not wait out an injected delay and leaves no keep-alive connection serving."""
    server = FakeServer().start()
    client = httpx.Client(base_url=server.base_url, headers=HEADERS, timeout=10)
    assert _create(client).status_code == 200  # leaves a kept-alive connection open
    server.inject("delay=30")
    outcome: list[object] = []

    def delayed_create() -> None:
        try:
            outcome.append(_create(client).status_code)
        except httpx.TransportError as err:  # the hang-up may beat the cut-short response; both are fine
            outcome.append(type(err))

    thread = threading.Thread(target=delayed_create)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    server.close()
    thread.join(5)
    assert time.monotonic() - started < 2
    assert len(outcome) == 1
    with pytest.raises(httpx.TransportError):
        _create(client)
    client.close()


def test_concurrent_clients_lose_and_duplicate_no_session(server: FakeServer) -> None:
    """Eight keep-alive clients creating and cancelling at once: every session stored once, every one cancelled."""
    created: list[str] = []
    lock = threading.Lock()

    def client_loop() -> None:
        with httpx.Client(base_url=server.base_url, headers=HEADERS, timeout=10) as client:
            for _ in range(20):
                session_id = _create(client).json()["id"]
                assert client.post(f"/chatkit/sessions/{session_id}/cancel").status_code == 200
                with lock:
                    created.append(session_id)

    threads = [threading.Thread(target=client_loop) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(created) == len(set(created)) == 160
    assert set(server.sessions.ids()) == set(created)
    assert {(server.sessions.get(session_id) or {}).get("status") for session_id in created} == {"cancelled"}
    assert len(server.served) == 320


def test_a_busy_port_is_a_contract_error_naming_it(server: FakeServer) -> None:
    """Binding a port already in use fails with a one-line reason, not an OSError traceback."""
    with pytest.raises(ContractError, match=f"cannot listen on 127.0.0.1:{server.port}: "):
        FakeServer(port=server.port)
