"""The upstream-diff command end to end: exit codes, both formats, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contract.cli import main
from contract.schemas import load_schema
from tests.upstream_fixture import UPSTREAM_YAML, schemas, upstream_document, write_yaml


def test_unchanged_upstream_exits_0_listing_only_the_known_deviation(tmp_path: Path) -> None:
    """An upstream document in the bundled shape passes, naming the revision the schemas came from."""
    path = tmp_path / "openapi.yaml"
    path.write_text(UPSTREAM_YAML, encoding="utf-8")
    result = CliRunner().invoke(main, ["upstream-diff", str(path)])
    assert result.exit_code == 0, result.output
    commit = load_schema("ChatSessionResource")["x-upstream"]["commit"][:7]
    lines = result.output.splitlines()
    assert lines[0] == f"upstream: {path} (API 2.3.0) against the bundled schemas from openai/openai-openapi@{commit}"
    assert lines[1].startswith("  known     ChatSessionResource#/workflow/state_variables/*: upstream's oneOf")
    assert lines[2].startswith("  known     CreateChatSessionBody#/workflow/state_variables/*: upstream's oneOf")
    assert lines[3] == "OK: 0 unknown change(s) (0 breaking, 0 additive, 2 known)"


def test_drift_exits_1_with_each_change_classified_in_json(tmp_path: Path) -> None:
    """--format json lists every change with its impact; unknown drift is exit 1."""
    document = upstream_document()
    schemas(document)["ChatSessionStatus"]["enum"].append("paused")
    schemas(document)["ChatSessionRateLimits"]["properties"]["max_requests_per_1_hour"] = {"type": "integer"}
    path = write_yaml(tmp_path / "openapi.yaml", document)
    result = CliRunner().invoke(main, ["upstream-diff", "--format", "json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    drift = [(c["component"], c["pointer"], c["impact"]) for c in report["changes"] if c["known"] is None]
    assert drift == [
        ("ChatSessionResource", "/rate_limits/max_requests_per_1_hour", "additive"),
        ("ChatSessionResource", "/status", "breaking"),
    ]
    assert report["summary"] == {"breaking": 1, "additive": 1, "known": 2}
    assert report["ok"] is False


def test_text_output_shows_impact_pointer_and_detail(tmp_path: Path) -> None:
    """Each unknown change is one line a reviewer can act on."""
    document = upstream_document()
    schemas(document)["ChatSessionStatus"]["enum"].append("paused")
    result = CliRunner().invoke(main, ["upstream-diff", str(write_yaml(tmp_path / "o.yaml", document))])
    assert result.exit_code == 1
    assert '  breaking  ChatSessionResource#/status: new value "paused"\n' in result.output
    assert result.output.endswith("DRIFT: 1 unknown change(s) (1 breaking, 0 additive, 2 known)\n")


def test_missing_or_broken_document_is_exit_2_with_one_line(tmp_path: Path) -> None:
    """A missing file or broken YAML is named on one line, never a traceback."""
    missing = CliRunner().invoke(main, ["upstream-diff", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2
    assert missing.output == f"chatkit-contract: error: {tmp_path / 'nope.yaml'}: No such file or directory\n"
    broken = tmp_path / "broken.yaml"
    broken.write_text("components:\n  schemas: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["upstream-diff", str(broken)])
    assert result.exit_code == 2
    assert result.output.startswith(f"chatkit-contract: error: {broken}:3:1: not valid YAML")
