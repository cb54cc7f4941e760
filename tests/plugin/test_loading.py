"""How the plugin loads: through its entry point, next to other plugins, and cheaply."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import conforming_session
from tests.plugin.support import PLUGIN, run, write_recording

HEAVY = ("hypothesis", "jsonschema", "httpx", "yaml")

_USES_FIXTURE = """
def test_fixture(chatkit_contract):
    assert chatkit_contract.check({"id": "cksess_1"}).errors
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> None:
    """A consumer's project: one test using a fixture, one passing and one failing recording."""
    pytester.makepyfile(_USES_FIXTURE)
    write_recording(pytester.path / "rec" / "a.json", conforming_session())
    write_recording(pytester.path / "rec" / "b.json", conforming_session(status="active"))


@pytest.mark.usefixtures("project")
def test_entry_point_loads_the_plugin_without_any_option(pytester: pytest.Pytester) -> None:
    """An installed package is enough: no -p, no conftest; -p no:contract.pytest_plugin turns it off."""
    result = pytester.runpytest_subprocess("--chatkit-recordings=rec")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["plugins:*chatkit-contract-*"])
    off = pytester.runpytest_subprocess("-p", "no:contract.pytest_plugin")
    off.assert_outcomes(errors=1)
    off.stdout.fnmatch_lines(["*fixture 'chatkit_contract' not found"])


@pytest.mark.usefixtures("project")
def test_naming_the_plugin_in_a_conftest_coexists_with_the_entry_point(pytester: pytest.Pytester) -> None:
    """pytest_plugins naming the module does not register it a second time next to the autoloaded one."""
    pytester.makeconftest('pytest_plugins = ["contract.pytest_plugin"]')
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


@pytest.mark.usefixtures("project")
def test_runs_without_the_cache_provider(pytester: pytest.Pytester) -> None:
    """-p no:cacheprovider takes nothing the plugin needs away."""
    run(pytester, "-p", "no:cacheprovider", "--chatkit-recordings=rec").assert_outcomes(passed=2, failed=1)


@pytest.mark.slow
@pytest.mark.usefixtures("project")
def test_recordings_and_fixtures_work_under_xdist(pytester: pytest.Pytester) -> None:
    """With -n 2 the workers collect the same recorded items and report the same outcomes."""
    pytest.importorskip("xdist")
    result = pytester.runpytest_subprocess(*PLUGIN, "-n", "2", "--chatkit-recordings=rec", "-rf")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["FAILED rec/b.json::response - rec/b.json does not conform*"])


def test_importing_the_plugin_imports_nothing_heavy() -> None:
    """The module pytest imports in every run of an environment with the package loads no heavy library."""
    code = f"import sys, contract.pytest_plugin; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_a_pytest_run_with_the_plugin_imports_nothing_heavy(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Options, configure and collection hooks run, and still no heavy library is imported."""
    pytester.makepyfile(
        f"""
        import sys

        def test_nothing_heavy_loaded():
            assert [m for m in {HEAVY!r} if m in sys.modules] == []
        """
    )
    # Only this plugin: other installed plugins (hypothesis's own) would import their libraries.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.runpytest_subprocess(*PLUGIN, "--chatkit-profile=strict").assert_outcomes(passed=1)
