"""Which variants each operation's answers can show: its resource's variants, less what its own rules forbid,
plus the HTTP status classes every call can answer with.

The operation table says which resource an operation answers with; the schema says what that resource
allows. An operation's rules may allow less (a cancel answer is always ``cancelled``): each variant that is
one JSON value at a plain member is tried in a sparse probe body, and the variants the operation's rules
report at their own pointer are not part of that operation's contract. Nothing here names a field or an
operation, so rows added to ``OPERATIONS`` and schemas added to ``schemas/`` are covered as they land.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import orjson

from contract import operations
from contract.coverage.variants import Variant, body_variants
from contract.errors import InputError
from contract.operations import Operation

__all__ = ["HTTP_VARIANTS", "OperationVariants", "assumed_operation", "operation_variants", "selected_operations"]

#: The status classes every operation can answer with: its resource, a client error, a server error.
HTTP_VARIANTS = tuple(Variant("http", label, "http") for label in ("2xx", "4xx", "5xx"))
# Rule families that say a value is not what the schema allows; any other finding at a probe's pointer is the
# operation's own rule refusing that value.
_SCHEMA_FAMILIES = ("schema.", "drift.", "json.")


@dataclass(frozen=True, slots=True)
class OperationVariants:
    """One operation and the variants its answers can show: ``body`` slots index its resource's variant list."""

    operation: Operation
    variants: tuple[Variant, ...]
    kept: tuple[int, ...]

    @property
    def body(self) -> tuple[Variant, ...]:
        """Every variant of the resource, excluded ones too: what the compiled counter counts."""
        return body_variants(self.operation.resource)


@cache
def operation_variants(name: str) -> OperationVariants:
    """The variants of the operation called *name*: its resource's, less those its rules forbid, then HTTP."""
    operation = next(op for op in operations.OPERATIONS if op.name == name)
    found = body_variants(operation.resource)
    forbidden = _forbidden(operation, found)
    kept = tuple(index for index, variant in enumerate(found) if variant not in forbidden)
    return OperationVariants(operation, (*(found[index] for index in kept), *HTTP_VARIANTS), kept)


def _forbidden(operation: Operation, variants: Iterable[Variant]) -> frozenset[Variant]:
    from contract.check import Validator
    from contract.exchange import Exchange

    validator = Validator()
    refused = set()
    for variant in variants:
        pointer = variant.pointer
        if not variant.fixed or pointer is None:
            continue
        probe: object = variant.value
        for member in reversed(variant.path.split(".")):
            probe = {member: probe}
        result = validator.check(Exchange(orjson.dumps(probe), operation=operation.name))
        if any(f.pointer == pointer and not f.rule.startswith(_SCHEMA_FAMILIES) for f in result.findings):
            refused.add(variant)
    return frozenset(refused)


def selected_operations(operation: str | None) -> tuple[Operation, ...]:
    """The operations a run narrowed to *operation* covers (``None``: every one), in table order."""
    name = operations.canonical_operation(operation) if operation is not None else None
    if operation is not None and name is None:
        known = ", ".join(operations.OPERATION_CHOICES)
        raise InputError(f"unknown operation {operation!r}; choose one of: {known}")
    # Read from the module on each call, so the table as it stands (rows added since) is what is covered.
    return tuple(op for op in operations.OPERATIONS if name is None or op.name == name)


def assumed_operation(operation: str | None) -> Operation:
    """The operation a body recorded without its request is counted for: as ``validate`` checks it."""
    return operations.operation_named(operation or "cancel")
