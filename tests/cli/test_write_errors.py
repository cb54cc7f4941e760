"""A write that fails (a full disk, a file-size limit) is one line and exit 2, for every command and destination.

Regression: each command ended in an OSError traceback and exit 1, the "violation" code, even for a passing
input. ``/dev/full`` fails every write with ENOSPC; ``RLIMIT_FSIZE`` makes writes past a size fail with EFBIG
(Python ignores SIGXFSZ, so the write reports the error instead of the signal killing the process).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import orjson
import pytest

from contract.cli import main
from contract.standin import FakeServer
from contract.standin.server import running_server
from tests.helpers import NO_BYTECODE, conforming_session
from tests.upstream_fixture import UPSTREAM_YAML

COMMAND = str(Path(sys.executable).with_name("chatkit-contract"))
FULL = "/dev/full"
NO_SPACE = "No space left on device"

pytestmark = pytest.mark.skipif(not Path(FULL).exists(), reason="needs /dev/full (Linux)")


@dataclass(frozen=True)
class Workspace:
    """Inputs every command can run on and pass: a conforming recording, a gate project, an upstream document."""

    root: Path
    server: FakeServer

    @property
    def recording(self) -> str:
        return str(self.root / "rec" / "ok.json")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("writes")
    (root / "rec").mkdir()
    (root / "rec" / "ok.json").write_bytes(orjson.dumps(conforming_session(client_secret="ek_…(redacted)")))
    (root / "leak.json").write_bytes(orjson.dumps(conforming_session()))
    (root / "openapi.yaml").write_text(UPSTREAM_YAML, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.chatkit-contract]\nrecordings = ["rec/*.json"]\n', encoding="utf-8")
    with running_server() as server:
        yield Workspace(root, server)


def _run(
    args: list[str], workspace: Workspace, *, stdout: str = os.devnull, limit: int | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """The installed command in *workspace*, stdout to the file *stdout*, file sizes capped at *limit* bytes."""

    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    with open(stdout, "w", encoding="utf-8") as out:  # noqa: PTH123  (a device as well as a file)
        return subprocess.run(
            [COMMAND, *args],
            stdout=out,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=workspace.root,
            env={**os.environ, "OPENAI_API_KEY": workspace.server.api_key, **(NO_BYTECODE if limit else {}), **env},
            preexec_fn=cap,
            timeout=120,
            check=False,
        )


def _assert_one_error(process: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit 2 and the error as stderr's last line (check-live's notes on the service may come before it)."""
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stderr
    assert process.stderr.splitlines()[-1] == f"chatkit-contract: error: {message}"
    assert process.stderr.count("error:") == 1


def _live(workspace: Workspace) -> list[str]:
    return ["check-live", "--base-url", workspace.server.base_url, "--workflow-id", "wf_1", "--user", "u"]


# Every command, with arguments on which it succeeds and prints to stdout.
STDOUT_CASES: dict[str, Callable[[Workspace], list[str]]] = {
    "validate": lambda w: ["validate", w.recording],
    "coverage": lambda w: ["coverage", w.recording],
    "rules": lambda w: ["rules"],
    "schema": lambda w: ["schema", "ChatkitWorkflow"],
    "check-live": _live,
    "serve": lambda w: ["serve", "--port", "0"],
    "gate": lambda w: ["gate"],
    "upstream-diff": lambda w: ["upstream-diff", "openapi.yaml"],
    "redact": lambda w: ["redact", str(w.root / "leak.json")],
    "generate": lambda w: ["generate", "--count", "3", "--seed", "1"],
    "--help": lambda w: ["--help"],
    "--version": lambda w: ["--version"],
}


def test_every_command_has_a_full_stdout_case() -> None:
    """A command added later cannot skip this check."""
    assert set(main.list_commands(click.Context(main))) <= set(STDOUT_CASES)


@pytest.mark.parametrize("case", STDOUT_CASES)
def test_a_full_stdout_is_one_line_and_exit_2_for_every_command(workspace: Workspace, case: str) -> None:
    """Each command, on input it passes, exits 2 with one line naming stdout when stdout is /dev/full."""
    process = _run(STDOUT_CASES[case](workspace), workspace, stdout=FULL)
    _assert_one_error(process, f"cannot write stdout: {NO_SPACE}")


