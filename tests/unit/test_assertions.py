"""assert_conforms and ResponseChecker: every kind of object a consumer's test holds, and the failure text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import orjson
import pydantic
import pytest
import requests

from contract import InputError, Validator, assert_conforms
from contract.assertions import ResponseChecker
from tests.helpers import SECRET, conforming_session
from tests.local_server import Canned, serving

CANCEL = "/v1/chatkit/sessions/cksess_123/cancel"


def _failure(obj: object, **options: Any) -> str:
    with pytest.raises(AssertionError) as excinfo:
        assert_conforms(obj, **options)
    return str(excinfo.value)


def _rows(message: str) -> list[tuple[str, str, str]]:
    """(severity, rule, pointer) of each finding row under the headline."""
    return [(row[0], row[1], row[2]) for row in (line.split(None, 3) for line in message.splitlines()[1:])]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A loopback server with a conforming cancel, a drifted one, an error envelope and a text/plain answer."""
    drifted = conforming_session(status="canceled")
    del drifted["workflow"]["tracing"]
    routes = {
        ("POST", CANCEL): Canned.json(conforming_session()),
        ("POST", "/v1/chatkit/sessions/cksess_999/cancel"): Canned.json(conforming_session()),
        ("POST", "/v1/chatkit/sessions/cksess_drift/cancel"): Canned.json(drifted | {"id": "cksess_drift"}),
        ("POST", "/v1/chatkit/sessions/cksess_gone/cancel"): Canned.json(
            {"error": {"message": "Session not found", "type": "invalid_request_error"}}, 404
        ),
        ("POST", "/v1/chatkit/sessions/cksess_text/cancel"): Canned(
            orjson.dumps(conforming_session(id="cksess_text")), content_type="text/plain"
        ),
    }
    with serving(routes) as url:
        yield url


@pytest.mark.parametrize(
    "payload",
    [conforming_session(), json.dumps(conforming_session()), orjson.dumps(conforming_session())],
    ids=["dict", "str", "bytes"],
)
def test_conforming_payload_passes_and_returns_its_result(payload: Any) -> None:
    """A conforming response, parsed or as JSON text, passes and the result comes back for further checks."""
    result = assert_conforms(payload)
    assert result.ok
    assert result.findings == ()


def test_failure_lists_every_finding_with_pointer_rule_and_message_aligned() -> None:
    """Three independent problems give a headline and three aligned rows, errors and warnings alike."""
    session = conforming_session(status="active", surprise=True)
    del session["workflow"]["tracing"]
    lines = _failure(session).splitlines()
    assert lines[0] == (
        "the payload does not conform to the ChatKit contract (operation cancel, profile lenient): 2 errors, 1 warning"
    )
    rows = [line.split(None, 3) for line in lines[1:]]
    assert sorted(row[:3] for row in rows) == [
        ["error", "cancel.status", "/status"],
        ["error", "schema.required", "/workflow/tracing"],
        ["warning", "drift.unknown-field", "/surprise"],
    ]
    assert len({line.index(row[3]) for line, row in zip(lines[1:], rows, strict=True)}) == 1, (
        "messages start in one column"
    )


def test_json_text_failure_shows_line_and_column() -> None:
    """Findings in JSON text carry where they are, so the reader can find them in a recording."""
    message = _failure('{"id": "cksess_1",\n  "object": NaN}')
    assert "json.non-finite" in message
    assert "(line 2, column 13)" in message


def test_warnings_alone_pass_but_stay_in_the_result() -> None:
    """An undeclared member warns in lenient and fails in strict."""
    session = conforming_session(cancelled_at=1712349999)
    assert [f.rule for f in assert_conforms(session).warnings] == ["drift.unknown-field"]
    assert _rows(_failure(session, profile="strict")) == [("error", "drift.unknown-field", "/cancelled_at")]


def test_endpoint_ignore_and_session_id_options_are_honoured() -> None:
    """endpoint=session drops the cancel rules, ignore drops a rule, session_id enables the id check."""
    active = conforming_session(status="active")
    assert assert_conforms(active, endpoint="session").ok
    assert assert_conforms(active, ignore={"cancel.status"}).ok
    assert "cancel.session-id" in _failure(conforming_session(), session_id="cksess_other")


def test_credentials_never_reach_the_failure_message() -> None:
    """A client secret in a wrong place and a bearer token in prose are masked in the message."""
    session = conforming_session(status=SECRET, user=12)
    session["workflow"]["id"] = ["Bearer sk-proj-abcdef123456"]
    message = _failure(session)
    assert "schema.enum" in message
    assert SECRET not in message
    assert "ek_…(redacted)" in message
    assert "sk-proj-abcdef123456" not in message


