"""Nonconforming payloads: a conforming one broken in exactly one way, with the finding it must cause."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from contract.rules import ENDPOINTS, Endpoint, Profile, severity_of
from contract.schemas import ROOT, bundle
from contract.strategies._mutations import OPERATORS, Operator, slots_of
from contract.strategies._sessions import session_strategy

__all__ = ["PAYLOAD_RULES", "Mutant", "mutant_strategy", "needed_endpoint", "needed_profile"]

#: The rules a payload alone can break; the others need the raw body (``json.*``) or the HTTP exchange.
PAYLOAD_RULES: tuple[str, ...] = tuple(OPERATORS)


@dataclass(frozen=True, slots=True)
class Mutant:
    """A payload that a validator with this endpoint and profile rejects with one finding: *rule* at *pointer*."""

    payload: Any
    rule: str
    pointer: str
    endpoint: Endpoint
    profile: Profile

    def expectation(self) -> dict[str, str]:
        """What validating the payload must report, and the settings to validate it with."""
        return {"rule": self.rule, "pointer": self.pointer, "endpoint": self.endpoint, "profile": self.profile}

    def to_dict(self) -> dict[str, Any]:
        """The payload and its expectation in one JSON-ready object."""
        return {"payload": self.payload, **self.expectation()}


def needed_endpoint(rule: str) -> Endpoint | None:
    """The endpoint a rule applies under, or None when it applies under both."""
    return "cancel" if rule.startswith("cancel.") else None


def needed_profile(rule: str) -> Profile:
    """The weakest profile under which breaking *rule* is an error rather than a warning."""
    return "strict" if severity_of(rule, "lenient") == "warning" else "lenient"


@cache
def mutant_strategy(
    rules: tuple[str, ...], endpoint: Endpoint | None, profile: Profile | None, engine: str
) -> st.SearchStrategy[Mutant]:
    """Mutants of the given rules (arguments already checked against each other)."""
    choices = []
    for rule in rules:
        needed = needed_endpoint(rule)
        endpoints = (endpoint,) if endpoint else (needed,) if needed else ENDPOINTS
        for operator in OPERATORS[rule]:
            for chosen in endpoints:
                base = session_strategy("cancelled" if chosen == "cancel" else None, None, engine)
                choices.append(
                    _mutants(base, operator, rule=rule, endpoint=chosen, profile=profile or needed_profile(rule))
                )
    return st.one_of(choices)


@cache
def _root() -> dict[str, Any]:
    """The bundle the operators read (never written to, so one copy serves every draw)."""
    return bundle(ROOT)


@st.composite
def _mutants(
    draw: st.DrawFn,
    base: st.SearchStrategy[Any],
    operator: Operator,
    *,
    rule: str,
    endpoint: Endpoint,
    profile: Profile,
) -> Mutant:
    # A copy, so the conforming draw Hypothesis may show in a report is never changed under it.
    payload = copy.deepcopy(draw(base))
    mutated, pointer = operator(draw, payload, slots_of(_root(), payload))
    return Mutant(mutated, rule, pointer, endpoint, profile)
