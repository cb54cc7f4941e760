"""The gate end to end on a temporary project tree: configuration, recordings, baseline, upstream, reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from contract.cli import main
from tests.helpers import SECRET, conforming_session
from tests.upstream_fixture import UPSTREAM_YAML, schemas, upstream_document, write_yaml


class Project:
    """A project tree with a pyproject.toml and recordings, and a way to run the gate in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.configure()

    def configure(self, **settings: Any) -> None:
        """Write [tool.chatkit-contract] with recordings under rec/ and a baseline, plus *settings*."""
        table = {"recordings": ["rec/**/*.json"], "baseline": "contract-baseline.json", **settings}
        lines = ["[project]", 'name = "demo"', "", "[tool.chatkit-contract]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in table.items()]
        (self.root / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def record(self, name: str, payload: object) -> Path:
        """Write a recording under rec/."""
        path = self.root / "rec" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(payload, option=orjson.OPT_INDENT_2))
        return path

    def gate(self, *args: str, env: dict[str, str] | None = None) -> Result:
        """Run `chatkit-contract gate --config <root>/pyproject.toml ARGS`."""
        config = str(self.root / "pyproject.toml")
        return CliRunner().invoke(main, ["gate", "--config", config, *args], env=env)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project with one conforming recording."""
    tree = Project(tmp_path)
    tree.record("ok.json", conforming_session())
    return tree


def test_clean_project_passes(project: Project) -> None:
    """Conforming recordings and no drift: exit 0 and a one-word verdict."""
    result = project.gate()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "OK: 1 checked, 1 passed, 0 failed, 0 warnings"
    assert result.output.endswith("gate: OK\n")


def test_new_violation_fails_and_is_named(project: Project) -> None:
    """A recording that breaks the contract fails the gate, with its file, rule and pointer."""
    project.record("sub/bad.json", conforming_session(status="canceled"))
    result = project.gate()
    assert result.exit_code == 1
    assert "rec/sub/bad.json:21:13: error schema.enum /status: 'canceled' is not one of" in result.output
    assert result.output.endswith("gate: FAILED (1 new violation in 1 recording(s))\n")


def test_baselined_violation_passes_and_stays_quiet(project: Project) -> None:
    """After --update-baseline the accepted finding no longer fails or prints; a new one still does."""
    project.record("bad.json", conforming_session(status="canceled"))
    updated = project.gate("--update-baseline")
    assert updated.exit_code == 0, updated.output
    assert "baseline: wrote 1 accepted finding(s) to contract-baseline.json" in updated.output
    rerun = project.gate()
    assert rerun.exit_code == 0, rerun.output
    assert "schema.enum" not in rerun.output
    assert "baseline: 1 finding(s) accepted by contract-baseline.json" in rerun.output
    project.record("worse.json", conforming_session(expires_at=1712349876000))
    worse = project.gate()
    assert worse.exit_code == 1
    assert "rec/worse.json:5:17: error session.expires-at-unit" in worse.output
    assert "rec/bad.json" not in worse.output


def test_baseline_is_stable_across_runs_and_unrelated_edits(project: Project) -> None:
    """Rewriting the baseline after editing other recordings (or other parts of the file) changes nothing."""
    bad = project.record("bad.json", conforming_session(status="canceled"))
    project.gate("--update-baseline")
    baseline = project.root / "contract-baseline.json"
    first = baseline.read_bytes()
    project.record("ok.json", conforming_session(user="someone_else"))
    project.record("another.json", conforming_session())
    # Same finding, moved to another line and with other members changed around it.
    bad.write_bytes(orjson.dumps(conforming_session(status="canceled", user="u2", extra_line=None)))
    project.configure(ignore=["drift.unknown-field"])
    project.gate("--update-baseline")
    assert baseline.read_bytes() == first
    document = json.loads(first)
    assert [(row["source"], row["rule"], row["pointer"]) for row in document["findings"]] == [
        ("rec/bad.json", "schema.enum", "/status")
    ]


def test_fixed_violation_is_reported_as_removable(project: Project) -> None:
    """A baseline entry that no longer occurs is listed, so the baseline can shrink; it does not fail."""
    bad = project.record("bad.json", conforming_session(status="canceled"))
    project.gate("--update-baseline")
    bad.write_bytes(orjson.dumps(conforming_session()))
    result = project.gate()
    assert result.exit_code == 0, result.output
    assert "baseline: 1 accepted finding(s) no longer occur; drop them with" in result.output
    assert "  rec/bad.json schema.enum /status\n" in result.output


def test_upstream_drift_fails_the_gate(project: Project) -> None:
    """A configured upstream document with a new status value fails the gate as breaking drift."""
    document = upstream_document()
    schemas(document)["ChatSessionStatus"]["enum"].append("paused")
    write_yaml(project.root / "openapi.yaml", document)
    project.configure(upstream="openapi.yaml")
    result = project.gate()
    assert result.exit_code == 1
    assert '  breaking  ChatSessionResource#/status: new value "paused"' in result.output
    assert result.output.endswith("gate: FAILED (1 unknown upstream change(s))\n")


def test_unchanged_upstream_passes_with_the_known_deviation(project: Project) -> None:
    """An upstream document in the bundled shape lets the gate pass."""
    (project.root / "openapi.yaml").write_text(UPSTREAM_YAML, encoding="utf-8")
    project.configure(upstream="openapi.yaml")
    result = project.gate()
    assert result.exit_code == 0, result.output
    assert "  known     ChatSessionResource#/workflow/state_variables/*" in result.output
    assert "  known     CreateChatSessionBody#/workflow/state_variables/*" in result.output


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"recording": ["x"]}, "[tool.chatkit-contract] unknown key 'recording'; did you mean 'recordings'?"),
        ({"profile": "paranoid"}, "[tool.chatkit-contract] profile: 'paranoid' is not one of lenient, strict"),
        ({"ignore": ["schema.bogus"]}, "[tool.chatkit-contract] ignore: unknown rule id 'schema.bogus'"),
        ({"self-check": True}, "[tool.chatkit-contract] self-check: must be a whole number of examples"),
        ({"recordings": ["nothing/*.json"]}, "[tool.chatkit-contract] recordings: 'nothing/*.json' matches nothing"),
        ({"recordings": []}, "[tool.chatkit-contract] recordings: must name at least one glob pattern"),
        ({"baseline": 3}, "[tool.chatkit-contract] baseline: must be a path, not 3"),
    ],
)
def test_configuration_errors_exit_2_naming_the_key(project: Project, settings: dict[str, Any], message: str) -> None:
    """Unknown keys and bad values are one line naming the file and the key."""
    project.configure(**settings)
    result = project.gate()
    assert result.exit_code == 2
    assert result.output.startswith(f"chatkit-contract: error: {project.root / 'pyproject.toml'}: {message}")
    assert len(result.output.splitlines()) == 1


def test_broken_or_missing_configuration_is_exit_2(tmp_path: Path) -> None:
    """Invalid TOML names its line; a missing table or file is named too."""
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.chatkit-contract]\nrecordings = "a"\nprofile = \n', encoding="utf-8")
    broken = CliRunner().invoke(main, ["gate", "--config", str(config)])
    assert broken.exit_code == 2
    assert broken.output == f"chatkit-contract: error: {config}: not valid TOML: Invalid value (at line 3, column 11)\n"
    config.write_text('[project]\nname = "x"\n', encoding="utf-8")
    no_table = CliRunner().invoke(main, ["gate", "--config", str(config)])
    assert no_table.output == f"chatkit-contract: error: {config}: no [tool.chatkit-contract] table\n"
    missing = CliRunner().invoke(main, ["gate", "--config", str(tmp_path / "none.toml")])
    assert missing.exit_code == 2
    assert "no such configuration file" in missing.output


def test_update_baseline_needs_a_baseline_path(project: Project) -> None:
    """--update-baseline without a configured baseline says which key to set."""
    (project.root / "pyproject.toml").write_text('[tool.chatkit-contract]\nrecordings = ["rec"]\n', encoding="utf-8")
    result = project.gate("--update-baseline")
    assert result.exit_code == 2
    assert "baseline: set a path to write the baseline to" in result.output


def test_several_report_files_in_one_run(project: Project, tmp_path: Path) -> None:
    """Each --output FORMAT=PATH gets its own report of the new findings, in its format."""
    project.record("bad.json", conforming_session(status="canceled"))
    as_json, as_text = tmp_path / "out" / "gate.json", tmp_path / "out" / "gate.txt"
    result = project.gate("--output", f"json={as_json}", "-o", f"text={as_text}")
    assert result.exit_code == 1
    assert json.loads(as_json.read_text())["summary"] == {
        "checked": 2,
        "passed": 1,
        "failed": 1,
        "warnings": 0,
        "skipped": 0,
        "baselined": 0,
    }
    assert as_text.read_text().endswith("FAILED: 2 checked, 1 passed, 1 failed, 0 warnings\n")


@pytest.mark.parametrize("value", ["nonsense=out.x", "json"])
def test_bad_output_option_is_a_usage_error(project: Project, value: str) -> None:
    """An unregistered format or a value without =PATH is exit 2 before anything runs."""
    result = project.gate("--output", value)
    assert result.exit_code == 2
    assert "Invalid value for '--output'" in result.output


def test_json_on_stdout_stays_parseable(project: Project) -> None:
    """With --format json, stdout is one JSON document and the gate's own lines go to stderr."""
    project.record("bad.json", conforming_session(status="canceled"))
    result = project.gate("--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["failed"] == 1
    assert result.stderr.endswith("gate: FAILED (1 new violation in 1 recording(s))\n")


def test_github_step_summary_gets_a_markdown_table(project: Project, tmp_path: Path) -> None:
    """When GITHUB_STEP_SUMMARY is set, a Markdown table of checks and new findings is appended there."""
    project.record("bad.json", conforming_session(status="canceled"))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = project.gate(env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## chatkit-contract gate ❌\n")
    assert "| Recordings | ❌ | 2 checked, 1 passed, 1 failed, 0 warnings |" in text
    assert "| Baseline | ✅ | 0 accepted, 0 no longer occur |" in text
    assert "| rec/bad.json | error | schema.enum | /status | 'canceled' is not one of" in text


def test_secrets_reach_no_report_baseline_or_summary(project: Project, tmp_path: Path) -> None:
    """A client secret in a failing recording appears in no output the gate writes."""
    project.record("leak.json", conforming_session(status=SECRET, debug=SECRET))
    summary, report = tmp_path / "summary.md", tmp_path / "report.json"
    project.gate("--update-baseline")
    result = project.gate("--format", "json", "-o", f"text={report}", env={"GITHUB_STEP_SUMMARY": str(summary)})
    written = [result.output, report.read_text(), (project.root / "contract-baseline.json").read_text()]
    project.record("leak2.json", conforming_session(status=SECRET))
    failing = project.gate(env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert failing.exit_code == 1
    for text in [*written, failing.output, summary.read_text()]:
        assert SECRET[3:15] not in text


def test_self_check_runs_when_configured(project: Project) -> None:
    """With self-check set, generated payloads pass and mutants are rejected, and the gate says how many."""
    project.configure(**{"self-check": 20})
    result = project.gate()
    assert result.exit_code == 0, result.output
    assert "self-check: 20 conforming payload(s) and 20 mutant(s) checked" in result.output


def test_gate_through_a_real_subprocess_from_the_project_directory(project: Project) -> None:
    """Run as CI would: in the project directory, reading ./pyproject.toml by default."""
    project.record("bad.json", conforming_session(status="canceled"))
    process = subprocess.run(
        [sys.executable, "-m", "contract", "gate"], cwd=project.root, capture_output=True, text=True, check=False
    )
    assert process.returncode == 1, process.stderr
    assert process.stdout.startswith("rec/bad.json:21:13: error schema.enum /status")
    assert process.stderr == ""
