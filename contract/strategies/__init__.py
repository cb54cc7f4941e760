"""Hypothesis strategies for the ChatKit contract: every response resource, conforming and broken.

:func:`sessions`, :func:`cancel_responses`, :func:`threads`, :func:`thread_items`, :func:`thread_lists`,
:func:`thread_item_lists`, :func:`deleted_threads`, :func:`responses` and :func:`from_schema` draw payloads
the contract accepts, covering every branch it allows (every thread status, every item type);
:func:`nonconforming` draws :class:`Mutant` payloads that break exactly one rule. They are compiled once
from the bundled schemas by construction, so they are fast and shrink to minimal examples.
hypothesis-jsonschema is an optional second engine.

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

from contract.operations import (
    MAX_PAGE,
    OPERATION_CHOICES,
    SESSION_ID_PREFIX,
    canonical_operation,
)
from contract.rules import PROFILES, Profile, unknown_rule_ids
from contract.schemas import SCHEMA_NAMES
from contract.strategies._engine import BUILTIN, ENGINES
from contract.strategies._mutants import PAYLOAD_RULES, Mutant, mutant_strategy, needed_profile, resource_operations
from contract.strategies._resources import RESOURCES, operation_strategy, strategy_for
from contract.strategies._sessions import STATUSES, session_strategy
from contract.strategies._threads import (
    ITEM_TYPES,
    ORDERS,
    STATUS_TYPES,
    deleted_thread_strategy,
    item_list_strategy,
    item_strategy,
    thread_list_strategy,
    thread_strategy,
)

__all__ = [
    "ENGINES",
    "ITEM_TYPES",
    "PAYLOAD_RULES",
    "RESOURCES",
    "STATUSES",
    "THREAD_STATUSES",
    "Mutant",
    "cancel_responses",
    "deleted_threads",
    "from_schema",
    "nonconforming",
    "responses",
    "sessions",
    "thread_item_lists",
    "thread_items",
    "thread_lists",
    "threads",
]

#: A thread's ``status.type``: every branch of the status union.
THREAD_STATUSES = STATUS_TYPES


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


def threads(
    *, status: str | None = None, thread_id: str | None = None, engine: str = BUILTIN
) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadResource`` dicts: every status (a locked or closed one with a reason), ``created_at`` in
    seconds. ``status`` fixes the status type (one of :data:`THREAD_STATUSES`), ``thread_id`` the id (what
    retrieving that thread answers)."""
    if status is not None and status not in STATUS_TYPES:
        raise InvalidArgument(f"status={status!r}; choose one of: {', '.join(map(repr, STATUS_TYPES))}, or None")
    return thread_strategy(status, _text("thread_id", thread_id), engine)


def thread_items(
    *, type: str | None = None, thread_id: str | None = None, engine: str = BUILTIN
) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadItem`` dicts of every type (user and assistant messages, widgets, client tool calls,
    tasks, task groups), or of ``type`` (one of :data:`ITEM_TYPES`); in ``thread_id`` when given."""
    if type is not None and type not in ITEM_TYPES:
        raise InvalidArgument(f"type={type!r}; choose one of: {', '.join(map(repr, ITEM_TYPES))}, or None for all")
    return item_strategy(type, _text("thread_id", thread_id), engine)


def thread_lists(
    *, order: str = "desc", limit: int | None = None, engine: str = BUILTIN
) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadListResource`` pages: threads in ``order`` of ``created_at``, ``first_id`` and
    ``last_id`` naming the ends, ``has_more`` only on a full page.

    ``limit`` is the page size a request asked for: pages then hold at most that many threads, and only a
    page of exactly that many may say ``has_more``. ``None`` draws pages of a few threads, as checked
    without the request.
    """
    return thread_list_strategy(_order(order), _limit(limit), engine)


def thread_item_lists(
    *, thread_id: str | None = None, order: str = "desc", limit: int | None = None, engine: str = BUILTIN
) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadItemListResource`` pages: items of one thread (``thread_id``, or one drawn per page),
    every item type, in ``order``; ``limit`` as for :func:`thread_lists`."""
    return item_list_strategy(_order(order), _limit(limit), _text("thread_id", thread_id), engine)


def deleted_threads(*, thread_id: str | None = None, engine: str = BUILTIN) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``DeletedThreadResource`` dicts: ``deleted: true``, for ``thread_id`` when given."""
    return deleted_thread_strategy(_text("thread_id", thread_id), engine)


