"""Project hygiene: the README telling the truth about CI, and CI running every static check."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_ci_runs_lint_format_types_and_layers_as_their_own_steps() -> None:
    """ruff, ruff format, mypy --strict and import-linter each fail CI on their own, outside pytest."""
    steps = (ROOT / ".ci" / "run").read_text()
    for command in ("ruff check", "ruff format --check", "mypy", "lint-imports"):
        assert f".venv/bin/{command}" in steps, command
    assert "set -euo pipefail" in steps


def test_ci_installs_the_browser_tests_tools_before_the_tests() -> None:
    """Chromium (Debian) and axe-core (npm, pinned by tests/browser's lockfile) exist before pytest runs, so the
    browser tests run in CI instead of skipping."""
    steps = (ROOT / ".ci" / "run").read_text().splitlines()
    tests = next(i for i, line in enumerate(steps) if "pytest -n auto" in line)
    asks = next(i for i, line in enumerate(steps) if "command -v chromium" in line and 'missing="chromium"' in line)
    install = next(i for i, line in enumerate(steps) if "apt-get install" in line)
    assert asks < install
    axe = next(i for i, line in enumerate(steps) if line.startswith("npm ci --prefix tests/browser"))
    assert install < tests
    assert axe < tests
    assert (ROOT / "tests" / "browser" / "package-lock.json").is_file()
