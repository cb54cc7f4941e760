"""JSON Lines / NDJSON: one response per non-blank line, read as a stream."""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import partial
from typing import BinaryIO

from contract.exchange import Exchange
from contract.limits import MAX_BODY_BYTES

__all__ = ["iter_lines", "read_lines", "skip_line"]

# A line is read up to one byte past the body limit: enough to report it as too large, never more.
_CAP = MAX_BODY_BYTES + 1
# A byte range this small is read whole, so iterating its lines stays in C (pieces are a few megabytes).
_READ_WHOLE = MAX_BODY_BYTES


def skip_line(stream: BinaryIO, limit: int | None = None) -> tuple[int, bool]:
    """Read past the rest of the current line (at most *limit* bytes) without keeping it.

    Returns the bytes consumed and whether a newline ended them.
    """
    consumed = 0
    while limit is None or consumed < limit:
        chunk = stream.readline(1 << 20 if limit is None else min(1 << 20, limit - consumed))
        consumed += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return consumed, chunk.endswith(b"\n")
    return consumed, False


def _capped_lines(stream: BinaryIO, limit: int | None) -> Iterator[bytes]:
    """Each line of *stream* (of its next *limit* bytes) cut at ``_CAP`` bytes; the rest of a longer one is skipped."""
    if limit is None:
        for raw in iter(partial(stream.readline, _CAP), b""):
            if len(raw) == _CAP and raw[-1:] != b"\n":
                skip_line(stream)
            yield raw
        return
    while limit > 0:
        raw = stream.readline(min(_CAP, limit))
        if not raw:
            return
        limit -= len(raw)
        if len(raw) == _CAP and raw[-1:] != b"\n":
            limit -= skip_line(stream, limit)[0]
        yield raw


def iter_lines(stream: BinaryIO, *, first_line: int = 1, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line number, body)`` for each non-blank line; only the next *limit* bytes if given.

    A line longer than the body limit comes out cut just past it, to be reported as too large.
    """
    if limit is not None and limit <= _READ_WHOLE:
        stream, limit = io.BytesIO(stream.read(limit)), None
    number = first_line - 1
    for raw in _capped_lines(stream, limit):
        number += 1
        body = raw.rstrip(b"\r\n")
        if body and not body.isspace():
            yield number, body


def read_lines(stream: BinaryIO, source: str, *, first_line: int = 1, limit: int | None = None) -> Iterator[Exchange]:
    """An exchange per non-blank line, located by its line number."""
    for number, body in iter_lines(stream, first_line=first_line, limit=limit):
        yield Exchange(body, source, f"line {number}", line=number)
