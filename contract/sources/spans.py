"""Large JSON Lines files cut by their size alone, for workers that read the data where it is.

The local planner reads a file to cut it at line ends and to number its lines; a cluster's client should not
pull the data down to do that. A :class:`Span` is a byte range ``[start, end)`` of a file holding the lines
that *start* in it (the line that crosses ``end`` is its last, read on past ``end``), so consecutive spans
hold every line exactly once. A span numbers its lines from 1 and counts them; whoever takes the spans'
results in order adds the lines of the spans before.
"""

# String paths throughout, as everywhere in sources.
# ruff: noqa: PTH123

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from contract.limits import MAX_BODY_BYTES
from contract.sources.files import os_error
from contract.sources.jsonl import numbered_bodies
from contract.sources.remote import is_remote, read_range, shown

__all__ = ["Span", "SpanLines", "spans"]

# A line is kept up to one byte past the body limit, as the local reader keeps it: enough to call it too large.
_CAP = MAX_BODY_BYTES + 1
# How much past a span's end is read with it, to finish its last line (JSON Lines lines are short).
_TAIL = 64 * 1024
# How many bytes of a span's lines are handed out at a time.
_WINDOW = 1 << 20


@dataclass(frozen=True, slots=True)
class Span:
    """The lines of the JSON Lines file at ``path`` (``total`` bytes long) that start in ``[start, end)``."""

    path: str
    start: int
    end: int
    total: int

    @property
    def size(self) -> int:
        """The bytes of the range (what progress and batching count)."""
        return self.end - self.start


def spans(path: str, total: int, split_size: int) -> Iterator[Span]:
    """Consecutive spans covering a file of *total* bytes, of *split_size* bytes but for the last two splits'
    worth, cut in even spans of at most a quarter of it: a run ends waiting on little work (the spans a worker
    has queued cannot be taken back)."""
    small = max(split_size // 4, 1)
    start = 0
    while start < total:
        left = total - start
        if left > 2 * split_size:
            size = split_size
        else:
            pieces = -(-left // small)  # rounded up, as is the size: even spans that cover the rest
            size = -(-left // pieces)
        yield Span(path, start, start + size, total)
        start += size


class SpanLines:
    """``(line number in the span, body)`` for each non-blank line of a span, read in one request (more only
    for a last line longer than ``_TAIL``); once they are all read, ``count`` holds how many lines, blank ones
    too, it held."""

    def __init__(self, span: Span) -> None:
        self.span = span
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        return chain.from_iterable(self.blocks())

    def blocks(self) -> Iterator[list[tuple[int, bytes]]]:
        """The pairs, a list at a time: the lines of about ``_WINDOW`` bytes each (the bulk path loops over
        lists; and a window's lines, freed before the next, reuse the same memory instead of faulting in new)."""
        span = self.span
        # One request: from the byte before the start (it says whether a line starts exactly there) to a little
        # past the end, which usually holds the rest of the last line.
        begin, stop = max(span.start - 1, 0), min(span.end + _TAIL, span.total)
        data = _read(span, begin, stop)
        own = span.end - begin
        first = 0
        if span.start:
            newline = data.find(b"\n", 0, own)
            if newline == -1:
                return  # one long line crosses the whole span: it belongs to an earlier one
            first = newline + 1
        carriage = b"\r" in data
        number = 0
        while first < own:
            newline = data.find(b"\n", min(first + _WINDOW, own) - 1, own)
            end = own if newline == -1 else newline + 1
            lines = data[first:end].split(b"\n")
            last = lines.pop()  # after the window's last newline: the line that runs on past the end, or nothing
            if last:
                lines.append(_finish(span, last, data[own:], stop))
                # It may run on past what was read in one request: it is searched for a CR too.
                carriage = carriage or b"\r" in lines[-1]
            yield numbered_bodies(lines, number, carriage=carriage)
            number += len(lines)
            first = end
        self.count = number


def _finish(span: Span, start: bytes, after: bytes, stop: int) -> bytes:
    """The span's last line: *start*, continued from the bytes *after* the span and, if need be, beyond *stop*."""
    newline = after.find(b"\n")
    if newline != -1:
        return (start + after[:newline])[:_CAP]
    line = start + after
    if len(line) < _CAP and stop < span.total:
        line += _rest_of_line(span, stop, _CAP - len(line))
    return line[:_CAP]


def _rest_of_line(span: Span, position: int, most: int) -> bytes:
    """The bytes from *position* up to the next newline (or the end of the file), at most *most* of them."""
    rest = b""
    step = _TAIL
    while position < span.total and len(rest) < most:
        chunk = _read(span, position, min(position + step, span.total))
        newline = chunk.find(b"\n")
        if newline != -1:
            return (rest + chunk[:newline])[:most]
        rest += chunk
        position += len(chunk)
        step *= 2
        if not chunk:
            break
    return rest[:most]


def _read(span: Span, start: int, end: int) -> bytes:
    if is_remote(span.path):
        return read_range(span.path, start, end)
    try:
        with open(span.path, "rb") as file:
            file.seek(start)
            return file.read(end - start)
    except OSError as err:
        raise os_error(shown(span.path), err) from err
