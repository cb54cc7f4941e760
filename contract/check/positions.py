"""Where findings are in the original file: JSON pointers mapped to line and column.

Only results with findings come here, so conforming documents never pay for the scan. All the findings of
a document are placed in one pass over it (and one over its line breaks), so a document with 100,000
findings costs ten times one with 10,000, not a hundred.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Iterable, Iterator
from typing import Any

import orjson

from contract.check.body import NO_VALUE
from contract.check.compact import COMPACT_UP_TO, compact_offset, compact_spots
from contract.exchange import Exchange
from contract.findings import Finding, Result, escape_pointer
from contract.parsing.jsontext import STRING
from contract.parsing.lines import LineIndex, shift

__all__ = ["locate", "place", "place_line"]

# One JSON token: a string (unrolled so long strings stay in the regex engine), punctuation, or a literal.
_TOKEN = re.compile(STRING + r'|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)
_BOM = "\ufeff"
_DECODER = json.JSONDecoder()


def _key(token: str) -> str:
    """The member name a string token spells (escapes decoded)."""
    if "\\" not in token:
        return token[1:-1]
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]


def _container_end(text: str, start: int) -> int | None:
    """Where the array or object starting at *start* ends, or ``None`` if it does not parse."""
    try:
        return _DECODER.raw_decode(text, start)[1]
    except (ValueError, RecursionError):  # broken, or deeper than the decoder recurses: tokenise it instead
        return None


_PUNCTUATION = frozenset(":,}]")


def _punctuation(frames: list[list[Any]], char: str) -> None:
    """Advance the open containers past a separator or a closing bracket."""
    if not frames or char == ":":
        return
    if char == ",":
        top = frames[-1]
        if top[2] is None:
            top[1] += 1
        else:
            top[2] = True
    else:
        frames.pop()


def _value_offsets(text: str, interesting: Container[str]) -> Iterator[tuple[str, int]]:
    """The pointer and offset of each interesting value, in document order; tolerant of broken documents.

    Containers that hold nothing interesting are jumped over in one step rather than tokenised.
    """
    # One frame per open container: [its pointer, member name or array index, True when a member
    # name comes next (None in arrays)].
    frames: list[list[Any]] = []
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        pos = match.end()
        token = match.group()
        first = token[0]
        if first in _PUNCTUATION:
            _punctuation(frames, first)
            continue
        if frames and frames[-1][2] is True:
            frames[-1][1] = _key(token) if first == '"' else token
            frames[-1][2] = False
            continue
        pointer = frames[-1][0] + "/" + escape_pointer(frames[-1][1]) if frames else ""
        if pointer in interesting:
            yield pointer, match.start()
        elif first in "{[":
            end = _container_end(text, match.start())
            if end is not None:
                pos = end
                continue
        if first == "{":
            frames.append([pointer, "", True])
        elif first == "[":
            frames.append([pointer, 0, None])


# A member of an object up to its value; a scalar value is taken with the separator after it, in one match.
_WS = "[ \t\n\r]*"
_MEMBER = re.compile(rf'{_WS}({STRING}){_WS}:{_WS}(?:({STRING}|[^\s{{}}\[\]:,"]+){_WS}([,}}]))?', re.DOTALL)
_ITEM = re.compile(rf'{_WS}(?:({STRING}|[^\s{{}}\[\]:,"]+){_WS}([,\]]))?', re.DOTALL)  # or a container
_AFTER = re.compile(rf"{_WS}([,}}\]])")
_EMPTY = re.compile(rf"{_WS}[}}\]]")
_END = re.compile(rf"{_WS}\Z")


class _Broken(Exception):
    """The text is not one well-formed JSON document: the tolerant tokeniser takes over."""


class _Scan:
    """The offsets :func:`_value_offsets` finds, for a well-formed document, a member at a time.

    A scalar member costs one regular-expression match instead of four token searches; anything unexpected
    raises :class:`_Broken`, so the result is the tokeniser's or nothing.
    """

    def __init__(self, text: str, interesting: Container[str]) -> None:
        self.text = text
        self.interesting = interesting
        self.found: list[tuple[str, int]] = []

    def document(self) -> list[tuple[str, int]]:
        start = len(self.text) - len(self.text.lstrip(" \t\n\r"))
        end = self.value(start, "")
        if _END.match(self.text, end) is None:
            raise _Broken  # trailing data: the tokeniser reads it as more top-level values
        return self.found

    def value(self, start: int, pointer: str) -> int:
        """Where the value at *start* ends; its offset noted where *pointer* is interesting."""
        text, interesting = self.text, self.interesting
        if pointer in interesting:
            self.found.append((pointer, start))
            first = text[start]
            if first == "{":
                return self.members(start + 1, pointer)
            if first == "[":
                return self.items(start + 1, pointer)
        elif text[start] in "{[":
            end = _container_end(text, start)
            if end is None:
                raise _Broken
            return end
        match = _SCALAR.match(text, start)
        if match is None:
            raise _Broken
        return match.end()

    def members(self, pos: int, pointer: str) -> int:
        text, interesting, found = self.text, self.interesting, self.found
        empty = _EMPTY.match(text, pos)
        if empty is not None:
            return empty.end()
        while True:
            match = _MEMBER.match(text, pos)
            if match is None:
                raise _Broken
            name = _key(match.group(1))
            inner = pointer + "/" + (escape_pointer(name) if "~" in name or "/" in name else name)
            if match.group(2) is not None:
                if inner in interesting:
                    found.append((inner, match.start(2)))
                pos = match.end()
                if match.group(3) == "}":
                    return pos
                continue
            pos = self._separator(self.value(match.end(), inner), "}")
            if pos < 0:
                return -pos

    def items(self, pos: int, pointer: str) -> int:
        text, interesting, found = self.text, self.interesting, self.found
        empty = _EMPTY.match(text, pos)
        if empty is not None:
            return empty.end()
        index = 0
        while True:
            inner = f"{pointer}/{index}"
            index += 1
            match = _ITEM.match(text, pos)
            if match is None:
                raise _Broken
            if match.group(1) is not None:
                if inner in interesting:
                    found.append((inner, match.start(1)))
                pos = match.end()
                if match.group(2) == "]":
                    return pos
                continue
            pos = self._separator(self.value(match.end(), inner), "]")
            if pos < 0:
                return -pos

    def _separator(self, pos: int, closing: str) -> int:
        """Past the comma after a value (a positive offset), or past *closing* (negated)."""
        match = _AFTER.match(self.text, pos)
        if match is None:
            raise _Broken
        mark = match.group(1)
        if mark == ",":
            return match.end()
        if mark == closing:
            return -match.end()
        raise _Broken


_SCALAR = re.compile(rf'{STRING}|[^\s{{}}\[\]:,"]+', re.DOTALL)


def _offsets(text: str, interesting: set[str]) -> list[tuple[str, int]]:
    """The pointer and offset of each interesting value (see :func:`_value_offsets`; the last of a repeated
    member), in document order unless the text is as orjson writes it."""
    compact = _compact_offsets(text, interesting)
    if compact is not None:
        return compact
    try:
        return _Scan(text, interesting).document()
    except (_Broken, IndexError, RecursionError):
        return list(_value_offsets(text, interesting))


def _compact_offsets(text: str, interesting: Iterable[str]) -> list[tuple[str, int]] | None:
    """The offsets of the interesting values present, for text exactly as orjson writes it (the usual JSON Lines
    record); ``None`` for any other text.

    Where the text is its own value re-serialised, the members before a value are exactly the serialisation of
    those members: each offset is a length, computed in C, without reading the text.
    """
    if not text.isascii() or len(text) > COMPACT_UP_TO:
        return None
    try:
        value = orjson.loads(text)
        if not isinstance(value, (dict, list)) or orjson.dumps(value) != text.encode():
            return None
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):  # orjson writes less deep nesting than it reads
        return None
    found = []
    for pointer in interesting:
        offset, present = compact_offset(value, pointer)
        if present:
            found.append((pointer, offset))
    return found


def _ancestors(pointer: str) -> Iterator[str]:
    """*pointer*, its parent, and so on up to the whole document ``""``."""
    while True:
        yield pointer
        if not pointer:
            return
        pointer = pointer.rsplit("/", 1)[0]


def locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Line and column of the value at each pointer; a missing member gets its nearest existing parent.

    Where a member name repeats, the last occurrence is used: it is the one a parser keeps.
    """
    wanted = dict.fromkeys(pointers)  # in the order given: findings come mostly in document order
    interesting = {a for p in wanted for a in _ancestors(p)}
    # A byte-order mark is no column: positions count from the first character after it.
    text = text.removeprefix(_BOM)
    offsets = dict(_offsets(text, interesting))
    if not offsets:
        return {}
    # Values are found in document order, so their lines come from one forward walk over the line starts.
    spots = dict(zip(offsets, LineIndex(text).positions(offsets.values()), strict=True))
    found: dict[str, tuple[int, int]] = {}
    for pointer in wanted:
        nearest = pointer
        while nearest not in spots and nearest:
            nearest = nearest[: nearest.rfind("/")]  # the parent; "" is the whole document
        if nearest in spots:
            found[pointer] = spots[nearest]
    return found


