"""Repository-wide test configuration: Hypothesis profiles for local runs and CI, pytester, the slow marker."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

# Hundreds of tests start the command in a fresh interpreter: let those interpreters cache the package's bytecode
# (an environment that sets PYTHONDONTWRITEBYTECODE, as this project's CI machines do, would recompile it in each).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# The plugin is tested through real pytest runs of generated files (tests/plugin/).
pytest_plugins = ["pytester"]

settings.register_profile("dev", max_examples=100)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,  # shared CI machines are noisy; a deadline would make timing flaky
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=False,
    print_blob=True,
)
# The inner loop (`pytest -m "not slow"`) draws fewer examples; a full run, and CI, draw the profile's.
settings.register_profile("quick", max_examples=15, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_configure(config: pytest.Config) -> None:
    """Under ``-m "not slow"`` (and no profile named), property tests run the quick profile."""
    named = os.environ.get("HYPOTHESIS_PROFILE") or os.environ.get("CI")
    if config.getoption("markexpr", "") == "not slow" and not named:
        settings.load_profile("quick")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that runs pytest through ``pytester`` starts a fresh pytest process (about a second): it is slow.

    Marked here rather than by hand, so ``pytest -m "not slow"`` stays a real inner loop as plugin tests are added.
    """
    slow = pytest.mark.slow
    for item in items:
        if "pytester" in getattr(item, "fixturenames", ()):
            item.add_marker(slow)
