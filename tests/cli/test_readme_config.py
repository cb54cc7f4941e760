"""The README's gate configuration is a working configuration: every key it shows is read and honoured."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.gate import load_config
from tests.helpers import ROOT, conforming_session
from tests.upstream_fixture import upstream_document, write_yaml

SECTION = (ROOT / "README.md").read_text().split("## In CI: the contract gate", 1)[1]
TABLE = re.search(r"```toml\n(.*?)```", SECTION, re.DOTALL)


def test_the_readme_table_is_read_key_by_key_and_runs_the_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copied into a project with the files it names, the table loads, and the gate runs every check it names."""
    assert TABLE is not None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n\n' + TABLE.group(1))
    (tmp_path / "tests" / "recordings" / "cancel").mkdir(parents=True)
    (tmp_path / "tests" / "recordings" / "cancel" / "ok.json").write_bytes(orjson.dumps(conforming_session()))
    (tmp_path / "spec").mkdir()
    write_yaml(tmp_path / "spec" / "openapi.yaml", upstream_document())
    config = load_config(tmp_path / "pyproject.toml")
    assert (config.profile, config.operation, config.self_check, config.allow_empty) == (
        "lenient",
        "cancel",
        100,
        False,
    )
    assert config.ignore == frozenset({"session.id-prefix"})
    monkeypatch.chdir(tmp_path / "tests")
    result = CliRunner().invoke(main, ["gate"])
    # One conforming recording passes every check but the coverage threshold, which the table sets at 80 %.
    assert result.exit_code == 1, result.output
    assert result.output.startswith("OK: 1 checked, 1 passed, 0 failed, 0 warnings\n")
    assert "self-check: 100 conforming payload(s) and 100 mutant(s) checked" in result.output
    assert "OK: 0 unknown change(s) (0 breaking, 0 additive, " in result.output
    assert "required variant(s) never observed: cancel/http:5xx" in result.output
