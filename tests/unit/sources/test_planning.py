"""Planning many small files: each is looked at once while checked, and read whole through one descriptor."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from contract.findings import Result
from contract.run import check_paths
from contract.sources.plan import Inputs, Piece, checked_inputs, pieces, read_piece
from tests.helpers import conforming_session


def _recordings(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    for number in range(count):
        (folder / f"r{number}.json").write_bytes(orjson.dumps(conforming_session(id=f"cksess_{number}")))
    return sorted(str(path) for path in folder.iterdir())


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> Counter[str]:
    """Calls of ``os.<name>`` by the path they were given."""
    calls: Counter[str] = Counter()
    real = getattr(os, name)

    def counted(path: Any, *args: Any, **kwargs: Any) -> Any:
        calls[os.fspath(path)] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, counted)
    return calls


def test_a_directory_of_small_files_is_checked_with_one_stat_and_one_open_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking that each input is readable, planning it and reading it look at each small file once."""
    files = _recordings(tmp_path / "recordings", 5)
    stats, opens = _counting(monkeypatch, "stat"), _counting(monkeypatch, "open")
    outcomes = list(check_paths([str(tmp_path / "recordings")], jobs=1))
    assert [outcome.source for outcome in outcomes if isinstance(outcome, Result) and outcome.ok] == files
    assert {path: stats[path] for path in files} == dict.fromkeys(files, 1)
    assert {path: opens[path] for path in files} == dict.fromkeys(files, 1)


def test_checked_inputs_carry_their_sizes_so_planning_needs_no_second_look(tmp_path: Path) -> None:
    """The pieces planned from checked inputs are the ones planned from the paths themselves."""
    files = _recordings(tmp_path, 3)
    found = checked_inputs([str(tmp_path)])
    assert isinstance(found, Inputs)
    assert found == files
    assert found.sizes == {path: Path(path).stat().st_size for path in files}
    assert list(pieces(found)) == list(pieces([str(tmp_path)])) == [Piece(path, found.sizes[path]) for path in files]


def test_a_small_file_in_another_format_is_read_as_that_format(tmp_path: Path) -> None:
    """Reading a small file whole is only for one JSON document; two lines of JSON are still JSON Lines."""
    body = orjson.dumps(conforming_session())
    path = tmp_path / "two.txt"
    path.write_bytes(body + b"\n" + body + b"\n")
    records = list(read_piece(Piece(str(path), path.stat().st_size), operation=None))
    assert [record.location for record in records] == ["line 1", "line 2"]
