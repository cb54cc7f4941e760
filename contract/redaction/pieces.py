"""A large JSON Lines file redacted by several processes at once, each a range of whole lines.

Each worker redacts its range into a copy of its own (begun only if something changes) and sends back
what it found; the parent numbers the lines as the whole file does and joins the copies — the original
bytes where a range had nothing to mask — into one file, which replaces the original in one rename.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import tempfile
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

from contract.redaction.copies import Copy, Discard, copy_bytes
from contract.redaction.stream import LISTED, Outcome, redact_stream

__all__ = ["PIECE_SIZE", "redact_in_pieces"]

#: Bytes of JSON Lines each worker takes at a time.
PIECE_SIZE = 16 << 20


class _Range(io.RawIOBase):
    """The next *size* bytes of *stream*, as a stream of their own."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(min(len(buffer), self._left))
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def _ranges(path: Path, size: int, piece: int) -> list[tuple[int, int]]:
    """``[start, end)`` byte ranges of about *piece* bytes, each ending at a line end (or the file's end)."""
    bounds = [0]
    with path.open("rb") as stream:
        while bounds[-1] + piece < size:
            stream.seek(bounds[-1] + piece)
            stream.readline()
            bounds.append(min(stream.tell(), size))
    bounds.append(size)
    return [(start, end) for start, end in pairwise(bounds) if end > start]


def _redact_range(path: str, start: int, end: int, check: bool) -> tuple[Outcome, str | None]:
    """In a worker: redact bytes ``[start, end)`` of *path*; what was found, and the copy, if one was begun."""
    original = Path(path)
    sink = Discard() if check else Copy(original, start)
    try:
        with original.open("rb") as stream:
            stream.seek(start)
            outcome = redact_stream(io.BufferedReader(_Range(stream, end - start), 1 << 20), sink, "jsonl")
        if isinstance(sink, Copy):
            sink.close()
    except BaseException:
        if isinstance(sink, Copy):
            sink.discard()
        raise
    return outcome, str(sink.path) if isinstance(sink, Copy) and sink.path is not None else None


def _merge(into: Outcome, part: Outcome, line_offset: int) -> None:
    for kept, more in ((into.masked, part.masked), (into.unmaskable, part.unmaskable)):
        kept += [replace(leak, line=leak.line + line_offset) for leak in more[: LISTED - len(kept)]]
    into.masked_count += part.masked_count
    into.unmaskable_count += part.unmaskable_count
    if part.broken_count and not into.broken_count:
        into.broken_first = part.broken_first + line_offset
    into.broken_count += part.broken_count
    into.lines += part.lines


def redact_in_pieces(target: Path, size: int, *, check: bool, jobs: int) -> Outcome:
    """Redact the JSON Lines file *target* (of *size* bytes) with *jobs* processes; with *check*, only report.

    Raises :class:`OSError` when a copy cannot be written; the original is then left as it was.
    """
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    ranges = _ranges(target, size, PIECE_SIZE)
    # fork starts workers with everything already imported, but is only safe without other threads.
    alone = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if alone else "spawn")
    outcome, copies = Outcome(), []
    try:
        with ProcessPoolExecutor(min(jobs, len(ranges)), mp_context=context) as pool:
            futures = [pool.submit(_redact_range, str(target), start, end, check) for start, end in ranges]
            for future in futures:
                part, copy = future.result()
                _merge(outcome, part, outcome.lines)
                copies.append(copy)
        outcome.note_broken_lines()
        if any(copies):
            _join(target, ranges, copies)
    finally:
        for copy in copies:
            if copy is not None:
                Path(copy).unlink(missing_ok=True)
    return outcome


def _join(target: Path, ranges: list[tuple[int, int]], copies: list[str | None]) -> None:
    """Write the whole redacted file beside *target*, from the pieces' copies and its own bytes; put it in place."""
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    joined = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as out, target.open("rb") as original:
            for (start, end), copy in zip(ranges, copies, strict=True):
                if copy is None:
                    original.seek(start)
                    copy_bytes(original, out, end - start)
                else:
                    with Path(copy).open("rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        joined.chmod(stat.S_IMODE(target.stat().st_mode))
        joined.replace(target)
    except BaseException:
        joined.unlink(missing_ok=True)
        raise
