"""Reporters: each writes results to a stream in one format; none re-validates anything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TextIO

from contract.findings import Result

__all__ = ["REPORTERS", "Reporter", "Summary", "summarise"]


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a run: responses checked, passed and failed, and warning findings seen."""

    checked: int = 0
    passed: int = 0
    failed: int = 0
    warnings: int = 0

    def add(self, result: Result) -> Summary:
        """This summary with *result* counted in."""
        ok = result.ok
        return Summary(
            self.checked + 1,
            self.passed + ok,
            self.failed + (not ok),
            self.warnings + len(result.warnings),
        )

    def to_dict(self) -> dict[str, int]:
        """The JSON-output shape of the summary."""
        return {"checked": self.checked, "passed": self.passed, "failed": self.failed, "warnings": self.warnings}


def summarise(results: Iterable[Result]) -> Summary:
    """Count *results* into a :class:`Summary`."""
    summary = Summary()
    for result in results:
        summary = summary.add(result)
    return summary


class Reporter(Protocol):
    """Writes every result to ``stream`` as it arrives and returns the run's summary."""

    def __init__(self, stream: TextIO, *, color: bool = False) -> None: ...

    def report(self, results: Iterable[Result]) -> Summary:
        """Write *results* and return what they add up to."""
        ...


def _registry() -> dict[str, type[Reporter]]:
    from contract.reporters.json_reporter import JsonReporter
    from contract.reporters.text import TextReporter

    return {"text": TextReporter, "json": JsonReporter}


#: Reporter classes by ``--format`` name.
REPORTERS: dict[str, type[Reporter]] = _registry()
