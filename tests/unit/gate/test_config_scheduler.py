"""``scheduler`` in ``[tool.chatkit-contract]`` and ``--scheduler``: checked against the same documented bounds."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from contract import InputError
from contract.cli import main
from contract.gate.config import load_config


def _config(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.chatkit-contract]\nscheduler = {value}\n")
    return path


@pytest.mark.parametrize("value", ['"local"', '"tcp://dask-scheduler.internal:8786"'])
def test_a_scheduler_is_read_from_the_table(tmp_path: Path, value: str) -> None:
    assert load_config(_config(tmp_path, value)).scheduler == value.strip('"')


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("8786", "must be 'local' or a scheduler address such as tcp://HOST:8786, not 8786"),
        ('"ftp://host:1"', "'ftp://host:1': the protocol must be one of tcp, tls, ws, wss, ucx"),
        ('"tcp://host:0"', "'tcp://host:0': the port must be from 1 to 65535"),
    ],
)
def test_a_scheduler_outside_its_bounds_is_one_line_naming_the_key(tmp_path: Path, value: str, reason: str) -> None:
    path = _config(tmp_path, value)
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: [tool.chatkit-contract] scheduler: {reason}"


def test_the_option_is_checked_while_the_command_line_is_read(tmp_path: Path) -> None:
    """A bad --scheduler is a usage error, before any input is read."""
    result = CliRunner().invoke(main, ["validate", "--scheduler", "tcp://host:99999", str(tmp_path / "missing.json")])
    assert result.exit_code == 2
    assert "Invalid value for '--scheduler': 'tcp://host:99999': the port must be from 1 to 65535" in result.stderr
