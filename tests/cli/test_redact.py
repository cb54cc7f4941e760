"""The redact command: rewrites only what holds a secret, --check for pre-commit, never prints a secret."""

from __future__ import annotations

import base64
import gzip
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from contract.cli import main
from tests.helpers import NO_BYTECODE, SECRET, conforming_session


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


def test_a_secret_in_a_base64_body_is_masked_and_the_body_still_decodes(tmp_path: Path) -> None:
    """A HAR body stored as base64 is decoded, masked and encoded again; --check is clean afterwards."""
    har = tmp_path / "cancel.har"
    body = base64.b64encode(json.dumps(conforming_session()).encode()).decode()
    har.write_text(json.dumps({"log": {"entries": [{"response": {"content": {"text": body, "encoding": "base64"}}}]}}))
    assert CliRunner().invoke(main, ["redact", "--check", str(har)]).exit_code == 1
    result = CliRunner().invoke(main, ["redact", str(har)])
    assert (result.exit_code, result.output) == (0, f"{har}: masked 1 secret(s)\n")
    text = json.loads(har.read_text())["log"]["entries"][0]["response"]["content"]["text"]
    assert json.loads(base64.b64decode(text))["client_secret"] == "ek_…(redacted)"
    assert CliRunner().invoke(main, ["redact", "--check", str(har)]).exit_code == 0


def test_unmaskable_secret_fails_both_modes(tmp_path: Path) -> None:
    """A secret in a gzip body that is cut short cannot be masked in place: exit 1 with advice, file unchanged."""
    noise = base64.b64encode(bytes(range(256)) * 8).decode()
    cut = gzip.compress(json.dumps(conforming_session(user=noise)).encode())[:-40]
    har = tmp_path / "cancel.har"
    content = {"text": base64.b64encode(cut).decode(), "encoding": "base64"}
    har.write_text(json.dumps({"log": {"entries": [{"response": {"content": content}}]}}))
    before = har.read_bytes()
    for args in (["redact", str(har)], ["redact", "--check", str(har)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        assert "client secret inside an encoded body cannot be masked in place; re-record it" in result.output
    assert har.read_bytes() == before


def test_a_failed_write_leaves_the_original_byte_for_byte_and_exits_2(tmp_path: Path) -> None:
    """Past the file-size limit the redacted copy cannot be written: the original is untouched, no copy is left,
    and the one-line error says so."""
    leaky = tmp_path / "many.jsonl"
    leaky.write_text("".join(json.dumps(conforming_session()) + "\n" for _ in range(200)))
    before = leaky.read_bytes()

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) // 4, len(before) // 4))

    command = [str(Path(sys.executable).with_name("chatkit-contract")), "redact", str(leaky)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **NO_BYTECODE},
        preexec_fn=limit_file_size,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    reason = "cannot rewrite: File too large; the original is unchanged"
    assert done.stderr == f"chatkit-contract: error: {leaky}: {reason}\n"
    assert leaky.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["many.jsonl"]


def test_a_file_that_does_not_parse_is_redacted_and_said_to_be_partly_read(tmp_path: Path) -> None:
    """A HAR cut short still loses its secrets; stderr says which part was only searched by name and shape."""
    har = tmp_path / "cut.har"
    entry = {"request": {"headers": [{"name": "Cookie", "value": "s=opaque0123"}]}, "response": {}}
    har.write_text(json.dumps({"log": {"entries": [entry, entry]}}, indent=2)[:-20])
    result = CliRunner().invoke(main, ["redact", str(har)])
    assert result.exit_code == 0
    assert result.stdout == f"{har}: masked 2 secret(s)\n"
    assert result.stderr == f"{har}: not read as JSON from line 24 on: searched by name and shape only\n"
    assert "opaque0123" not in har.read_text()


def test_permissions_and_symbolic_links_survive_the_rewrite(tmp_path: Path) -> None:
    """The file a link names is rewritten with its mode kept; the link stays a link; no temporary file is left."""
    target = _recording(tmp_path / "real.json")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    assert CliRunner().invoke(main, ["redact", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert json.loads(target.read_text())["client_secret"] == "ek_…(redacted)"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_a_file_name_shaped_like_a_secret_is_shown_masked(tmp_path: Path) -> None:
    """What redact prints names the file, but not a credential in its name."""
    leaky = _recording(tmp_path / "ek_live_FILEname7secret.json")
    result = CliRunner().invoke(main, ["redact", "--check", str(leaky)])
    assert result.exit_code == 1
    assert "FILEname7secret" not in result.output
    assert f"{tmp_path}/ek_…(redacted).json:4:21: unmasked client secret ek_…(redacted)" in result.stdout


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    """A file that is not there is a one-line error."""
    result = CliRunner().invoke(main, ["redact", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert result.output == f"chatkit-contract: error: {tmp_path / 'none.json'}: No such file or directory\n"
