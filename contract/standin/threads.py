"""The stand-in's threads: seeded per user, listed a page at a time behind cursors, read, and deleted.

A user gets threads the first time a session is created for them (or when :meth:`ThreadStore.seed` says so):
one thread per status (active, locked with a reason, closed with a reason), each holding one item of every
type (user and assistant messages, a widget, a client tool call, a task and a task group). Pages follow the
service's cursor rules: ``created_at`` order (newest first unless ``order=asc``), ``after`` and ``before``
naming the item a page continues from, ``has_more`` when the walk can go on.
"""

from __future__ import annotations

import copy
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any

from contract.operations import DEFAULT_ORDER, DEFAULT_PAGE, ITEM_ID_PREFIX, THREAD_ID_PREFIX

__all__ = ["THREADS_PER_USER", "CursorError", "ThreadStore"]

#: Threads seeded for a new user: one per status.
THREADS_PER_USER = 3
_STATUSES: tuple[dict[str, Any], ...] = (
    {"type": "active"},
    {"type": "locked", "reason": "Escalated to a human agent."},
    {"type": "closed", "reason": "Resolved by the user."},
)
_TITLES = ("Onboarding help", "Billing question", "Demo feedback")


class CursorError(Exception):
    """A page asked to continue from an item (``after`` or ``before``) that the list does not hold."""

    def __init__(self, param: str, value: str) -> None:
        super().__init__(f"{param}={value!r}")
        self.param, self.value = param, value


def _items(thread_id: str, start: int) -> list[dict[str, Any]]:
    """One item of every type, a second apart from *start*, in the order a conversation has them."""
    base = {"object": "chatkit.thread_item", "thread_id": thread_id}
    bodies: list[dict[str, Any]] = [
        {
            "type": "chatkit.user_message",
            "content": [
                {"type": "input_text", "text": "I need help debugging an onboarding issue."},
                {"type": "quoted_text", "text": "Error: workflow version not found"},
            ],
            "attachments": [
                {
                    "type": "image",
                    "id": "cfile_" + secrets.token_hex(8),
                    "name": "screenshot.png",
                    "mime_type": "image/png",
                    "preview_url": "https://files.example/preview/screenshot.png",
                }
            ],
            "inference_options": {"tool_choice": {"id": "lookup_docs"}, "model": None},
        },
        {
            "type": "chatkit.assistant_message",
            "content": [
                {
                    "type": "output_text",
                    "text": "Let's start by confirming the workflow version you deployed.",
                    "annotations": [
                        {"type": "file", "source": {"type": "file", "filename": "deploy-guide.md"}},
                        {"type": "url", "source": {"type": "url", "url": "https://platform.openai.com/docs"}},
                    ],
                }
            ],
        },
        {"type": "chatkit.widget", "widget": '{"type":"Card","children":[]}'},
        {
            "type": "chatkit.client_tool_call",
            "status": "completed",
            "call_id": "call_" + secrets.token_hex(8),
            "name": "get_workflow_version",
            "arguments": '{"workflow":"wf_123"}',
            "output": '{"version":"2024-10-01"}',
        },
        {"type": "chatkit.task", "task_type": "thought", "heading": "Checking versions", "summary": None},
        {
            "type": "chatkit.task_group",
            "tasks": [
                {"type": "custom", "heading": "Read the deploy log", "summary": "Found version 3."},
                {"type": "thought", "heading": None, "summary": None},
            ],
        },
    ]
    return [
        {"id": ITEM_ID_PREFIX + secrets.token_hex(12), **base, "created_at": start + offset, **body}
        for offset, body in enumerate(bodies)
    ]


