"""The validate, rules and schema commands end to end, through click's runner and a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.rules import RULES
from tests.helpers import SECRET, conforming_session, seeded_pages

EXAMPLES = Path(__file__).parents[2] / "examples"


def _write(path: Path, payload: object) -> Path:
    path.write_bytes(orjson.dumps(payload))
    return path


def test_conforming_file_exits_0(tmp_path: Path) -> None:
    """A clean file passes with a one-line summary."""
    result = CliRunner().invoke(main, ["validate", str(_write(tmp_path / "ok.json", conforming_session()))])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 1 checked, 1 passed, 0 failed, 0 warnings\n"


def test_violation_exits_1_and_names_file_rule_and_pointer(tmp_path: Path) -> None:
    """A drifted file fails with its finding on one line."""
    path = _write(tmp_path / "bad.json", conforming_session(status="canceled"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1:349: error schema.enum /status: 'canceled' is not one of" in result.output


def test_warnings_alone_do_not_fail_but_strict_does(tmp_path: Path) -> None:
    """Drift passes in lenient (exit 0) and fails in strict (exit 1)."""
    path = _write(tmp_path / "drift.json", conforming_session(scope={}))
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
    assert CliRunner().invoke(main, ["validate", "--profile", "strict", str(path)]).exit_code == 1


def test_endpoint_and_ignore_options_change_the_verdict(tmp_path: Path) -> None:
    """An active session fails as a cancel response, passes as a session or with the rule ignored."""
    path = _write(tmp_path / "active.json", conforming_session(status="active"))
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 1
    assert runner.invoke(main, ["validate", "--endpoint", "session", str(path)]).exit_code == 0
    assert runner.invoke(main, ["validate", "--ignore", "cancel.status", str(path)]).exit_code == 0


def test_json_format_reports_every_file(tmp_path: Path) -> None:
    """--format json emits the documented object for a directory of files."""
    _write(tmp_path / "a.json", conforming_session())
    _write(tmp_path / "b.json", conforming_session(expires_at=1712349876000))
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(tmp_path)])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["summary"] == {"checked": 2, "passed": 1, "failed": 1, "warnings": 0, "skipped": 0, "baselined": 0}
    assert document["results"][1]["findings"][0]["rule"] == "session.expires-at-unit"


def test_output_writes_a_report_file_and_stdout_keeps_its_format(tmp_path: Path) -> None:
    """--output json=PATH writes the JSON report to the file; stdout still gets the --format report (text)."""
    path = _write(tmp_path / "bad.json", conforming_session(status="canceled"))
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["validate", "--output", f"json={report}", str(path)])
    assert result.exit_code == 1
    assert json.loads(report.read_text())["summary"]["failed"] == 1
    assert result.output.splitlines() == [
        f"{path}:1:349: error schema.enum /status: 'canceled' is not one of 'active', 'expired', 'cancelled'; "
        "did you mean 'cancelled'?",
        "findings by rule: schema.enum 1",
        "FAILED: 1 checked, 0 passed, 1 failed, 0 warnings",
    ]


def test_stdin_is_read_with_dash() -> None:
    """'-' validates the body piped on stdin."""
    result = CliRunner().invoke(main, ["validate", "-"], input=orjson.dumps(conforming_session(status="active")))
    assert result.exit_code == 1
    assert result.output.startswith("<stdin>:1:349: error cancel.status /status")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "missing.json"], "chatkit-contract: error: missing.json: no such file or directory"),
        (
            ["validate", "--ignore", "schema.bogus", "x"],
            "chatkit-contract: error: unknown rule id 'schema.bogus'; `chatkit-contract rules` lists them",
        ),
    ],
)
def test_user_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    """Missing input or a bad rule id is a one-line error and exit 2, never a traceback."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.strip() == message


def test_bad_choice_is_a_usage_error_exit_2() -> None:
    """click's own usage errors share the documented exit code."""
    result = CliRunner().invoke(main, ["validate", "--profile", "paranoid", "x.json"])
    assert result.exit_code == 2
    assert "Invalid value for '--profile'" in result.output


