"""Positions in a one-line JSON record found from its parsed value, without scanning its text.

A failing JSON Lines record is placed from the value it parsed to: a member whose name is written once in the
line is where that name is (in text without backslashes a quote always opens or closes a string), and anything
else is added up where the line is exactly what orjson writes for the value (no blanks, members in order): the
members before a value are then the serialisation of those members, a length computed in C.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

__all__ = ["COMPACT_UP_TO", "compact_offset", "compact_spots"]

_BEFORE_MEMBER = b"{,"
_BLANKS = (b" ", b"\t", b"\r")  # JSON's blanks but the line break, which a line is without
#: Past this size a record is rarely one line, and re-serialising it to check costs more than scanning it.
COMPACT_UP_TO = 1 << 16


def compact_offset(value: Any, pointer: str) -> tuple[int, bool]:
    """Where the value at *pointer* starts in ``orjson.dumps(value)``, and whether it is there: where it is not,
    the offset of its deepest ancestor that is, and ``False``."""
    offset = 0
    for token in pointer.split("/")[1:]:
        if isinstance(value, dict):
            name = token.replace("~1", "/").replace("~0", "~") if "~" in token else token
            if name not in value:
                return offset, False
            keys = list(value)
            before = keys.index(name)
            # "{" and the members before, each followed by ","; then the name and ":".
            head = len(orjson.dumps({key: value[key] for key in keys[:before]})) if before else 1
            offset += head + len(orjson.dumps(name)) + 1
            value = value[name]
        elif isinstance(value, list) and (index := _index(token, len(value))) is not None:
            offset += len(orjson.dumps(value[:index])) if index else 1
            value = value[index]
        else:
            return offset, False
    return offset, True


def compact_spots(body: bytes, value: Any, pointers: Iterable[str]) -> dict[str, tuple[int, int]] | None:
    """Line and column of the value at each pointer in *body*, one line of ASCII text *value* was parsed from (a
    missing member gets its nearest existing parent, as :func:`~contract.check.positions.locate` has it); ``None``
    where that takes reading the text.

    A member whose name is written once is found by its name; anything else is added up, where *body* is exactly
    what orjson writes for *value*.
    """
    if len(body) > COMPACT_UP_TO or not isinstance(value, (dict, list)) or not body.isascii() or b"\n" in body:
        return None
    # Without a backslash every string is written as it reads and holds no quote: see _by_name.
    plain, compact = b"\\" not in body, None
    spots = {}
    for pointer in pointers:
        offset = _by_name(body, value, pointer) if plain else None
        if offset is None:
            if compact is None:
                compact = _written_by_orjson(body, value)
            if not compact:
                return None
            offset = compact_offset(value, pointer)[0]
        spots[pointer] = (1, offset + 1)  # one line, one byte a character
    return spots


def _written_by_orjson(body: bytes, value: Any) -> bool:
    try:
        return orjson.dumps(value) == body
    except orjson.JSONEncodeError:  # orjson writes less deep nesting than it reads
        return False


def _by_name(body: bytes, value: Any, pointer: str) -> int | None:
    """Where the value at *pointer* (or its deepest ancestor there) starts in *body*, a text without backslashes,
    when that is a member whose name is written once; else ``None``.

    A quote in such a text always opens or closes a string, so a name right after "{" or "," and before ":" is a
    member name: written once in the whole text, it is this member, which is there.
    """
    node, member, depth = value, None, 0
    for token in pointer.split("/")[1:]:  # down to the deepest value that is there
        if isinstance(node, dict):
            name = token.replace("~1", "/").replace("~0", "~") if "~" in token else token
            if name not in node:
                break
            node, member = node[name], name
        elif isinstance(node, list) and (index := _index(token, len(node))) is not None:
            node, member = node[index], None
        else:
            break
        depth += 1
    if depth == 0:
        return len(body) - len(body.lstrip(b"".join(_BLANKS)))
    if member is None:
        return None
    written = b'"' + member.encode() + b'":'
    at = body.find(written)
    if at <= 0 or body[at - 1] not in _BEFORE_MEMBER or body.find(written, at + 1) != -1:
        return None
    after = at + len(written)
    while body[after : after + 1] in _BLANKS:
        after += 1
    return after


def _index(token: str, length: int) -> int | None:
    """The index of an array of *length* items that *token* names, if any (digits, no leading zero)."""
    if token.isascii() and token.isdigit() and (token == "0" or token[0] != "0") and int(token) < length:
        return int(token)
    return None
