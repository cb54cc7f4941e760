"""JSONL records of live exchanges: redaction, and reading a record back to the same findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from contract.check.validator import Validator
from contract.errors import InputError
from contract.exchange import Exchange
from contract.live.client import LiveExchange
from contract.live.recorder import Recorder, record_of, redact_body
from contract.secrets import mask_headers
from contract.sources.records import endpoint_of_record, exchange_from_record
from tests.helpers import SECRET, conforming_session

CANCEL_URL = "https://api.example.test/v1/chatkit/sessions/cksess_123/cancel"


REQUEST_HEADERS = [("Authorization", "Bearer sk-proj-abcdef"), ("OpenAI-Beta", "chatkit_beta=v1")]


def _live(body: bytes, status: int = 200, url: str = CANCEL_URL, headers: dict[str, str] | None = None) -> LiveExchange:
    return LiveExchange(
        method="POST",
        url=url,
        request_headers=mask_headers(REQUEST_HEADERS),
        status=status,
        headers={"content-type": "application/json", **(headers or {})},
        body=body,
    )


def test_credential_headers_are_masked_keeping_the_scheme() -> None:
    """Authorization keeps 'Bearer', keys only their shape, cookies their names and attributes, other headers
    their value."""
    redacted = mask_headers(
        [
            ("Authorization", "Bearer sk-proj-abcdef"),
            ("api-key", "sk-abcdef"),
            ("Set-Cookie", "__cf_bm=abcdef; path=/"),
            ("X-Debug", "secret was ek_abcdef"),
            ("OpenAI-Beta", "chatkit_beta=v1"),
        ]
    )
    assert redacted == {
        "authorization": "Bearer sk-proj-…(redacted)",
        "api-key": "sk-…(redacted)",
        "set-cookie": "__cf_bm=…(redacted); path=/",
        "x-debug": "secret was ek_…(redacted)",
        "openai-beta": "chatkit_beta=v1",
    }


def test_client_secrets_and_keys_in_bodies_are_masked() -> None:
    """client_secret values and credential-shaped text anywhere in a body are masked; nothing else changes."""
    body = orjson.dumps({**conforming_session(), "debug": [{"note": f"issued {SECRET}"}]})
    recorded = redact_body(body)
    assert recorded["client_secret"] == "ek_…(redacted)"
    assert recorded["debug"] == [{"note": "issued ek_…(redacted)"}]
    assert SECRET not in orjson.dumps(recorded).decode()
    assert recorded["workflow"] == conforming_session()["workflow"]


@pytest.mark.parametrize(
    ("body", "recorded"),
    [
        (b'{"a": 1}', {"a": 1}),
        (b"[1, 2]", [1, 2]),
        (b"<html>bad gateway</html>", "<html>bad gateway</html>"),
        (b'"cksess_123"', '"cksess_123"'),
        (b'{"a": 1, "a": 2}', '{"a": 1, "a": 2}'),
        (b"", ""),
    ],
    ids=["object", "array", "not-json", "json-string", "duplicate-key", "empty"],
)
def test_body_is_parsed_only_when_that_loses_nothing(body: bytes, recorded: Any) -> None:
    """Clean JSON is stored parsed; text, string literals and duplicate keys are stored verbatim."""
    assert redact_body(body) == recorded


@pytest.mark.parametrize(
    "body",
    [
        orjson.dumps(conforming_session()),
        orjson.dumps({**conforming_session(), "status": "active", "scope": {}}),
        b"upstream connect error",
        b'"just a string"',
        b'{"id": "cksess_123", "id": "cksess_456"}',
        b'{"expires_at": NaN}',
        b"",
    ],
    ids=["conforming", "drifted", "not-json", "json-string", "duplicate-key", "nan", "empty"],
)
@pytest.mark.parametrize("profile", ["lenient", "strict"])
def test_a_record_read_back_gives_the_findings_of_the_live_check(body: bytes, profile: str) -> None:
    """Validating the record finds exactly what validating the live exchange found."""
    validator = Validator(profile=profile)  # type: ignore[arg-type]
    live = _live(body)
    direct = validator.check(Exchange(body, status=200, headers=live.headers, session_id="cksess_123"))
    line = orjson.loads(orjson.dumps(record_of(live)))
    replayed = validator.check(exchange_from_record(line, source="rec.jsonl", line=3))
    assert [(f.rule, f.pointer) for f in replayed.findings] == [(f.rule, f.pointer) for f in direct.findings]
    assert (replayed.source, replayed.location) == ("rec.jsonl", "line 3")


def test_record_line_has_the_documented_shape() -> None:
    """request (method, url, headers) and response (status, headers, body) and nothing else."""
    record = record_of(_live(orjson.dumps(conforming_session()), headers={"x-request-id": "req_1"}))
    assert set(record) == {"request", "response"}
    assert record["request"] == {
        "method": "POST",
        "url": CANCEL_URL,
        "headers": {"authorization": "Bearer sk-proj-…(redacted)", "openai-beta": "chatkit_beta=v1"},
    }
    assert record["response"]["status"] == 200
    assert record["response"]["headers"] == {"content-type": "application/json", "x-request-id": "req_1"}


def test_session_id_and_endpoint_come_from_the_request_url() -> None:
    """A cancel URL gives its (decoded) session id and the cancel endpoint; a create URL neither."""
    cancel = record_of(_live(b"{}", url="https://x.test/v1/chatkit/sessions/cksess%2F1/cancel"))
    create = record_of(_live(b"{}", url="https://x.test/v1/chatkit/sessions"))
    assert exchange_from_record(cancel).session_id == "cksess/1"
    assert (endpoint_of_record(cancel), endpoint_of_record(create)) == ("cancel", "session")
    assert exchange_from_record(create).session_id is None


def test_a_cancel_record_for_another_session_fails_the_session_id_rule() -> None:
    """The URL's session id is checked against the body's id, as in the live check."""
    record = record_of(_live(orjson.dumps(conforming_session(id="cksess_other"))))
    result = Validator().check(exchange_from_record(record))
    assert [f.rule for f in result.findings] == ["cancel.session-id"]


@pytest.mark.parametrize(
    "record",
    [[], {"request": {}}, {"response": {"status": 200}}, {"response": {"status": "200", "body": {}}}],
    ids=["not-object", "no-response", "no-body", "string-status"],
)
def test_malformed_records_are_input_errors_with_their_line(record: Any) -> None:
    """Anything but the record shape is refused, naming the file and line."""
    with pytest.raises(InputError, match=r"^rec\.jsonl:7: "):
        exchange_from_record(record, source="rec.jsonl", line=7)


def test_recorder_appends_one_line_per_exchange(tmp_path: Path) -> None:
    """Two recorders on one file append: four exchanges, four lines, each a redacted record."""
    path = tmp_path / "live.jsonl"
    for _ in range(2):
        with Recorder(path) as recorder:
            recorder.write(_live(orjson.dumps(conforming_session())))
            recorder.write(_live(b"not json", status=502))
    lines = path.read_bytes().splitlines()
    assert len(lines) == 4
    assert orjson.loads(lines[1])["response"] == {
        "status": 502,
        "headers": {"content-type": "application/json"},
        "body": "not json",
    }
    assert SECRET.encode() not in path.read_bytes()


def test_recorder_names_a_path_it_cannot_open(tmp_path: Path) -> None:
    """A recording in a missing directory is an InputError naming the file."""
    with pytest.raises(InputError, match=r"missing/live\.jsonl: cannot open the recording"):
        Recorder(tmp_path / "missing" / "live.jsonl")
