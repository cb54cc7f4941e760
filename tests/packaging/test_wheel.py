"""The built wheel carries the schemas and works on its own, outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from contract.schemas import SCHEMA_NAMES

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from the checkout with the real build backend."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("chatkit_contract-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_schemas_typing_marker_and_entry_points(wheel: Path) -> None:
    """Schemas are real files inside the package, py.typed ships, the console script and pytest plugin are declared."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in SCHEMA_NAMES:
        assert f"contract/schemas/{name}.json" in names
    assert "contract/py.typed" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    declared = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "chatkit-contract = contract.cli:run" in declared
    assert "[pytest11]\ncontract.pytest_plugin = contract.pytest_plugin" in declared


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_validates(wheel: Path, tmp_path: Path) -> None:
    """A fresh venv with only the wheel (dependencies borrowed, offline) validates from outside the checkout."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Install the wheel's files with pip from this environment, into the fresh venv only.
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", site, str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from the test environment, appended after the wheel's own files.
    Path(site, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    body = (ROOT / "examples" / "cancel-drifted.json").read_bytes()
    check = (
        "import contract, sys; "
        "assert contract.__file__.startswith(sys.argv[1]), contract.__file__; "
        "r = contract.validate(sys.stdin.buffer.read()); "
        "print(sorted(f.rule for f in r.findings))"
    )
    process = subprocess.run(
        [str(python), "-I", "-c", check, site], input=body, capture_output=True, check=True, cwd=tmp_path
    )
    assert process.stdout.decode().strip() == str(
        sorted(["drift.unknown-field", "schema.enum", "schema.required", "session.expires-at-unit"])
    )
