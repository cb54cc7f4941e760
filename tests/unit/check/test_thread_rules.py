"""The thread rules, one named case each: lists, threads, items and deletes, with and without their request."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from contract import Validator
from contract.findings import Result
from tests.helpers import seeded_pages


def _found(result: Result) -> list[tuple[str, str, str]]:
    return [(f.rule, f.pointer, f.severity) for f in result.findings]


def _threads() -> dict[str, Any]:
    return seeded_pages()[0]


def _items() -> dict[str, Any]:
    return seeded_pages()[1]


def _check(operation: str, payload: Any, params: dict[str, str] | None = None, profile: str = "lenient") -> Any:
    return _found(Validator(operation=operation, profile=profile).validate(payload, params=params))  # type: ignore[arg-type]


def test_the_seeded_pages_conform_strictly_with_and_without_their_request() -> None:
    """The fixtures these cases break pass every rule, bare and as answers to their (default) request."""
    threads, items = seeded_pages()
    thread_id = items["data"][0]["thread_id"]
    assert _check("list-threads", threads, profile="strict") == []
    assert _check("list-threads", threads, {}, profile="strict") == []
    assert _check("list-thread-items", items, {"thread_id": thread_id}, profile="strict") == []


def test_first_and_last_ids_name_the_ends_of_the_page() -> None:
    """first_id/last_id are the first and last item's ids; an empty page has null for both."""
    page = _threads()
    page["first_id"], page["last_id"] = page["last_id"], page["first_id"]
    assert _check("list-threads", page) == [
        ("list.first-id", "/first_id", "error"),
        ("list.last-id", "/last_id", "error"),
    ]
    empty: dict[str, Any] = {"object": "list", "data": [], "first_id": "cthr_1", "last_id": None, "has_more": False}
    assert _check("list-threads", empty) == [("list.first-id", "/first_id", "error")]


def test_has_more_on_a_short_page_is_inconsistent() -> None:
    """has_more with fewer items than the limit asked for (20 by default) is wrong; bare, only an empty page is."""
    page = _items()
    page["has_more"] = True
    thread = {"thread_id": page["data"][0]["thread_id"]}
    assert _check("list-thread-items", page, thread) == [("list.has-more", "/has_more", "error")]
    assert _check("list-thread-items", page, {**thread, "limit": "6"}) == []
    assert _check("list-thread-items", page) == []  # without the request the limit is unknown
    empty: dict[str, Any] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": True}
    assert _check("list-thread-items", empty) == [("list.has-more", "/has_more", "error")]
    assert _check("list-thread-items", empty, {"limit": "0"}) == []  # limit=0 asks for an empty page


def test_a_page_larger_than_the_limit_is_reported_at_data() -> None:
    """More items than the request's limit (or than 100, whatever the request) is list.page-size at /data."""
    page = _items()
    assert _check("list-thread-items", page, {"limit": "4"}) == [("list.page-size", "/data", "error")]
    assert _check("list-thread-items", page, {"limit": "6"}) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [("list.order", "/data/1/created_at", "error")]),  # default desc: the second item is later
        ({"order": "desc"}, [("list.order", "/data/1/created_at", "error")]),
        ({"order": "asc"}, [("list.order", "/data/2/created_at", "error")]),
        (None, [("list.order", "/data/2/created_at", "error")]),  # bare: the first two set the direction
    ],
    ids=["default-desc", "desc", "asc", "bare"],
)
def test_items_out_of_the_order_asked_for(params: dict[str, str] | None, expected: list[Any]) -> None:
    """created_at must follow the requested order (desc unless asked); an unknown request holds the page to the
    order it starts in."""
    page = _threads()
    for thread, created in zip(page["data"], (100, 300, 200), strict=True):
        thread["created_at"] = created
    assert _check("list-threads", page, params) == expected


def test_an_item_of_another_thread() -> None:
    """Each item's thread_id is the path's thread; without the request, the page's first item's."""
    page = _items()
    thread_id = page["data"][0]["thread_id"]
    page["data"][3]["thread_id"] = "cthr_other"
    assert _check("list-thread-items", page, {"thread_id": thread_id}) == [
        ("item.thread-id", "/data/3/thread_id", "error")
    ]
    assert _check("list-thread-items", page) == [("item.thread-id", "/data/3/thread_id", "error")]
    assert _check("list-thread-items", page, {"thread_id": "cthr_other"})[0][1] == "/data/0/thread_id"


