"""Stream the items of one array inside a large JSON document (HAR ``log.entries``, cassette ``interactions``).

Only the members on the way to the array are walked; every item is decoded on its own, so memory
follows the largest item, not the file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import orjson

from contract.check.body import read_int
from contract.errors import RecordingError
from contract.limits import MAX_ENTRY_BYTES

__all__ = ["Item", "array_items"]

_CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\r\n]*")
# Integers read as orjson reads them (``read_int``) cost a Python call each. They differ from plain ``int`` only
# beyond 64 bits, which is exactly what orjson refuses to write: a value it writes reads the same either way.
_EXACT = json.JSONDecoder(parse_int=read_int)
_PLAIN = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class Item:
    """One decoded array item, its raw text, and the line and column where it starts."""

    value: Any
    text: str
    line: int
    column: int


class _Window:
    """Decoded text over a binary stream; consumed text is dropped, line counts are kept."""

    def __init__(self, stream: BinaryIO, source: str) -> None:
        self._stream = stream
        self._source = source
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.eof = False
        self._line = 1  # line of text[0]
        self._column = 0  # characters before text[0] on that line
        # The last position asked for: the next one is counted on from there, so each line is counted once.
        self._at, self._at_line, self._at_column = 0, 1, 0

    def more(self) -> bool:
        """Read further (at least as much again as is buffered, so re-parsing stays linear)."""
        if self.eof:
            return False
        data = self._stream.read(max(_CHUNK, len(self.text)))
        try:
            self.text += self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as err:
            raise self.error(len(self.text), f"not UTF-8 text ({err.reason})") from err
        self.eof = not data
        return True

    def drop(self, upto: int) -> None:
        """Forget the text before *upto*."""
        line, column = self.position(upto)
        self.text = self.text[upto:]
        self._line, self._column = line, column - 1
        self._at, self._at_line, self._at_column = 0, self._line, self._column

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of *offset* in the whole input."""
        if offset < self._at:
            self._at, self._at_line, self._at_column = 0, self._line, self._column
        newlines = self.text.count("\n", self._at, offset)
        if newlines:
            line = self._at_line + newlines
            column = offset - self.text.rfind("\n", self._at, offset) - 1
        else:
            line, column = self._at_line, self._at_column + offset - self._at
        self._at, self._at_line, self._at_column = offset, line, column
        return line, column + 1

    def error(self, offset: int, message: str) -> RecordingError:
        return RecordingError(self._source, message, *self.position(offset))


def _skip_space(window: _Window, pos: int) -> int:
    while True:
        pos = _SPACE.match(window.text, pos).end()  # type: ignore[union-attr]  # matches the empty string too
        if pos < len(window.text) or not window.more():
            return pos


def _expect(window: _Window, pos: int, char: str, what: str) -> int:
    pos = _skip_space(window, pos)
    if window.text[pos : pos + 1] != char:
        raise window.error(pos, f"expected {what}")
    return pos + 1


def _value(window: _Window, pos: int, what: str) -> tuple[Any, int]:
    """Decode the JSON value at *pos*, reading further until it is complete."""
    while True:
        try:
            value, end = _decode(window.text, pos)
        except json.JSONDecodeError as err:
            if len(window.text) - pos >= MAX_ENTRY_BYTES:
                raise window.error(pos, f"an item of the {what} is larger than {MAX_ENTRY_BYTES >> 20} MiB") from None
            if window.more():
                continue
            raise window.error(err.pos, f"{what} is not valid JSON: {err.msg}") from err
        except RecursionError:
            raise window.error(pos, f"{what} is nested too deeply to read") from None
        # A number at the very end of the buffer may go on in the next chunk.
        if end < len(window.text) or not window.more():
            return value, end


def _decode(text: str, pos: int) -> tuple[Any, int]:
    """The JSON value at *pos* and where it ends, integers read as ``read_int`` reads them."""
    try:
        value, end = _PLAIN.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of thousands of digits, which int() refuses
        return _EXACT.raw_decode(text, pos)
    try:
        orjson.dumps(value)
    except orjson.JSONEncodeError:  # beyond 64 bits (or a lone surrogate, or deep nesting): read it exactly
        return _EXACT.raw_decode(text, pos)
    return value, end


def _member(window: _Window, pos: int, name: str, what: str) -> int:
    """Skip the members of the object just opened until *name*; return the offset of its value."""
    pos = _skip_space(window, pos)
    while window.text[pos : pos + 1] == '"':
        key, pos = _value(window, pos, what)
        pos = _expect(window, pos, ":", f"':' after a member name in {what}")
        if key == name:
            return _skip_space(window, pos)
        _, pos = _value(window, _skip_space(window, pos), what)
        pos = _skip_space(window, pos)
        if window.text[pos : pos + 1] == ",":
            pos = _skip_space(window, pos + 1)
    raise window.error(pos, f"{what} has no {name!r} member")


def _no_second(window: _Window, pos: int, name: str, what: str) -> int:
    """Read the members after the one just read up to the object's end, refusing a second *name*.

    JSON libraries keep the last of repeated members; a streaming reader has acted on the first. Rather
    than check what no other reader would, such a file is refused as unreadable (one policy for every format).
    """
    pos = _skip_space(window, pos)
    while window.text[pos : pos + 1] == ",":
        pos = _skip_space(window, pos + 1)
        start = pos
        key, pos = _value(window, pos, what)
        if key == name:
            raise window.error(start, f"{what} has more than one {name!r} member (readers disagree on which counts)")
        pos = _expect(window, pos, ":", f"':' after a member name in {what}")
        _, pos = _value(window, _skip_space(window, pos), what)
        pos = _skip_space(window, pos)
    return _expect(window, pos, "}", f"',' or '}}' between members of {what}")


def array_items(stream: BinaryIO, source: str, path: Sequence[str], what: str) -> Iterator[Item]:
    """Each item of the array at *path* (member names from the top-level object), decoded lazily.

    After the array, the rest of the enclosing objects is read too: a second member on the path is a
    :class:`RecordingError`, never a silently different reading.
    """
    window = _Window(stream, source)
    pos = 0
    for name in path:
        pos = _expect(window, pos, "{", f"a JSON object ({what})")
        pos = _member(window, pos, name, what)
    pos = _expect(window, pos, "[", f"an array at {'.'.join(path)} ({what})")
    pos = _skip_space(window, pos)
    if window.text[pos : pos + 1] != "]":
        pos = yield from _items(window, pos, path, what)
    pos += 1
    for name in reversed(path):
        pos = _no_second(window, pos, name, what)


def _items(window: _Window, pos: int, path: Sequence[str], what: str) -> Generator[Item, None, int]:
    """Yield the array's items; return the offset of its closing bracket."""
    while True:
        value, end = _value(window, pos, what)
        line, column = window.position(pos)
        yield Item(value, window.text[pos:end], line, column)
        pos = _skip_space(window, end)
        separator = window.text[pos : pos + 1]
        if separator == "]":
            return pos
        if separator != ",":
            raise window.error(pos, f"expected ',' or ']' between items of {'.'.join(path)} ({what})")
        pos = _skip_space(window, pos + 1)
        if pos > _CHUNK:
            window.drop(pos)
            pos = 0
