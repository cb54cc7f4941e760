"""JUnit, SARIF and GitHub annotations: valid for the tools that read them, and saying what the results say."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from junitparser import Failure, JUnitXml

from contract import Finding, Result
from contract.exchange import Skipped
from contract.report.github import GithubReporter
from contract.report.junit import JunitReporter
from contract.report.sarif import SarifReporter
from contract.rules import RULES

SARIF_SCHEMA = json.loads((Path(__file__).parents[2] / "vendor" / "sarif-schema-2.1.0.json").read_text())

OUTCOMES: list[Result | Skipped] = [
    Result("rec/ok.json", None, ()),
    Result(
        "rec/a b.jsonl",
        "line 2",
        (
            Finding("schema.required", "error", "/workflow/tracing", "required member 'tracing' is missing", 2, 180),
            Finding("drift.unknown-field", "warning", "/x", "member 'x' is not declared <&\"'>", 2, 9),
        ),
    ),
    Skipped("rec/s.har", "entry 1"),
    Result("rec/s.har", "entry 2", (Finding("http.status", "error", "", "HTTP status 500, expected 200"),)),
    Result("rec/warn.json", None, (Finding("session.id-prefix", "warning", "/id", "odd id\nsecond line", 2, 9),)),
]


def _render(reporter: type, outcomes: Sequence[Result | Skipped] = OUTCOMES) -> str:
    stream = io.StringIO()
    reporter(stream).report(outcomes)
    return stream.getvalue()


def test_sarif_is_valid_against_the_official_schema() -> None:
    """The log validates against SARIF 2.1.0, and so does an empty run."""
    validator = Draft4Validator(SARIF_SCHEMA)
    for outcomes in (OUTCOMES, []):
        errors = sorted(validator.iter_errors(json.loads(_render(SarifReporter, outcomes))), key=str)
        assert errors == []


def test_sarif_has_one_result_per_finding_with_region_and_rule_help() -> None:
    """Each finding becomes a result at its line and column; every rule is described with help text."""
    (run,) = json.loads(_render(SarifReporter))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    assert all(r["help"]["text"] for r in rules)
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("schema.required", "error"),
        ("drift.unknown-field", "warning"),
        ("http.status", "error"),
        ("session.id-prefix", "warning"),
    ]
    location = results[0]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "rec/a%20b.jsonl"}, "region": {"startLine": 2, "startColumn": 180}}
    assert rules[results[0]["ruleIndex"]]["id"] == "schema.required"
    assert "region" not in results[2]["locations"][0]["physicalLocation"]
    counts = {"checked": 4, "passed": 2, "failed": 2, "warnings": 2, "skipped": 1, "baselined": 0}
    assert run["properties"]["summary"] == counts


def test_junit_parses_as_junit_with_one_testcase_per_checked_response() -> None:
    """junitparser reads it: 4 testcases (the skipped entry is no test), 2 failures, warnings in system-out."""
    text = _render(JunitReporter)
    xml = JUnitXml.fromstring(text)
    (suite,) = list(xml)
    cases = list(suite)
    assert (suite.tests, suite.failures, suite.errors) == (4, 2, 0)
    assert [(c.classname, c.name) for c in cases] == [
        ("rec/ok.json", "response"),
        ("rec/a b.jsonl", "line 2"),
        ("rec/s.har", "entry 2"),
        ("rec/warn.json", "response"),
    ]
    assert [c.is_passed for c in cases] == [True, False, False, True]
    failure = cases[1].result[0]
    assert isinstance(failure, Failure)
    assert failure.message == "1 contract violation: schema.required"
    assert "2:180: error schema.required /workflow/tracing" in (failure.text or "")
    assert "member 'x' is not declared <&\"'>" in (cases[1].system_out or "")
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    assert {p.get("name"): p.get("value") for p in root.iter("property")}["skipped-recordings"] == "1"


def test_junit_copes_with_characters_xml_cannot_carry() -> None:
    """Control characters in a message are replaced, so the report still parses."""
    bad = [Result("x.json", None, (Finding("json.parse", "error", "", "bad \x00\x1b byte", 1, 1),))]
    case = next(iter(next(iter(JUnitXml.fromstring(_render(JunitReporter, bad))))))
    assert "bad \ufffd\ufffd byte" in case.result[0].text


def test_github_annotations_name_file_line_and_rule_escaped() -> None:
    """One workflow command per finding; separators and newlines are escaped the way the runner expects."""
    lines = _render(GithubReporter).splitlines()
    assert lines == [
        "::error file=rec/a b.jsonl,line=2,col=180,title=schema.required::"
        "/workflow/tracing: required member 'tracing' is missing (line 2)",
        "::warning file=rec/a b.jsonl,line=2,col=9,title=drift.unknown-field::"
        "/x: member 'x' is not declared <&\"'> (line 2)",
        "::error file=rec/s.har,title=http.status::(document): HTTP status 500, expected 200 (entry 2)",
        "::warning file=rec/warn.json,line=2,col=9,title=session.id-prefix::/id: odd id%0Asecond line",
        "FAILED: 4 checked, 2 passed, 2 failed, 2 warnings, 1 skipped",
    ]


@pytest.mark.parametrize("reporter", [JunitReporter, SarifReporter, GithubReporter])
def test_summary_counts_are_the_same_for_every_format(reporter: type) -> None:
    """Every reporter returns the same summary for the same outcomes."""
    summary = reporter(io.StringIO()).report(OUTCOMES)
    assert summary.to_dict() == {"checked": 4, "passed": 2, "failed": 2, "warnings": 2, "skipped": 1, "baselined": 0}