def test_unwritable_output_is_exit_2(tmp_path: Path) -> None:
    """A report path that cannot be created (under a regular file) is named in a one-line error."""
    path = _write(tmp_path / "ok.json", conforming_session())
    target = path / "r.json"
    result = CliRunner().invoke(main, ["validate", "--output", f"json={target}", str(path)])
    assert result.exit_code == 2
    assert result.output == f"chatkit-contract: error: cannot write {target}: Not a directory\n"


def test_secret_never_reaches_any_output(tmp_path: Path) -> None:
    """Even when the client_secret is at fault or misplaced, neither format prints it."""
    path = _write(tmp_path / "leak.json", conforming_session(status=SECRET, debug={"secret": SECRET}))
    for fmt in ("text", "json"):
        result = CliRunner().invoke(main, ["validate", "--profile", "strict", "--format", fmt, str(path)])
        assert result.exit_code == 1
        assert SECRET not in result.output
        assert SECRET[3:15] not in result.output


def test_rules_lists_every_rule_with_severity() -> None:
    """`rules` prints each id once, in both formats."""
    text = CliRunner().invoke(main, ["rules"])
    assert text.exit_code == 0
    assert [line.split()[0] for line in text.output.splitlines()] == list(RULES)
    listed = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    assert {row["rule"]: row["severity"] for row in listed} == {r.id: r.severity for r in RULES.values()}


def test_schema_command_prints_the_bundle_and_rejects_unknown_names() -> None:
    """`schema` prints a self-contained bundle; an unknown type is exit 2."""
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert set(json.loads(result.output)["$defs"]) >= {"ChatkitWorkflow", "ChatSessionStatus"}
    assert CliRunner().invoke(main, ["schema", "Nope"]).exit_code == 2


def test_bundled_examples_through_a_real_subprocess() -> None:
    """The README's main command prints exactly the output the README shows, and exits 1."""
    process = subprocess.run(
        [sys.executable, "-m", "contract", "validate", "examples/"],
        capture_output=True,
        text=True,
        check=False,
        cwd=EXAMPLES.parent,
    )
    shown = re.search(r"says so:\n\n```text\n(.*?)```", (EXAMPLES.parent / "README.md").read_text(), re.DOTALL)
    assert shown, "README lost the output of its main command"
    assert process.returncode == 1, process.stderr
    assert process.stdout == shown.group(1)
    assert "cancel-ok.json" not in process.stdout
    assert process.stderr == ""


@pytest.mark.parametrize(
    ("body", "rule"), [(b"false", "schema.type"), (b"not json", "json.parse"), (b"", "json.empty")]
)
def test_stdin_is_a_response_body_whatever_it_holds(body: bytes, rule: str) -> None:
    """Piped content that is no recognisable recording is checked as one body, not refused as a format."""
    result = CliRunner().invoke(main, ["validate", "--format", "json", "-"], input=body)
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.output)["results"][0]["findings"]] == [rule]


def test_operation_option_checks_a_bare_body_as_that_operation_s_answer(tmp_path: Path) -> None:
    """A page of items fails as a cancel response (the default) and passes as list-thread-items; --operation
    accepts every operation and the older endpoint names."""
    _, items = seeded_pages()
    path = _write(tmp_path / "items.json", items)
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 1
    assert runner.invoke(main, ["validate", "--operation", "list-thread-items", str(path)]).exit_code == 0
    result = runner.invoke(main, ["validate", "--operation", "get-thread", "--format", "json", str(path)])
    rules = {f["rule"] for f in json.loads(result.output)["results"][0]["findings"]}
    assert (result.exit_code, rules) == (1, {"schema.required", "schema.const", "drift.unknown-field"})
    refused = runner.invoke(main, ["validate", "--operation", "list-items", str(path)])
    assert refused.exit_code == 2
    assert "'list-items' is not one of 'create', 'cancel', 'list-threads'" in refused.output
