"""The ``list.*``, ``thread.*``, ``item.*`` and ``delete.*`` rules: what the thread schemas cannot say.

Each check reads a parsed response of one thread operation and the request's parameters (``thread_id`` from
the path, ``limit`` and ``order`` from the query). A body checked without its request (*assumed*) is held only
to what holds whatever was asked: a page in some order, of at most 100 items, whose items share one thread.
Values of the wrong type are left to the schema. Written as straight-line loops: every conforming page runs
through them, item by item.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract.check.semantics import MILLISECONDS_FROM, has_visible_characters, is_whole, milliseconds_message
from contract.findings import Finding, pointer_of
from contract.operations import DEFAULT_ORDER, DEFAULT_PAGE, MAX_PAGE
from contract.parsing.numbers import ascii_whole

__all__ = ["deleted_thread_findings", "item_list_findings", "thread_findings", "thread_list_findings"]

Params = Mapping[str, str] | None
_EMPTY: Mapping[str, str] = {}
_ORDERS = ("asc", "desc")
_REASONED = ("locked", "closed")
_INT = frozenset({int})


def thread_findings(
    payload: Any, operation: str, session_id: str | None = None, params: Params = None, *, assumed: bool = False
) -> list[Finding]:
    """A retrieved thread: its own rules, and its id against the one in the request path."""
    if not isinstance(payload, dict):
        return []
    found = _thread_rules(payload, ()) or []
    wanted = (params or _EMPTY).get("thread_id")
    thread = payload.get("id")
    if wanted is not None and isinstance(thread, str) and thread != wanted:
        message = f"the request asked for thread {wanted!r} but the body describes {thread!r}"
        found.append(Finding.of("thread.path-id", "/id", message))
    return found


def deleted_thread_findings(
    payload: Any, operation: str, session_id: str | None = None, params: Params = None, *, assumed: bool = False
) -> list[Finding]:
    """A delete answer: ``deleted: true``, for the thread the request path names."""
    if not isinstance(payload, dict):
        return []
    found = []
    if payload.get("deleted") is False:
        found.append(Finding.of("delete.deleted", "/deleted", "a delete response says deleted: false"))
    wanted = (params or _EMPTY).get("thread_id")
    thread = payload.get("id")
    if wanted is not None and isinstance(thread, str) and thread != wanted:
        message = f"the request deleted thread {wanted!r} but the body names {thread!r}"
        found.append(Finding.of("delete.thread-id", "/id", message))
    return found


def thread_list_findings(
    payload: Any, operation: str, session_id: str | None = None, params: Params = None, *, assumed: bool = False
) -> list[Finding]:
    """A page of threads: the list rules, then each thread's own."""
    if not isinstance(payload, dict):
        return []
    data = payload.get("data")
    if type(data) is not list:
        return []
    found = _list_rules(payload, data, params or _EMPTY, assumed)
    for index, thread in enumerate(data):
        if type(thread) is not dict:
            continue
        # The common case decided inline, without a call: seconds, and active or with a plain visible reason.
        created, status = thread.get("created_at"), thread.get("status")
        if type(created) is int and created < MILLISECONDS_FROM and type(status) is dict:
            if status.get("type") not in _REASONED:
                continue
            reason = status.get("reason")
            if type(reason) is str and reason.isascii() and reason.isprintable() and not reason.isspace() and reason:
                continue
        broken = _thread_rules(thread, ("data", index))
        if broken:
            found.extend(broken)
    return found


def item_list_findings(
    payload: Any, operation: str, session_id: str | None = None, params: Params = None, *, assumed: bool = False
) -> list[Finding]:
    """A page of thread items: the list rules, then each item's timestamp and thread."""
    if not isinstance(payload, dict):
        return []
    data = payload.get("data")
    if type(data) is not list:
        return []
    found = _list_rules(payload, data, params or _EMPTY, assumed)
    wanted = (params or _EMPTY).get("thread_id")
    for index, item in enumerate(data):
        if type(item) is not dict:
            continue
        created = item.get("created_at")
        if (type(created) is int or type(created) is float) and created >= MILLISECONDS_FROM and is_whole(created):
            where = pointer_of("data", index, "created_at")
            found.append(Finding.of("item.created-at-unit", where, milliseconds_message(created)))
        thread = item.get("thread_id")
        if type(thread) is not str:
            continue
        if wanted is None:
            wanted = thread  # without the request, the first item's thread is the page's
        elif thread != wanted:
            message = f"the item belongs to thread {thread!r}, not {wanted!r}" + (
                " (the page's first item's)" if "thread_id" not in (params or _EMPTY) else " (the request path's)"
            )
            found.append(Finding.of("item.thread-id", pointer_of("data", index, "thread_id"), message))
    return found


