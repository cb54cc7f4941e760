"""Which recorded requests hit the checked endpoint, and which session they cancelled."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from contract.rules import Endpoint

__all__ = ["cancelled_session", "header_map", "match_request"]

_CANCEL = re.compile(r"/chatkit/sessions/(?P<id>[^/]+)/cancel/?")
_CREATE = re.compile(r"/chatkit/sessions/?")


def _path_of(url: str) -> str | None:
    try:
        return urlsplit(url).path
    except ValueError:  # an unbalanced "[" in the host: no request this tool can match
        return None


def cancelled_session(url: str) -> str | None:
    """The session id a ``…/chatkit/sessions/{id}/cancel`` URL (or path) cancels, percent-decoded; else None."""
    path = _path_of(url)
    cancel = _CANCEL.search(path) if path is not None else None
    if cancel is None or cancel.end() != len(path or ""):
        return None
    return unquote(cancel.group("id"))


def match_request(method: object, url: object, endpoint: Endpoint) -> tuple[bool, str | None]:
    """``(checked, session id)`` for a recorded request: cancel always, session create only for ``session``."""
    if not isinstance(method, str) or method.upper() != "POST" or not isinstance(url, str):
        return False, None
    session = cancelled_session(url)
    if session is not None:
        return True, session
    path = _path_of(url)
    if path is None:
        return False, None
    create = _CREATE.search(path)
    if endpoint == "session" and create is not None and create.end() == len(path):
        return True, None
    return False, None


def header_map(pairs: Iterable[tuple[object, object]]) -> dict[str, str]:
    """Recorded headers as lower-case names to values; repeated names are joined with ``, ``."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        if not isinstance(name, str):
            continue
        values = value if isinstance(value, list) else [value]
        # Only scalars: a nested value (a YAML alias can make one of any size) is no header value.
        text = ", ".join(str(v) for v in values if isinstance(v, (str, int, float)))
        key = name.lower()
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers
