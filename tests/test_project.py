"""Project hygiene: lint, types, and the README telling the truth about CI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _readme_commands() -> list[str]:
    block = re.search(r"## Two commands\n.*?```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert block, "README lost its 'Two commands' block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one_verbatim() -> None:
    """.ci/run executes the README's test command, character for character."""
    commands = _readme_commands()
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text().splitlines()
    assert "validate examples/" in commands[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--quiet", "."],
        ["ruff", "format", "--check", "--quiet", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_code_is_lint_and_type_clean(command: list[str]) -> None:
    """ruff and mypy --strict pass on the whole tree."""
    tool = Path(sys.executable).with_name(command[0])
    process = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stdout + process.stderr
