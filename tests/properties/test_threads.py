"""The thread strategies: every draw passes the strictest check as its operation's answer (to the request it was
drawn for), the official SDK's models read it unchanged, and every branch of every union is reached."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from openai.pagination import SyncConversationCursorPage
from openai.types.beta.chatkit import ChatKitThread, ChatKitThreadItemList, ThreadDeleteResponse

from contract import strategies as cst
from contract.check.validator import Validator
from contract.operations import OPERATION_NAMES

BRANCH_SEARCH = settings(database=None, phases=[Phase.generate], derandomize=True, max_examples=1000)
ThreadPage = SyncConversationCursorPage[ChatKitThread]


def _strict(operation: str) -> Validator:
    return Validator(operation=operation, profile="strict")


@pytest.mark.parametrize("operation", OPERATION_NAMES)
@given(data=st.data())
def test_every_operation_s_answers_pass_the_strictest_check_as_dicts_and_bytes(
    operation: str, data: st.DataObject
) -> None:
    """responses(operation) draws bodies with no finding at all, checked without their request, parsed or not."""
    payload = data.draw(cst.responses(operation))
    assert _strict(operation).validate(payload).findings == ()
    assert _strict(operation).validate(orjson.dumps(payload)).findings == ()


@pytest.mark.parametrize("order", ["desc", "asc"])
@pytest.mark.parametrize("limit", [1, 4])
@given(data=st.data())
def test_pages_drawn_for_a_request_pass_as_answers_to_it(order: str, limit: int, data: st.DataObject) -> None:
    """thread_lists/thread_item_lists with a limit and order pass the list rules under exactly that request."""
    params = {"limit": str(limit), "order": order}
    threads = data.draw(cst.thread_lists(order=order, limit=limit))
    assert len(threads["data"]) <= limit
    assert _strict("list-threads").validate(threads, params=params).findings == ()
    items = data.draw(cst.thread_item_lists(thread_id="cthr_asked", order=order, limit=limit))
    assert {item["thread_id"] for item in items["data"]} <= {"cthr_asked"}
    checked = _strict("list-thread-items").validate(items, params={**params, "thread_id": "cthr_asked"})
    assert checked.findings == ()


@given(cst.threads(thread_id="cthr_asked"), cst.deleted_threads(thread_id="cthr_asked"))
def test_a_thread_and_a_delete_answer_for_the_path_s_thread(thread: dict[str, Any], deleted: dict[str, Any]) -> None:
    """Fixing thread_id draws what retrieving and deleting that thread answer, path rules included."""
    assert _strict("get-thread").validate(thread, params={"thread_id": "cthr_asked"}).findings == ()
    assert _strict("delete-thread").validate(deleted, params={"thread_id": "cthr_asked"}).findings == ()


@pytest.mark.parametrize("kind", cst.ITEM_TYPES)
@given(data=st.data())
def test_the_type_option_fixes_the_item_type(kind: str, data: st.DataObject) -> None:
    """thread_items(type=...) draws only that branch of the union."""
    assert data.draw(cst.thread_items(type=kind))["type"] == kind


@given(
    cst.thread_lists(),
    cst.thread_item_lists(),
    cst.threads(),
    cst.deleted_threads(),
)
def test_the_sdk_models_read_every_conforming_draw_unchanged(
    threads: dict[str, Any], items: dict[str, Any], thread: dict[str, Any], deleted: dict[str, Any]
) -> None:
    """openai-python's models (the cursor page of ChatKitThread, ChatKitThreadItemList, ChatKitThread,
    ThreadDeleteResponse) parse each draw, as a dict and as JSON, and give back the same values."""
    for model, payload in (
        (ThreadPage, threads),
        (ChatKitThreadItemList, items),
        (ChatKitThread, thread),
        (ThreadDeleteResponse, deleted),
    ):
        assert model.model_validate(payload).model_dump() == payload
        assert model.model_validate_json(orjson.dumps(payload)).model_dump() == payload


def _items_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    return page["data"]  # type: ignore[no-any-return]


def _content(page: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [block for item in _items_of(page) if item["type"] == kind for block in item["content"]]


def _holds_item(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda page: any(item["type"] == kind for item in _items_of(page))


def _has_status(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda thread: bool(thread["status"]["type"] == kind)


ITEM_BRANCHES: dict[str, Callable[[dict[str, Any]], bool]] = {
    **{f"item {kind}": _holds_item(kind) for kind in cst.ITEM_TYPES},
    "input text": lambda p: any(b["type"] == "input_text" for b in _content(p, "chatkit.user_message")),
    "quoted text": lambda p: any(b["type"] == "quoted_text" for b in _content(p, "chatkit.user_message")),
    "file annotation": lambda p: any(
        a["type"] == "file" for b in _content(p, "chatkit.assistant_message") for a in b["annotations"]
    ),
    "url annotation": lambda p: any(
        a["type"] == "url" for b in _content(p, "chatkit.assistant_message") for a in b["annotations"]
    ),
    "attachment with a preview": lambda p: any(
        a["preview_url"] is not None for i in _items_of(p) for a in i.get("attachments", ())
    ),
    "inference options set": lambda p: any(i.get("inference_options") for i in _items_of(p)),
    "tool call in progress": lambda p: any(
        i.get("status") == "in_progress" and i["output"] is None for i in _items_of(p)
    ),
    "empty page": lambda p: p["data"] == [] and p["first_id"] is None,
    "page with more": lambda p: p["has_more"] is True,
}
THREAD_BRANCHES: dict[str, Callable[[dict[str, Any]], bool]] = {
    **{f"status {kind}": _has_status(kind) for kind in cst.THREAD_STATUSES},
    "no title": lambda t: t["title"] is None,
    "created at the last second": lambda t: t["created_at"] == 10**11 - 1,
    "non-ASCII user": lambda t: not t["user"].isascii(),
}


@pytest.mark.parametrize("predicate", ITEM_BRANCHES.values(), ids=ITEM_BRANCHES.keys())
def test_item_pages_reach_every_branch_of_every_union(predicate: Callable[[dict[str, Any]], bool]) -> None:
    """Every item type, both content blocks, both annotations, nullable members both ways, empty and full pages."""
    assert predicate(find(cst.thread_item_lists(), predicate, settings=BRANCH_SEARCH))


@pytest.mark.parametrize("predicate", THREAD_BRANCHES.values(), ids=THREAD_BRANCHES.keys())
def test_threads_reach_every_status_and_edge(predicate: Callable[[dict[str, Any]], bool]) -> None:
    """Every status (a locked or closed one with its reason), a null title, the latest plausible second."""
    assert predicate(find(cst.threads(), predicate, settings=BRANCH_SEARCH))
