"""HAR 1.2 exports: only the cancel (or create) entries are checked, with their status, headers and session id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract import InputError
from contract.exchange import Exchange, Skipped
from contract.run.runner import check_paths
from contract.sources import iter_exchanges, iter_records
from contract.sources.jsonstream import Item, array_items
from tests.recordings import (
    cancel_path,
    cancelled,
    chatkit_server,
    chrome_har,
    har_entry,
    preflight,
    reply,
)

CREATE = "/v1/chatkit/sessions"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local ChatKit-like API: one good cancel, one answering with a different session, a create, an error."""
    replies = {
        cancel_path("cksess_ok"): reply(cancelled("cksess_ok")),
        cancel_path("cksess_asked"): reply(cancelled("cksess_other")),
        cancel_path("cksess_gone"): reply(
            {"error": {"message": "Session not found", "type": "invalid_request_error", "param": None}}, 404
        ),
        cancel_path("cksess_html"): reply(cancelled("cksess_html"), content_type="text/html; charset=utf-8"),
        CREATE: reply(cancelled("cksess_new", status="active")),
    }
    with chatkit_server(replies) as running:
        yield running


@pytest.fixture(scope="module")
def har(server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A browser-shaped HAR of real traffic: preflight, page fetch, cancels, a create."""
    entries = [
        preflight(server, cancel_path("cksess_ok")),
        har_entry(server, "GET", "/v1/models"),
        har_entry(server, "POST", cancel_path("cksess_ok")),
        har_entry(server, "POST", cancel_path("cksess_asked")),
        har_entry(server, "POST", cancel_path("cksess_gone")),
        har_entry(server, "POST", cancel_path("cksess_html")),
        har_entry(server, "POST", CREATE),
    ]
    path = tmp_path_factory.mktemp("har") / "session.har"
    path.write_text(chrome_har(entries))
    return path


def test_every_chatkit_operation_is_checked_and_the_rest_counted_as_skipped(har: Path) -> None:
    """Preflight and GET entries are skipped as no ChatKit request; cancels and the create become exchanges."""
    records = list(iter_records([str(har)]))
    assert [type(r).__name__ for r in records] == ["Skipped", "Skipped", *["Exchange"] * 5]
    assert [r.location for r in records] == [f"entry {n}" for n in range(1, 8)]
    assert [getattr(r, "operation", None) for r in records] == [None, None, *["cancel"] * 4, "create"]


def test_the_operation_option_selects_one_operation_and_names_what_it_skipped(har: Path) -> None:
    """operation=cancel checks only cancels (the create is skipped as a create); session, create's older name,
    only creates."""
    cancels = list(iter_records([str(har)], operation="cancel"))
    assert [type(r).__name__ for r in cancels] == ["Skipped", "Skipped", *["Exchange"] * 4, "Skipped"]
    assert cancels[-1] == Skipped(str(har), "entry 7", "create")
    for name in ("create", "session"):
        creates = [r for r in iter_records([str(har)], operation=name) if type(r) is Exchange]
        assert [r.operation for r in creates] == ["create"]


def test_exchange_carries_status_headers_and_the_session_id_from_the_url(har: Path) -> None:
    """What the rules need comes from the entry: response status, lower-case headers, id from the path."""
    exchange = next(iter_exchanges([str(har)]))
    assert exchange.status == 200
    assert exchange.headers["content-type"] == "application/json"
    assert exchange.session_id == "cksess_ok"
    assert json.loads(exchange.body)["id"] == "cksess_ok"


def test_each_entry_gets_the_findings_its_exchange_deserves(har: Path) -> None:
    """Path/body id mismatch, an error envelope, a wrong Content-Type: each reported once; the create response
    (status active) is checked under the create rules, so it passes."""
    outcomes = [o for o in check_paths([str(har)]) if not isinstance(o, Skipped)]
    rules = [[f.rule for f in result.findings] for result in outcomes]
    assert rules == [[], ["cancel.session-id"], ["http.status"], ["http.content-type"], []]
    assert "HTTP status 404, expected 200: OpenAI error invalid_request_error: Session not found" in (
        outcomes[2].findings[0].message
    )


def test_findings_point_at_the_line_where_the_entry_body_starts(har: Path) -> None:
    """A finding in an entry's body points at its content.text line in the HAR file."""
    result = [o for o in check_paths([str(har)]) if not isinstance(o, Skipped)][1]
    (finding,) = result.findings
    line = har.read_text().splitlines()[finding.line - 1]  # type: ignore[operator]
    assert line.lstrip().startswith('"text": "{')
    assert line[finding.column - 1] == '"'  # type: ignore[operator]


def test_base64_bodies_are_decoded(tmp_path: Path, server: str) -> None:
    """content.encoding base64 (how browsers store bodies they could not show as text) is honoured."""
    entry = har_entry(server, "POST", cancel_path("cksess_ok"))
    text = entry["response"]["content"]["text"]
    entry["response"]["content"].update(text=__import__("base64").b64encode(text.encode()).decode(), encoding="base64")
    path = tmp_path / "b64.har"
    path.write_text(chrome_har([entry]))
    (exchange,) = iter_exchanges([str(path)])
    assert json.loads(exchange.body)["id"] == "cksess_ok"


def test_broken_base64_is_a_finding_for_its_entry_alone(tmp_path: Path, server: str) -> None:
    """A body that claims base64 but is not is reported for its entry; the next entry is still read."""
    entry = har_entry(server, "POST", cancel_path("cksess_ok"))
    good = har_entry(server, "POST", cancel_path("cksess_ok"))
    entry["response"]["content"].update(text="@@not base64@@", encoding="base64")
    path = tmp_path / "bad.har"
    path.write_text(chrome_har([entry, good]))
    assert [type(r).__name__ for r in iter_records([str(path)])] == ["Unreadable", "Exchange"]
    with pytest.raises(InputError, match=r"bad\.har:\d+:\d+: entry 1: content\.text is not base64"):
        list(iter_exchanges([str(path)]))


def test_entry_without_recorded_body_is_an_empty_body(tmp_path: Path, server: str) -> None:
    """Exports that drop bodies leave no content.text: the response is checked as empty, not skipped."""
    entry = har_entry(server, "POST", cancel_path("cksess_ok"))
    del entry["response"]["content"]["text"]
    path = tmp_path / "nobody.har"
    path.write_text(chrome_har([entry]))
    (result,) = check_paths([str(path)])
    assert [f.rule for f in result.findings] == ["json.empty"]  # type: ignore[union-attr]


def test_only_an_entry_with_findings_has_its_body_located(har: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding where a body is written costs a second parse of its entry: only a failing entry pays it, and the
    place it gets is the one an eager search gives."""
    from contract.sources import har as har_module

    searched: list[str] = []
    search = har_module._body_spot

    def counted(text: str, entry: object) -> tuple[int, int]:
        searched.append(text)
        return search(text, entry)

    monkeypatch.setattr(har_module, "_body_spot", counted)
    outcomes = [o for o in check_paths([str(har)]) if not isinstance(o, Skipped)]
    assert sum(1 for result in outcomes if result.findings) == len(searched) == 3
    exchanges = [e for e in iter_exchanges([str(har)]) if isinstance(e, Exchange)]
    assert len(searched) == 3  # reading exchanges locates nothing either
    assert [(e.line, e.column) for e in exchanges] == [har_module._where(item)() for item in _entries_checked(har)]


def _entries_checked(har: Path) -> list[Item]:
    """The items of the HAR's entries that are ChatKit operations (the preflight and the page fetch are not)."""
    with har.open("rb") as stream:
        items = list(array_items(stream, str(har), ("log", "entries"), "HAR file"))
    return items[2:]
