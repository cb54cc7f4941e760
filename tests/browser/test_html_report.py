"""The HTML report in a real browser: headless Chromium renders it, every finding is in the DOM and no secret is,
the filters work, and axe-core finds no serious accessibility violation.

Chromium is Debian's package and axe-core comes from the npm registry (tests/browser/package.json); `.ci/run`
installs both. Outside CI a missing one skips these tests; in CI it fails them.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.findings import Result
from contract.run import check_paths
from tests.coverage_scenario import record_standin_har
from tests.helpers import ROOT, SECRET, conforming_session

pytestmark = pytest.mark.slow

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PLAIN_SECRET = "plain-secret-without-a-token-shape"
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _needed(found: object, what: str) -> None:
    """In CI a missing tool fails the test (.ci/run installs it); elsewhere it skips."""
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, and CI must run the browser tests (.ci/run installs it)")
    pytest.skip(f"{what} is not installed (CI installs it)")


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    _needed(path, "Debian's chromium")
    assert path is not None
    return path


def _browse(chromium: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium on *page* with a fresh profile, nothing fetched from the network."""
    return subprocess.run(
        [chromium, *_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _dom(chromium: str, page: Path, profile: Path) -> str:
    # A virtual time budget lets scripts (the filters, axe) finish before the DOM is written out.
    return _browse(chromium, page, profile, "--virtual-time-budget=20000", "--dump-dom").stdout


class _Text(HTMLParser):
    """The text a reader sees: script and style left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _text(dom: str) -> str:
    parser = _Text()
    parser.feed(dom)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled examples, a stand-in HAR with faults, and two leaky recordings: one parsed, one truncated."""
    folder = tmp_path_factory.mktemp("leaky")
    leaky = conforming_session(status="active", client_secret=SECRET)
    leaky["workflow"]["state_variables"] = {"api_key": PLAIN_SECRET}
    (folder / "leaky-drifted.json").write_bytes(orjson.dumps(leaky, option=orjson.OPT_INDENT_2))
    broken = json.dumps(conforming_session(client_secret=PLAIN_SECRET), indent=2)[:-40]
    (folder / "leaky-broken.json").write_text(broken)
    har = record_standin_har(tmp_path_factory.mktemp("standin") / "standin.har")
    return [str(ROOT / "examples"), str(folder), str(har)]


@pytest.fixture(scope="module")
def report(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`validate --format html` over the inputs."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(main, ["validate", "--no-config", "-o", f"html={path}", *inputs])
    assert result.exit_code == 1, result.output
    return path


def test_the_html_report_shows_every_finding_and_no_secret_in_a_real_browser(
    chromium: str, report: Path, inputs: list[str], tmp_path: Path
) -> None:
    """Each finding's rule, pointer and message is in the rendered page; the secrets are not, their masks are."""
    dom = _dom(chromium, report, tmp_path / "profile")
    text = _text(dom)
    results = [outcome for outcome in check_paths(inputs) if isinstance(outcome, Result) and outcome.findings]
    assert len(results) == 8
    for result in results:
        for finding in result.findings:
            assert finding.rule in text
            assert finding.message in text, finding
            assert (finding.pointer or "(document)") in text
    for secret in (SECRET, PLAIN_SECRET, "sk-fake-chatkit-contract"):
        assert secret not in dom
        assert html.escape(secret) not in dom
    assert "ek_…(redacted)" in text
    marks = re.findall(r'<mark id="(r\d+-\d+)"', dom)
    assert "r2-1" in marks  # the drifted example's first finding, marked in its body
    screenshot = tmp_path / "report.png"
    _browse(chromium, report, tmp_path / "shot", "--window-size=1280,2000", f"--screenshot={screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000


def test_the_rule_filter_hides_the_responses_without_that_rule(chromium: str, report: Path, tmp_path: Path) -> None:
    """Choosing schema.enum leaves the one response holding it; the status line says so."""
    choose = (
        "<script>var select = document.getElementById('rule'); select.value = 'schema.enum';"
        "select.dispatchEvent(new Event('change', {bubbles: true}));</script>"
    )
    page = tmp_path / "filtered.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", choose + "</body>"), encoding="utf-8")
    dom = _dom(chromium, page, tmp_path / "profile")
    shown = re.findall(r'<article class="response"[^>]*>', dom)
    assert len(shown) == 1
    assert "1 failing response shown" in dom


def _axe_violations(chromium: str, page: Path, workdir: Path) -> list[dict[str, object]]:
    """axe-core's violations on *page*, run inside Chromium (axe inlined: the report's policy fetches nothing)."""
    _needed(AXE.is_file(), "axe-core (npm ci --prefix tests/browser)")
    runner = (
        "<script>" + AXE.read_text(encoding="utf-8").replace("</script", "<\\/script") + "</script><script>"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
        "var out = document.createElement('pre'); out.id = 'axe-results';"
        "out.textContent = JSON.stringify(r.violations.map(function (v) {"
        "return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length}; }));"
        "document.body.appendChild(out); });</script>"
    )
    checked = workdir / f"axe-{page.name}"
    checked.write_text(page.read_text(encoding="utf-8").replace("</body>", runner + "</body>"), encoding="utf-8")
    dom = _dom(chromium, checked, workdir / "profile")
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, "axe did not finish"
    violations: list[dict[str, object]] = json.loads(html.unescape(found.group(1)))
    return violations


@pytest.mark.parametrize("command", ["validate", "coverage", "gate"])
def test_every_html_report_has_no_serious_accessibility_violation(
    chromium: str, inputs: list[str], tmp_path: Path, command: str
) -> None:
    """axe-core (WCAG 2 A/AA rules and best practices) finds nothing serious or critical in any of the three."""
    page = tmp_path / f"{command}.html"
    if command == "gate":
        config = tmp_path / "pyproject.toml"
        recordings = json.dumps(inputs)
        config.write_text(f"[tool.chatkit-contract]\nrecordings = {recordings}\ncoverage = {{ min = 0.9 }}\n")
        args = ["gate", "--config", str(config), "-o", f"html={page}"]
    else:
        args = [command, "--no-config", "-o", f"html={page}", *inputs]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    if command == "gate":
        assert "Contract coverage" in page.read_text(encoding="utf-8")
    violations = _axe_violations(chromium, page, tmp_path)
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
