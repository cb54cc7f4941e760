"""The HTML report without a browser: bodies masked and marked, counts, the cap on drawn responses."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import orjson

from contract.findings import Finding, Result
from contract.report import REPORTERS, report_all
from contract.report.html import MAX_RESPONSES
from contract.report.html_body import render_body
from contract.run import check_paths
from tests.helpers import SECRET, conforming_session

PLAIN = "hunter2-is-no-token"


def _page(paths: list[str]) -> str:
    stream = io.StringIO()
    report_all([REPORTERS["html"](stream)], check_paths(paths))
    return stream.getvalue()


def test_a_body_is_masked_by_member_name_and_by_token_shape(tmp_path: Path) -> None:
    """client_secret is masked whatever it holds; a key-shaped token anywhere else is masked where it stands."""
    session = conforming_session(status="active", client_secret=PLAIN)
    session["user"] = f"note {SECRET} inside"
    path = tmp_path / "leak.json"
    path.write_bytes(orjson.dumps(session, option=orjson.OPT_INDENT_2))
    page = _page([str(path)])
    assert PLAIN not in page
    assert SECRET not in page
    assert "&quot;client_secret&quot;: &quot;…(redacted)&quot;" in page
    assert "note ek_…(redacted) inside" in page


def test_a_body_that_does_not_parse_is_masked_too() -> None:
    """Raw text: the secret member's value masked by name, tokens by shape, the parser's stop marked."""
    body = ('{\n  "client_secret": "' + PLAIN + '",\n  "user": "' + SECRET + '",\n  "id": ').encode()
    finding = Finding.of("json.parse", "", "the document ends early", 4, 8)
    shown = render_body(body, [("r1-1", finding)])
    assert PLAIN not in shown
    assert SECRET not in shown
    assert '<mark id="r1-1" class="at">' in shown


def test_each_finding_marks_its_value_and_a_missing_member_marks_its_holder() -> None:
    """The enum typo's value is marked; the missing tracing marks the workflow object that should hold it."""
    session = conforming_session(status="canceled")
    del session["workflow"]["tracing"]
    findings = [
        ("a", Finding.of("schema.enum", "/status", "typo")),
        ("b", Finding.of("schema.required", "/workflow/tracing", "missing")),
    ]
    shown = render_body(orjson.dumps(session), findings)
    assert '&quot;status&quot;: <mark id="a">&quot;canceled&quot;</mark>,' in shown
    assert re.search(r'&quot;workflow&quot;: <mark id="b">\{\n.*?\}</mark>,', shown, re.DOTALL)


def test_counts_cover_every_response_and_only_the_first_are_drawn(tmp_path: Path) -> None:
    """Past MAX_RESPONSES failing responses the page says how many more there are, and draws none of them."""
    lines = [json.dumps(conforming_session(status="canceled")) for _ in range(MAX_RESPONSES + 5)]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n")
    page = _page([str(path)])
    assert page.count('<article class="response"') == MAX_RESPONSES
    assert "…and 5 more responses with findings, counted above but not drawn." in page
    assert f'<td class="num">{MAX_RESPONSES + 5}</td>' in page


def test_a_response_whose_body_cannot_be_read_back_still_shows_its_findings() -> None:
    """Stdin cannot be read twice: the findings are shown, with a note instead of the body."""
    stream = io.StringIO()
    result = Result("<stdin>", None, (Finding.of("schema.enum", "/status", "'canceled' is not one of …"),))
    report_all([REPORTERS["html"](stream)], [result])
    page = stream.getvalue()
    assert "&#x27;canceled&#x27; is not one of …" in page
    assert "cannot be read back from its source" in page
    assert "Content-Security-Policy" in page
    assert "http://" not in page
    assert "https://" not in page
