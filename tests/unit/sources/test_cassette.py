"""VCR.py cassettes, recorded by VCR.py itself against a local server: YAML, JSON, gzip bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract import InputError
from contract.exchange import Exchange, Skipped
from contract.run.runner import check_paths
from contract.sources import iter_exchanges, iter_records
from tests.recordings import cancel_path, cancelled, chatkit_server, record_cassette, reply


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Cancels that conform, one that drifted (gzip-compressed on the wire), and a 404."""
    replies = {
        cancel_path("cksess_ok"): reply(cancelled("cksess_ok")),
        cancel_path("cksess_zip"): reply(cancelled("cksess_zip", status="canceled"), gzip=True),
    }
    with chatkit_server(replies) as running:
        yield running


CALLS = [
    ("POST", cancel_path("cksess_ok")),
    ("GET", "/v1/models"),
    ("POST", cancel_path("cksess_zip")),
    ("POST", cancel_path("cksess_missing")),
]


@pytest.fixture(scope="module")
def yaml_cassette(server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cassette in VCR.py's default YAML format."""
    path = tmp_path_factory.mktemp("cassettes") / "cancel.yaml"
    record_cassette(path, server, CALLS)
    return path


def test_vcr_wrote_what_the_test_relies_on(yaml_cassette: Path) -> None:
    """The recording really is VCR.py's: interactions with the request's Authorization and a binary gzip body."""
    text = yaml_cassette.read_text()
    assert text.startswith("interactions:\n")
    assert "Authorization:" in text
    assert "!!binary" in text


def test_matching_interactions_become_exchanges_and_the_rest_skipped(yaml_cassette: Path) -> None:
    """The GET is skipped; each cancel POST carries status, headers and the id from its URI."""
    records = list(iter_records([str(yaml_cassette)]))
    assert [type(r).__name__ for r in records] == ["Exchange", "Skipped", "Exchange", "Exchange"]
    first = records[0]
    assert isinstance(first, Exchange)
    assert (first.status, first.session_id, first.location) == (200, "cksess_ok", "interaction 1")
    assert first.headers["content-type"] == "application/json"


def test_gzip_bodies_are_decompressed_before_checking(yaml_cassette: Path) -> None:
    """The gzip body VCR stored as bytes is decoded because Content-Encoding says gzip."""
    exchanges = list(iter_exchanges([str(yaml_cassette)]))
    assert json.loads(exchanges[1].body)["status"] == "canceled"


def test_findings_of_each_interaction(yaml_cassette: Path) -> None:
    """The drifted status is a schema finding; the 404 is one http.status finding with the error's type."""
    results = [o for o in check_paths([str(yaml_cassette)]) if not isinstance(o, Skipped)]
    assert [[f.rule for f in r.findings] for r in results] == [[], ["schema.enum"], ["http.status"]]
    assert "OpenAI error invalid_request_error: no such route" in results[2].findings[0].message


def test_findings_point_at_the_body_in_the_cassette(yaml_cassette: Path) -> None:
    """The finding's line is where that interaction's body string starts."""
    result = [o for o in check_paths([str(yaml_cassette)]) if not isinstance(o, Skipped)][1]
    (finding,) = result.findings
    lines = yaml_cassette.read_text().splitlines()
    assert lines[finding.line - 2].strip() == "body:"  # type: ignore[operator]
    assert lines[finding.line - 1].strip().startswith("string: !!binary")  # type: ignore[operator]


def test_json_serializer_cassettes_are_read_too(server: str, tmp_path: Path) -> None:
    """VCR's JSON serializer (version before interactions) is detected by content and streamed."""
    path = tmp_path / "cancel.json"
    record_cassette(path, server, [("POST", cancel_path("cksess_ok")), ("GET", "/x")], serializer="json")
    records = list(iter_records([str(path)]))
    assert [type(r).__name__ for r in records] == ["Exchange", "Skipped"]
    assert records[0].session_id == "cksess_ok"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("interactions: 3\n", "'interactions' is not a list"),
        ("interactions:\n- [unclosed\n", "not a valid YAML cassette"),
        ("- a\n- b\n", "not a VCR cassette"),
        ("version: 1\n", "not a VCR cassette (no 'interactions')"),
    ],
)
def test_broken_cassettes_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    """A YAML file that is not a readable cassette is one error naming the file, and a finding in a run."""
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=f"^{path}.*{message}".replace("(", r"\(").replace(")", r"\)")):
        list(iter_exchanges([str(path)]))
    (result,) = check_paths([str(path)])
    assert [(f.rule, message in f.message) for f in result.findings] == [("recording.unreadable", True)]  # type: ignore[union-attr]


def test_python_tags_from_old_vcr_versions_are_read_as_plain_data(tmp_path: Path) -> None:
    """Tags such as !!python/tuple never run code: the interaction is read as plain values."""
    path = tmp_path / "tagged.yaml"
    body = json.dumps(cancelled("cksess_1"))
    path.write_text(
        "interactions:\n- request:\n    body: !!python/tuple [a, b]\n    method: POST\n"
        "    uri: https://api.openai.com/v1/chatkit/sessions/cksess_1/cancel\n"
        f"  response:\n    body: {{string: {json.dumps(body)}}}\n    headers: {{}}\n"
        "    status: {code: 200, message: OK}\nversion: 1\n"
    )
    ((result),) = check_paths([str(path)])
    assert result.findings == ()  # type: ignore[union-attr]


def test_a_cassette_of_thread_requests_routes_each_to_its_operation(tmp_path: Path) -> None:
    """VCR.py recording the stand-in's thread answers: each interaction is an exchange of its own operation, with
    the path's thread id and the query's limit among what the request asked, and each passes as that answer."""
    from contract.standin.server import running_server
    from tests.recordings import API_KEY

    path = tmp_path / "threads.yaml"
    with running_server(api_key=API_KEY) as stand_in:
        thread_id, *_ = stand_in.threads.seed("user_1")
        record_cassette(
            path,
            stand_in.url,
            [
                ("GET", "/v1/chatkit/threads?limit=2&user=user_1"),
                ("GET", f"/v1/chatkit/threads/{thread_id}"),
                ("GET", f"/v1/chatkit/threads/{thread_id}/items?order=asc"),
                ("DELETE", f"/v1/chatkit/threads/{thread_id}"),
            ],
        )
    exchanges = list(iter_exchanges([str(path)]))
    assert [e.operation for e in exchanges] == ["list-threads", "get-thread", "list-thread-items", "delete-thread"]
    assert exchanges[0].params == {"limit": "2", "user": "user_1"}
    assert exchanges[2].params == {"order": "asc", "thread_id": thread_id}
    outcomes = list(check_paths([str(path)], profile="strict"))
    assert [(o.location, o.findings) for o in outcomes if not isinstance(o, Skipped)] == [
        (f"interaction {number}", ()) for number in range(1, 5)
    ]
