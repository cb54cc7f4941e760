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

from contract.exchange import Exchange
from contract.findings import Finding, Result, escape_pointer
from contract.parsing.jsontext import STRING
from contract.parsing.lines import LineIndex, shift

__all__ = ["locate", "place"]

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
    offsets = dict(_value_offsets(text, interesting))
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
        return _moved(result, [origin] * len(result.findings))
    unplaced = [f.pointer for f in result.findings if f.line is None]
    spots = locate(exchange.body.decode("utf-8", "replace"), unplaced) if unplaced else {}
    positions: list[tuple[int, int] | None] = []
    for finding in result.findings:
        if finding.line is not None:
            positions.append(shift(origin, (finding.line, finding.column or 1)))
        else:
            spot = spots.get(finding.pointer)
            positions.append(None if spot is None else shift(origin, spot))
    return _moved(result, positions)


def _moved(result: Result, positions: list[tuple[int, int] | None]) -> Result:
    findings = tuple(
        f if where is None else Finding(f.rule, f.severity, f.pointer, f.message, *where)
        for f, where in zip(result.findings, positions, strict=True)
    )
    return Result(result.source, result.location, findings)
