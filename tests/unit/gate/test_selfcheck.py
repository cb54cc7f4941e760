"""The self-check counts what it drew and reports a validator that accepts a mutant or rejects a good payload.

The real strategies only draw honest payloads and mutants, so these tests hand the self-check
deliberately wrong ones: that is how a validator that misbehaves would look to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from contract.gate.selfcheck import run_self_check
from tests.helpers import SECRET, conforming_session


@dataclass(frozen=True)
class Mutant:
    """The shape contract.strategies promises: a payload, the rule it breaks, where, and under what."""

    payload: Any
    rule: str
    pointer: str
    operation: str = "cancel"
    profile: str = "lenient"


def _users() -> Any:
    return st.builds(lambda user: conforming_session(user=user), st.text(min_size=1, max_size=8))


def test_a_sound_validator_passes_and_the_counts_are_reported() -> None:
    """Conforming payloads pass, mutants are rejected for their rule, and both are counted."""
    mutants = st.builds(
        lambda n: Mutant(
            conforming_session(max_requests_per_1_minute=n), "session.rate-limit-mismatch", "/max_requests_per_1_minute"
        ),
        st.integers(61, 100),
    )
    check = run_self_check(15, conforming=_users(), mutants=mutants)
    assert check.ok, check.failures
    assert (check.conforming, check.mutants) == (15, 15)


def test_an_accepted_mutant_and_a_rejected_good_payload_are_failures() -> None:
    """A 'mutant' the validator accepts, or a conforming payload it rejects, fails the self-check."""
    not_really_broken = st.just(Mutant(conforming_session(), "schema.enum", "/status"))
    rejected = st.just(conforming_session(status="active", client_secret=SECRET))
    check = run_self_check(3, conforming=rejected, mutants=not_really_broken)
    assert not check.ok
    assert "a generated conforming cancel payload was rejected: cancel.status /status" in check.failures[0]
    assert "a mutant breaking schema.enum at /status was accepted" in check.failures
    assert all(SECRET[3:15] not in failure for failure in check.failures)


def test_a_mutant_rejected_for_another_rule_is_a_failure() -> None:
    """The validator must reject a mutant for the rule it breaks, not by accident."""
    wrong_rule = st.just(Mutant(conforming_session(status="canceled"), "session.expires-at-unit", "/expires_at"))
    check = run_self_check(2, conforming=_users(), mutants=wrong_rule)
    assert check.failures == (
        "a mutant breaking session.expires-at-unit was rejected for other rules only (schema.enum)",
    )


def test_real_strategies_pass_on_the_installed_validator() -> None:
    """With the packaged strategies, the self-check passes for every operation at once, for one, and for the older
    endpoint names."""
    options: list[dict[str, Any]] = [
        {},
        {"operation": "list-thread-items"},
        {"endpoint": "cancel"},
        {"endpoint": "session"},
    ]
    for chosen in options:
        check = run_self_check(20, **chosen)
        assert check.ok, check.failures
        assert (check.conforming, check.mutants) == (20, 20)
