"""The README's "Use it in your tests" section tells the truth: its examples are files run here."""

from __future__ import annotations

import re
import shutil
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


def test_recordings_command_prints_what_the_readme_shows(pytester: pytest.Pytester) -> None:
    """pytest --chatkit-recordings=examples/ on the repository's examples gives the documented output."""
    shutil.copytree(ROOT / "examples", pytester.path / "examples")
    (command,) = (line for block in _blocks("sh") for line in block.splitlines() if "--chatkit-recordings" in line)
    result = run(pytester, *command.split()[1:])
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.re_match_lines(_verbatim(_text_block("examples/cancel-broken.json F")))
