"""Positions in JSON text exactly as orjson writes it, added up from the parsed value instead of scanned.

A JSON Lines record is usually one ``orjson.dumps`` of its value: no spaces, members in order, one line.
There the members before a value are exactly the serialisation of those members, so each offset is a length
computed in C, and a failing record whose value is already parsed is placed without reading its text again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

__all__ = ["COMPACT_UP_TO", "compact_offset", "compact_spots"]

_BEFORE_MEMBER = b"{,"
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
    """Line and column of the value at each pointer in *body*, the text *value* was parsed from (a missing member
    gets its nearest existing parent, as :func:`~contract.check.positions.locate` has it); ``None`` unless *body*
    is ASCII and exactly what orjson writes for *value*."""
    if len(body) > COMPACT_UP_TO or not isinstance(value, (dict, list)) or not body.isascii():
        return None
    try:
        if orjson.dumps(value) != body:
            return None
    except orjson.JSONEncodeError:  # orjson writes less deep nesting than it reads
        return None
    # One line, one byte a character: the column is the offset plus one.
    return {pointer: (1, _offset(body, value, pointer) + 1) for pointer in pointers}


def _offset(body: bytes, value: Any, pointer: str) -> int:
    """``compact_offset(value, pointer)``, found by the member's name where that name is written once in *body*."""
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
        return 0
    if member is not None:
        # orjson escapes every quote inside a string, so a name and colon right after "{" or "," is a member; written
        # once in the whole text, it is this member (which is there), and its value starts right after.
        written = orjson.dumps(member) + b":"
        at = body.find(written)
        if at > 0 and body[at - 1] in _BEFORE_MEMBER and body.find(written, at + 1) == -1:
            return at + len(written)
    return compact_offset(value, pointer)[0]


def _index(token: str, length: int) -> int | None:
    """The index of an array of *length* items that *token* names, if any (digits, no leading zero)."""
    if token.isascii() and token.isdigit() and (token == "0" or token[0] != "0") and int(token) < length:
        return int(token)
    return None
