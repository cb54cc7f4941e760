"""Configuration: every key read and checked, paths resolved against the configuration file."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.errors import InputError
from contract.gate.config import load_config


def test_every_key_is_read_and_paths_resolve_beside_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full table becomes a GateConfig whose paths do not depend on the working directory."""
    (tmp_path / "pyproject.toml").write_text(
        "[tool.chatkit-contract]\n"
        'recordings = ["rec/*.json", "cassettes/**/*.yaml"]\n'
        'profile = "strict"\noperation = "list-threads"\nignore = ["session.id-prefix"]\n'
        'baseline = ".ci/baseline.json"\nupstream = "spec/openapi.yaml"\nself-check = 50\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path.parent)
    config = load_config(tmp_path / "pyproject.toml")
    assert config.recordings == ("rec/*.json", "cassettes/**/*.yaml")
    assert (config.profile, config.operation, config.ignore) == (
        "strict",
        "list-threads",
        frozenset({"session.id-prefix"}),
    )
    assert config.baseline == tmp_path / ".ci" / "baseline.json"
    assert config.upstream == tmp_path / "spec" / "openapi.yaml"
    assert config.self_check == 50


def test_defaults_apply_and_pyproject_in_the_working_directory_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every key has a default; without a path, ./pyproject.toml (the nearest with the table) is read."""
    (tmp_path / "pyproject.toml").write_text('[tool.chatkit-contract]\nrecordings = "rec"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert (config.recordings, config.profile, config.operation, config.baseline, config.self_check) == (
        ("rec",),
        "lenient",
        None,
        None,
        0,
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "recordings = ['a']\noperation = 'update'\n",
            "operation: 'update' is not one of create, cancel, list-threads",
        ),
        ("recordings = ['a']\nendpoint = 'creat'\n", "endpoint: 'creat' is not one of create, cancel"),
        ("recordings = ['a']\nendpoint = 'cancel'\noperation = 'cancel'\n", "endpoint is the older name of operation"),
        ("recordings = ['a']\nself-check = -1\n", "self-check: must be a whole number of examples"),
        ("recordings = ['a']\nignore = [1]\n", "ignore: must be a list of rule ids"),
        ("recordings = ['a']\nzzz = 1\n", "unknown key 'zzz'; known keys: allow-empty, baseline, coverage, endpoint"),
    ],
)
def test_bad_tables_name_the_key(tmp_path: Path, table: str, message: str) -> None:
    """Every rejected value names its key and why."""
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.chatkit-contract]\n" + table, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_config(path)


@pytest.mark.parametrize(
    ("table", "operation"), [("endpoint = 'session'", "create"), ("endpoint = 'cancel'", "cancel")]
)
def test_the_older_endpoint_key_still_names_an_operation(tmp_path: Path, table: str, operation: str) -> None:
    """endpoint, the key's older name, is read as the operation it means (session is a create's rules)."""
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.chatkit-contract]\nrecordings = ['a']\n{table}\n", encoding="utf-8")
    assert load_config(path).operation == operation
