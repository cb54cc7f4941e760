"""Which recorded requests hit the checked endpoint, and which session they cancelled."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from contract.rules import Endpoint

__all__ = ["header_map", "match_request"]

_CANCEL = re.compile(r"/chatkit/sessions/(?P<id>[^/]+)/cancel/?")
_CREATE = re.compile(r"/chatkit/sessions/?")


def match_request(method: object, url: object, endpoint: Endpoint) -> tuple[bool, str | None]:
    """``(checked, session id)`` for a recorded request: cancel always, session create only for ``session``."""
    if not isinstance(method, str) or method.upper() != "POST" or not isinstance(url, str):
        return False, None
    try:
        path = urlsplit(url).path
    except ValueError:  # an unbalanced "[" in the host: no request this tool can match
        return False, None
    cancel = _CANCEL.search(path)
    if cancel is not None and cancel.end() == len(path):
        return True, unquote(cancel.group("id"))
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
