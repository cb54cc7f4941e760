"""The self-check counts what it drew and reports a validator that accepts a mutant or rejects a good payload.

These tests stand in a small strategies module with the interface of ``contract.strategies``
(``cancel_responses()``, ``sessions()``, ``nonconforming()`` yielding mutants), so the
self-check's own logic is tested wherever that module is missing or different.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import strategies as st

import contract
from contract.errors import ContractError
from contract.selfcheck import run_self_check
from tests.helpers import SECRET, conforming_session


@dataclass(frozen=True)
class Mutant:
    """The shape contract.strategies promises: a payload, the rule it breaks, where, and under what."""

    payload: Any
    rule: str
    pointer: str
    endpoint: str = "cancel"
    profile: str = "lenient"


def _install(monkeypatch: pytest.MonkeyPatch, conforming: Any, mutants: Any) -> None:
    module = types.ModuleType("contract.strategies")
    module.cancel_responses = lambda: conforming  # type: ignore[attr-defined]
    module.sessions = lambda: conforming  # type: ignore[attr-defined]
    module.nonconforming = lambda: mutants  # type: ignore[attr-defined]
    _replace_strategies(monkeypatch, module)


def _replace_strategies(monkeypatch: pytest.MonkeyPatch, module: Any) -> None:
    # Once imported, the real module is also an attribute of the package, which `from contract import
    # strategies` reads before sys.modules: hide it too.
    monkeypatch.delattr(contract, "strategies", raising=False)
    monkeypatch.setitem(sys.modules, "contract.strategies", module)


def _users() -> Any:
    return st.builds(lambda user: conforming_session(user=user), st.text(min_size=1, max_size=8))


def test_a_sound_validator_passes_and_the_counts_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Conforming payloads pass, mutants are rejected for their rule, and both are counted."""
    mutants = st.builds(
        lambda n: Mutant(
            conforming_session(max_requests_per_1_minute=n), "session.rate-limit-mismatch", "/max_requests_per_1_minute"
        ),
        st.integers(61, 100),
    )
    _install(monkeypatch, _users(), mutants)
    check = run_self_check(15)
    assert check.ok, check.failures
    assert (check.conforming, check.mutants) == (15, 15)


def test_an_accepted_mutant_and_a_rejected_good_payload_are_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'mutant' the validator accepts, or a conforming payload it rejects, fails the self-check."""
    not_really_broken = st.just(Mutant(conforming_session(), "schema.enum", "/status"))
    rejected = st.just(conforming_session(status="active", client_secret=SECRET))
    _install(monkeypatch, rejected, not_really_broken)
    check = run_self_check(3)
    assert not check.ok
    assert "a generated conforming cancel payload was rejected: cancel.status /status" in check.failures[0]
    assert "a mutant breaking schema.enum at /status was accepted" in check.failures
    assert all(SECRET[3:15] not in failure for failure in check.failures)


def test_a_mutant_rejected_for_another_rule_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator must reject a mutant for the rule it breaks, not by accident."""
    wrong_rule = st.just(Mutant(conforming_session(status="canceled"), "session.expires-at-unit", "/expires_at"))
    _install(monkeypatch, _users(), wrong_rule)
    check = run_self_check(2)
    assert check.failures == (
        "a mutant breaking session.expires-at-unit was rejected for other rules only (schema.enum)",
    )


def test_missing_strategies_module_is_a_contract_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without contract.strategies the self-check cannot run, and says why."""
    _replace_strategies(monkeypatch, None)
    with pytest.raises(ContractError, match=r"self-check needs contract\.strategies"):
        run_self_check(5)
