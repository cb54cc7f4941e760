"""The gate's coverage threshold: ``coverage = { min = 0.8, require = [...] }`` in [tool.chatkit-contract]."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from contract.cli import main
from tests.helpers import conforming_session


def _gate(root: Path, coverage: str, *args: str, env: dict[str, str] | None = None) -> Result:
    (root / "rec").mkdir(exist_ok=True)
    (root / "rec" / "ok.json").write_bytes(orjson.dumps(conforming_session()))
    config = root / "pyproject.toml"
    config.write_text(f'[tool.chatkit-contract]\nrecordings = ["rec/*.json"]\nendpoint = "cancel"\n{coverage}\n')
    return CliRunner().invoke(main, ["gate", "--config", str(config), *args], env=env)


def test_coverage_below_the_minimum_or_missing_a_required_variant_fails_the_gate(tmp_path: Path) -> None:
    """Exit 1; the coverage line, each shortfall, and the verdict naming the required variants."""
    result = _gate(tmp_path, 'coverage = { min = 0.9, require = ["status:cancelled", "http:5xx", "http:4xx"] }')
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-4:] == [
        "coverage: 12 of 27 variants observed (44%) over 1 response; minimum 90%",
        "  coverage 44% (12 of 27 variants) is below the minimum 90%",
        "  required variant(s) never observed: http:5xx, http:4xx",
        "gate: FAILED (coverage 44% (12 of 27 variants) is below the minimum 90%; "
        "required variant(s) never observed: http:5xx, http:4xx)",
    ]


def test_coverage_meeting_the_threshold_passes(tmp_path: Path) -> None:
    """The same project with a bar it clears: exit 0, the coverage line still shown."""
    result = _gate(tmp_path, 'coverage = { min = 0.4, require = ["cancel/status:cancelled"] }')
    assert result.exit_code == 0, result.output
    assert "coverage: 12 of 27 variants observed (44%) over 1 response; minimum 40%" in result.output


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("coverage = 0.8", "coverage: must be a table such as { min = 0.8"),
        ("coverage = { min = 80 }", "coverage: min must be a share of the variants from 0 to 1 (0.8 is 80 %), not 80"),
        ("coverage = { min = true }", "coverage: min must be a share of the variants from 0 to 1"),
        ("coverage = { require = [1] }", "coverage: must be a list of variant names"),
        ("coverage = { require = ['cancelled'] }", "coverage: 'cancelled' is not a variant name such as"),
        ("coverage = { minimum = 0.8 }", "coverage: unknown key 'minimum'; known keys: min, require"),
    ],
)
def test_a_bad_coverage_table_is_exit_2_naming_the_key(tmp_path: Path, table: str, message: str) -> None:
    """Checked key by key, with the bound it breaks, before anything is read."""
    result = _gate(tmp_path, table)
    assert result.exit_code == 2
    assert message in result.output


def test_a_required_name_that_is_no_variant_is_exit_2(tmp_path: Path) -> None:
    """A typo in require is a configuration error, not a variant that was merely never observed."""
    result = _gate(tmp_path, 'coverage = { require = ["status:canceled"] }')
    assert result.exit_code == 2
    assert "'status:canceled' names no variant; did you mean 'status:cancelled'?" in result.output


def test_the_step_summary_and_the_html_report_show_coverage(tmp_path: Path) -> None:
    """A Coverage row in the Markdown table; the coverage grid in the HTML report."""
    summary, page = tmp_path / "summary.md", tmp_path / "report.html"
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    result = _gate(tmp_path, "coverage = { min = 0.9 }", "-o", f"html={page}", env=env)
    assert result.exit_code == 1
    row = "| Coverage | ❌ | 12 of 27 variants (44%); coverage 44% (12 of 27 variants) is below the minimum 90% |"
    assert row in summary.read_text()
    html = page.read_text()
    assert '<h2 id="coverage">Contract coverage</h2>' in html
    assert '<td class="never"><span class="label">false</span>never seen</td>' in html
