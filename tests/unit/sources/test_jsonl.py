"""JSON Lines reading: lines split a block at a time are the lines a line-by-line reader finds."""

from __future__ import annotations

import io
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.sources import jsonl
from contract.sources.jsonl import iter_lines, skip_line

_CAP = 11


def _line_by_line(data: bytes) -> list[tuple[int, bytes]]:
    """The reference: one readline per line, cut at the cap, the rest of a longer line skipped."""
    stream, found = io.BytesIO(data), []
    for number, raw in enumerate(iter(partial(stream.readline, _CAP), b""), 1):
        if len(raw) == _CAP and raw[-1:] != b"\n":
            skip_line(stream)
        body = raw.rstrip(b"\r\n")
        if body and not body.isspace():
            found.append((number, body))
    return found


@given(
    lines=st.lists(st.binary(max_size=3 * _CAP).map(lambda b: b.replace(b"\n", b"")), max_size=8),
    end=st.sampled_from([b"", b"\n", b"\r\n"]),
    block=st.integers(1, 40),
)
def test_lines_read_by_the_block_are_the_lines_read_one_by_one(lines: list[bytes], end: bytes, block: int) -> None:
    """Whatever the block size, line numbers, blank lines, CR LF ends and lines past the cap come out alike."""
    data = b"\n".join(lines) + end
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonl, "_CAP", _CAP)
        patch.setattr(jsonl, "_BLOCK", block)
        assert list(iter_lines(io.BytesIO(data))) == _line_by_line(data)
