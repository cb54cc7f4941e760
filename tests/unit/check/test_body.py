"""Parsing bodies: one JSON value, or json.* findings that say exactly what is wrong and where."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.check.body import MAX_DEPTH, diagnose, parse_body


@pytest.mark.parametrize(
    ("body", "rule", "line", "column"),
    [
        (b"", "json.empty", 1, 1),
        (b" \n\t ", "json.empty", 1, 1),
        (b'{"a": 1}\n{"b": 2}', "json.trailing-data", 2, 1),
        (b'{\n  "a": NaN\n}', "json.non-finite", 2, 8),
        (b'{"a": -Infinity}', "json.non-finite", 1, 7),
        (b'{"a": \xff}', "json.encoding", 1, 7),
        (b'{"a": 1,\n  "b": }', "json.parse", 2, 8),
        (b'{"a": [1, 2', "json.parse", 1, 12),
    ],
)
def test_malformed_bodies_give_one_positioned_finding(body: bytes, rule: str, line: int, column: int) -> None:
    """Each kind of malformed body maps to its own rule, at the line and column of the fault."""
    parsed = parse_body(body)
    assert not parsed.has_value
    assert [(f.rule, f.line, f.column) for f in parsed.findings] == [(rule, line, column)]


def test_truncated_document_says_so() -> None:
    """A body cut short is named as probably truncated, not as a cryptic syntax error."""
    (finding,) = parse_body(b'{"id": "cksess_1", "user": "u').findings
    assert "truncated" in finding.message


def test_nan_inside_a_string_is_not_mistaken_for_the_literal() -> None:
    """Only the bare NaN token is located, not the letters inside a string."""
    (finding,) = parse_body(b'{"note": "NaN", "x": NaN}').findings
    assert (finding.rule, finding.column) == ("json.non-finite", 22)


def test_number_beyond_double_range_is_reported_at_its_pointer() -> None:
    """1e400 is valid JSON grammar but no double holds it: a finding, not inf."""
    parsed = parse_body(b'{"expires_at": 1e400}')
    assert [(f.rule, f.pointer) for f in parsed.findings] == [("json.number-range", "/expires_at")]


def test_byte_order_mark_is_a_warning_and_the_document_still_parses() -> None:
    """A BOM is reported, stripped, and the rest is checked as usual."""
    parsed = parse_body(b'\xef\xbb\xbf{"a": 1}')
    assert parsed.value == {"a": 1}
    assert [(f.rule, f.severity) for f in parsed.findings] == [("json.bom", "warning")]


def test_nesting_beyond_the_limit_is_a_finding_not_a_crash() -> None:
    """Deep nesting is reported with the limit instead of exhausting the stack."""
    parsed = parse_body(b"[" * 100_000 + b"]" * 100_000)
    assert [f.rule for f in parsed.findings] == ["json.too-deep"]
    assert str(MAX_DEPTH) in parsed.findings[0].message


def test_duplicate_keys_are_found_only_when_asked() -> None:
    """orjson keeps the last duplicate silently; the strict check names each repeated member."""
    body = b'{"status": "active", "workflow": {"id": "a", "id": "b"}, "status": "cancelled"}'
    assert parse_body(body).findings == ()
    parsed = parse_body(body, duplicates=True)
    assert sorted(f.pointer for f in parsed.findings) == ["/status", "/workflow/id"]
    assert parsed.value["status"] == "cancelled"


def test_large_integer_and_lone_surrogate_still_parse() -> None:
    """Valid JSON that orjson handles specially is not turned into a false finding."""
    assert parse_body(b'{"a": 18446744073709551616}').findings == ()
    parsed = parse_body(b'{"a": "\\ud800"}')
    assert parsed.findings == ()
    assert parsed.value == {"a": "\ud800"}


# Every kind of token, escapes (a lone surrogate among them), nesting, and a character beyond ASCII.
_EVERY_TOKEN = '{"a": [1, -2.5e3, true, false, null, "x\\\\\\"y\\u00e9\\ud800"], "b": {"c": {}, "d": []}, "é": "NaN"}'


def _diagnosed_both_ways(body: bytes) -> None:
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError as err:
        refused: orjson.JSONDecodeError | None = err
    else:
        refused = None
    if refused is not None:
        assert diagnose(body, refused) == parse_body(body)


@pytest.mark.parametrize("text", [_EVERY_TOKEN, _EVERY_TOKEN.replace(", ", ",\n ").replace(": ", ":")])
def test_a_document_cut_after_any_character_is_diagnosed_as_in_full(text: str) -> None:
    """Where orjson says a body ended early, the shortcut says what the whole diagnosis says, at every cut."""
    body = text.encode()
    for cut in range(len(body)):
        _diagnosed_both_ways(body[:cut])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=20,
)


@given(value=_JSON, data=st.data())
def test_a_body_orjson_refuses_is_diagnosed_as_parse_body_does(value: Any, data: st.DataObject) -> None:
    """Cut short, or not (a lone surrogate, a huge number, infinity), a refused body gets parse_body's findings."""
    body = json.dumps(value, indent=data.draw(st.sampled_from([None, 2])), ensure_ascii=data.draw(st.booleans()))
    encoded = body.encode("utf-8", "surrogatepass")
    _diagnosed_both_ways(encoded[: data.draw(st.integers(0, len(encoded)))])
