"""validate across recording formats and report formats, end to end through click."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from contract.cli import main
from tests.helpers import SECRET, conforming_session
from tests.recordings import (
    API_KEY,
    cancel_path,
    cancelled,
    chatkit_server,
    chrome_har,
    har_entry,
    record_cassette,
    reply,
)

FORMATS = ("text", "json", "junit", "sarif", "github")


def _broken() -> dict[str, object]:
    session = conforming_session(status="canceled", expires_at=1712349876000, scope={"project": "x"})
    del session["workflow"]["tracing"]
    return session


def _findings(fmt: str, output: str) -> set[tuple[str, int, int]]:
    """(rule, line, column) of every finding, read back from a report in *fmt*."""
    if fmt == "json":
        results = json.loads(output)["results"]
        return {(f["rule"], f["line"], f["column"]) for r in results for f in r["findings"]}
    if fmt == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
        return {(r["ruleId"], g["startLine"], g["startColumn"]) for r, g in zip(results, regions, strict=True)}
    if fmt == "junit":
        texts = [e.text or "" for e in ET.fromstring(output).iter() if e.tag in ("failure", "system-out")]
        pattern = r"^(\d+):(\d+): \w+ (\S+) "
        return {(m[2], int(m[0]), int(m[1])) for t in texts for m in re.findall(pattern, t, re.MULTILINE)}
    if fmt == "github":
        pattern = r"^::\w+ file=[^,]*,line=(\d+),col=(\d+),title=([^:]+)::"
        return {(m[2], int(m[0]), int(m[1])) for m in re.findall(pattern, output, re.MULTILINE)}
    pattern = r"^\S+?:(\d+):(\d+): \w+ (\S+) "
    return {(m[2], int(m[0]), int(m[1])) for m in re.findall(pattern, output, re.MULTILINE)}


def test_the_same_broken_response_carries_the_same_findings_in_every_format(tmp_path: Path) -> None:
    """Text, JSON, JUnit, SARIF and GitHub annotations report the same rules at the same places."""
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(_broken(), indent=2))
    seen = {}
    for fmt in FORMATS:
        result = CliRunner().invoke(main, ["validate", "--format", fmt, str(path)])
        assert result.exit_code == 1, result.output
        seen[fmt] = _findings(fmt, result.output)
    expected = seen["json"]
    assert {rule for rule, _, _ in expected} == {
        "schema.required",
        "schema.enum",
        "drift.unknown-field",
        "session.expires-at-unit",
    }
    lines = path.read_text().splitlines()
    starts = {rule: lines[line - 1][column - 1 :] for rule, line, column in expected}
    assert starts["schema.enum"].startswith('"canceled"')
    assert starts["session.expires-at-unit"].startswith("1712349876000")
    assert all(found == expected for found in seen.values()), seen


def test_a_bad_jsonl_line_is_a_finding_for_that_line_and_the_rest_are_checked(tmp_path: Path) -> None:
    """Line 2 is truncated, line 4 drifted: both reported at their lines, lines 1 and 3 pass."""
    good = orjson.dumps(conforming_session()).decode()
    path = tmp_path / "log.jsonl"
    path.write_text(f"{good}\n{good[:40]}\n{good}\n{orjson.dumps(conforming_session(status='active')).decode()}\n")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert [(r["location"], r["ok"]) for r in document["results"]] == [
        ("line 1", True),
        ("line 2", False),
        ("line 3", True),
        ("line 4", False),
    ]
    assert [f["line"] for r in document["results"] for f in r["findings"]] == [2, 4]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Cancels whose bodies carry the client secret in a wrong place, and an error naming a bearer token."""
    replies = {
        cancel_path("cksess_1"): reply(cancelled("cksess_1", status=SECRET, debug={"token": SECRET})),
        cancel_path("cksess_2"): reply(
            {"error": {"message": f"Incorrect API key provided: Bearer {API_KEY}", "type": "invalid_request_error"}},
            401,
        ),
        cancel_path("cksess_3"): reply(cancelled("cksess_other", client_secret=""), content_type=f"text/{SECRET}"),
    }
    with chatkit_server(replies) as running:
        yield running


