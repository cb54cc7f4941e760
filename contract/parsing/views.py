"""Decoded views of text that keep track of where each decoded character came from.

A secret can hide behind an encoding: ``\\u0065k_live_…`` in JSON, ``ek%5Flive%5F…`` in a URL.
A :class:`View` is the text with one layer of such escapes decoded, and maps any span of the view
back to the span of the original text that produced it, so the original can be rewritten exactly
there. Views compose: a view of a view maps back through both.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable

from contract.parsing.patterns import lazy_compile

__all__ = ["View", "json_escape", "percent_view", "unescape_view"]

# One backslash escape: JSON's, plus YAML's longer ones (\xXX, \UXXXXXXXX).
_ESCAPE = lazy_compile(
    r"\\u[Dd][89ABab][0-9A-Fa-f]{2}\\u[Dd][C-Fc-f][0-9A-Fa-f]{2}"  # a surrogate pair: one character, as JSON reads it
    r"|\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|U[0-9A-Fa-f]{8}|[^\n])",
    re.DOTALL,
)
_SIMPLE = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "0": "\0",
    "a": "\a",
    "v": "\v",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_PERCENT = lazy_compile(r"%[0-9A-Fa-f]{2}")


class View:
    """*text* decoded from an original; each escape became one character of the view."""

    __slots__ = ("_parent", "_raw_ends", "_raw_starts", "_view_starts", "text")

    def __init__(
        self, text: str, view_starts: array[int], raw_starts: array[int], raw_ends: array[int], parent: View | None
    ) -> None:
        self.text = text
        self._view_starts = view_starts
        self._raw_starts = raw_starts
        self._raw_ends = raw_ends
        self._parent = parent

    def _origin(self, offset: int) -> int:
        """Where the character at *offset* of the view starts in the text this view decodes."""
        index = bisect_right(self._view_starts, offset) - 1
        if index < 0:
            return offset
        escape_at = self._view_starts[index]
        if offset == escape_at:
            return self._raw_starts[index]
        return self._raw_ends[index] + (offset - escape_at - 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that decodes to ``self.text[start:end]``."""
        first, last = self._origin(start), self._origin(end)
        if self._parent is not None:
            return self._parent.span(first, last)
        return first, last

    def of(self, decode: Callable[[str, View | None], View | None]) -> View | None:
        """A view of this view (*decode* is :func:`unescape_view` or :func:`percent_view`)."""
        return decode(self.text, self)


def _build(text: str, pattern: re.Pattern[str], decode: Callable[[re.Match[str]], str], parent: View | None) -> View:
    pieces: list[str] = []
    view_starts, raw_starts, raw_ends = array("q"), array("q"), array("q")
    last, length = 0, 0
    for match in pattern.finditer(text):
        start, end = match.span()
        pieces.append(text[last:start])
        length += start - last
        char = decode(match)
        if len(char) != 1:  # a surrogate pair joined, or an escape that stands for nothing: keep it as written
            char = match.group()
            pieces.append(char)
            length += len(char)
            last = end
            continue
        view_starts.append(length)
        raw_starts.append(start)
        raw_ends.append(end)
        pieces.append(char)
        length += 1
        last = end
    pieces.append(text[last:])
    return View("".join(pieces), view_starts, raw_starts, raw_ends, parent)


def _unescape(match: re.Match[str]) -> str:
    escape = match.group()
    kind = escape[1]
    if len(escape) == 12:
        high, low = int(escape[2:6], 16), int(escape[8:], 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    if kind in "uxU" and len(escape) > 2:
        return chr(int(escape[2:], 16)) if int(escape[2:], 16) <= 0x10FFFF else escape
    return _SIMPLE.get(kind, kind)


def unescape_view(text: str, parent: View | None = None) -> View | None:
    """*text* with its backslash escapes decoded (JSON's and YAML's), or ``None`` when it has none.

    For the inside of a JSON string literal the view is exactly the string JSON decodes.
    """
    if "\\" not in text:
        return None
    return _build(text, _ESCAPE, _unescape, parent)


def percent_view(text: str, parent: View | None = None) -> View | None:
    """*text* with its ``%XX`` escapes decoded, one character per escape, or ``None`` when it has none."""
    if "%" not in text or _PERCENT.search(text) is None:
        return None
    return _build(text, _PERCENT, lambda match: chr(int(match.group()[1:], 16)), parent)


_NEEDS_ESCAPE = lazy_compile(r'["\\\x00-\x1f\ud800-\udfff]')
_JSON_SIMPLE = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def json_escape(text: str) -> str:
    """*text* as it goes between the quotes of a JSON string; non-ASCII stays as it is, surrogates are escaped."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(lambda match: _JSON_SIMPLE.get(match.group(), f"\\u{ord(match.group()):04x}"), text)
