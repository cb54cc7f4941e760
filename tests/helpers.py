"""Shared test data: a conforming cancel response built fresh for each use, where the project lives, and a
break carried from one payload to another."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

#: The checkout this suite runs from.
ROOT = Path(__file__).parents[1]
#: The reference data CI and development checkouts have beside them (never committed).
SHARED_UPSTREAM = ROOT.parent / "shared" / "upstream"

SECRET = "ek_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
#: The environment of a child run under a file-size limit (RLIMIT_FSIZE): no bytecode written. Python before 3.13
#: keeps a .pyc cut at the limit (CPython gh-126606), and every later interpreter importing that module then fails
#: with "EOFError: marshal data too short"; modules imported on first use make that the first writer of their .pyc.
NO_BYTECODE = {"PYTHONDONTWRITEBYTECODE": "1"}


def conforming_session(**overrides: Any) -> dict[str, Any]:
    """A cancel response that satisfies every rule; keyword arguments replace top-level members."""
    session: dict[str, Any] = {
        "id": "cksess_123",
        "object": "chatkit.session",
        "client_secret": SECRET,
        "expires_at": 1712349876,
        "workflow": {
            "id": "workflow_alpha",
            "version": "2024-10-01",
            "state_variables": {"step": 1},
            "tracing": {"enabled": True},
        },
        "user": "user_789",
        "rate_limits": {"max_requests_per_1_minute": 60},
        "max_requests_per_1_minute": 60,
        "status": "cancelled",
        "chatkit_configuration": {
            "automatic_thread_titling": {"enabled": True},
            "file_upload": {"enabled": True, "max_file_size": 16, "max_files": 20},
            "history": {"enabled": True, "recent_threads": 10},
        },
    }
    session.update(overrides)
    return session


def seeded_pages() -> tuple[dict[str, Any], dict[str, Any]]:
    """A conforming page of threads (one per status) and a page of one thread's items (one of every type), as the
    stand-in answers ``list-threads`` and ``list-thread-items`` (newest first, every member present)."""
    from contract.standin.threads import ThreadStore

    store = ThreadStore(lambda: 1_712_345_678)
    store.seed("user_456")
    threads = store.list_threads()
    items = store.list_items(threads["data"][0]["id"])
    assert items is not None
    return threads, items


def graft(payload: Any, source: Any, pointer: str) -> bool:
    """Make *payload* at *pointer* what *source* is there (absent where it is absent); false where it cannot."""
    *parents, last = [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]] or [""]
    for token in parents:
        if isinstance(payload, dict) and isinstance(source, dict) and token in payload and token in source:
            payload, source = payload[token], source[token]
        elif isinstance(payload, list) and isinstance(source, list) and int(token) < min(len(payload), len(source)):
            payload, source = payload[int(token)], source[int(token)]
        else:
            return False
    if not pointer or not isinstance(payload, dict) or not isinstance(source, dict):
        return False
    if last in source:
        payload[last] = copy.deepcopy(source[last])
    else:
        payload.pop(last, None)
    return True
