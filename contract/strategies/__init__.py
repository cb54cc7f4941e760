"""Hypothesis strategies for the ChatKit session contract.

:func:`sessions`, :func:`cancel_responses` and :func:`from_schema` draw payloads the contract accepts,
covering every branch it allows; :func:`nonconforming` draws :class:`Mutant` payloads that break
exactly one rule. They are compiled once from the bundled schema by construction, so they are fast
and shrink to minimal examples. hypothesis-jsonschema is an optional second engine.

    from hypothesis import given
    from contract import strategies as cst

    @given(cst.cancel_responses())
    def test_my_client_reads_every_cancel_response(payload): ...

``corpus`` writes draws as JSON Lines for ``chatkit-contract generate``. Layer: beside ``live``,
``redaction``, ``standin`` and ``upstream``; imports ``check`` and the base modules. Importing it
imports Hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from contract.operations import SESSION_ID_PREFIX
from contract.rules import ENDPOINTS, PROFILES, Endpoint, Profile, unknown_rule_ids
from contract.schemas import SCHEMA_NAMES
from contract.strategies._engine import BUILTIN, ENGINES
from contract.strategies._mutants import PAYLOAD_RULES, Mutant, mutant_strategy, needed_endpoint, needed_profile
from contract.strategies._sessions import STATUSES, session_strategy, strategy_for

__all__ = [
    "ENGINES",
    "PAYLOAD_RULES",
    "STATUSES",
    "Mutant",
    "cancel_responses",
    "from_schema",
    "nonconforming",
    "sessions",
]


def sessions(
    *, status: str | None = None, session_id: str | None = None, engine: str = BUILTIN
) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ChatSessionResource`` dicts: no finding even in the strict profile.

    Every nullable member is drawn both null and not, ``state_variables`` empty and holding strings,
    numbers and booleans, strings in full Unicode and integers at their 32-, 53- and 64-bit edges; the
    rules beyond the schema hold (``cksess_`` ids, ``expires_at`` in seconds, equal rate-limit copies,
    a non-blank ``client_secret``).

    ``status`` fixes the status (one of :data:`STATUSES`; a cancel response needs ``"cancelled"``);
    ``session_id`` fixes the id, as a response to a request for that session has it.
    ``engine`` is ``"builtin"`` (fast, shrinks well) or ``"hypothesis-jsonschema"``, which needs
    compatible versions and raises :class:`contract.EngineError` naming them otherwise.
    """
    if status is not None and status not in STATUSES:
        raise InvalidArgument(f"status={status!r}; choose one of: {', '.join(map(repr, STATUSES))}, or None for all")
    if session_id is not None and not (isinstance(session_id, str) and session_id.startswith(SESSION_ID_PREFIX)):
        raise InvalidArgument(f"session_id={session_id!r} must be a string starting {SESSION_ID_PREFIX!r}")
    return session_strategy(status, session_id, engine)


def cancel_responses(*, session_id: str | None = None, engine: str = BUILTIN) -> st.SearchStrategy[dict[str, Any]]:
    """What a cancel endpoint may return: conforming sessions whose status is ``cancelled``."""
    return sessions(status="cancelled", session_id=session_id, engine=engine)


def from_schema(name: str, *, engine: str = BUILTIN) -> st.SearchStrategy[Any]:
    """Conforming instances of any bundled type by name (``"ChatkitWorkflow"``; see ``SCHEMA_NAMES``)."""
    if name not in SCHEMA_NAMES:
        raise InvalidArgument(f"unknown schema {name!r}; choose one of: {', '.join(SCHEMA_NAMES)}")
    return strategy_for(name, engine)


def nonconforming(
    *,
    rules: Iterable[str] | None = None,
    endpoint: Endpoint | None = None,
    profile: Profile | None = None,
    engine: str = BUILTIN,
) -> st.SearchStrategy[Mutant]:
    """:class:`Mutant` payloads: a conforming session broken in exactly one way.

    ``rules`` picks which rules to break (default: every rule in :data:`PAYLOAD_RULES` that the
    endpoint and profile let fail). Each mutant names the endpoint and profile under which a validator
    reports exactly its rule at its pointer; ``endpoint`` and ``profile`` fix those instead, so a whole
    batch can be checked with one setting.
    """
    if endpoint is not None and endpoint not in ENDPOINTS:
        raise InvalidArgument(f"endpoint={endpoint!r}; choose one of: {', '.join(map(repr, ENDPOINTS))}, or None")
    if profile is not None and profile not in PROFILES:
        raise InvalidArgument(f"profile={profile!r}; choose one of: {', '.join(map(repr, PROFILES))}, or None")
    return mutant_strategy(_chosen(rules, endpoint, profile), endpoint, profile, engine)


def _chosen(rules: Iterable[str] | None, endpoint: Endpoint | None, profile: Profile | None) -> tuple[str, ...]:
    if rules is None:
        return tuple(rule for rule in PAYLOAD_RULES if _misfit(rule, endpoint, profile) is None)
    if isinstance(rules, str):
        raise InvalidArgument(f"rules={rules!r} is one string; pass a collection: rules=[{rules!r}]")
    chosen = tuple(dict.fromkeys(rules))
    if not chosen:
        raise InvalidArgument("rules is empty; pass None to break every payload rule")
    for rule in chosen:
        problem = unknown_rule_ids([rule])
        if problem is not None:
            raise InvalidArgument(problem)
        if rule not in PAYLOAD_RULES:
            raise InvalidArgument(
                f"rule {rule!r} cannot be broken by a payload alone (it needs the raw body or the HTTP exchange); "
                f"these can: {', '.join(PAYLOAD_RULES)}"
            )
        reason = _misfit(rule, endpoint, profile)
        if reason is not None:
            raise InvalidArgument(reason)
    return chosen


def _misfit(rule: str, endpoint: Endpoint | None, profile: Profile | None) -> str | None:
    """Why *rule* cannot fail under this endpoint and profile, or None."""
    needed = needed_endpoint(rule)
    if needed is not None and endpoint not in (None, needed):
        return f"rule {rule!r} applies only to endpoint {needed!r}, not {endpoint!r}"
    if profile == "lenient" and needed_profile(rule) == "strict":
        return f"rule {rule!r} is only a warning under the lenient profile; use profile 'strict'"
    return None
