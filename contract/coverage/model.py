"""What coverage counts while responses stream past (:class:`Tally`), and what it adds up to (:class:`Coverage`).

A :class:`Coverage` is plain data: it is written as JSON (``chatkit-contract coverage --format json``) and
read back (``generate --fill-gaps``), so its dictionary form is part of the contract with users' files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from contract.coverage.catalogue import HTTP_VARIANTS, operation_variants, selected_operations
from contract.coverage.variants import Variant, compile_counter
from contract.errors import InputError
from contract.exchange import Exchange
from contract.records import refuse_assignment

__all__ = ["FORMAT", "Coverage", "OperationCoverage", "Tally"]

#: The ``format`` member of the JSON form, so a file from an incompatible version is refused, not misread.
FORMAT = "chatkit-contract coverage 1"
_CLASSES = {2: 0, 4: 1, 5: 2}  # status // 100 -> index in HTTP_VARIANTS


class Tally:
    """Running counts per operation (mutable and cheap to pickle, unlike :class:`Coverage`)."""

    __slots__ = ("bodies", "errors", "http", "responses", "skipped", "unreadable")

    def __init__(self) -> None:
        self.bodies: dict[str, list[int]] = {}
        self.http: dict[str, list[int]] = {}
        self.errors: dict[str, dict[str, int]] = {}
        self.responses: dict[str, int] = {}
        self.skipped = self.unreadable = 0

    def counts_for(self, operation: str) -> list[int]:
        """The body counters of *operation*, created on first use (the bulk path holds on to them)."""
        counts = self.bodies.get(operation)
        if counts is None:
            counts = self.bodies[operation] = [0] * len(operation_variants(operation).body)
        return counts

    def observe(self, exchange: Exchange, assumed: str) -> None:
        """Count one exchange: its status class and error type where known, its body's variants when it succeeded."""
        operation = exchange.operation or assumed
        self.responses[operation] = self.responses.get(operation, 0) + 1
        status = exchange.status
        try:
            value = orjson.loads(exchange.body)
        except orjson.JSONDecodeError:
            value = None
        if status is not None:
            slot = _CLASSES.get(status // 100)
            if slot is not None:
                self.http.setdefault(operation, [0] * len(HTTP_VARIANTS))[slot] += 1
            if status >= 400:
                self._error_type(operation, value)
                return
        if value is not None:
            compile_counter(operation_variants(operation).operation.resource)(value, self.counts_for(operation))

    def _error_type(self, operation: str, value: Any) -> None:
        error = value.get("error") if isinstance(value, dict) else None
        kind = error.get("type") if isinstance(error, dict) else None
        if isinstance(kind, str):
            seen = self.errors.setdefault(operation, {})
            seen[kind] = seen.get(kind, 0) + 1

    def merge(self, other: Tally) -> None:
        """Add *other*'s counts (from a worker process) to these."""
        for operation, counts in other.bodies.items():
            mine = self.counts_for(operation)
            mine[:] = [a + b for a, b in zip(mine, counts, strict=True)]
        for operation, counts in other.http.items():
            mine = self.http.setdefault(operation, [0] * len(HTTP_VARIANTS))
            mine[:] = [a + b for a, b in zip(mine, counts, strict=True)]
        for operation, kinds in other.errors.items():
            seen = self.errors.setdefault(operation, {})
            for kind, count in kinds.items():
                seen[kind] = seen.get(kind, 0) + count
        for operation, count in other.responses.items():
            self.responses[operation] = self.responses.get(operation, 0) + count
        self.skipped += other.skipped
        self.unreadable += other.unreadable

    def coverage(self, operation: str | None = None, *, only: Iterable[str] | None = None) -> Coverage:
        """What the counts add up to, over the operations *operation* selects (and, given *only*, those named)."""
        operations = []
        named = None if only is None else set(only)
        for chosen in selected_operations(operation):
            if named is not None and chosen.name not in named:
                continue
            catalogue = operation_variants(chosen.name)
            body = self.bodies.get(chosen.name) or [0] * len(catalogue.body)
            http = self.http.get(chosen.name) or [0] * len(HTTP_VARIANTS)
            counts = [body[index] for index in catalogue.kept] + list(http)
            operations.append(
                OperationCoverage(
                    operation=chosen.name,
                    method=chosen.method,
                    path=chosen.template,
                    resource=chosen.resource,
                    responses=self.responses.get(chosen.name, 0),
                    variants=tuple(zip(catalogue.variants, counts, strict=True)),
                    error_types=tuple(sorted(self.errors.get(chosen.name, {}).items())),
                )
            )
        return Coverage(tuple(operations), skipped=self.skipped, unreadable=self.unreadable)


def _ratio(observed: int, total: int) -> float:
    return observed / total if total else 1.0


@refuse_assignment
@dataclass(frozen=True, slots=True)
class OperationCoverage:
    """The variants of one operation and how often each was observed; error ``type``s seen, by name."""

    operation: str
    method: str
    path: str
    resource: str
    responses: int
    variants: tuple[tuple[Variant, int], ...]
    error_types: tuple[tuple[str, int], ...] = ()

    @property
    def observed(self) -> int:
        """How many variants were seen at least once."""
        return sum(1 for _, count in self.variants if count)

    @property
    def total(self) -> int:
        """How many variants the operation's contract has."""
        return len(self.variants)

    @property
    def ratio(self) -> float:
        """``observed / total``."""
        return _ratio(self.observed, self.total)

    @property
    def missing(self) -> tuple[Variant, ...]:
        """The variants never observed, in catalogue order."""
        return tuple(variant for variant, count in self.variants if not count)


@refuse_assignment
@dataclass(frozen=True, slots=True)
class Coverage:
    """Per operation, each variant and its count; and the recorded requests skipped or unreadable."""

    operations: tuple[OperationCoverage, ...]
    skipped: int = 0
    unreadable: int = 0

    @property
    def responses(self) -> int:
        """Every response counted, over all operations."""
        return sum(op.responses for op in self.operations)

    @property
    def observed(self) -> int:
        """Variants seen at least once, over all operations."""
        return sum(op.observed for op in self.operations)

    @property
    def total(self) -> int:
        """Variants in the contract of the operations covered."""
        return sum(op.total for op in self.operations)

    @property
    def ratio(self) -> float:
        """``observed / total`` (1.0 when there is nothing to cover)."""
        return _ratio(self.observed, self.total)

    def missing(self) -> tuple[tuple[str, Variant], ...]:
        """``(operation, variant)`` for every variant never observed."""
        return tuple((op.operation, variant) for op in self.operations for variant in op.missing)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: totals, then per operation every variant with its count."""
        return {
            "format": FORMAT,
            "summary": _totals(self) | {"responses": self.responses, "skipped": self.skipped},
            "operations": [
                {
                    "operation": op.operation,
                    "method": op.method,
                    "path": op.path,
                    "resource": op.resource,
                    "responses": op.responses,
                    **_totals(op),
                    "variants": [
                        {"name": variant.name, "kind": variant.kind, "count": count} for variant, count in op.variants
                    ],
                    "error_types": dict(op.error_types),
                }
                for op in self.operations
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Coverage:
        """Read the JSON form back, against today's catalogue: variants the file does not list count as unseen.

        A file that is not a coverage report is an :class:`InputError` saying why.
        """
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise InputError(f'not a chatkit-contract coverage report (its "format" is not {FORMAT!r})')
        tally = Tally()
        try:
            covered = [_read_operation(tally, entry) for entry in data["operations"]]
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(f"the coverage report is malformed: {err}") from None
        summary = data.get("summary")
        tally.skipped = summary.get("skipped", 0) if isinstance(summary, Mapping) else 0
        return tally.coverage(only=covered)


def _read_operation(tally: Tally, entry: Mapping[str, Any]) -> str:
    """Counts of one operation into *tally*; its name (an operation this version does not check adds nothing)."""
    name = entry["operation"]
    if not isinstance(name, str) or all(op.operation.name != name for op in _catalogues()):
        return str(name)
    catalogue = operation_variants(name)
    seen = {item["name"]: int(item["count"]) for item in entry["variants"]}
    counts = tally.counts_for(name)
    for index, variant in enumerate(catalogue.body):
        counts[index] = seen.get(variant.name, 0)
    tally.http[name] = [seen.get(variant.name, 0) for variant in HTTP_VARIANTS]
    tally.errors[name] = {str(kind): int(count) for kind, count in entry.get("error_types", {}).items()}
    tally.responses[name] = int(entry.get("responses", 0))
    return name


def _catalogues() -> tuple[Any, ...]:
    return tuple(operation_variants(op.name) for op in selected_operations(None))


def _totals(item: Coverage | OperationCoverage) -> dict[str, Any]:
    return {"observed": item.observed, "variants": item.total, "ratio": round(item.ratio, 4)}