def _thread_rules(thread: dict[str, Any], at: tuple[str | int, ...]) -> list[Finding] | None:
    """A thread's own findings, or ``None`` (the common case, decided without building anything)."""
    found = None
    created = thread.get("created_at")
    if (type(created) is int or type(created) is float) and created >= MILLISECONDS_FROM and is_whole(created):
        found = [Finding.of("thread.created-at-unit", pointer_of(*at, "created_at"), milliseconds_message(created))]
    status = thread.get("status")
    if type(status) is dict and status.get("type") in _REASONED and "reason" in status:
        reason = status["reason"]
        if reason is None or (type(reason) is str and not has_visible_characters(reason)):
            shown = "no reason (null)" if reason is None else "a blank reason"
            message = f"a {status['type']} thread gives {shown}"
            found = found or []
            found.append(Finding.of("thread.status-reason", pointer_of(*at, "status", "reason"), message))
    return found


def _limit(params: Mapping[str, str], assumed: bool) -> int | None:
    """The page size asked for: the request's ``limit``, else the default; ``None`` when no request is known."""
    text = params.get("limit")
    if text is not None:
        return ascii_whole(text)  # a limit the service would refuse says nothing about the page
    return None if assumed else DEFAULT_PAGE


def _list_rules(payload: dict[str, Any], data: list[Any], params: Mapping[str, str], assumed: bool) -> list[Finding]:
    found = []
    for member, index in (("first_id", 0), ("last_id", -1)):
        if member not in payload:
            continue
        given = payload[member]
        expected = data[index].get("id") if data and isinstance(data[index], dict) else None
        if data and not isinstance(expected, str):
            continue  # the item has no usable id: the schema says so
        if (given is None or isinstance(given, str)) and given != expected:
            which = "first" if index == 0 else "last"
            wanted = f"the {which} item's id {expected!r}" if data else "null for an empty page"
            found.append(Finding.of(f"list.{member.replace('_', '-')}", f"/{member}", f"{given!r} is not {wanted}"))
    limit = _limit(params, assumed)
    short = len(data) < limit if limit is not None else not data
    if payload.get("has_more") is True and short:
        shown = "an empty page" if not data else f"a page of {len(data)} when {limit} were asked for"
        found.append(Finding.of("list.has-more", "/has_more", f"has_more is true on {shown}"))
    most = MAX_PAGE if limit is None else limit
    if len(data) > most:
        asked = f"the request asked for at most {limit}" if limit is not None else f"no page holds more than {MAX_PAGE}"
        found.append(Finding.of("list.page-size", "/data", f"the page holds {len(data)} items; {asked}"))
    found.extend(_order_findings(data, params.get("order") or (None if assumed else DEFAULT_ORDER)))
    return found


def _order_findings(data: list[Any], order: str | None) -> list[Finding]:
    """An item whose ``created_at`` goes against the order asked for (unknown: the order the page starts in)."""
    times: list[Any] = [item.get("created_at") if type(item) is dict else None for item in data]
    if set(map(type, times)) <= _INT:
        # The common case, in C: integer times already sorted as asked (or, unknown, either way).
        if order != "asc" and times == sorted(times, reverse=True):
            return []
        if order != "desc" and times == sorted(times):
            return []
    found: list[Finding] = []
    rising: bool | None = None if order not in _ORDERS else order == "asc"
    previous: float | None = None
    for index, item in enumerate(data):
        created = item.get("created_at") if type(item) is dict else None
        if type(created) is not int and not (type(created) is float and created.is_integer()):
            continue  # not an integer: the schema says so
        if previous is not None and created != previous:
            if rising is None:
                rising = created > previous
            elif (created > previous) != rising:
                found.append(_out_of_order(index, created, previous, rising, order in _ORDERS))
        previous = created
    return found


def _out_of_order(index: int, created: float, previous: float, rising: bool, asked: bool) -> Finding:
    order = "ascending" if rising else "descending"
    source = "asked for" if asked else "the page started in"
    message = f"created_at {created} follows {previous}, against the {order} order {source}"
    return Finding.of("list.order", pointer_of("data", index, "created_at"), message)
