"""JSON Lines / NDJSON: one response per non-blank line, read as a stream."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from contract.exchange import Exchange

__all__ = ["iter_lines", "read_lines"]


def iter_lines(stream: BinaryIO, *, first_line: int = 1, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line number, body)`` for each non-blank line; only the next *limit* bytes if given."""
    # A byte range is read whole (pieces are a few megabytes): iterating lines of it stays in C.
    lines = stream if limit is None else io.BytesIO(stream.read(limit))
    number = first_line - 1
    for raw in lines:
        number += 1
        body = raw.rstrip(b"\r\n")
        if body and not body.isspace():
            yield number, body


def read_lines(stream: BinaryIO, source: str, *, first_line: int = 1, limit: int | None = None) -> Iterator[Exchange]:
    """An exchange per non-blank line, located by its line number."""
    for number, body in iter_lines(stream, first_line=first_line, limit=limit):
        yield Exchange(body, source, f"line {number}", line=number)
