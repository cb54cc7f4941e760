"""Mutation operators for pages, threads, items and deletes: each breaks one page or thread rule and says where.

Like the session operators (``_mutations``), each takes the payload's copy and returns it changed with the pointer
a validator must report; a page rule's operator leans on the items its base draw is sure to hold (``MIN_ITEMS``).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from contract.check.semantics import INVISIBLE_CATEGORIES, MILLISECONDS_FROM
from contract.findings import pointer_of
from contract.operations import MAX_PAGE
from contract.strategies._compile import INT64_MAX, integers, texts
from contract.strategies._mutations import CONTROL_SPACES, Draw, Operator, Slot, away, replace_at
from contract.strategies._threads import STATUS_TYPES

__all__ = ["MIN_ITEMS", "PAGE_OPERATORS"]


def _wrong_end(member: str, index: int) -> Operator:
    """``first_id``/``last_id`` naming another item than the page's first/last one (a string on an empty page)."""

    def operator(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
        data = payload["data"]
        other = draw(st.one_of(st.none(), away(texts(), [data[index]["id"]]))) if data else draw(texts())
        return replace_at(payload, (member,), other), f"/{member}"

    return operator


def _more_on_an_empty_page(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    # Without the request the limit is unknown, and only an empty page cannot be full.
    payload.update(data=[], first_id=None, last_id=None, has_more=True)
    return payload, "/has_more"


def _oversized_page(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    # Copies of the last item (same time, same thread, new ids) until the page holds more than any limit allows.
    items = payload["data"]
    last = items[-1]
    for number in range(MAX_PAGE + 1 - len(items)):
        items.append({**copy.deepcopy(last), "id": f"{last['id']}~{number}"})
    payload["last_id"] = items[-1]["id"]
    return payload, "/data"


def _out_of_order(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    # Strictly descending times (the default order), then one item raised above the one before it: the first
    # two set the direction even when the request is unknown, so exactly that item is out of order.
    items = payload["data"]
    top = max(len(items), min(items[0]["created_at"], MILLISECONDS_FROM - 2))
    for index, item in enumerate(items):
        item["created_at"] = top - index
    index = draw(st.integers(2, len(items) - 1))
    items[index]["created_at"] = items[index - 1]["created_at"] + 1
    return payload, pointer_of("data", index, "created_at")


def _milliseconds_at(draw: Draw, payload: Any, at: tuple[str | int, ...]) -> tuple[Any, str]:
    milliseconds = integers(MILLISECONDS_FROM, INT64_MAX)
    value = draw(st.one_of(milliseconds, milliseconds.map(float)))
    return replace_at(payload, (*at, "created_at"), value), pointer_of(*at, "created_at")


def _created_in_milliseconds(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    # The first item of a page: in descending order it may be as late as it likes.
    return _milliseconds_at(draw, payload, ("data", 0) if "data" in payload else ())


def _foreign_item(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    items = payload["data"]
    index = draw(st.integers(1, len(items) - 1))
    items[index]["thread_id"] = draw(away(texts(), [items[0]["thread_id"]]))
    return payload, pointer_of("data", index, "thread_id")


def _no_reason(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    at: tuple[str | int, ...] = ("data", draw(st.integers(0, len(payload["data"]) - 1))) if "data" in payload else ()
    kind = draw(st.sampled_from([status for status in STATUS_TYPES if status != "active"]))
    invisible = tuple(category for category in INVISIBLE_CATEGORIES if category != "Cs")
    blank = st.text(st.characters(categories=invisible, include_characters=CONTROL_SPACES))
    replace_at(payload, (*at, "status"), {"type": kind, "reason": draw(st.one_of(st.none(), blank))})
    return payload, pointer_of(*at, "status", "reason")


def _not_deleted(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    return replace_at(payload, ("deleted",), False), "/deleted"


#: Every page, thread, item and delete rule a payload alone can break, in catalogue order, with its operators.
PAGE_OPERATORS: dict[str, tuple[Operator, ...]] = {
    "list.first-id": (_wrong_end("first_id", 0),),
    "list.last-id": (_wrong_end("last_id", -1),),
    "list.has-more": (_more_on_an_empty_page,),
    "list.page-size": (_oversized_page,),
    "list.order": (_out_of_order,),
    "thread.created-at-unit": (_created_in_milliseconds,),
    "thread.status-reason": (_no_reason,),
    "item.created-at-unit": (_created_in_milliseconds,),
    "item.thread-id": (_foreign_item,),
    "delete.deleted": (_not_deleted,),
}

#: The fewest items a page must hold for a rule's operators to have something to break.
MIN_ITEMS: dict[str, int] = {"list.order": 3, "item.thread-id": 2}
