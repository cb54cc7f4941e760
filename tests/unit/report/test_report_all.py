"""One run to several reporters at once, and the text format's order and verbosity."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest

from contract import Finding, Result
from contract.exchange import Skipped
from contract.findings import CleanRun
from contract.report import REPORTERS, report_all
from contract.report.text import TextReporter

# Findings out of file order, as the validator produces them (schema errors, then the rules beyond the schema).
DRIFTED = Result(
    "drifted.json",
    None,
    (
        Finding("schema.required", "error", "/workflow/tracing", "required member 'tracing' is missing", 6, 15),
        Finding("schema.enum", "error", "/status", "'canceled' is not one of …", 19, 13),
        Finding("drift.unknown-field", "warning", "/cancelled_at", "member 'cancelled_at' is not declared", 34, 19),
        Finding("session.id-prefix", "warning", "/id", "the id does not start with cksess_", 2, 9),
        Finding("session.expires-at-unit", "error", "/expires_at", "1767225600000 is not Unix seconds", 5, 17),
    ),
)
RUN: list[Result | Skipped] = [Result("a.json"), DRIFTED, Skipped("x.har", "entry 1"), Result("b.jsonl", "line 2")]


def _text(verbosity: int = 0) -> list[str]:
    stream = io.StringIO()
    TextReporter(stream, verbosity=verbosity).report(RUN)
    return stream.getvalue().splitlines()


def test_findings_of_a_response_are_written_in_line_then_column_order() -> None:
    """Whatever order the checks found them in, the lines read top to bottom like the file."""
    assert [line.split(": ", 1)[0] for line in _text()[:-2]] == [
        "drifted.json:2:9",
        "drifted.json:5:17",
        "drifted.json:6:15",
        "drifted.json:19:13",
        "drifted.json:34:19",
    ]


def test_quiet_is_the_verdict_alone_and_verbose_adds_each_passing_response() -> None:
    """-1: one line; 1: ``path: ok`` (with the location in a multi-record file) after the findings."""
    assert _text(-1) == ["FAILED: 3 checked, 2 passed, 1 failed, 2 warnings, 1 skipped"]
    verbose = _text(1)
    assert verbose[0] == "a.json: ok"
    assert verbose[-3] == "b.jsonl (line 2): ok"
    assert verbose[-1] == "FAILED: 3 checked, 2 passed, 1 failed, 2 warnings, 1 skipped"
    assert verbose[1:-3] == _text()[:-2]


@pytest.mark.parametrize("format_", list(REPORTERS))
def test_each_report_from_one_pass_is_byte_for_byte_the_report_alone(format_: str) -> None:
    """Feeding several reporters at once changes nothing in any of them (JUnit's elapsed time aside)."""
    alone = io.StringIO()
    REPORTERS[format_](alone).report(RUN)
    together = {name: io.StringIO() for name in REPORTERS}
    summary = report_all([REPORTERS[name](stream) for name, stream in together.items()], RUN)
    assert summary.to_dict() == {"checked": 3, "passed": 2, "failed": 1, "warnings": 2, "skipped": 1, "baselined": 0}

    def steady(text: str) -> str:
        return re.sub(r'time="[^"]*"', "", text)

    assert steady(together[format_].getvalue()) == steady(alone.getvalue())


def test_the_outcomes_are_read_once() -> None:
    """A run is a stream (results arrive from workers): every reporter sees each outcome from a single pass."""
    reads = []

    def outcomes() -> Iterator[Result | Skipped]:
        for outcome in RUN:
            reads.append(outcome)
            yield outcome

    streams = [io.StringIO(), io.StringIO()]
    report_all([TextReporter(streams[0]), REPORTERS["json"](streams[1])], outcomes())
    assert reads == RUN
    assert "drifted.json:2:9" in streams[0].getvalue()
    assert '"source":"b.jsonl"' in streams[1].getvalue()


#: A JSON Lines run as workers deliver it: clean lines in runs (one longer than the JSON report's batch of rows,
#: one empty), results for the rest, a skip between.
RUNS: list[Result | CleanRun | Skipped] = [
    CleanRun("big.jsonl", range(1, 301)),
    Result("big.jsonl", "line 301", DRIFTED.findings),
    CleanRun("big.jsonl", range(302, 302)),
    CleanRun("big.jsonl", range(302, 310)),
    Skipped("x.har", "entry 1"),
    CleanRun("other.jsonl", range(7, 9)),
]


def _one_by_one(outcomes: list[Result | CleanRun | Skipped]) -> Iterator[Result | Skipped]:
    for outcome in outcomes:
        yield from outcome.results() if isinstance(outcome, CleanRun) else (outcome,)


@pytest.mark.parametrize(
    "make",
    [
        *(pytest.param(reporter, id=name) for name, reporter in REPORTERS.items()),
        pytest.param(lambda stream: TextReporter(stream, verbosity=1), id="text-verbose"),
    ],
)
def test_a_run_of_clean_lines_reports_byte_for_byte_as_its_results_one_by_one(make: Any) -> None:
    """Counting clean lines in bulk is an optimisation only: every format writes what one result per line gives."""
    bulk, single = io.StringIO(), io.StringIO()
    bulk_summary = report_all([make(bulk)], RUNS)
    single_summary = report_all([make(single)], _one_by_one(RUNS))
    assert bulk_summary == single_summary
    assert bulk_summary.to_dict()["checked"] == 300 + 1 + 8 + 2

    def steady(text: str) -> str:
        return re.sub(r'time="[^"]*"', "", text)

    assert steady(bulk.getvalue()) == steady(single.getvalue())


def test_a_clean_run_masks_its_source_as_a_result_does() -> None:
    """A secret in a file name is hidden the same way whichever form the clean lines travel in."""
    source = "dump-sk-proj-abcdefghijklmnopqrstuvwxyz0123.jsonl"
    run = CleanRun(source, range(1, 3))
    assert run.source == Result(source, "line 1").source
    assert "abcdefghijklmnop" not in run.source
    assert [result.location for result in run.results()] == ["line 1", "line 2"]


def test_a_reporter_written_before_runs_of_clean_lines_gets_their_results_one_by_one() -> None:
    """A reporter with only begin, result and end (the protocol before ``clean``) sees every line's result."""
    seen: list[tuple[str, str | None]] = []

    class Minimal:
        def begin(self) -> None:
            pass

        def result(self, result: Result) -> None:
            seen.append((result.source, result.location))

        def end(self, summary: object) -> None:
            pass

    report_all([Minimal()], [CleanRun("a.jsonl", range(4, 7)), Result("b.json")])  # type: ignore[list-item]
    assert seen == [("a.jsonl", "line 4"), ("a.jsonl", "line 5"), ("a.jsonl", "line 6"), ("b.json", None)]
