"""The README's "Limits and guarantees" names the tests that prove each promise; those tests must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Limits and guarantees", 1)[1]
NAMED = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", SECTION)


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_test_the_readme_names_exists() -> None:
    """Each `file::test` in the section is a test function defined in that file."""
    assert len(NAMED) >= 30
    missing = [f"{file}::{name}" for file, name in NAMED if name not in _tests_in(ROOT / file)]
    assert not missing


def test_every_file_of_the_campaign_backs_a_promise() -> None:
    """No part of the campaign goes unnamed: each of its test files proves something the README promises."""
    named_files = {file for file, _ in NAMED}
    campaign = {f"tests/robustness/{path.name}" for path in (ROOT / "tests" / "robustness").glob("test_*.py")}
    assert campaign - {"tests/robustness/test_guarantees.py"} <= named_files
