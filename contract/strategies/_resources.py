"""Every response resource and every operation's answers, as conforming strategies, by name."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from contract.operations import DEFAULT_ORDER, OPERATIONS
from contract.schemas import ROOT, bundle, closed_bundle
from contract.strategies._compile import compile_schema
from contract.strategies._engine import BUILTIN, check_engine, jsonschema_strategy
from contract.strategies._sessions import bounded, session_strategy
from contract.strategies._threads import (
    deleted_thread_strategy,
    item_list_strategy,
    item_strategy,
    thread_list_strategy,
    thread_strategy,
)

__all__ = ["RESOURCES", "operation_strategy", "resource_strategy", "strategy_for"]

#: The types responses are: every operation's resource, and a thread item (the union a page of items holds).
RESOURCES: tuple[str, ...] = (*dict.fromkeys(operation.resource for operation in OPERATIONS), "ThreadItem")


def resource_strategy(name: str, engine: str, *, min_size: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming instances of a response resource, the rules beyond its schema built in (bodies without a
    request: list pages of a few items in the default order). *min_size* is the fewest items a page holds."""
    if name == ROOT:
        return session_strategy(None, None, engine)
    if name == "ThreadResource":
        return thread_strategy(None, None, engine)
    if name == "ThreadListResource":
        return thread_list_strategy(DEFAULT_ORDER, None, engine, min_size)
    if name == "ThreadItemListResource":
        return item_list_strategy(DEFAULT_ORDER, None, None, engine, min_size)
    if name == "DeletedThreadResource":
        return deleted_thread_strategy(None, engine)
    return item_strategy(None, None, engine)


def operation_strategy(operation: str, engine: str, *, min_size: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """What a response to *operation* may be, checked without its request: a cancel's is cancelled."""
    if operation == "cancel":
        return session_strategy("cancelled", None, engine)
    resource = next(op.resource for op in OPERATIONS if op.name == operation)
    return resource_strategy(resource, engine, min_size=min_size)


@cache
def strategy_for(name: str, engine: str) -> st.SearchStrategy[Any]:
    """Conforming instances of one bundled type; response resources get their rules too."""
    if name in RESOURCES:
        return resource_strategy(name, engine)
    check_engine(engine)
    if engine == BUILTIN:
        return compile_schema(bundle(name))
    return jsonschema_strategy(bounded(closed_bundle(name)))
