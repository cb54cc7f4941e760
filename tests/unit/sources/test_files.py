"""Inputs: directories walked by extension and content, stdin, and clear errors for what cannot be read."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from contract import InputError
from contract.sources import iter_exchanges, iter_records
from contract.sources.files import expand, read_head
from contract.sources.plan import pieces
from tests.helpers import conforming_session


def _json(path: Path, payload: object = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload if payload is not None else conforming_session()))
    return path


def test_directories_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    """Nested recordings come in path order; hidden folders and unrelated files are left out."""
    _json(tmp_path / "b.json")
    _json(tmp_path / "a" / "z.jsonl")
    _json(tmp_path / ".git" / "config.json")
    (tmp_path / "notes.txt").write_text("nothing to see")
    (tmp_path / "ci.yml").write_text("steps: []\n")
    (tmp_path / "recorded").write_text("interactions: []\n")
    assert list(expand([str(tmp_path)])) == [
        str(tmp_path / "a" / "z.jsonl"),
        str(tmp_path / "b.json"),
        str(tmp_path / "recorded"),
    ]


def test_content_decides_over_the_extension(tmp_path: Path) -> None:
    """A .json file holding JSON Lines is read line by line."""
    path = tmp_path / "many.json"
    path.write_text("\n".join(json.dumps(conforming_session(id=f"cksess_{n}")) for n in range(3)) + "\n")
    assert [e.location for e in iter_exchanges([str(path)])] == ["line 1", "line 2", "line 3"]


def test_jsonl_blank_lines_are_not_responses_and_numbering_follows_the_file(tmp_path: Path) -> None:
    """Blank and whitespace-only lines are skipped; line numbers stay those of the file."""
    path = tmp_path / "gaps.jsonl"
    body = json.dumps(conforming_session())
    path.write_text(f"{body}\n\n   \n{body}\r\n{body}")
    assert [(e.location, e.line) for e in iter_exchanges([str(path)])] == [
        ("line 1", 1),
        ("line 4", 4),
        ("line 5", 5),
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.json", "missing.json: no such file or directory"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "empty: no recordings"),
        (lambda d: _write(d / "README.md", "# hi\n"), "README.md: unknown format (not JSON, JSON Lines, HAR"),
    ],
)
def test_unusable_inputs_are_input_errors_naming_the_path(tmp_path: Path, make: object, message: str) -> None:
    """A missing file, an empty directory or an unknown format is one clear error naming it."""
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(InputError) as raised:
        list(iter_records([str(path)]))
    assert str(raised.value).startswith(f"{path.parent}{os.sep}{message}")


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_pipes_are_sniffed_without_losing_their_first_bytes() -> None:
    """A non-seekable stream is read once: the sniffed head is put back in front of the rest."""

    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            return self._data.readinto(buffer)

    data = b"".join(f'{{"n": {n}}}\n'.encode() for n in range(20000))
    head, stream = read_head(io.BufferedReader(Pipe(data)))
    assert head == data[: len(head)]
    assert stream.read() == data


def test_large_jsonl_files_are_cut_at_line_boundaries_with_their_line_numbers(tmp_path: Path) -> None:
    """Every piece starts on a line of its own, and the pieces together cover each line once."""
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({"n": n, "pad": "x" * (n % 37)}) for n in range(500)]
    path.write_text("\n".join(lines) + "\n")
    cut = list(pieces([str(path)], split_size=1000))
    assert len(cut) > 5
    data = path.read_bytes()
    for piece in cut:
        assert piece.start == 0 or data[piece.start - 1 : piece.start] == b"\n"
        assert data[: piece.start].count(b"\n") + 1 == piece.first_line
    assert sum(p.size for p in cut) == len(data)