def place(result: Result, exchange: Exchange) -> Result:
    """*result* with every finding at its line and column in the file *exchange* came from."""
    if not result.findings:
        return result
    origin = (exchange.line, exchange.column)
    if exchange.embedded:
        findings = tuple(Finding(f.rule, f.severity, f.pointer, f.message, *origin) for f in result.findings)
    else:
        findings = _placed(result.findings, exchange.body, origin)
    return Result(result.source, result.location, findings)


def place_line(findings: tuple[Finding, ...], body: bytes, number: int, value: Any = NO_VALUE) -> tuple[Finding, ...]:
    """*findings* of JSON Lines line *number*, whose text is *body*, at their line and column in the file.

    *value* is what *body* parsed to, if it did: a record exactly as orjson writes it is then placed by arithmetic
    on the value rather than by reading its text again.
    """
    return _placed(findings, body, (number, 1), value)


def _placed(
    findings: tuple[Finding, ...], body: bytes, origin: tuple[int, int], value: Any = NO_VALUE
) -> tuple[Finding, ...]:
    unplaced = [f.pointer for f in findings if f.line is None]
    spots = compact_spots(body, value, unplaced) if unplaced and value is not NO_VALUE else None
    if spots is None:
        spots = locate(body.decode("utf-8", "replace"), unplaced) if unplaced else {}
    placed = []
    for finding in findings:
        if finding.line is not None:
            where: tuple[int, int] | None = shift(origin, (finding.line, finding.column or 1))
        else:
            spot = spots.get(finding.pointer)
            where = None if spot is None else shift(origin, spot)
        placed.append(
            finding
            if where is None
            else Finding(finding.rule, finding.severity, finding.pointer, finding.message, *where)
        )
    return tuple(placed)
