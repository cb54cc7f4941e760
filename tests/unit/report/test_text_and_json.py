"""Reporters write what the results say, in their format, and count them right."""

from __future__ import annotations

import io
import json

from contract import Finding, Result
from contract.findings import summarise
from contract.report import REPORTERS
from contract.report.json_reporter import JsonReporter
from contract.report.text import TextReporter

RESULTS = [
    Result("a.json", None, ()),
    Result(
        "b.json",
        None,
        (
            Finding("schema.required", "error", "/workflow/tracing", "required member 'tracing' is missing", 3, 5),
            Finding(
                "drift.unknown-field", "warning", "/scope", "member 'scope' is not declared in ChatSessionResource"
            ),
        ),
    ),
    Result("c.jsonl", "line 2", (Finding("drift.unknown-field", "warning", "/x", "member 'x' is not declared"),)),
]


def test_summary_counts_results_and_warning_findings() -> None:
    """A warning-only result passes; warnings are counted per finding."""
    summary = summarise(RESULTS)
    assert summary.to_dict() == {"checked": 3, "passed": 2, "failed": 1, "warnings": 2, "skipped": 0, "baselined": 0}


def test_json_reporter_writes_the_documented_shape() -> None:
    """One object with summary and results, positions only where known."""
    stream = io.StringIO()
    JsonReporter(stream).report(RESULTS)
    document = json.loads(stream.getvalue())
    assert document["summary"] == {"checked": 3, "passed": 2, "failed": 1, "warnings": 2, "skipped": 0, "baselined": 0}
    assert [r["ok"] for r in document["results"]] == [True, False, True]
    first, second = document["results"][1]["findings"]
    assert first == {
        "rule": "schema.required",
        "severity": "error",
        "pointer": "/workflow/tracing",
        "message": "required member 'tracing' is missing",
        "line": 3,
        "column": 5,
    }
    assert "line" not in second
    assert document["results"][2]["location"] == "line 2"


def test_json_reporter_with_no_results_is_still_valid_json() -> None:
    """An empty run produces a parseable document with zero counts, and says nothing was checked and why."""
    stream = io.StringIO()
    JsonReporter(stream).report([])
    assert json.loads(stream.getvalue()) == {
        "results": [],
        "summary": {
            "checked": 0,
            "passed": 0,
            "failed": 0,
            "warnings": 0,
            "skipped": 0,
            "baselined": 0,
            "nothing_checked": "the inputs hold no responses",
        },
    }


def test_text_reporter_writes_one_line_per_finding_and_a_summary() -> None:
    """path:line:col where known, the location otherwise (such a finding first), then the findings per rule and
    the verdict."""
    stream = io.StringIO()
    TextReporter(stream).report(RESULTS)
    assert stream.getvalue().splitlines() == [
        "b.json: warning drift.unknown-field /scope: member 'scope' is not declared in ChatSessionResource",
        "b.json:3:5: error schema.required /workflow/tracing: required member 'tracing' is missing",
        "c.jsonl (line 2): warning drift.unknown-field /x: member 'x' is not declared",
        "findings by rule: drift.unknown-field 2, schema.required 1",
        "FAILED: 3 checked, 2 passed, 1 failed, 2 warnings",
    ]


def test_text_reporter_colours_only_when_asked() -> None:
    """ANSI colour codes appear with color=True and never otherwise."""
    plain, coloured = io.StringIO(), io.StringIO()
    TextReporter(plain).report(RESULTS)
    TextReporter(coloured, color=True).report(RESULTS)
    assert "\033[" not in plain.getvalue()
    assert "\033[31merror\033[0m" in coloured.getvalue()


def test_registry_names_every_format() -> None:
    """--format choices come from the registry."""
    assert {"text", "json"} <= set(REPORTERS)
