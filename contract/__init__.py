"""chatkit-contract: check OpenAI ChatKit session responses against their contract.

Names are imported on first use, so that importing the package (as the pytest plugin
does in every test run) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contract.errors import ContractError, EngineError, InputError
    from contract.exchange import Exchange
    from contract.findings import Finding, Result
    from contract.rules import RULES, Rule
    from contract.schemas import SCHEMA_NAMES, bundle, load_schema
    from contract.secrets import mask
    from contract.validator import Validator, validate

__all__ = [
    "RULES",
    "SCHEMA_NAMES",
    "ContractError",
    "EngineError",
    "Exchange",
    "Finding",
    "InputError",
    "Result",
    "Rule",
    "Validator",
    "bundle",
    "load_schema",
    "mask",
    "validate",
]

_HOMES = {
    "ContractError": "contract.errors",
    "EngineError": "contract.errors",
    "InputError": "contract.errors",
    "Exchange": "contract.exchange",
    "Finding": "contract.findings",
    "Result": "contract.findings",
    "RULES": "contract.rules",
    "Rule": "contract.rules",
    "SCHEMA_NAMES": "contract.schemas",
    "bundle": "contract.schemas",
    "load_schema": "contract.schemas",
    "mask": "contract.secrets",
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