def responses(operation: str, *, engine: str = BUILTIN) -> st.SearchStrategy[dict[str, Any]]:
    """What a response to ``operation`` (``"list-threads"``, ``"cancel"``…) may be, checked without its request."""
    name = canonical_operation(operation) if isinstance(operation, str) else None
    if name is None:
        raise InvalidArgument(f"operation={operation!r}; choose one of: {', '.join(map(repr, OPERATION_CHOICES))}")
    return operation_strategy(name, engine)


def from_schema(name: str, *, engine: str = BUILTIN) -> st.SearchStrategy[Any]:
    """Conforming instances of any bundled type by name (``"ChatkitWorkflow"``; see ``SCHEMA_NAMES``).

    The response resources (:data:`RESOURCES`) get the rules beyond their schema too.
    """
    if name not in SCHEMA_NAMES:
        raise InvalidArgument(f"unknown schema {name!r}; choose one of: {', '.join(SCHEMA_NAMES)}")
    return strategy_for(name, engine)


def nonconforming(
    *,
    rules: Iterable[str] | None = None,
    operation: str | None = None,
    profile: Profile | None = None,
    engine: str = BUILTIN,
    resource: str | None = None,
    endpoint: str | None = None,
) -> st.SearchStrategy[Mutant]:
    """:class:`Mutant` payloads: a conforming response broken in exactly one way.

    ``rules`` picks which rules to break (default: every rule in :data:`PAYLOAD_RULES` that the operation
    and profile let fail), on the responses of every operation each rule applies to. Each mutant names the
    operation and profile under which a validator reports exactly its rule at its pointer; ``operation``
    (``endpoint`` is its older name) and ``profile`` fix those instead, so a whole batch can be checked with
    one setting. ``resource`` (one of :data:`RESOURCES`) breaks only that resource; a ``ThreadItem`` is
    broken inside a page of items (``list-thread-items``), the answer that carries items.
    """
    chosen = endpoint if endpoint is not None else operation
    name = canonical_operation(chosen) if isinstance(chosen, str) else None
    if chosen is not None and name is None:
        raise InvalidArgument(
            f"operation={chosen!r}; choose one of: {', '.join(map(repr, OPERATION_CHOICES))}, or None"
        )
    if profile is not None and profile not in PROFILES:
        raise InvalidArgument(f"profile={profile!r}; choose one of: {', '.join(map(repr, PROFILES))}, or None")
    if resource is not None and resource not in RESOURCES:
        raise InvalidArgument(f"resource={resource!r}; choose one of: {', '.join(map(repr, RESOURCES))}, or None")
    return mutant_strategy(_chosen(rules, name, profile, resource), name, profile, engine, resource)


def _text(name: str, value: str | None) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidArgument(f"{name}={value!r} must be a string, or None")
    return value


def _order(order: str) -> str:
    if order not in ORDERS:
        raise InvalidArgument(f"order={order!r}; choose one of: {', '.join(map(repr, ORDERS))}")
    return order


def _limit(limit: int | None) -> int | None:
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= MAX_PAGE):
        raise InvalidArgument(f"limit={limit!r} must be a whole number from 0 to {MAX_PAGE}, or None")
    return limit


def _chosen(
    rules: Iterable[str] | None, operation: str | None, profile: Profile | None, resource: str | None
) -> tuple[str, ...]:
    if rules is None:
        chosen = tuple(rule for rule in PAYLOAD_RULES if _misfit(rule, operation, profile, resource) is None)
        if not chosen:
            raise InvalidArgument(f"no rule can be broken on {resource!r} as a response to {operation!r}")
        return chosen
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
        reason = _misfit(rule, operation, profile, resource)
        if reason is not None:
            raise InvalidArgument(reason)
    return chosen


def _misfit(rule: str, operation: str | None, profile: Profile | None, resource: str | None) -> str | None:
    """Why *rule* cannot fail under this operation, profile and resource, or None."""
    applies = resource_operations(rule, resource)
    if not applies:
        return f"rule {rule!r} does not apply to {resource}"
    if operation is not None and operation not in applies:
        return f"rule {rule!r} applies only to operation {' or '.join(map(repr, applies))}, not {operation!r}"
    if profile == "lenient" and needed_profile(rule) == "strict":
        return f"rule {rule!r} is only a warning under the lenient profile; use profile 'strict'"
    return None
