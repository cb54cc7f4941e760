"""The README's "Use it in your tests" section tells the truth: its examples are files run here."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import conforming_session
from tests.local_server import Canned, serving
from tests.plugin.support import run, write_recording

ROOT = Path(__file__).parents[2]
EXAMPLES = Path(__file__).parent / "examples"


def _section() -> str:
    match = re.search(
        r"^## Use it in your tests\n(.*?)^## ", (ROOT / "README.md").read_text(), re.DOTALL | re.MULTILINE
    )
    assert match, "README lost its 'Use it in your tests' section"
    return match.group(1)


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", _section(), re.DOTALL | re.MULTILINE)


def _text_block(starting: str) -> list[str]:
    (block,) = [block for block in _blocks("text") if block.startswith(starting)]
    return block.splitlines()


def _verbatim(lines: list[str]) -> list[str]:
    return [re.escape(line) for line in lines]


def _use_example(pytester: pytest.Pytester, name: str) -> None:
    pytester.makepyfile(**{f"test_{name}": (EXAMPLES / f"example_{name}.py").read_text()})


def test_python_blocks_are_exactly_the_example_files() -> None:
    """Every Python block is one example file, character for character, and every file is shown."""
    files = sorted(path.read_text() for path in EXAMPLES.glob("example_*.py"))
    assert sorted(_blocks("python")) == files


def test_recorded_response_example_passes(pytester: pytest.Pytester) -> None:
    """Both tests pass on a conforming recording of the cancel the first one names."""
    _use_example(pytester, "recorded_response")
    write_recording(pytester.path / "recordings" / "cancel.json", conforming_session())
    run(pytester).assert_outcomes(passed=2)


def test_failure_block_is_what_pytest_prints(pytester: pytest.Pytester) -> None:
    """The README's failure block is the output of assert_conforms on the drift it describes."""
    drifted = conforming_session(status="canceled", cancelled_at=1767225000)
    del drifted["workflow"]["tracing"]
    test = f"def test_it():\n    drifted = {drifted!r}\n    assert_conforms(drifted)\n"
    pytester.makepyfile(test_it="from contract import assert_conforms\n\n" + test)
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines(_verbatim(_text_block(">       assert_conforms(drifted)")))


def test_fake_api_example_passes(pytester: pytest.Pytester) -> None:
    """The documented client passes against the stand-in server and the injected drift is caught."""
    _use_example(pytester, "fake_api")
    run(pytester).assert_outcomes(passed=2)


@pytest.fixture
def chatkit_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A loopback server answering the live example's create and cancel, with its environment set."""
    created = conforming_session(status="active")
    routes = {
        ("POST", "/v1/chatkit/sessions"): Canned.json(created),
        ("POST", "/v1/chatkit/sessions/cksess_123/cancel"): Canned.json(conforming_session()),
    }
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    monkeypatch.setenv("CHATKIT_WORKFLOW_ID", "workflow_alpha")
    with serving(routes) as url:
        yield f"{url}/v1"


def test_live_example_is_skipped_offline_and_passes_when_live(pytester: pytest.Pytester, chatkit_api: str) -> None:
    """Skipped with the documented reason by default; with --chatkit-live it creates, cancels and checks."""
    _use_example(pytester, "live")
    offline = run(pytester, "-rs")
    offline.assert_outcomes(skipped=1)
    reason = re.search(r"the reason `(.*?)`", " ".join(_section().split()))
    assert reason
    offline.stdout.fnmatch_lines([f"SKIPPED*{reason.group(1)}"])
    run(pytester, "--chatkit-live", f"--chatkit-base-url={chatkit_api}").assert_outcomes(passed=1)


def test_property_example_passes(pytester: pytest.Pytester) -> None:
    """The documented property test of a consumer's parser holds on every drawn cancel response."""
    _use_example(pytester, "property")
    run(pytester).assert_outcomes(passed=1)


def _recordings_command() -> str:
    (command,) = (line for block in _blocks("sh") for line in block.splitlines() if "--chatkit-recordings" in line)
    return command


def test_recordings_command_in_this_repository_prints_what_the_readme_shows() -> None:
    """Regression: the README's command failed here (this repository's addopts turn the plugin off).

    The documented command, verbatim, in the repository root, prints the documented items and failures.
    """
    command = _recordings_command()
    assert command.startswith("pytest -p contract.pytest_plugin ")
    process = subprocess.run(
        [sys.executable, "-m", *command.split()], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert process.returncode == 1, process.stdout + process.stderr
    lines = process.stdout.splitlines()
    shown = _text_block("examples/cancel-broken.json F")
    start = lines.index(shown[0])
    assert lines[start : start + len(shown)] == shown
    assert "2 failed, 1 passed" in lines[-1]


def test_recordings_in_a_users_project_need_no_flag_to_load_the_plugin(pytester: pytest.Pytester) -> None:
    """In a project of one's own the installed plugin loads by itself: --chatkit-recordings is all it takes."""
    shutil.copytree(ROOT / "examples", pytester.path / "examples")
    result = pytester.runpytest("--chatkit-recordings=examples/")  # no -p: the pytest11 entry point loads it
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.re_match_lines(_verbatim(_text_block("examples/cancel-broken.json F")))


def test_live_example_skips_with_the_install_hint_when_openai_is_missing(
    pytester: pytest.Pytester, chatkit_api: str
) -> None:
    """Regression: a missing `openai` aborted the whole collection, even without --chatkit-live.

    With the SDK absent: offline, the test is skipped for being live and the others still run; with
    --chatkit-live, it is skipped with the reason naming the extra the README names.
    """
    _use_example(pytester, "live")
    pytester.makeconftest("import sys\n\nsys.modules['openai'] = None  # as if it were not installed\n")
    pytester.makepyfile(test_other="def test_other():\n    pass\n")
    offline = run(pytester, "-rs")
    offline.assert_outcomes(passed=1, skipped=1)
    live = run(pytester, "-rs", "--chatkit-live", f"--chatkit-base-url={chatkit_api}")
    live.assert_outcomes(passed=1, skipped=1)
    hint = "needs the official SDK: pip install 'chatkit-contract[openai]'"
    live.stdout.re_match_lines([f"SKIPPED .*: {re.escape(hint)}$"])
    assert "pip install 'chatkit-contract[openai]'" in " ".join(_section().split())
