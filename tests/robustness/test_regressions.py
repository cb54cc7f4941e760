"""Named regressions: each input here once ended in a traceback, a hang, or a silent misreading."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from contract.check.validator import validate
from tests.helpers import conforming_session
from tests.robustness.catalogue import CANCEL_URL, SESSION, with_
from tests.robustness.support import findings_of, invoke
from tests.upstream_fixture import upstream_document, write_yaml


def test_number_range_findings_carry_their_line_and_column() -> None:
    """json.number-range had no position, unlike every other json.* finding, even from the library."""
    body = with_(b"1712349876", b"1e400")
    (finding,) = validate(body).findings
    assert (finding.rule, finding.pointer, finding.line, finding.column) == ("json.number-range", "/expires_at", 5, 17)


def test_a_lone_surrogate_in_a_member_name_is_reported_in_every_format(tmp_path: Path) -> None:
    """A "\\ud800" escape in a member name crashed the fast engine, then every JSON-based report."""
    path = tmp_path / "surrogate.json"
    path.write_bytes(with_(b'"user": "user_789"', b'"user": "user_789",\n  "\\ud800x": 1'))
    for format_ in ("text", "json", "sarif", "junit", "github"):
        result = invoke(["validate", "--format", format_, "--profile", "strict", str(path)])
        assert result.exit_code == 1, format_
        assert "\\ud800x" in result.stdout  # the name, written as the escape it came as


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path: Path) -> None:
    """A recording named with bytes that are not UTF-8 crashed the JSON and SARIF reporters."""
    (tmp_path / os.fsdecode(b"caf\xe9.json")).write_bytes(b"{}")
    for format_ in ("text", "json", "sarif", "junit", "github"):
        result = invoke(["validate", "--format", format_, str(tmp_path)])
        assert result.exit_code == 1, format_
        shown = "caf%EF%BF%BD.json" if format_ == "sarif" else "caf\ufffd.json"  # a SARIF URI is percent-encoded
        assert shown in result.stdout, format_


def test_a_recorded_url_that_does_not_parse_is_skipped_not_fatal(tmp_path: Path) -> None:
    """An unbalanced "[" in a recorded URL raised ValueError out of the HAR reader."""
    entry = {"request": {"method": "POST", "url": CANCEL_URL.replace("https://", "https://[")}, "response": {}}
    path = tmp_path / "odd.har"
    path.write_text(json.dumps({"log": {"entries": [entry]}}))
    result = invoke(["validate", "--format", "json", "--allow-empty", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["skipped"] == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["components"].update(schemas=None), "components.schemas is not a mapping of schemas"),
        (
            lambda d: d["components"]["schemas"]["ChatSessionResource"].update(required="id"),
            "components.schemas.ChatSessionResource is not a valid schema at /required",
        ),
    ],
    ids=["schemas-null", "required-not-a-list"],
)
def test_upstream_diff_names_a_schema_that_is_not_one(tmp_path: Path, change: object, message: str) -> None:
    """Schemas of the wrong shape raised TypeError deep in the comparison; now one line names the schema."""
    document = upstream_document()
    change(document)  # type: ignore[operator]
    result = invoke(["upstream-diff", str(write_yaml(tmp_path / "openapi.yaml", document))])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert message in line


def test_a_yaml_reader_error_stays_on_one_line(tmp_path: Path) -> None:
    """PyYAML's reader errors span lines; the one-line error used to break in two."""
    path = tmp_path / "openapi.yaml"
    path.write_bytes(b"\x00openapi: 3.1.0\n")
    result = invoke(["upstream-diff", str(path)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"chatkit-contract: error: {path}: not valid YAML (unacceptable character #x0000")


def test_a_configuration_nested_too_deeply_is_one_line(tmp_path: Path) -> None:
    """tomllib recursed into 5,000 nested arrays until RecursionError."""
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.chatkit-contract]\nrecordings = " + "[" * 5000 + '"a"' + "]" * 5000 + "\n")
    result = invoke(["gate", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr == f"chatkit-contract: error: {config}: not read: arrays or tables nested too deeply\n"


def test_redact_finds_a_secret_in_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    """A byte that is not UTF-8 inside a client secret crashed the search for its other spellings."""
    path = tmp_path / "latin1.json"
    path.write_bytes(with_(b'"ek_live_', b'"\x80ek_live_', SESSION))
    result = invoke(["redact", "--check", str(path)])
    assert result.exit_code == 1
    assert "client secret" in result.stdout
    assert "9f8e7d6c5b4a" not in result.stdout


def test_an_alias_bomb_in_an_openapi_document_is_refused_at_once(tmp_path: Path) -> None:
    """Billion laughs in an upstream document made upstream-diff walk 387 million values."""
    laughs = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    path = tmp_path / "openapi.yaml"
    path.write_text("\n".join(laughs) + "\n")
    result = invoke(["upstream-diff", str(path)])
    assert result.exit_code == 2
    assert "its aliases expand to more than 2,000,000 values" in result.stderr


def test_validate_library_call_on_a_deep_failing_document_gives_findings() -> None:
    """The fast engine raised "Recursion limit reached" past 255 levels; the reference engine explains instead."""
    body = json.dumps(conforming_session(user=[])).replace("[]", "[" * 300 + "]" * 300).encode()
    assert [(f.rule, f.pointer) for f in validate(body).findings] == [("schema.type", "/user")]
    assert findings_of(invoke(["validate", "--format", "json", "-"], stdin=body).stdout)[0][1] == "schema.type"
