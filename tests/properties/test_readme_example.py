"""The README's strategies example is real: it runs, as written, as a test file of its own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parents[2] / "README.md"


def _example() -> str:
    section = README.read_text(encoding="utf-8").split("## Hypothesis strategies", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block, "the strategies section lost its Python example"
    return block.group(1)


def test_the_readme_strategies_example_passes_under_pytest(tmp_path: Path) -> None:
    """Copied to a fresh directory and run by pytest, the example's tests are collected and pass."""
    (tmp_path / "test_example.py").write_text(_example(), encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_example.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert "2 passed" in process.stdout
