"""Shared pieces of the plugin tests: how a pytester run loads the plugin, and recordings on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

#: The outer run turns the plugin off (pyproject addopts); every inner run names it, as a consumer may.
PLUGIN = ("-p", "contract.pytest_plugin")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """A real pytest run in pytester's directory (a subprocess, see pyproject addopts), with the plugin loaded."""
    return pytester.runpytest(*PLUGIN, *args)


def write_recording(path: Path, payload: Any) -> Path:
    """Write *payload* as an indented JSON recording, creating directories on the way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(payload, option=orjson.OPT_INDENT_2))
    return path
