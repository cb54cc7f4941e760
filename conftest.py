"""Repository-wide test configuration: Hypothesis profiles for local runs and CI, and pytester."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
