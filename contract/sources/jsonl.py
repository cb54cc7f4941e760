"""JSON Lines / NDJSON: one response per non-blank line, read as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from contract.exchange import Exchange

__all__ = ["iter_lines", "read_lines"]


def iter_lines(stream: BinaryIO, *, first_line: int = 1, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line number, body)`` for each non-blank line; stop after *limit* bytes if given."""
    number = first_line - 1
    consumed = 0
    for raw in stream:
        if limit is not None:
            if consumed >= limit:
                return
            consumed += len(raw)
        number += 1
        body = raw.rstrip(b"\r\n")
        if body and not body.isspace():
            yield number, body


def read_lines(stream: BinaryIO, source: str, *, first_line: int = 1, limit: int | None = None) -> Iterator[Exchange]:
    """An exchange per non-blank line, located by its line number."""
    for number, body in iter_lines(stream, first_line=first_line, limit=limit):
        yield Exchange(body, source, f"line {number}", line=number)
