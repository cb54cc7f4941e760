"""The checker: parse a body, decide validity fast, explain failures in detail, apply the rules.

Layer: above the base modules (``errors``, ``rules``, ``findings``, ``exchange``, ``limits``,
``schemas``, ``secrets``, ``operations``, ``parsing``); imports nothing else of the package.
"""

from __future__ import annotations

from contract.check.validator import Validator, validate

__all__ = ["Validator", "validate"]
