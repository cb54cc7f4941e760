"""Recorded headers, however a format stores them, as one lower-case mapping."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["header_map"]


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
