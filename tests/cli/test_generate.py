"""`chatkit-contract generate` end to end: its lines feed `validate`, which agrees with what they announce."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contract.check.validator import Validator
from contract.cli import main

COMMAND = [sys.executable, "-m", "contract"]


def _lines(text: str) -> list[Any]:
    # Split on newlines only: str.splitlines would also split at U+2028 or U+0085 inside a JSON string.
    return [json.loads(line) for line in text.split("\n") if line]


def _validate_stdin(payload: Any, operation: str, profile: str) -> tuple[int, list[tuple[str, str, str]]]:
    """Run `validate -` on one payload through click; return the exit code and the findings."""
    options = ["validate", "-", "--format", "json", "--operation", operation, "--profile", profile]
    result = CliRunner().invoke(main, options, input=json.dumps(payload, ensure_ascii=False))
    findings = json.loads(result.output)["results"][0]["findings"]
    return result.exit_code, [(f["rule"], f["pointer"], f["severity"]) for f in findings]


def test_conforming_lines_pass_validate_one_by_one() -> None:
    """Each generated line is a session the validator and `validate -` accept, even in the strict profile."""
    result = CliRunner().invoke(main, ["generate", "--count", "15", "--seed", "4", "--status", "cancelled"])
    assert result.exit_code == 0, result.output
    payloads = _lines(result.output)
    assert len(payloads) == 15
    for payload in payloads:
        assert payload["status"] == "cancelled"
        assert Validator(profile="strict").validate(payload).findings == ()
        assert _validate_stdin(payload, "cancel", "strict") == (0, [])


def test_invalid_lines_are_rejected_by_validate_with_the_announced_rule() -> None:
    """Fed to `validate -` under its operation and profile, each mutant fails with exactly its rule at its pointer."""
    result = CliRunner().invoke(main, ["generate", "--invalid", "--count", "40", "--seed", "11"])
    assert result.exit_code == 0, result.output
    lines = _lines(result.output)
    assert len(lines) == 40
    for line in lines:
        expected = [(line["rule"], line["pointer"], "error")]
        assert _validate_stdin(line["payload"], line["operation"], line["profile"]) == (1, expected)


def test_expectations_file_splits_bare_payloads_from_what_they_must_cause(tmp_path: Path) -> None:
    """With --expectations and a fixed setting, one `validate` setting rejects every bare payload as announced."""
    output, side = tmp_path / "bad.jsonl", tmp_path / "bad.expected.jsonl"
    options = ["--invalid", "-n", "12", "--seed", "2", "--operation", "cancel", "--profile", "strict"]
    result = CliRunner().invoke(main, ["generate", *options, "-o", str(output), "--expectations", str(side)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 12 lines to {output}\n"
    payloads, expectations = _lines(output.read_text()), _lines(side.read_text())
    assert [e["line"] for e in expectations] == list(range(1, 13))
    for payload, expectation in zip(payloads, expectations, strict=True):
        assert (expectation["operation"], expectation["profile"]) == ("cancel", "strict")
        found = _validate_stdin(payload, "cancel", "strict")
        assert found == (1, [(expectation["rule"], expectation["pointer"], "error")])


#: The operation whose rules a bare resource is checked under; a thread item travels in a page of items.
RESOURCE_OPERATIONS = {
    "ChatSessionResource": "create",
    "ThreadResource": "get-thread",
    "ThreadListResource": "list-threads",
    "DeletedThreadResource": "delete-thread",
    "ThreadItemListResource": "list-thread-items",
    "ThreadItem": "list-thread-items",
}


def _page_of(item: dict[str, Any]) -> dict[str, Any]:
    return {"object": "list", "data": [item], "first_id": item["id"], "last_id": item["id"], "has_more": False}


@pytest.mark.parametrize("resource", RESOURCE_OPERATIONS)
def test_generate_writes_conforming_and_invalid_payloads_for_every_resource(resource: str) -> None:
    """`generate --resource NAME` lines pass the strict check as that resource's operation; `--invalid` lines each
    fail `validate -` with exactly their announced rule at their pointer (a thread item's inside a page of items)."""
    operation = RESOURCE_OPERATIONS[resource]
    conforming = CliRunner().invoke(main, ["generate", "--resource", resource, "-n", "8", "--seed", "3"])
    assert conforming.exit_code == 0, conforming.output
    payloads = _lines(conforming.output)
    assert len(payloads) == 8
    for payload in payloads:
        body = _page_of(payload) if resource == "ThreadItem" else payload
        assert Validator(operation=operation, profile="strict").validate(body).findings == ()
    invalid = CliRunner().invoke(main, ["generate", "--resource", resource, "--invalid", "-n", "8", "--seed", "3"])
    assert invalid.exit_code == 0, invalid.output
    for line in _lines(invalid.output):
        # A session resource answers create and cancel alike; each other resource answers one operation.
        assert line["operation"] in ({"create", "cancel"} if resource == "ChatSessionResource" else {operation})
        expected = [(line["rule"], line["pointer"], "error")]
        assert _validate_stdin(line["payload"], line["operation"], line["profile"]) == (1, expected)
        if resource == "ThreadItem":
            assert line["pointer"].startswith("/data/")


def test_rule_option_limits_the_mutants() -> None:
    """--rule picks which rules the mutants break."""
    options = ["generate", "--invalid", "-n", "10", "--rule", "session.expires-at-unit", "--rule", "schema.const"]
    result = CliRunner().invoke(main, options)
    assert result.exit_code == 0, result.output
    assert {line["rule"] for line in _lines(result.output)} <= {"session.expires-at-unit", "schema.const"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--invalid", "--status", "active"], "--status applies to conforming payloads"),
        (["--rule", "schema.type"], "--rule needs --invalid"),
        (["--expectations", "x.jsonl"], "--expectations needs --invalid"),
        (["--count", "0"], "0 is not in the range x>=1"),
        (["--resource", "ThreadResource", "--status", "active"], "--status picks session resources"),
        (["--resource", "Thread"], "'Thread' is not one of"),
    ],
)
def test_option_misuse_is_a_usage_error(options: list[str], message: str) -> None:
    """Contradictory options exit 2 with click's usage message."""
    result = CliRunner().invoke(main, ["generate", *options])
    assert result.exit_code == 2
    assert message in result.output


