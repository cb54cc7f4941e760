"""The bulk path's one check of a clean session record: JSON text decoded as types written from the schema with
the session rules' constraints. Never looser than our JSON reading, the schema or the rules: text it lets through
reads as JSON (orjson) and has no finding at all."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contract import strategies as cst
from contract.check.semantics import EXPIRES_AFTER, EXPIRES_BEFORE, MILLISECONDS_FROM, semantic_findings
from contract.check.validator import Validator, _rules
from tests.helpers import conforming_session

SESSION_OPERATIONS = ("cancel", "create")

_edges: dict[str, st.SearchStrategy[Any]] = {
    "id": st.sampled_from(["cksess_1", "cksess_", "CKSESS_1", "sess_1", " cksess_1", "", "cksess\u200b_1"])
    | st.text(max_size=12),
    "client_secret": st.sampled_from(["", " ", "\u200b", "\x00", "\u00a0\u2028", "ek_1", "é", "\t x"])
    | st.text(max_size=6),
    "expires_at": st.sampled_from(
        [EXPIRES_AFTER - 1, EXPIRES_AFTER, EXPIRES_BEFORE - 1, EXPIRES_BEFORE, MILLISECONDS_FROM, 0, -1, 2.0e9, True]
    )
    | st.integers(),
    "status": st.sampled_from(["active", "expired", "cancelled", "canceled", None]),
    "max_requests_per_1_minute": st.sampled_from([60, 61, 60.0, 0, None, "60"]),
    "rate_limits": st.sampled_from([{"max_requests_per_1_minute": 60}, {"max_requests_per_1_minute": 60.0}, {}, None]),
}


@st.composite
def _near_the_rules(draw: st.DrawFn) -> dict[str, Any]:
    """A conforming session with some of the members the session rules read set to values at their edges."""
    payload = conforming_session()
    for member in draw(st.sets(st.sampled_from(sorted(_edges)), min_size=1)):
        value = draw(_edges[member])
        if value is None and draw(st.booleans()):
            del payload[member]
        else:
            payload[member] = value
    return payload


def _text(payload: Any) -> bytes:
    # json, not orjson: it writes integers past 64 bits as they are, and NaN (not JSON) as the quiet check meets it.
    return json.dumps(payload).encode()


def _quiet_means_nothing_to_say(body: bytes, operation: str) -> None:
    rules = _rules(operation, False)
    assert rules.quiet is not None
    if rules.quiet(body):
        value = orjson.loads(body)  # fails the test where orjson would not read the text
        assert rules.conforms(value)
        assert semantic_findings(value, operation) == []
        assert Validator(operation=operation).validate(value).findings == ()


@pytest.mark.parametrize("operation", SESSION_OPERATIONS)
@given(payload=_near_the_rules())
@example(payload={**conforming_session(), "max_requests_per_1_minute": 61})
@example(
    payload={
        **conforming_session(),
        "max_requests_per_1_minute": 2**64,
        "rate_limits": {"max_requests_per_1_minute": 2**64 + 1},
    }
)
def test_a_record_near_the_session_rules_passes_the_quiet_check_only_without_findings(
    operation: str, payload: dict[str, Any]
) -> None:
    _quiet_means_nothing_to_say(_text(payload), operation)


@given(cst.nonconforming())
def test_no_mutant_of_a_session_passes_the_quiet_check_with_something_to_say(mutant: cst.Mutant) -> None:
    if mutant.operation in SESSION_OPERATIONS:
        _quiet_means_nothing_to_say(_text(mutant.payload), mutant.operation)


_CONFORMING = _text(conforming_session())
# JSON text at the edges of what orjson reads, and of what the schema's types take, written into a conforming
# response: (what replaces, what it replaces).
_TEXT_EDGES = {
    "escaped member name": (b'"\\u0069d"', b'"id"'),
    "spaces and tabs": (b'{ \t"id" :', b'{"id":'),
    "repeated member, bad first": (b'{"id": 1, "id":', b'{"id":'),
    "repeated member, bad last": (b'"user": "user_789", "user": 7', b'"user": "user_789"'),
    "integer written as a float": (b'"max_file_size": 16.0', b'"max_file_size": 16'),
    "integer with an exponent": (b'"max_file_size": 1.6e1', b'"max_file_size": 16'),
    "integer past 64 bits": (b'"max_file_size": 18446744073709551616', b'"max_file_size": 16'),
    "integer past 63 bits": (b'"max_file_size": 9223372036854775808', b'"max_file_size": 16'),
    "integer past a double": (b'"max_file_size": 1' + b"0" * 400, b'"max_file_size": 16'),
    "number past a double": (b'"step": 1e400', b'"step": 1'),
    "huge integer state": (b'"step": 1' + b"0" * 400, b'"step": 1'),
    "NaN": (b'"step": NaN', b'"step": 1'),
    "lone surrogate": (b'"user": "\\ud800"', b'"user": "user_789"'),
    "invalid UTF-8": (b'"user": "\xff"', b'"user": "user_789"'),
    "raw control character": (b'"user": "a\x01b"', b'"user": "user_789"'),
    "escaped NUL": (b'"user": "a\\u0000b"', b'"user": "user_789"'),
    "byte-order mark": (b"\xef\xbb\xbf{", b"{"),
    "trailing data": (b"10}}} x", b"10}}}"),
    "trailing comma": (b'"enabled": true},', b'"enabled": true}'),
}


@pytest.mark.parametrize("name", sorted(_TEXT_EDGES))
def test_text_at_the_edges_of_json_passes_the_quiet_check_only_without_findings(name: str) -> None:
    replacement, original = _TEXT_EDGES[name]
    assert original in _CONFORMING
    _quiet_means_nothing_to_say(_CONFORMING.replace(original, replacement, 1), "cancel")


def test_ordinary_variations_of_json_text_pass_the_quiet_check() -> None:
    """Spelling JSON differently is not a reason to take the slow path (and the edge cases above are not all
    refused)."""
    quiet = _rules("cancel", False).quiet
    assert quiet is not None
    for name in ("escaped member name", "spaces and tabs", "escaped NUL"):
        replacement, original = _TEXT_EDGES[name]
        assert quiet(_CONFORMING.replace(original, replacement, 1)), name


@given(
    position=st.integers(0, len(_CONFORMING)),
    cut=st.integers(0, 3),
    inserted=st.binary(max_size=3) | st.sampled_from([b"0", b".0", b"e1", b"\\u", b'"', b",", b"}", b" "]),
)
def test_no_edit_of_the_text_passes_the_quiet_check_with_something_to_say(
    position: int, cut: int, inserted: bytes
) -> None:
    _quiet_means_nothing_to_say(_CONFORMING[:position] + inserted + _CONFORMING[position + cut :], "cancel")


@given(cst.cancel_responses())
def test_an_ordinary_cancel_response_passes_the_quiet_check(payload: dict[str, Any]) -> None:
    """Stricter than the rules only at their far edges: the bulk path is the common path."""
    secret = payload["client_secret"]
    ordinary = any("!" <= char <= "~" for char in secret) and payload["id"].startswith("cksess_")
    agrees = payload.get("max_requests_per_1_minute") == payload["rate_limits"]["max_requests_per_1_minute"]
    if ordinary and agrees and EXPIRES_AFTER <= payload["expires_at"] < EXPIRES_BEFORE:
        quiet = _rules("cancel", False).quiet
        assert quiet is not None
        assert quiet(orjson.dumps(payload))
