"""One output convention for every command that reports: --format for stdout, --output FORMAT=PATH for files.

Regression: ``-o`` meant FILE for validate and check-live but FORMAT=PATH for gate, so
``validate -o junit=x.xml`` silently wrote a text report to a file named ``junit=x.xml`` (exit 0), and
``validate -o newdir/x.xml`` failed where gate created the directory.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import junitparser
import orjson
import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.report import REPORTERS
from tests.helpers import conforming_session

REPORTING = ("validate", "check-live", "gate")


def _write(path: Path, payload: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(payload))
    return path


def _option(command: str, name: str) -> click.Option:
    loaded = main.get_command(click.Context(main), command)
    assert loaded is not None
    (option,) = (p for p in loaded.params if isinstance(p, click.Option) and p.name == name)
    return option


def test_validate_o_junit_writes_a_junit_report_not_a_file_named_after_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o junit=x.xml`` writes JUnit XML to x.xml; no file called ``junit=x.xml`` appears."""
    monkeypatch.chdir(tmp_path)
    ok = _write(tmp_path / "ok.json", conforming_session())
    result = CliRunner().invoke(main, ["validate", "-o", "junit=x.xml", str(ok)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ok.json", "x.xml"]
    suite = next(iter(junitparser.JUnitXml.fromfile("x.xml")))
    assert (suite.tests, suite.failures) == (1, 0)


def test_report_directories_are_created(tmp_path: Path) -> None:
    """``-o junit=newdir/x.xml`` creates newdir/, as gate always did."""
    ok = _write(tmp_path / "ok.json", conforming_session())
    target = tmp_path / "newdir" / "deeper" / "x.xml"
    result = CliRunner().invoke(main, ["validate", "-o", f"junit={target}", str(ok)])
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith('<?xml version="1.0"')


def test_every_reporting_command_declares_the_same_output_options() -> None:
    """validate, check-live and gate share --format, --output, --color, -q and -v: one declaration, no drift."""
    shared = ("format_", "outputs", "color", "quiet", "verbose")
    for name in shared:
        declarations = {command: _option(command, name).to_info_dict() for command in REPORTING}
        assert len({json.dumps(info, sort_keys=True, default=str) for info in declarations.values()}) == 1, name
    assert _option("validate", "outputs").opts == ["--output", "-o"]
    assert _option("validate", "outputs").multiple


def test_one_run_writes_every_requested_report(tmp_path: Path) -> None:
    """Several -o in any formats, and --format on stdout, all from one reading of the inputs."""
    bad = _write(tmp_path / "rec" / "bad.json", conforming_session(status="canceled"))
    targets = {fmt: tmp_path / "reports" / f"contract.{fmt}" for fmt in REPORTERS}
    args = [arg for fmt, path in targets.items() for arg in ("-o", f"{fmt}={path}")]
    result = CliRunner().invoke(main, ["validate", "--format", "json", *args, str(bad)])
    assert result.exit_code == 1
    assert json.loads(result.output)["summary"]["failed"] == 1
    assert json.loads(targets["json"].read_text()) == json.loads(result.output)
    assert json.loads(targets["sarif"].read_text())["runs"][0]["results"][0]["ruleId"] == "schema.enum"
    assert "error schema.enum /status" in targets["text"].read_text()
    assert targets["github"].read_text().startswith("::error file=")
    assert next(iter(junitparser.JUnitXml.fromfile(str(targets["junit"])))).failures == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("report.json", "'report.json' is not FORMAT=PATH; did you mean json=report.json?"),
        ("out/contract.sarif", "'out/contract.sarif' is not FORMAT=PATH; did you mean sarif=out/contract.sarif?"),
        ("x.xml", "'x.xml' is not FORMAT=PATH; did you mean junit=x.xml?"),
        (
            "junt=x.xml",
            "unknown report format 'junt' in 'junt=x.xml'; choose one of: text, json, junit, sarif, github, html",
        ),
        ("json=", "'json=' names no file after '='"),
    ],
)
@pytest.mark.parametrize("command", REPORTING)
def test_a_bad_output_value_is_a_usage_error_naming_the_fix(command: str, value: str, message: str) -> None:
    """Before anything runs: exit 2 with click's usage block, and the value it probably meant."""
    result = CliRunner().invoke(main, [command, "-o", value])
    assert result.exit_code == 2
    assert result.output.startswith("Usage: ")
    assert result.output.splitlines()[-1] == f"Error: Invalid value for '--output' / '-o': {message}"


def test_two_reports_to_one_file_are_refused(tmp_path: Path) -> None:
    """Interleaving two formats in one file would leave neither readable."""
    ok = _write(tmp_path / "ok.json", conforming_session())
    report = tmp_path / "r.out"
    result = CliRunner().invoke(main, ["validate", "-o", f"json={report}", "-o", f"sarif={report}", str(ok)])
    assert result.exit_code == 2
    assert "Error: two --output reports name the same file" in result.output
    assert not report.exists()


def test_report_files_are_never_coloured(tmp_path: Path) -> None:
    """--color always colours stdout only; a text report file stays plain for CI logs and diffs."""
    bad = _write(tmp_path / "bad.json", conforming_session(status="canceled"))
    report = tmp_path / "r.txt"
    result = CliRunner().invoke(main, ["validate", "--color", "always", "-o", f"text={report}", str(bad)])
    assert "\033[31merror\033[0m" in result.output
    assert "\033[" not in report.read_text()
    assert "error schema.enum" in report.read_text()