@pytest.mark.parametrize(
    "args",
    [
        lambda w: ["validate", "-o", f"json={FULL}", w.recording],
        lambda w: ["validate", "-o", "junit=reports/ok.xml", "-o", f"sarif={FULL}", w.recording],
        lambda w: [*_live(w), "-o", f"junit={FULL}"],
        lambda w: ["gate", "-o", f"sarif={FULL}"],
        lambda w: ["coverage", "-o", f"html={FULL}", w.recording],
        lambda w: ["generate", "-o", FULL],
        lambda w: ["generate", "--invalid", "-o", "bad.jsonl", "--expectations", FULL],
    ],
    ids=[
        "validate-o",
        "validate-second-o",
        "check-live-o",
        "gate-o",
        "coverage-o",
        "generate-o",
        "expectations",
    ],
)
def test_a_full_file_is_one_line_naming_it_and_exit_2(
    workspace: Workspace, args: Callable[[Workspace], list[str]]
) -> None:
    """A report file, a recording or generated lines on a full disk: the file is named, exit 2, never exit 0 or 1."""
    process = _run(args(workspace), workspace)
    _assert_one_error(process, f"cannot write {FULL}: {NO_SPACE}")


def test_a_full_step_summary_is_one_line_and_exit_2(workspace: Workspace) -> None:
    """The gate's Markdown summary for GitHub goes through the same path."""
    process = _run(["gate"], workspace, GITHUB_STEP_SUMMARY=FULL)
    assert (process.returncode, process.stderr) == (2, f"chatkit-contract: error: cannot write {FULL}: {NO_SPACE}\n")


def test_a_file_size_limit_on_stdout_is_one_line_and_exit_2(workspace: Workspace, tmp_path: Path) -> None:
    """Past RLIMIT_FSIZE, stdout redirected to a file fails with EFBIG: named, exit 2, not a traceback."""
    report = tmp_path / "report.json"
    examples = Path(__file__).parents[2] / "examples"
    process = _run(["validate", "--format", "json", str(examples)], workspace, stdout=str(report), limit=200)
    assert (process.returncode, process.stderr) == (2, "chatkit-contract: error: cannot write stdout: File too large\n")
    assert report.stat().st_size <= 200


def test_a_file_size_limit_on_a_report_file_is_one_line_and_exit_2(workspace: Workspace, tmp_path: Path) -> None:
    """A SARIF report (its rule catalogue alone is kilobytes) past RLIMIT_FSIZE: named, exit 2."""
    report = tmp_path / "reports" / "contract.sarif"
    process = _run(["validate", "-o", f"sarif={report}", workspace.recording], workspace, limit=1000)
    assert (process.returncode, process.stderr) == (
        2,
        f"chatkit-contract: error: cannot write {report}: File too large\n",
    )


def test_a_run_under_a_file_size_limit_leaves_no_cut_bytecode_behind(workspace: Workspace, tmp_path: Path) -> None:
    """The failing examples import the placing of findings on first use; under the limit that import must not
    leave a .pyc cut at the limit for every later interpreter to fail on ("marshal data too short")."""
    cache = tmp_path / "pycache"
    examples = Path(__file__).parents[2] / "examples"
    process = _run(["validate", str(examples)], workspace, limit=200, PYTHONPYCACHEPREFIX=str(cache))
    assert (process.returncode, process.stderr) == (1, "")  # the examples' verdict; stdout goes to /dev/null
    assert [path.name for path in cache.rglob("*.pyc")] == []


def test_a_reader_that_goes_away_is_still_quiet_141(workspace: Workspace) -> None:
    """A closed pipe is not a write error to report: the run ends at once, exit 141, nothing on stderr."""
    process = subprocess.Popen(
        [COMMAND, "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    assert process.stdout is not None
    process.stdout.close()  # before the command writes a byte
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (141, b"")


def test_a_recording_past_the_file_size_limit_is_one_line_and_the_old_recording_stays(
    workspace: Workspace, tmp_path: Path
) -> None:
    """--record rewrites its file whole: a write that fails (EFBIG) names it, exit 2, and leaves no stray file."""
    record = tmp_path / "live.har"
    process = _run([*_live(workspace), "--record", str(record)], workspace, limit=2000)
    _assert_one_error(process, f"cannot write {record}: File too large")
    assert [path.name for path in tmp_path.iterdir()] == []
