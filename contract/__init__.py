"""chatkit-contract: check OpenAI ChatKit API responses against their contract.

The core a test author uses is here; each subsystem exports the rest from its own namespace
(``contract.strategies``, ``contract.standin``, ``contract.live``, ``contract.gate``,
``contract.upstream``, ``contract.redaction``, ``contract.report``, ``contract.sources``,
``contract.coverage``, ``contract.gaps``).

The imports below are the one list of public names. They run only for type checkers: at run time a
name is imported on first use, from the module its import line names, so that importing the package
(as the pytest plugin does in every test run) stays cheap.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contract.assertions import ResponseChecker, assert_conforms
    from contract.check import Validator, validate
    from contract.coverage import measure_coverage
    from contract.errors import ContractError, EndpointError, EngineError, InputError, RecordingError
    from contract.findings import Finding, Result, Summary
    from contract.run import check_paths

__all__ = [
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
]


@cache
def _homes() -> dict[str, str]:
    """Each public name and the module the ``TYPE_CHECKING`` imports above take it from."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    return {
        alias.name: str(line.module) for line in block.body if isinstance(line, ast.ImportFrom) for alias in line.names
    }


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from contract.version import installed_version

        value: Any = installed_version()
    elif name in __all__:
        value = getattr(import_module(_homes()[name]), name)
    else:
        raise AttributeError(f"module 'contract' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
