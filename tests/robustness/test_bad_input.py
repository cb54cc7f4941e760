"""The bad-input catalogue through ``validate``, from a file and through stdin: exact findings, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import conforming_session
from tests.robustness.catalogue import CATALOGUE, HAR_TRUNCATED, Bad
from tests.robustness.support import findings_of, invoke, run_command


def test_the_catalogue_covers_at_least_thirty_kinds_of_bad_input() -> None:
    """The issue asks for thirty kinds at least; each case has its own name."""
    names = [case.name for case in CATALOGUE]
    assert len(set(names)) == len(names) >= 30


@pytest.mark.parametrize("case", CATALOGUE, ids=[case.name for case in CATALOGUE])
def test_bad_content_gives_exactly_its_findings(tmp_path: Path, case: Bad) -> None:
    """Each case gives its findings at their line and column, with the exit code it must have."""
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    result = invoke(["validate", "--format", "json", "-j1", *case.args, str(path)])
    assert (findings_of(result.stdout), result.exit_code) == (list(case.findings), case.exit_code)
    text = invoke(["validate", "-j1", *case.args, str(path)])
    for _, rule, _, line, column in case.findings:
        assert f"{path}:{line}:{column}: " in text.stdout
        assert f" {rule} " in text.stdout
    assert text.stderr == ""


STDIN_CASES = [case for case in CATALOGUE if case.stdin]


@pytest.mark.parametrize("case", STDIN_CASES, ids=[case.name for case in STDIN_CASES])
def test_bad_content_through_stdin_gives_the_same_findings(case: Bad) -> None:
    """Piped in with ``-``, the same bytes give the same findings, named <stdin>."""
    result = invoke(["validate", "--format", "json", *case.args, "-"], stdin=case.content)
    assert (findings_of(result.stdout), result.exit_code) == (list(case.findings), case.exit_code)
    assert {r["source"] for r in json.loads(result.stdout)["results"]} <= {"<stdin>"}


def test_a_broken_recording_loses_nothing_before_it_or_after_it(tmp_path: Path) -> None:
    """The entry before the break is checked, the break is a finding, and the next input is still checked."""
    (tmp_path / "a-cut.har").write_bytes(HAR_TRUNCATED)
    (tmp_path / "b-drifted.json").write_text(json.dumps(conforming_session(status="canceled")))
    result = invoke(["validate", "--format", "json", "-j1", str(tmp_path)])
    report = json.loads(result.stdout)
    assert [(Path(r["source"]).name, r["location"], r["ok"]) for r in report["results"]] == [
        ("a-cut.har", "entry 1", True),
        ("a-cut.har", None, False),
        ("b-drifted.json", None, False),
    ]
    assert result.exit_code == 1


@pytest.mark.slow
@pytest.mark.parametrize("through", ["file", "stdin"])
def test_a_100_mb_string_is_too_large_in_bounded_memory_and_time(tmp_path: Path, through: str) -> None:
    """A 100 MB document is reported as json.too-large after reading 16 MiB of it: little memory, little time."""
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.write(b'{"id": "')
        for _ in range(100):
            file.write(b"x" * 1_000_000)
        file.write(b'"}')
    args = ["validate", "--format", "json", str(path) if through == "file" else "-"]
    with path.open("rb") as stdin:
        run = run_command(args, stdin=stdin if through == "stdin" else None)
    assert run.returncode == 1, run.stderr
    assert [f[1:] for f in findings_of(run.stdout.decode())] == [("json.too-large", "", 1, 1)]
    assert run.peak_mib < 150, f"peak {run.peak_mib:.0f} MiB"
    assert run.seconds < 20