@pytest.fixture(scope="module")
def recordings(server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same leaky traffic as a JSON file, JSON Lines, a HAR and a VCR.py cassette."""
    folder = tmp_path_factory.mktemp("leaky")
    calls = [("POST", cancel_path(f"cksess_{n}")) for n in (1, 2, 3)]
    record_cassette(folder / "cassette.yaml", server, calls)
    (folder / "traffic.har").write_text(chrome_har([har_entry(server, method, route) for method, route in calls]))
    leaky = cancelled("cksess_1", status=SECRET, user=None, debug=[SECRET])
    (folder / "one.json").write_text(json.dumps(leaky, indent=2))
    (folder / "many.jsonl").write_text(json.dumps(leaky) + "\n" + json.dumps(leaky)[:-30] + "\n")
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_or_authorization_value_reaches_any_format(recordings: Path, fmt: str, tmp_path: Path) -> None:
    """Client secrets and bearer keys in bodies, headers and error messages never appear in a report."""
    assert API_KEY in (recordings / "cassette.yaml").read_text()
    assert API_KEY in (recordings / "traffic.har").read_text()
    report = tmp_path / "report.out"
    result = CliRunner().invoke(
        main, ["validate", "--profile", "strict", "--format", fmt, "--output", f"{fmt}={report}", str(recordings)]
    )
    assert result.exit_code == 1, result.output
    output = report.read_text() + result.output
    for rule in ("cancel.session-id", "schema.enum", "http.status", "http.content-type", "session.client-secret-empty"):
        assert rule in output
    for secret in (SECRET, SECRET[3:15], API_KEY, API_KEY[8:20]):
        assert secret not in output


def test_har_and_cassette_skips_show_in_the_summary(recordings: Path) -> None:
    """Entries that are not cancel requests are counted as skipped in text and JSON summaries."""
    extra = recordings.parent / "with-skips.har"
    har = json.loads((recordings / "traffic.har").read_text())
    get = json.loads(json.dumps(har["log"]["entries"][0]))
    get["request"]["method"] = "GET"
    har["log"]["entries"].append(get)
    extra.write_text(json.dumps(har, indent=2))
    text = CliRunner().invoke(main, ["validate", str(extra)])
    assert text.output.splitlines()[-1].endswith(" failed, 1 warning, 1 skipped")
    document = json.loads(CliRunner().invoke(main, ["validate", "--format", "json", str(extra)]).output)
    assert document["summary"]["skipped"] == 1


def test_unknown_format_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    """A file that is no recording format is a one-line error, not a traceback."""
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert (
        result.output
        == f"chatkit-contract: error: {path}: unknown format (not JSON, JSON Lines, HAR or a VCR cassette)\n"
    )


@pytest.mark.slow
def test_jobs_option_gives_the_same_report(tmp_path: Path) -> None:
    """--jobs 1 and --jobs 2 write the same JSON report, stdin included."""
    body = orjson.dumps(conforming_session(status="active")).decode()
    (tmp_path / "big.jsonl").write_text("\n".join([body] * 20000) + "\n")
    for n in range(30):
        (tmp_path / f"r{n:03}.json").write_bytes(orjson.dumps(conforming_session(status="active" if n % 9 else "x")))
    reports = [
        CliRunner().invoke(main, ["validate", "--format", "json", "--jobs", jobs, str(tmp_path)]).output
        for jobs in ("1", "2")
    ]
    assert reports[0] == reports[1]
    assert json.loads(reports[0])["summary"]["checked"] == 20030
    # Workers cannot read this process's stdin: with '-' among the inputs the run stays in one process.
    with_stdin = CliRunner().invoke(
        main, ["validate", "--format", "json", "--jobs", "2", "-", str(tmp_path)], input=body
    )
    first = json.loads(with_stdin.output)["results"][0]
    assert (first["source"], first["findings"][0]["rule"]) == ("<stdin>", "cancel.status")


@pytest.mark.parametrize("fmt", ["json", "junit", "sarif"])
def test_a_run_that_cannot_start_writes_no_half_report(fmt: str, tmp_path: Path) -> None:
    """A missing path or unknown rule fails before the report begins: stdout stays empty, exit 2."""
    good = tmp_path / "ok.json"
    good.write_bytes(orjson.dumps(conforming_session()))
    for extra in (["--ignore", "no.such-rule"], [str(tmp_path / "typo.json")]):
        result = CliRunner().invoke(main, ["validate", "--format", fmt, str(good), *extra])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("chatkit-contract: error: ")
