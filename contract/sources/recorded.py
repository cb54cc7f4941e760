"""Recorded statuses and headers, however a format stores them: one integer, one lower-case mapping."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from contract.exchange import Exchange, Skipped
from contract.operations import OPERATIONS, Route, route, selects

_DIGITS = re.compile(r"\s*[0-9]{3}\s*")
# A request by a method no operation has (a CORS preflight, say) is skipped without parsing its URL.
_METHODS = frozenset(operation.method for operation in OPERATIONS)

__all__ = ["header_map", "routed", "status_code"]


def header_map(pairs: Iterable[tuple[object, object]]) -> dict[str, str]:
    """Recorded headers as lower-case names to values; repeated names are joined with ``, ``."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        if not isinstance(name, str):
            continue
        if type(value) is str:
            text = value
        else:
            values = value if isinstance(value, list) else [value]
            # Only scalars: a nested value (a YAML alias can make one of any size) is no header value.
            text = ", ".join(str(v) for v in values if isinstance(v, (str, int, float)))
        key = name.lower()
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


def status_code(value: object) -> int | None:
    """A recorded HTTP status in any JSON or YAML spelling (``500``, ``500.0``, ``"500"``) as an int, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    return None


def routed(method: object, url: object, operation: str | None, source: str, location: str) -> Route | Skipped:
    """The operation a recorded request was, or why it is skipped (no ChatKit operation, or not *operation*)."""
    found = route(method, url) if isinstance(method, str) and method.upper() in _METHODS else None
    if found is None:
        return Skipped(source, location)
    if not selects(operation, found.operation.name):
        return Skipped(source, location, found.operation.name)
    return found


def recorded_exchange(
    found: Route,
    body: bytes,
    *,
    source: str,
    label: str,
    status: object,
    headers: dict[str, str],
    where: tuple[int, int] | Callable[[], tuple[int, int]],
) -> Exchange:
    """The exchange a recording holds for a request routed to *found*: its status read as a number, the request's
    path and query parameters kept for the rules that compare the answer with the question."""
    line, column = where if isinstance(where, tuple) else (1, 1)
    return Exchange(
        body,
        source,
        label,
        status_code(status),
        headers,
        found.params.get("session_id"),
        line,
        column,
        True,
        found.operation.name,
        found.request,
        where=None if isinstance(where, tuple) else where,
    )
