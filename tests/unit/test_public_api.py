"""The public API: a small core at the top, each subsystem's names in its own namespace, all importable."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import contract
from contract.exchange import Skipped
from tests.helpers import conforming_session

ROOT = Path(__file__).parents[2]
CORE = {
    "ContractError",
    "EndpointError",
    "EngineError",
    "Finding",
    "InputError",
    "RecordingError",
    "ResponseChecker",
    "Result",
    "Summary",
    "Validator",
    "__version__",
    "assert_conforms",
    "check_paths",
    "measure_coverage",
    "validate",
}
SUBSYSTEMS = [
    "check",
    "sources",
    "run",
    "coverage",
    "report",
    "redaction",
    "live",
    "standin",
    "strategies",
    "upstream",
    "gaps",
    "gate",
]


def test_star_import_gives_exactly_the_core_a_test_author_uses() -> None:
    """``from contract import *`` brings the documented core, each name usable, and nothing else."""
    namespace: dict[str, object] = {}
    exec("from contract import *", namespace)
    assert set(namespace) - {"__builtins__"} == CORE
    assert namespace["validate"](conforming_session()).ok  # type: ignore[operator]


def test_every_core_name_has_one_declared_home() -> None:
    """The type-checking imports at the top of contract/__init__.py are the one list __all__ must match."""
    tree = ast.parse((ROOT / "contract" / "__init__.py").read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If))
    declared = {alias.name for line in block.body if isinstance(line, ast.ImportFrom) for alias in line.names}
    assert declared | {"__version__"} == set(contract.__all__)


def test_a_name_that_is_not_public_is_an_attribute_error() -> None:
    """A mistyped or moved name fails the way any module attribute does."""
    with pytest.raises(AttributeError, match="FakeServer"):
        _ = contract.FakeServer


@pytest.mark.parametrize("name", SUBSYSTEMS)
def test_each_subsystem_documents_its_layer_and_exports_what_it_names(name: str) -> None:
    """Every subsystem package says what it does and which layers it may import, and its __all__ resolves."""
    package = importlib.import_module(f"contract.{name}")
    assert package.__doc__ is not None
    assert "Layer" in package.__doc__ or "layer" in package.__doc__
    for exported in getattr(package, "__all__", []):
        assert getattr(package, exported) is not None, exported


def test_what_public_functions_return_is_importable(tmp_path: Path) -> None:
    """Results, findings and skip markers are public types, so callers can annotate and match on them."""
    result = contract.validate({"object": "chatkit.session"})
    assert isinstance(result, contract.Result)
    assert all(isinstance(finding, contract.Finding) for finding in result.findings)
    har = tmp_path / "other.har"
    har.write_text('{"log": {"entries": [{"request": {"method": "GET", "url": "https://x.test/"}, "response": {}}]}}')
    outcomes = list(contract.check_paths([str(har)]))
    assert [type(outcome) for outcome in outcomes] == [Skipped]


def test_importing_the_package_imports_no_engine_or_subsystem() -> None:
    """``import contract`` (done by the pytest plugin in every run) loads no schema engine, HTTP or YAML library."""
    code = (
        "import sys, contract; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('jsonschema', 'jsonschema_rs', 'hypothesis', 'httpx', 'yaml', 'click') or m.startswith('contract.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
