"""JSON string literals found in raw text, without parsing the document around them.

JSON has no other place a double quote can appear, so these patterns find every member name and
string value, escapes included, even in a document that does not parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

import orjson

from contract.parsing.patterns import lazy_compile

__all__ = ["STRING", "STRING_LITERAL", "blank_strings", "string_offset"]

#: One string literal, unrolled so long strings stay inside the regex engine.
STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
STRING_LITERAL = lazy_compile(STRING, re.DOTALL)


def blank_strings(text: str) -> str:
    """*text* with every string literal replaced by spaces of the same length, so offsets still line up."""
    return STRING_LITERAL.sub(lambda match: " " * len(match.group()), text)


# Each spelling found costs a parse of the document to prove it; past this many, tokenising is as cheap.
_TRIES = 2


def string_offset(text: str, value: Any, path: Sequence[str]) -> int | None:
    """Where the string at member *path* is written in *text*, a JSON document that decodes to *value*.

    ``None`` when there is no string there, or when it is not written as JSON writers write it (then the
    caller tokenises the text). A spelling found is proved to be the one at *path*: the document with it
    replaced by a different string still decodes, with that string at *path*. Had the spelling been found
    inside another string, or closing one, the change would break the document or land elsewhere.
    """
    target = value
    for name in path:
        target = target.get(name) if isinstance(target, dict) else None
    if not isinstance(target, str):
        return None
    other = "" if target else "-"
    for spelling in _spellings(target):
        start = len(text)
        for _ in range(_TRIES):
            start = text.rfind(spelling, 0, start)  # the last first: of repeated members, parsers keep the last
            if start == -1:
                break
            if _decodes_to(text[:start] + encode_basestring(other) + text[start + len(spelling) :], path, other):
                return start
    return None


def _spellings(value: str) -> Iterator[str]:
    """*value* as a JSON string literal the way browsers and most libraries write it, then all in ASCII."""
    yield encode_basestring(value)
    if not value.isascii():
        yield encode_basestring_ascii(value)


def _decodes_to(text: str, path: Sequence[str], expected: str) -> bool:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return isinstance(value, str) and value == expected
