"""chatkit-contract: check OpenAI ChatKit session responses against their contract.

Names are imported on first use, so that importing the package (as the pytest plugin
does in every test run) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contract.assertions import ResponseChecker, assert_conforms
    from contract.checklive import check_cancel, check_lifecycle
    from contract.config import load_config
    from contract.errors import ContractError, EndpointError, EngineError, InputError
    from contract.exchange import Exchange, Skipped
    from contract.fakeserver import FakeServer, running_server
    from contract.faults import Fault
    from contract.findings import Finding, Result
    from contract.gate import run_gate
    from contract.live import LiveClient, RetryPolicy
    from contract.redact import redact_bytes
    from contract.rules import RULES, Rule
    from contract.runner import check_paths
    from contract.schemas import SCHEMA_NAMES, bundle, load_schema
    from contract.secrets import mask
    from contract.upstream_diff import upstream_diff
    from contract.validator import Validator, validate

__all__ = [
    "RULES",
    "SCHEMA_NAMES",
    "ContractError",
    "EndpointError",
    "EngineError",
    "Exchange",
    "FakeServer",
    "Fault",
    "Finding",
    "InputError",
    "LiveClient",
    "ResponseChecker",
    "Result",
    "RetryPolicy",
    "Rule",
    "Skipped",
    "Validator",
    "assert_conforms",
    "bundle",
    "check_cancel",
    "check_lifecycle",
    "check_paths",
    "load_config",
    "load_schema",
    "mask",
    "redact_bytes",
    "run_gate",
    "running_server",
    "upstream_diff",
    "validate",
]

_HOMES = {
    "ResponseChecker": "contract.assertions",
    "assert_conforms": "contract.assertions",
    "load_config": "contract.config",
    "ContractError": "contract.errors",
    "EngineError": "contract.errors",
    "InputError": "contract.errors",
    "EndpointError": "contract.errors",
    "check_cancel": "contract.checklive",
    "check_lifecycle": "contract.checklive",
    "FakeServer": "contract.fakeserver",
    "running_server": "contract.fakeserver",
    "Fault": "contract.faults",
    "LiveClient": "contract.live",
    "RetryPolicy": "contract.live",
    "Exchange": "contract.exchange",
    "Skipped": "contract.exchange",
    "Finding": "contract.findings",
    "Result": "contract.findings",
    "run_gate": "contract.gate",
    "redact_bytes": "contract.redact",
    "RULES": "contract.rules",
    "Rule": "contract.rules",
    "check_paths": "contract.runner",
    "SCHEMA_NAMES": "contract.schemas",
    "bundle": "contract.schemas",
    "load_schema": "contract.schemas",
    "mask": "contract.secrets",
    "upstream_diff": "contract.upstream_diff",
    "Validator": "contract.validator",
    "validate": "contract.validator",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'contract' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