def _page(
    rows: Sequence[dict[str, Any]], *, limit: int, order: str, after: str | None, before: str | None
) -> dict[str, Any]:
    """One page of *rows* (held oldest first) as the list resource the service answers."""
    ordered = list(rows) if order == "asc" else list(reversed(rows))
    ids = [row["id"] for row in ordered]
    start, end = 0, len(ordered)
    if after is not None:
        if after not in ids:
            raise CursorError("after", after)
        start = ids.index(after) + 1
    if before is not None:
        if before not in ids:
            raise CursorError("before", before)
        end = ids.index(before)
    window = ordered[start:end]
    # Walking back from `before` the page ends at the cursor; otherwise it starts at the beginning of the window.
    if before is not None and after is None:
        data, more = window[max(0, len(window) - limit) :], len(window) > limit
    else:
        data, more = window[:limit], len(window) > limit
    return {
        "object": "list",
        "data": copy.deepcopy(data),
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": more,
    }


class ThreadStore:
    """Threads and their items by id, safe across threads; *clock* gives the store's Unix seconds."""

    def __init__(self, clock: Callable[[], int], *, threads_per_user: int = THREADS_PER_USER) -> None:
        self._clock = clock
        self._per_user = threads_per_user
        self._lock = threading.Lock()
        self._threads: dict[str, dict[str, Any]] = {}  # in creation order, oldest first
        self._items: dict[str, list[dict[str, Any]]] = {}
        self._seeded: set[str] = set()

    def seed(self, user: str, *, threads: int | None = None) -> tuple[str, ...]:
        """Give *user* threads (one per status, cycling), each holding one item of every type; their ids."""
        count = self._per_user if threads is None else threads
        now = self._clock()
        made = []
        with self._lock:
            self._seeded.add(user)
            for number in range(count):
                # Older threads first, an hour apart, so every listing has a strict order to check.
                created = now - 3600 * (count - number)
                thread_id = THREAD_ID_PREFIX + secrets.token_hex(12)
                self._threads[thread_id] = {
                    "id": thread_id,
                    "object": "chatkit.thread",
                    "created_at": created,
                    "title": _TITLES[number % len(_TITLES)] if number % 4 != 3 else None,
                    "status": dict(_STATUSES[number % len(_STATUSES)]),
                    "user": user,
                }
                self._items[thread_id] = _items(thread_id, created + 1)
                made.append(thread_id)
        return tuple(made)

    def seed_once(self, user: str) -> None:
        """Seed *user*'s threads unless they have had them already (a user's first session)."""
        with self._lock:
            if user in self._seeded:
                return
        self.seed(user)

    def list_threads(
        self,
        *,
        user: str | None = None,
        limit: int = DEFAULT_PAGE,
        order: str = DEFAULT_ORDER,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any]:
        """A page of threads (every user's unless *user* is given); :class:`CursorError` for an unknown cursor."""
        with self._lock:
            rows = [thread for thread in self._threads.values() if user is None or thread["user"] == user]
            rows.sort(key=lambda thread: thread["created_at"])
            return _page(rows, limit=limit, order=order, after=after, before=before)

    def get(self, thread_id: str) -> dict[str, Any] | None:
        """The thread, or ``None`` for an unknown (or deleted) id."""
        with self._lock:
            thread = self._threads.get(thread_id)
            return copy.deepcopy(thread) if thread is not None else None

    def delete(self, thread_id: str) -> dict[str, Any] | None:
        """Delete the thread and its items; the service's answer, or ``None`` for an unknown id."""
        with self._lock:
            if self._threads.pop(thread_id, None) is None:
                return None
            del self._items[thread_id]
        return {"id": thread_id, "object": "chatkit.thread.deleted", "deleted": True}

    def list_items(
        self,
        thread_id: str,
        *,
        limit: int = DEFAULT_PAGE,
        order: str = DEFAULT_ORDER,
        after: str | None = None,
        before: str | None = None,
    ) -> dict[str, Any] | None:
        """A page of a thread's items, or ``None`` for an unknown thread; :class:`CursorError` for a bad cursor."""
        with self._lock:
            items = self._items.get(thread_id)
            if items is None:
                return None
            return _page(items, limit=limit, order=order, after=after, before=before)

    def ids(self, user: str | None = None) -> tuple[str, ...]:
        """Every thread id (of *user*, when given), oldest first."""
        with self._lock:
            return tuple(key for key, thread in self._threads.items() if user is None or thread["user"] == user)

    def __len__(self) -> int:
        with self._lock:
            return len(self._threads)
