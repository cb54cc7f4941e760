"""Spans: a JSON Lines file cut by size alone holds every line once, numbered as the local reader numbers it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.sources import spans as spans_module
from contract.sources.jsonl import iter_lines
from contract.sources.spans import Span, SpanLines, spans


def _numbered(path: Path, split_size: int) -> tuple[list[tuple[int, bytes]], int]:
    """Every span's lines, renumbered as a client renumbers them in order, and the lines counted."""
    found: list[tuple[int, bytes]] = []
    before = 0
    for span in spans(str(path), path.stat().st_size, split_size):
        lines = SpanLines(span)
        found += [(before + number, body) for number, body in lines]
        before += lines.count
    return found, before


_LINE = st.one_of(
    st.just(b""),
    st.just(b"  "),
    st.binary(max_size=12).map(lambda raw: raw.replace(b"\n", b"x")),
    st.just(b'{"a": 1}\r'),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(_LINE, max_size=30),
    final_newline=st.booleans(),
    split_size=st.integers(1, 40),
    tail=st.sampled_from([1, 3, 64 * 1024]),
    window=st.sampled_from([1, 2, 7, 1 << 20]),
)
def test_spans_give_the_lines_and_numbers_the_local_reader_gives(
    tmp_path: Path, *, lines: list[bytes], final_newline: bool, split_size: int, tail: int, window: int
) -> None:
    """Whatever the cut (however much past a span is read with it, however its lines are handed out a window at
    a time), renumbered span lines equal iter_lines over the whole file, and the count is every line."""
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    path = tmp_path / "r.jsonl"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spans_module, "_TAIL", tail)
        patch.setattr(spans_module, "_WINDOW", window)
        found, count = _numbered(path, split_size)
    assert found == list(iter_lines(io.BytesIO(data)))
    assert count == data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def test_a_line_past_the_body_limit_is_cut_just_past_it_across_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line longer than the limit comes out cut one byte past it, whichever span starts it, as locally."""
    monkeypatch.setattr(spans_module, "_CAP", 11)
    monkeypatch.setattr(spans_module, "_TAIL", 3)
    data = b"short\n" + b"y" * 50 + b"\nafter\n"
    path = tmp_path / "long.jsonl"
    path.write_bytes(data)
    found, count = _numbered(path, 8)
    assert found == [(1, b"short"), (2, b"y" * 11), (3, b"after")]
    assert count == 3


def test_a_span_nothing_starts_in_holds_no_line(tmp_path: Path) -> None:
    """A span inside one long line reads nothing past its own range and counts no line."""
    path = tmp_path / "one.jsonl"
    path.write_bytes(b"z" * 100 + b"\n")
    lines = SpanLines(Span(str(path), 40, 60, 101))
    assert list(lines) == []
    assert lines.count == 0
