"""Conforming thread resources: the bundles' shapes plus the thread and list rules, built in.

Scalars the rules constrain (``created_at`` in seconds, a reason for a locked or closed thread, one thread per
page of items) are drawn to fit; what a page derives from its items (the order, ``first_id``, ``last_id``,
``has_more``) is computed from them after the draw. Both are construction: nothing is filtered out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from hypothesis import strategies as st

from contract.check.semantics import MILLISECONDS_FROM, has_visible_characters
from contract.operations import ITEM_ID_PREFIX, MAX_PAGE, THREAD_ID_PREFIX
from contract.schemas import bundle, closed_bundle, load_schema
from contract.strategies._compile import compile_schema, integers, texts, visible_texts
from contract.strategies._engine import BUILTIN, check_engine, jsonschema_strategy
from contract.strategies._sessions import bounded

__all__ = [
    "ITEM_TYPES",
    "ORDERS",
    "PAGE_SIZE",
    "STATUS_TYPES",
    "deleted_thread_strategy",
    "item_list_strategy",
    "item_strategy",
    "thread_list_strategy",
    "thread_strategy",
]

#: A thread's ``status.type``, and a thread item's ``type``, as the bundled unions list them.
STATUS_TYPES: tuple[str, ...] = tuple(
    load_schema(name)["properties"]["type"]["const"] for name in ("ActiveStatus", "LockedStatus", "ClosedStatus")
)
ITEM_TYPES: tuple[str, ...] = tuple(
    load_schema(branch["$ref"].removesuffix(".json"))["properties"]["type"]["const"]
    for branch in load_schema("ThreadItem")["oneOf"]
)
ORDERS = ("desc", "asc")
#: Pages drawn without a limit hold at most this many items: enough for every page rule, cheap to draw.
PAGE_SIZE = 5

_Settle = Callable[[dict[str, Any]], dict[str, Any]]


def _seconds() -> st.SearchStrategy[int]:
    """Unix seconds, from 0 up to the last value that cannot be mistaken for milliseconds."""
    return integers(0, MILLISECONDS_FROM - 1)


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return texts().map(prefix.__add__)


def _status(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    name = {"active": "ActiveStatus", "locked": "LockedStatus", "closed": "ClosedStatus"}[kind]
    return compile_schema(bundle(name), {"/reason": visible_texts()})


def _thread_overrides(status: str | None, thread_id: str | None) -> dict[str, st.SearchStrategy[Any]]:
    statuses = [status] if status is not None else list(STATUS_TYPES)
    return {
        "/id": st.just(thread_id) if thread_id is not None else _ids(THREAD_ID_PREFIX),
        "/created_at": _seconds(),
        "/status": st.one_of(*(_status(kind) for kind in statuses)),
    }


def _settle_thread(thread: dict[str, Any], status: str | None = None, thread_id: str | None = None) -> dict[str, Any]:
    """Bring a thread drawn by a schema-only engine within the thread rules (a no-op on builtin draws)."""
    if isinstance(thread.get("created_at"), int):
        thread["created_at"] %= MILLISECONDS_FROM
    current = thread.get("status")
    if status is not None and (not isinstance(current, dict) or current.get("type") != status):
        thread["status"] = {"type": status} if status == "active" else {"type": status, "reason": "reason"}
    current = thread["status"]
    if current.get("type") != "active" and not (
        isinstance(current.get("reason"), str) and has_visible_characters(current["reason"])
    ):
        current["reason"] = f"{current.get('reason') or ''}!"
    if thread_id is not None:
        thread["id"] = thread_id
    return thread


@cache
def thread_strategy(status: str | None, thread_id: str | None, engine: str) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadResource`` dicts, compiled once per option set (arguments already checked)."""
    check_engine(engine)
    if engine == BUILTIN:
        return compile_schema(bundle("ThreadResource"), _thread_overrides(status, thread_id))
    raw = jsonschema_strategy(bounded(closed_bundle("ThreadResource")))
    return raw.map(partial(_settle_thread, status=status, thread_id=thread_id))


def _settle_item(item: dict[str, Any], thread_id: str | None = None) -> dict[str, Any]:
    if isinstance(item.get("created_at"), int):
        item["created_at"] %= MILLISECONDS_FROM
    if thread_id is not None:
        item["thread_id"] = thread_id
    return item


@cache
def item_strategy(kind: str | None, thread_id: str | None, engine: str) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadItem`` dicts of one type (``None``: every type), in *thread_id* when given."""
    check_engine(engine)
    name = "ThreadItem" if kind is None else _item_schema(kind)
    if engine == BUILTIN:
        overrides = {
            "/id": _ids(ITEM_ID_PREFIX),
            "/created_at": _seconds(),
            "/thread_id": st.just(thread_id) if thread_id is not None else _ids(THREAD_ID_PREFIX),
        }
        return compile_schema(bundle(name), overrides)
    return jsonschema_strategy(bounded(closed_bundle(name))).map(partial(_settle_item, thread_id=thread_id))


def _item_schema(kind: str) -> str:
    branches = [branch["$ref"].removesuffix(".json") for branch in load_schema("ThreadItem")["oneOf"]]
    schema: str = dict(zip(ITEM_TYPES, branches, strict=True))[kind]
    return schema


def _page(items: list[dict[str, Any]], order: str, limit: int | None, more: bool) -> dict[str, Any]:
    """A list resource around *items*: sorted as asked, its ends named, ``has_more`` only where a page may say so."""
    items.sort(key=lambda item: item["created_at"], reverse=order == "desc")
    full = bool(items) and (limit is None or len(items) == limit)
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": more and full,
    }


@st.composite
def _pages(
    draw: st.DrawFn,
    items: st.SearchStrategy[dict[str, Any]],
    order: str,
    *,
    limit: int | None,
    min_size: int,
    settle: _Settle | None,
) -> dict[str, Any]:
    most = PAGE_SIZE if limit is None else min(limit, MAX_PAGE)
    drawn = draw(st.lists(items, min_size=min(min_size, most), max_size=max(most, min_size)))
    if settle is not None:
        drawn = [settle(item) for item in drawn]
    return _page(drawn, order, limit, draw(st.booleans()))


@st.composite
def _one_thread(draw: st.DrawFn, thread_id: str | None) -> _Settle:
    """Puts every item of a page in one thread, drawn once per page (or the one given)."""
    thread = draw(_ids(THREAD_ID_PREFIX)) if thread_id is None else thread_id
    return partial(_settle_item, thread_id=thread)


@cache
def thread_list_strategy(
    order: str, limit: int | None, engine: str, min_size: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadListResource`` dicts: a page in *order* of at most *limit* threads (unknown: a few)."""
    return _pages(thread_strategy(None, None, engine), order, limit=limit, min_size=min_size, settle=None)


@cache
def item_list_strategy(
    order: str, limit: int | None, thread_id: str | None, engine: str, min_size: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ThreadItemListResource`` dicts: a page of one thread's items in *order*."""
    items = item_strategy(None, None, engine)
    return _one_thread(thread_id).flatmap(
        lambda settle: _pages(items, order, limit=limit, min_size=min_size, settle=settle)
    )


@cache
def deleted_thread_strategy(thread_id: str | None, engine: str) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``DeletedThreadResource`` dicts: ``deleted: true`` for one thread."""
    check_engine(engine)
    return st.fixed_dictionaries(
        {
            "id": st.just(thread_id) if thread_id is not None else _ids(THREAD_ID_PREFIX),
            "object": st.just(load_schema("DeletedThreadResource")["properties"]["object"]["const"]),
            "deleted": st.just(True),
        }
    )
