"""The redact command: rewrites only what holds a secret, --check for pre-commit, never prints a secret."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from click.testing import CliRunner

from contract.cli import main
from tests.helpers import SECRET, conforming_session


def _recording(path: Path, **overrides: object) -> Path:
    path.write_text(json.dumps(conforming_session(**overrides), indent=2) + "\n", encoding="utf-8")
    return path


def test_redact_rewrites_files_with_secrets_and_leaves_clean_ones_untouched(tmp_path: Path) -> None:
    """The leaky file is masked in place; the clean one is not even rewritten."""
    leaky = _recording(tmp_path / "leaky.json")
    clean = _recording(tmp_path / "clean.json", client_secret="ek_…(redacted)")
    clean_stat = clean.stat()
    result = CliRunner().invoke(main, ["redact", str(leaky), str(clean)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{leaky}: masked 1 secret(s)\n"
    assert json.loads(leaky.read_text())["client_secret"] == "ek_…(redacted)"
    assert clean.stat().st_mtime_ns == clean_stat.st_mtime_ns


def test_check_exits_1_naming_line_and_kind_but_never_the_secret(tmp_path: Path) -> None:
    """--check changes nothing and points at the secret with its masked form only."""
    leaky = _recording(tmp_path / "leaky.json")
    before = leaky.read_bytes()
    result = CliRunner().invoke(main, ["redact", "--check", str(leaky)])
    assert result.exit_code == 1
    assert result.stdout == f"{leaky}:4:21: unmasked client secret ek_…(redacted)\n"
    assert "run `chatkit-contract redact FILE...` to mask them" in result.stderr
    assert SECRET[3:15] not in result.output
    assert leaky.read_bytes() == before


def test_check_passes_once_redacted(tmp_path: Path) -> None:
    """After redact, --check is clean: exit 0, nothing printed."""
    leaky = _recording(tmp_path / "leaky.json")
    CliRunner().invoke(main, ["redact", str(leaky)])
    result = CliRunner().invoke(main, ["redact", "--check", str(leaky)])
    assert (result.exit_code, result.output) == (0, "")


def test_unmaskable_secret_fails_both_modes(tmp_path: Path) -> None:
    """A secret inside a base64 body cannot be masked in place: exit 1 with advice, file unchanged."""
    har = tmp_path / "cancel.har"
    body = base64.b64encode(json.dumps(conforming_session()).encode()).decode()
    har.write_text(json.dumps({"log": {"entries": [{"response": {"content": {"text": body, "encoding": "base64"}}}]}}))
    before = har.read_bytes()
    for args in (["redact", str(har)], ["redact", "--check", str(har)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        assert "client secret inside an encoded body cannot be masked in place; re-record it decoded" in result.output
    assert har.read_bytes() == before


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    """A file that is not there is a one-line error."""
    result = CliRunner().invoke(main, ["redact", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert result.output == f"chatkit-contract: error: {tmp_path / 'none.json'}: No such file or directory\n"
