"""JSON Lines / NDJSON: one response per non-blank line, read as a stream."""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import partial
from itertools import chain
from typing import BinaryIO

from contract.exchange import Exchange
from contract.limits import MAX_BODY_BYTES

__all__ = ["iter_blocks", "iter_lines", "numbered_bodies", "read_lines", "skip_line"]

# A line is read up to one byte past the body limit: enough to report it as too large, never more.
_CAP = MAX_BODY_BYTES + 1
# JSON Lines are read in blocks this large and split in C.
_BLOCK = 1 << 20
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


def _capped_lines(stream: BinaryIO, limit: int) -> Iterator[bytes]:
    """Each line of *stream* (of its next *limit* bytes) cut at ``_CAP`` bytes; the rest of a longer one is skipped."""
    while limit > 0:
        raw = stream.readline(min(_CAP, limit))
        if not raw:
            return
        limit -= len(raw)
        if len(raw) == _CAP and raw[-1:] != b"\n":
            limit -= skip_line(stream, limit)[0]
        yield raw


def _blocks(stream: BinaryIO, number: int) -> Iterator[list[tuple[int, bytes]]]:
    """The numbered non-blank lines of *stream* (after line *number*), cut at ``_CAP`` bytes, a block at a time:
    blocks split in C, only the loop over a block's lines in Python, and never more than a block and one capped
    line in memory."""
    rest, cut = b"", False  # the line begun in an earlier block; whether it is already cut at the cap
    # read1 where there is one: a pipe's lines come out as they arrive, not once a block has filled.
    read = getattr(stream, "read1", stream.read)
    for block in iter(partial(read, _BLOCK), b""):
        lines = block.split(b"\n")
        last = lines.pop()
        if lines:
            carriage = b"\r" in block or b"\r" in rest
            lines[0] = rest if cut else rest + lines[0]
            yield numbered_bodies(lines, number, carriage=carriage)
            number += len(lines)
            rest, cut = b"", False
        if not cut:
            rest += last
            if len(rest) > _CAP:
                rest, cut = rest[:_CAP], True
    yield numbered_bodies([rest], number)


def numbered_bodies(lines: list[bytes], number: int, *, carriage: bool = True) -> list[tuple[int, bytes]]:
    """``(line number, body)`` for each non-blank line of *lines* (the lines after line *number*, without their
    newlines), cut just past the body limit, a CR before the newline stripped (there is none without *carriage*).

    The one reading of a JSON Lines line, wherever the lines come from. A list, not a generator: this loop is
    the bulk path's per-line cost, and a generator would add a frame switch to every line.
    """
    bodies = []
    for line in lines:
        number += 1
        body = line[:_CAP] if len(line) > _CAP else line
        if body and not body.isspace():
            bodies.append((number, body.rstrip(b"\r") if carriage else body))
    return bodies


def iter_blocks(
    stream: BinaryIO, *, first_line: int = 1, limit: int | None = None
) -> Iterator[list[tuple[int, bytes]]]:
    """The pairs :func:`iter_lines` gives, a list at a time (a block's lines, or one capped line): the bulk path
    loops over each list without a generator step per line."""
    if limit is not None and limit <= _READ_WHOLE:
        stream, limit = io.BytesIO(stream.read(limit)), None
    if limit is None:
        return _blocks(stream, first_line - 1)
    return _capped_blocks(_capped_lines(stream, limit), first_line - 1)


def iter_lines(stream: BinaryIO, *, first_line: int = 1, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line number, body)`` for each non-blank line; only the next *limit* bytes if given.

    A line longer than the body limit comes out cut just past it, to be reported as too large.
    """
    return chain.from_iterable(iter_blocks(stream, first_line=first_line, limit=limit))


def _capped_blocks(lines: Iterator[bytes], number: int) -> Iterator[list[tuple[int, bytes]]]:
    for raw in lines:
        yield numbered_bodies([raw.removesuffix(b"\n")], number)
        number += 1


def read_lines(stream: BinaryIO, source: str, *, first_line: int = 1, limit: int | None = None) -> Iterator[Exchange]:
    """An exchange per non-blank line, located by its line number."""
    for number, body in iter_lines(stream, first_line=first_line, limit=limit):
        yield Exchange(body, source, f"line {number}", line=number)
