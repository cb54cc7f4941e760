"""The stand-in's threads: seeded per user, cursor pages as the service pages them, delete."""

from __future__ import annotations

import pytest

from contract import Validator
from contract.standin.threads import CursorError, ThreadStore


def _store() -> ThreadStore:
    store = ThreadStore(lambda: 1_800_000_000)
    store.seed("alice", threads=5)
    store.seed("bob")
    return store


def test_every_page_is_a_conforming_list_whatever_the_query() -> None:
    """Pages asked with any limit, order and cursor pass the strict list rules under that very request."""
    store = _store()
    checker = Validator(operation="list-threads", profile="strict")
    ids = store.ids()
    for limit in (0, 1, 2, 3, 20):
        for order in ("asc", "desc"):
            for cursor in ({}, {"after": ids[2]}, {"before": ids[2]}):
                page = store.list_threads(limit=limit, order=order, **cursor)
                params = {"limit": str(limit), "order": order, **cursor}
                assert checker.validate(page, params=params).findings == (), (limit, order, cursor)


def test_following_after_cursors_walks_every_thread_once_in_order() -> None:
    """after=last_id until has_more is false visits each of a user's threads once, newest first."""
    store = _store()
    seen, after = [], None
    while True:
        page = store.list_threads(user="alice", limit=2, **({"after": after} if after else {}))
        seen += [thread["id"] for thread in page["data"]]
        if not page["has_more"]:
            break
        after = page["last_id"]
    assert seen == list(reversed(store.ids("alice")))
    assert len(seen) == 5


def test_before_pages_back_towards_the_newest() -> None:
    """before=X gives the threads just before X in the order asked, has_more when more lie beyond."""
    store = _store()
    newest_first = list(reversed(store.ids("alice")))
    page = store.list_threads(user="alice", limit=2, before=newest_first[3])
    assert [thread["id"] for thread in page["data"]] == newest_first[1:3]
    assert page["has_more"] is True


def test_an_unknown_cursor_is_refused_by_name() -> None:
    """A cursor the list does not hold is a CursorError naming the parameter, not an empty page."""
    store = _store()
    with pytest.raises(CursorError) as caught:
        store.list_items(store.ids()[0], before="cthi_nope")
    assert (caught.value.param, caught.value.value) == ("before", "cthi_nope")


def test_items_cover_every_type_and_belong_to_their_thread() -> None:
    """Each seeded thread holds one item of every type, in its own thread, checked as a page of its items."""
    store = _store()
    thread_id = store.ids("bob")[0]
    page = store.list_items(thread_id, order="asc")
    assert page is not None
    assert len({item["type"] for item in page["data"]}) == 6
    params = {"thread_id": thread_id, "order": "asc"}
    assert Validator(operation="list-thread-items", profile="strict").validate(page, params=params).findings == ()


def test_seeded_threads_hold_every_status_and_delete_removes_a_thread_and_its_items() -> None:
    """Three threads per user by default, one per status; delete answers deleted: true once, then None."""
    store = _store()
    bob = store.ids("bob")
    assert sorted(str(store.get(thread_id)["status"]["type"]) for thread_id in bob) == ["active", "closed", "locked"]  # type: ignore[index]
    answer = store.delete(bob[0])
    assert answer == {"id": bob[0], "object": "chatkit.thread.deleted", "deleted": True}
    assert Validator(operation="delete-thread").validate(answer, params={"thread_id": bob[0]}).ok
    assert (store.get(bob[0]), store.delete(bob[0]), store.list_items(bob[0])) == (None, None, None)
    assert len(store) == 7