def test_httpx_response_is_checked_with_status_headers_and_cancelled_id(server: str) -> None:
    """A real httpx response: conforming passes; the id in the request path must match the body's."""
    with httpx.Client(base_url=server) as client:
        assert assert_conforms(client.post(CANCEL)).ok
        message = _failure(client.post("/v1/chatkit/sessions/cksess_999/cancel"))
    assert message.startswith(f"POST {server}/v1/chatkit/sessions/cksess_999/cancel does not conform")
    assert "cancel.session-id" in message
    assert "the request cancelled 'cksess_999' but the body describes 'cksess_123'" in message


def test_httpx_error_response_is_one_http_status_finding(server: str) -> None:
    """An OpenAI error envelope is reported as the HTTP failure it is, not as missing members."""
    response = httpx.post(f"{server}/v1/chatkit/sessions/cksess_gone/cancel")
    (finding,) = ResponseChecker(Validator()).check(response).findings
    assert finding.rule == "http.status"
    assert "404" in finding.message
    assert "Session not found" in finding.message


def test_requests_response_is_checked_like_httpx(server: str) -> None:
    """A real requests response gets the same http.* rules: text/plain is not JSON's content type."""
    response = requests.post(f"{server}/v1/chatkit/sessions/cksess_text/cancel", timeout=10)
    message = _failure(response)
    assert "http.content-type" in message
    assert "'text/plain', expected 'application/json'" in message


def test_hand_built_httpx_response_without_request_is_checked() -> None:
    """A response a test built itself has no request; it is still checked, under a generic name."""
    response = httpx.Response(500, json=conforming_session())
    assert _failure(response).startswith("<response> does not conform")


def test_official_sdk_model_is_checked_as_the_api_sent_it(server: str) -> None:
    """The openai SDK's ChatSession from a real call: a member it did not receive is reported missing."""
    client = openai.OpenAI(base_url=f"{server}/v1", api_key="sk-test-not-a-real-key", max_retries=0)
    assert assert_conforms(client.beta.chatkit.sessions.cancel("cksess_123")).ok
    drifted = client.beta.chatkit.sessions.cancel("cksess_drift")
    message = _failure(drifted)
    assert message.startswith("ChatSession does not conform")
    assert sorted(_rows(message)) == [
        ("error", "schema.enum", "/status"),
        ("error", "schema.required", "/workflow/tracing"),
    ]
    assert "sk-test-not-a-real-key" not in message


class _Session(pydantic.BaseModel):
    """A consumer's own model whose Python names differ from the API's."""

    model_config = pydantic.ConfigDict(populate_by_name=True)
    session_id: str = pydantic.Field(alias="id")
    state: str = pydantic.Field(alias="status")


def test_pydantic_model_is_dumped_with_api_names() -> None:
    """model_dump(by_alias=True) is what is checked: the findings use the API's member names."""
    message = _failure(_Session.model_validate({"id": "cksess_1", "status": "active"}))
    rows = _rows(message)
    assert ("error", "schema.required", "/workflow") in rows
    assert ("error", "cancel.status", "/status") in rows
    assert not any("session_id" in row[2] or "state" in row[2] for row in rows)


class _ToDict:
    def to_dict(self) -> dict[str, Any]:
        return conforming_session()


def test_object_with_to_dict_is_checked() -> None:
    """Any object with to_dict() is checked through it."""
    assert assert_conforms(_ToDict()).ok


def test_unsupported_object_is_an_input_error_naming_its_type() -> None:
    """Passing something that is not a response is a usage error, not a contract violation."""
    with pytest.raises(InputError, match=r"cannot check a set: pass a dict, JSON text"):
        assert_conforms({"cksess_123"})


def test_responses_of_every_thread_operation_are_checked_as_their_own(http_threads: tuple[httpx.Client, str]) -> None:
    """httpx responses from the stand-in for each thread operation pass as the answers they are; a page asked for
    with a limit it overflows fails naming its operation and the list rule."""
    client, thread_id = http_threads
    for method, path in [
        ("GET", "/chatkit/threads?limit=2"),
        ("GET", f"/chatkit/threads/{thread_id}"),
        ("GET", f"/chatkit/threads/{thread_id}/items?order=asc"),
        ("DELETE", f"/chatkit/threads/{thread_id}"),
    ]:
        assert assert_conforms(client.request(method, path), profile="strict").ok, path
    response = client.get("/chatkit/threads?limit=1")
    faked = httpx.Response(
        200,
        json={**response.json(), "has_more": True, "data": []},
        request=response.request,
        headers={"content-type": "application/json"},
    )
    with pytest.raises(AssertionError, match=r"\(operation list-threads, profile lenient\)") as caught:
        assert_conforms(faked)
    assert "list.has-more" in str(caught.value)


@pytest.fixture
def http_threads() -> Iterator[tuple[httpx.Client, str]]:
    """A client of a stand-in whose user has threads, and one of those threads."""
    from contract.standin.server import running_server

    with running_server() as server:
        (thread_id, *_) = server.threads.seed("user_1")
        headers = {"Authorization": f"Bearer {server.api_key}", "OpenAI-Beta": "chatkit_beta=v1"}
        with httpx.Client(base_url=server.base_url, headers=headers) as client:
            yield client, thread_id
