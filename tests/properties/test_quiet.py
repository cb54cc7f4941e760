"""The bulk path's one check of a clean session record: its schema form of the session rules is never looser
than the rules themselves, so a record it lets through has no finding at all."""

from __future__ import annotations

from typing import Any

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


def _quiet_means_nothing_to_say(payload: Any, operation: str) -> None:
    rules = _rules(operation, False)
    assert rules.quiet is not None
    if rules.quiet(payload):
        assert rules.conforms(payload)
        assert semantic_findings(payload, operation) == []
        assert Validator(operation=operation).validate(payload).findings == ()


@pytest.mark.parametrize("operation", SESSION_OPERATIONS)
@given(payload=_near_the_rules())
@example(payload={**conforming_session(), "max_requests_per_1_minute": 61})
def test_a_record_near_the_session_rules_passes_the_quiet_check_only_without_findings(
    operation: str, payload: dict[str, Any]
) -> None:
    _quiet_means_nothing_to_say(payload, operation)


@given(cst.nonconforming())
def test_no_mutant_of_a_session_passes_the_quiet_check_with_something_to_say(mutant: cst.Mutant) -> None:
    if mutant.operation in SESSION_OPERATIONS:
        _quiet_means_nothing_to_say(mutant.payload, mutant.operation)


@given(cst.cancel_responses())
def test_an_ordinary_cancel_response_passes_the_quiet_check(payload: dict[str, Any]) -> None:
    """Stricter than the rules only at their far edges: the bulk path is the common path."""
    secret = payload["client_secret"]
    ordinary = any("!" <= char <= "~" for char in secret) and payload["id"].startswith("cksess_")
    agrees = payload.get("max_requests_per_1_minute") == payload["rate_limits"]["max_requests_per_1_minute"]
    if ordinary and agrees and EXPIRES_AFTER <= payload["expires_at"] < EXPIRES_BEFORE:
        quiet = _rules("cancel", False).quiet
        assert quiet is not None
        assert quiet(payload)
