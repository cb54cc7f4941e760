"""Recordings in object storage: the corpus read from moto's S3 server gives the report its local copy gives,
errors name the URL in one line, and no credential reaches any output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from contract.cli import main
from tests.remote.conftest import ACCESS_KEY, BUCKET, SECRET_KEY

FORMATS = ["text", "json", "junit", "sarif", "github"]


def _validate(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, ["validate", "--color", "never", *args])
    else:
        with runner.isolated_filesystem(temp_dir=cwd):
            result = runner.invoke(main, ["validate", "--color", "never", *args])
    return result.exit_code, result.stdout, result.stderr


def stable(report: str) -> str:
    """A report without the one thing two runs never share: JUnit's wall time."""
    return re.sub(r' time="[0-9.]+"', ' time="-"', report)


def _as_local(report: str, format_: str, url: str, directory: Path) -> str:
    """A report on the bucket with its sources renamed to the local copy, as each format spells a source."""
    if format_ == "github":
        return report.replace(url.replace(":", "%3A"), f"{directory}/")
    if format_ == "sarif":
        return report.replace(url, directory.as_uri() + "/")
    return report.replace(url, f"{directory}/")


@pytest.mark.parametrize("format_", FORMATS)
def test_a_bucket_prefix_gives_the_report_its_local_copy_gives(
    format_: str, s3_corpus: str, local_corpus: Path
) -> None:
    """Every format: the same results, positions, skips and counts, each source named by its URL; objects that
    are no recording (notes.txt) or hidden (.hidden/) are left out as a directory walk leaves them out."""
    local = _validate("--format", format_, "--jobs", "1", str(local_corpus))
    remote = _validate("--format", format_, "--jobs", "1", s3_corpus)
    assert remote[0] == local[0] == 1
    assert stable(_as_local(remote[1], format_, s3_corpus, local_corpus)) == stable(local[1])
    assert "notes.txt" not in remote[1]
    assert ".hidden" not in remote[1]


def test_single_objects_and_globs_are_inputs_like_files(s3_corpus: str) -> None:
    """An object URL is one input; the JSON report names it, with the positions of its findings."""
    code, out, _ = _validate("--format", "json", "--jobs", "1", s3_corpus + "b-truncated.json")
    assert code == 1
    (result,) = json.loads(out)["results"]
    assert result["source"] == s3_corpus + "b-truncated.json"
    assert (result["findings"][0]["rule"], result["findings"][0]["line"]) == ("json.parse", 32)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"s3://{BUCKET}/corpus/missing.jsonl", f"s3://{BUCKET}/corpus/missing.jsonl: no such file or object"),
        ("s3://no-such-bucket-19/x.jsonl", "s3://no-such-bucket-19/x.jsonl: no such file or object"),
        (f"s3://{BUCKET}/empty-prefix/", f"s3://{BUCKET}/empty-prefix/: no such file or object"),
        ("nosuchscheme://host/x.json", "nosuchscheme://host/x.json: no storage library reads nosuchscheme:// URLs"),
    ],
)
def test_an_unusable_url_is_one_line_and_exit_2_before_any_report(s3_endpoint: str, url: str, message: str) -> None:
    """Missing objects, buckets and prefixes, and schemes no library reads: one line naming the URL, no report."""
    code, out, err = _validate("--format", "json", url)
    assert (code, out) == (2, "")
    assert err == f"chatkit-contract: error: {message}\n"


def test_credentials_in_a_url_are_masked_in_every_report_and_error(s3_endpoint: str, s3_corpus: str) -> None:
    """A URL with a user, a password and a request signature: reports and errors show it masked, never them."""
    host = s3_endpoint.removeprefix("http://")
    signed = f"http://reader:pa55word-19@{host}/{BUCKET}/corpus/b-truncated.json?X-Amz-Signature=f00dfeed19&v=1"
    shown = f"http://…(redacted)@{host}/{BUCKET}/corpus/b-truncated.json?X-Amz-Signature=…(redacted)&v=1"
    for format_ in FORMATS:
        code, out, err = _validate("--format", format_, signed)
        assert code == 1
        assert "pa55word-19" not in out + err
        assert "f00dfeed19" not in out + err
        assert "reader" not in out + err
    code, out, _ = _validate("--format", "json", signed)
    assert json.loads(out)["results"][0]["source"] == shown
    code, out, err = _validate(signed.replace("b-truncated", "gone"))
    assert code == 2
    assert err == f"chatkit-contract: error: {shown.replace('b-truncated', 'gone')}: no such file or object\n"


@pytest.mark.slow
def test_storage_credentials_come_from_the_library_configuration_and_are_never_printed(s3_corpus: str) -> None:
    """Without the key pair boto finds none and says so, in one line; with a wrong one the key never shows."""
    environment = {k: v for k, v in os.environ.items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    command = [sys.executable, "-m", "contract", "validate", s3_corpus + "a-ok.json"]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"chatkit-contract: error: {s3_corpus}a-ok.json: ")
    assert "credentials" in done.stderr.lower()
    assert len(done.stderr.splitlines()) == 1
    leaky = {**os.environ, "AWS_SECRET_ACCESS_KEY": SECRET_KEY + "x"}
    done = subprocess.run(command, env=leaky, capture_output=True, text=True, timeout=120, check=False)
    assert SECRET_KEY not in done.stdout + done.stderr
    assert ACCESS_KEY not in done.stderr


def test_gate_checks_recordings_globbed_in_a_bucket_against_its_baseline(tmp_path: Path, s3_corpus: str) -> None:
    """recordings may be URL globs; the baseline records their URLs, and the next gate holds findings against it."""
    (tmp_path / "pyproject.toml").write_text(
        "[tool.chatkit-contract]\n"
        f'recordings = ["{s3_corpus}*.jsonl", "{s3_corpus}d-browser.har"]\n'
        'baseline = "contract-baseline.json"\n'
    )
    runner = CliRunner()
    first = runner.invoke(main, ["gate", "--config", str(tmp_path / "pyproject.toml"), "--update-baseline"])
    assert first.exit_code == 0, first.output
    baseline = (tmp_path / "contract-baseline.json").read_text()
    assert f"{s3_corpus}c-log.jsonl" in baseline
    again = runner.invoke(main, ["gate", "--config", str(tmp_path / "pyproject.toml"), "--format", "json"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)["summary"]
    assert summary["failed"] == 0
    assert summary["baselined"] > 100
    assert summary["skipped"] == 2  # the preflight and the page fetch in the HAR


def test_a_recordings_url_glob_that_matches_nothing_fails_the_gate_in_one_line(tmp_path: Path, s3_corpus: str) -> None:
    """As a local glob that matches nothing: exit 2, naming the key and the pattern."""
    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.chatkit-contract]\nrecordings = ["{s3_corpus}*.nothing"]\n')
    result = CliRunner().invoke(main, ["gate", "--config", str(config)])
    assert result.exit_code == 2
    key = "[tool.chatkit-contract] recordings"
    assert result.stderr == f"chatkit-contract: error: {config}: {key}: '{s3_corpus}*.nothing' matches nothing\n"
