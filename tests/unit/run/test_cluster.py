"""The cluster executor's parts that need no cluster: scheduler addresses, planning by size, the task protocol
(a task run in this process gives, once unpacked, exactly what the local runner gives), and its errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from contract import InputError, check_paths
from contract.errors import ClusterError
from contract.exchange import Skipped
from contract.findings import Result
from contract.run import cluster, tasks
from contract.run.checking import RUN_LINES, Options
from contract.run.runner import each_result
from contract.sources.plan import Piece
from contract.sources.spans import Span
from tests.helpers import conforming_session

OPTIONS: Options = (None, "lenient", ())


@pytest.mark.parametrize(
    "value", ["local", "tcp://10.0.0.5:8786", "scheduler:8786", "tls://dask.internal.example:8786", "[::1]:8786"]
)
def test_scheduler_values_that_name_a_scheduler_are_kept(value: str) -> None:
    assert cluster.check_scheduler(value) == value


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "must be 'local' or a scheduler address"),
        (8786, "must be 'local' or a scheduler address"),
        ("ftp://host:21", "the protocol must be one of tcp, tls, ws, wss, ucx"),
        ("tcp://host:70000", "the port must be from 1 to 65535"),
        ("tcp://host name:1", "is not 'local' nor a scheduler address"),
        ("h" * 400, "is not 'local' nor a scheduler address"),
    ],
)
def test_scheduler_values_outside_the_documented_bounds_say_why(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        cluster.check_scheduler(value)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Small files, a large JSON Lines log with failing and blank lines, a large HAR."""
    (tmp_path / "a.json").write_text(json.dumps(conforming_session(status="active")))
    lines = []
    for n in range(400):
        body = json.dumps(conforming_session(id=f"cksess_{n}"))
        lines.append(body[:-9] if n % 37 == 3 else "" if n % 53 == 7 else body)
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n")
    entry = {"request": {"method": "GET", "url": "https://example.test/"}, "response": {}}
    (tmp_path / "c.har").write_text(json.dumps({"log": {"entries": [entry] * 200}}))
    return tmp_path


def _view(outcomes: list[Result | Skipped]) -> list[tuple[object, ...]]:
    return [
        (o.source, o.location, tuple((f.rule, f.line, f.column) for f in o.findings))
        if isinstance(o, Result)
        else ("skipped", o.source, o.location)
        for o in outcomes
    ]


def test_the_plan_reads_sizes_only_and_cuts_large_json_lines_into_spans(corpus: Path) -> None:
    """Small files whole, the large log as consecutive spans covering it, the large HAR whole with its format."""
    work = list(tasks.plan([str(corpus)], 8192))
    assert work[0] == Piece(str(corpus / "a.json"), (corpus / "a.json").stat().st_size)
    spans = [piece for piece in work if isinstance(piece, Span)]
    size = (corpus / "b.jsonl").stat().st_size
    assert [s.start for s in spans] == [0, *(s.end for s in spans[:-1])]
    assert spans[-1].end == size
    sizes = [s.size for s in spans]
    assert sizes[0] == 8192
    assert sizes == sorted(sizes, reverse=True)  # the last ones smaller: the end of the run waits on little
    assert 1024 <= sizes[-1] <= 2048
    assert work[-1] == Piece(str(corpus / "c.har"), (corpus / "c.har").stat().st_size, "har")


@pytest.mark.parametrize("split", [300, 4096, 1 << 20])
def test_tasks_run_here_give_what_the_local_runner_gives(corpus: Path, split: int) -> None:
    """Every batch checked by the task function and unpacked in order: the local outcomes, line numbers and
    finding positions of span lines included."""
    expected = _view(list(check_paths([str(corpus)])))
    before = [0]
    got: list[Result | Skipped] = []
    for batch in tasks.batches(tasks.plan([str(corpus)], split), split):
        got += each_result(tasks.unpacked(batch, tasks.check_on_worker(batch, OPTIONS), before))
    assert _view(got) == expected
    assert any(row[2] for row in expected)


def test_clean_lines_travel_as_ranges_and_come_back_as_runs(tmp_path: Path) -> None:
    """A task sends each run of clean lines as one range (a million clean lines cost a few bytes), at most
    RUN_LINES long, and the run gets them back as clean runs numbered in their file."""
    clean = json.dumps(conforming_session())
    lines = [clean] * (RUN_LINES + 10) + ["{"] + [clean] * 5 + ["", clean]
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(lines) + "\n")
    batch: list[Piece | Span] = [Piece(str(path), path.stat().st_size, "jsonl")]
    checked = tasks.check_on_worker(batch, OPTIONS)
    items = checked[0][0][2]
    assert [item for item in items if isinstance(item, range)] == [
        range(1, RUN_LINES + 1),
        range(RUN_LINES + 1, RUN_LINES + 11),
        range(RUN_LINES + 12, RUN_LINES + 17),
        range(RUN_LINES + 18, RUN_LINES + 19),
    ]
    outcomes = list(tasks.unpacked(batch, checked, [0]))
    assert [type(o).__name__ for o in outcomes] == ["CleanRun", "CleanRun", "Result", "CleanRun", "CleanRun"]
    assert outcomes[2].location == f"line {RUN_LINES + 11}"  # type: ignore[union-attr]


def test_an_error_in_a_task_comes_after_the_outcomes_before_it(corpus: Path) -> None:
    """A piece that cannot be read stops the run with its error, after the pieces before it, as locally."""
    batch: list[Piece | Span] = [Piece(str(corpus / "a.json")), Piece(str(corpus / "gone.json"))]
    checked = tasks.check_on_worker(batch, OPTIONS)
    outcomes = tasks.unpacked(batch, checked, [0])
    assert next(outcomes).source == str(corpus / "a.json")
    with pytest.raises(InputError, match=r"gone\.json: no such file or directory"):
        next(outcomes)


def test_without_dask_a_scheduler_names_the_extra(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking for a cluster without dask.distributed installed is an error before any result."""
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ClusterError, match=r"needs dask\.distributed: pip install 'chatkit-contract\[dask\]'"):
        check_paths([str(corpus)], scheduler="tcp://127.0.0.1:8786")