def test_created_at_in_milliseconds_for_threads_and_items() -> None:
    """A created_at of 10**11 or more is milliseconds: thread.created-at-unit, item.created-at-unit."""
    threads, items = seeded_pages()
    threads["data"][0]["created_at"] *= 1000
    items["data"][0]["created_at"] = float(items["data"][0]["created_at"] * 1000)
    assert _check("list-threads", threads) == [("thread.created-at-unit", "/data/0/created_at", "error")]
    assert _check("list-thread-items", items) == [("item.created-at-unit", "/data/0/created_at", "error")]
    thread = copy.deepcopy(threads["data"][0])
    assert _check("get-thread", thread) == [("thread.created-at-unit", "/created_at", "error")]


@pytest.mark.parametrize("reason", [None, "", " \u200b"])
def test_a_locked_or_closed_thread_without_a_reason(reason: str | None) -> None:
    """A null or blank reason warns (upstream allows null), and is an error in the strict profile."""
    thread = copy.deepcopy(_threads()["data"][0])
    thread["status"] = {"type": "closed", "reason": reason}
    assert _check("get-thread", thread) == [("thread.status-reason", "/status/reason", "warning")]
    assert _check("get-thread", thread, profile="strict") == [("thread.status-reason", "/status/reason", "error")]


def test_a_retrieved_thread_is_the_one_the_path_named() -> None:
    """get-thread: the body's id against the path's thread id (unknown without the request)."""
    thread = _threads()["data"][0]
    assert _check("get-thread", thread, {"thread_id": "cthr_asked"}) == [("thread.path-id", "/id", "error")]
    assert _check("get-thread", thread) == []


def test_a_delete_answer_names_the_path_thread_and_says_deleted() -> None:
    """delete-thread: deleted must be true, and the id the one the path deleted."""
    answer = {"id": "cthr_1", "object": "chatkit.thread.deleted", "deleted": False}
    assert _check("delete-thread", answer, {"thread_id": "cthr_2"}) == [
        ("delete.deleted", "/deleted", "error"),
        ("delete.thread-id", "/id", "error"),
    ]


def test_union_members_are_reported_on_the_branch_their_type_names() -> None:
    """A widget without its widget, an unknown type, a missing type, a status that is not an object: each one
    finding that says what the value meant, never "not valid under any of the given schemas"."""
    items = _items()
    widget = next(index for index, item in enumerate(items["data"]) if item["type"] == "chatkit.widget")
    del items["data"][widget]["widget"]
    items["data"][0]["type"] = "chatkit.task_groups"
    del items["data"][1]["type"]
    result = Validator(operation="list-thread-items").validate(items)
    assert sorted(_found(result)) == sorted(
        [
            ("schema.enum", "/data/0/type", "error"),
            ("schema.required", "/data/1/type", "error"),
            ("schema.required", f"/data/{widget}/widget", "error"),
        ]
    )
    enum = next(f for f in result.findings if f.rule == "schema.enum")
    assert enum.message.endswith("did you mean 'chatkit.task_group'?")
    thread = _threads()["data"][0]
    thread["status"] = "active"
    assert [(f.rule, f.pointer, f.message) for f in Validator(operation="get-thread").validate(thread).findings] == [
        ("schema.type", "/status", "expected object, got string")
    ]


def test_undeclared_members_inside_union_branches_name_the_branch() -> None:
    """Drift inside an item, an annotation or a status is reported at its pointer, owned by its branch's type."""
    items = _items()
    assistant = next(i for i, item in enumerate(items["data"]) if item["type"] == "chatkit.assistant_message")
    items["data"][assistant]["content"][0]["annotations"][1]["source"]["title"] = "Docs"
    found = Validator(operation="list-thread-items").validate(items).findings
    assert [(f.rule, f.pointer, f.message) for f in found] == [
        (
            "drift.unknown-field",
            f"/data/{assistant}/content/0/annotations/1/source/title",
            "member 'title' is not declared in UrlAnnotationSource",
        )
    ]
