"""JSON Lines / NDJSON: one response per non-blank line, read as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from contract.exchange import Exchange

__all__ = ["iter_lines", "read_lines"]

_BLOCK = 1 << 20


def iter_lines(stream: BinaryIO, *, first_line: int = 1, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line number, body)`` for each non-blank line; stop after *limit* bytes if given."""
    number = first_line - 1
    for raw in _raw_lines(stream, limit):
        number += 1
        body = raw.rstrip(b"\r")
        if body and not body.isspace():
            yield number, body


def _raw_lines(stream: BinaryIO, limit: int | None) -> Iterator[bytes]:
    """The lines of *stream* without their newline, read in large blocks: splitting a block in one call
    is much cheaper than reading line by line."""
    left = -1 if limit is None else limit
    carry = b""
    while left:
        block = stream.read(_BLOCK if left < 0 else min(_BLOCK, left))
        if not block:
            break
        left -= len(block) if left > 0 else 0
        lines = (carry + block).split(b"\n")
        carry = lines.pop()
        yield from lines
    if carry:
        yield carry


def read_lines(stream: BinaryIO, source: str, *, first_line: int = 1, limit: int | None = None) -> Iterator[Exchange]:
    """An exchange per non-blank line, located by its line number."""
    for number, body in iter_lines(stream, first_line=first_line, limit=limit):
        yield Exchange(body, source, f"line {number}", line=number)