def test_a_rule_no_payload_can_break_is_one_line_and_exit_2() -> None:
    """A rule that needs a raw body is refused in one line naming it."""
    result = CliRunner().invoke(main, ["generate", "--invalid", "--rule", "json.duplicate-key"])
    assert result.exit_code == 2
    assert result.output.startswith("chatkit-contract: error: rule 'json.duplicate-key' cannot be broken")
    assert "Traceback" not in result.output


def test_a_refused_option_creates_no_output_file(tmp_path: Path) -> None:
    """Options are checked before --output is opened, so a typo leaves no empty file behind."""
    target = tmp_path / "bad.jsonl"
    result = CliRunner().invoke(main, ["generate", "--invalid", "--rule", "schema.typo", "-o", str(target)])
    assert result.exit_code == 2
    assert "unknown rule id 'schema.typo'" in result.output
    assert not target.exists()


def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """An output path that cannot be created (under a regular file) is named in a one-line error."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    target = blocker / "out.jsonl"
    result = CliRunner().invoke(main, ["generate", "-o", str(target)])
    assert result.exit_code == 2
    assert result.output == f"chatkit-contract: error: cannot write {target}: Not a directory\n"


def test_output_directories_are_created(tmp_path: Path) -> None:
    """-o in a directory that does not exist yet creates it, as report files do."""
    target = tmp_path / "new" / "dir" / "out.jsonl"
    result = CliRunner().invoke(main, ["generate", "-n", "3", "--seed", "1", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert len(target.read_text().splitlines()) == 3


@pytest.mark.slow
def test_generate_and_validate_as_real_processes(tmp_path: Path) -> None:
    """The installed command writes mutants to stdout; each, piped to `validate -`, exits 1 with its rule."""
    generated = subprocess.run(
        [*COMMAND, "generate", "--invalid", "-n", "6", "--seed", "5"], capture_output=True, check=True
    )
    for line in generated.stdout.splitlines():
        mutant = json.loads(line)
        options = ["--operation", mutant["operation"], "--profile", mutant["profile"], "--format", "json"]
        checked = subprocess.run(
            [*COMMAND, "validate", "-", *options],
            input=json.dumps(mutant["payload"]).encode(),
            capture_output=True,
            check=False,
        )
        assert checked.returncode == 1
        findings = json.loads(checked.stdout)["results"][0]["findings"]
        assert [(f["rule"], f["pointer"]) for f in findings] == [(mutant["rule"], mutant["pointer"])]


@pytest.mark.slow
def test_a_closed_pipe_ends_generate_quietly() -> None:
    """`generate | head -1` stops without a traceback and exits 0, as Unix filters do."""
    with subprocess.Popen(
        [*COMMAND, "generate", "-n", "2000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        assert process.wait(timeout=120) == 0
        assert process.stderr.read() == b""
    assert json.loads(first)["object"] == "chatkit.session"
