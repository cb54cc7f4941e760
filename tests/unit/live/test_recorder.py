"""Recordings of live exchanges as HAR and VCR.py cassettes: redacted, readable by the sources, same findings."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
import yaml

from contract import check_paths
from contract.check.validator import Validator
from contract.errors import InputError
from contract.exchange import Exchange, Skipped
from contract.findings import Result
from contract.live.client import LiveExchange
from contract.live.recorder import Recorder
from contract.secrets import mask_headers
from tests.helpers import SECRET, conforming_session

CANCEL_URL = "https://api.example.test/v1/chatkit/sessions/cksess_123/cancel"
CREATE_URL = "https://api.example.test/v1/chatkit/sessions"
API_KEY = "sk-proj-abcdef0123456789"
REQUEST_HEADERS = [("Authorization", f"Bearer {API_KEY}"), ("OpenAI-Beta", "chatkit_beta=v1")]
FORMATS = [".har", ".yaml"]


def _live(body: bytes, status: int = 200, url: str = CANCEL_URL, headers: dict[str, str] | None = None) -> LiveExchange:
    return LiveExchange(
        method="POST",
        url=url,
        request_headers=mask_headers(REQUEST_HEADERS),
        status=status,
        headers={"content-type": "application/json", **(headers or {})},
        body=body,
        request_body=b'{"workflow": {"id": "wf_1"}, "user": "u"}' if url == CREATE_URL else b"",
        started=1_767_225_600.0,
        seconds=0.25,
    )


def _findings(path: Path) -> list[tuple[str, str, str]]:
    results = [o for o in check_paths([str(path)]) if isinstance(o, Result)]
    return [(f.severity, f.rule, f.pointer) for r in results for f in r.findings]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_recording_validates_to_the_findings_of_the_live_check(tmp_path: Path, suffix: str) -> None:
    """Create, a cancel of another session, a proxy's text answer: validate finds what the live checks found."""
    exchanges = [
        _live(orjson.dumps(conforming_session(status="active")), url=CREATE_URL),
        _live(orjson.dumps(conforming_session(id="cksess_other"))),
        _live(b"upstream connect error", status=502, headers={"content-type": "text/plain"}),
    ]
    path = tmp_path / f"live{suffix}"
    with Recorder(path) as recorder:
        for exchange in exchanges:
            recorder.write(exchange)
    live = Validator()
    expected = []
    for exchange, operation in zip(exchanges, ["create", "cancel", "cancel"], strict=True):
        checked = live.check(
            Exchange(
                exchange.body,
                status=exchange.status,
                headers=exchange.headers,
                session_id="cksess_123" if operation == "cancel" else None,
                operation=operation,
            )
        )
        expected += [(f.severity, f.rule, f.pointer) for f in checked.findings]
    assert _findings(path) == expected
    assert [rule for _, rule, _ in expected] == ["cancel.session-id", "http.status", "http.content-type", "json.parse"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_credentials_in_headers_and_bodies_never_reach_the_file(tmp_path: Path, suffix: str) -> None:
    """The bearer key, a client secret in the body and a cookie are masked; every other byte of the body stays."""
    body = orjson.dumps(conforming_session() | {"debug": [{"note": f"issued {SECRET}"}]})
    path = tmp_path / f"live{suffix}"
    with Recorder(path) as recorder:
        recorder.write(_live(body, headers={"set-cookie": "session=abc123; Path=/", "x-request-id": "req_1"}))
    text = path.read_text()
    for secret in (SECRET, API_KEY, "abc123"):
        assert secret not in text
    assert "Bearer sk-proj-…(redacted)" in text
    assert "ek_…(redacted)" in text
    assert "req_1" in text


def test_har_is_the_browser_export_shape(tmp_path: Path) -> None:
    """log.version 1.2, a creator, and per entry the members HAR 1.2 requires, bodies in content.text."""
    path = tmp_path / "live.har"
    with Recorder(path) as recorder:
        recorder.write(_live(orjson.dumps(conforming_session(status="active")), url=CREATE_URL))
    log = json.loads(path.read_text())["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "chatkit-contract"
    (entry,) = log["entries"]
    assert set(entry) >= {"startedDateTime", "time", "request", "response", "cache", "timings"}
    assert entry["startedDateTime"] == "2026-01-01T00:00:00+00:00"
    assert set(entry["request"]) >= {"method", "url", "httpVersion", "cookies", "headers", "queryString"}
    assert entry["request"]["postData"]["text"] == '{"workflow": {"id": "wf_1"}, "user": "u"}'
    response = entry["response"]
    assert (response["status"], response["statusText"]) == (200, "OK")
    assert json.loads(response["content"]["text"])["status"] == "active"
    assert {"name": "content-length", "value": str(response["content"]["size"])} in response["headers"]


def test_cassette_is_what_vcr_writes(tmp_path: Path) -> None:
    """version 1, interactions of request and response, headers as lists, the body under body.string."""
    path = tmp_path / "live.yaml"
    with Recorder(path) as recorder:
        recorder.write(_live(b"\xff\xfe not utf-8", status=500))
    document = yaml.safe_load(path.read_text())
    assert document["version"] == 1
    (interaction,) = document["interactions"]
    assert interaction["request"]["uri"] == CANCEL_URL
    assert interaction["request"]["headers"]["openai-beta"] == ["chatkit_beta=v1"]
    assert interaction["response"]["status"] == {"code": 500, "message": "Internal Server Error"}
    assert interaction["response"]["body"]["string"] == b"\xff\xfe not utf-8"


def test_each_write_leaves_a_whole_recording_behind(tmp_path: Path) -> None:
    """The file is valid after every exchange, so an interrupted run keeps what it recorded, and nothing else."""
    path = tmp_path / "live.har"
    recorder = Recorder(path)
    recorder.write(_live(orjson.dumps(conforming_session())))
    assert len(json.loads(path.read_text())["log"]["entries"]) == 1
    recorder.write(_live(orjson.dumps(conforming_session())))
    assert len(json.loads(path.read_text())["log"]["entries"]) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["live.har"]


def test_an_unknown_extension_or_a_missing_directory_is_refused_before_any_request(tmp_path: Path) -> None:
    """The format comes from the extension; anything else is an InputError naming the file."""
    with pytest.raises(InputError, match=r"live\.jsonl: record to a HAR or VCR cassette file"):
        Recorder(tmp_path / "live.jsonl")
    with pytest.raises(InputError, match=r"missing/live\.har: cannot open the recording"):
        Recorder(tmp_path / "missing" / "live.har")


def test_a_recording_of_other_requests_only_is_skipped_not_checked(tmp_path: Path) -> None:
    """A recorded request that is no ChatKit operation is counted as skipped when the recording is validated."""
    path = tmp_path / "live.har"
    with Recorder(path) as recorder:
        recorder.write(_live(b"{}", url="https://api.example.test/v1/models"))
    assert [type(o) for o in check_paths([str(path)])] == [Skipped]
