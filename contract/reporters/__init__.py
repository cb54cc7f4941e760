"""Reporters: each writes results to a stream in one format; none re-validates anything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TextIO

from contract.exchange import Skipped
from contract.findings import Result

__all__ = ["REPORTERS", "Reporter", "Summary", "Tally", "summarise"]


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a run: responses checked, passed and failed, warning findings, recordings skipped.

    ``skipped`` counts HAR entries and cassette interactions that do not hit the checked endpoint.
    """

    checked: int = 0
    passed: int = 0
    failed: int = 0
    warnings: int = 0
    skipped: int = 0

    def to_dict(self) -> dict[str, int]:
        """The JSON-output shape of the summary."""
        return {
            "checked": self.checked,
            "passed": self.passed,
            "failed": self.failed,
            "warnings": self.warnings,
            "skipped": self.skipped,
        }


class Tally:
    """Running counts while outcomes stream past (mutable, unlike :class:`Summary`, for speed)."""

    __slots__ = ("checked", "passed", "skipped", "warnings")

    def __init__(self) -> None:
        self.checked = self.passed = self.warnings = self.skipped = 0

    def count(self, outcome: Result | Skipped) -> bool:
        """Count *outcome*; true when it is a result (something to report), false for a skip marker."""
        if type(outcome) is Skipped:
            self.skipped += 1
            return False
        self.checked += 1
        if not outcome.findings:  # type: ignore[union-attr]
            self.passed += 1  # the common case, kept cheap
        else:
            self.passed += outcome.ok  # type: ignore[union-attr]
            self.warnings += len(outcome.warnings)  # type: ignore[union-attr]
        return True

    def summary(self) -> Summary:
        """The counts so far."""
        return Summary(self.checked, self.passed, self.checked - self.passed, self.warnings, self.skipped)


def summarise(outcomes: Iterable[Result | Skipped]) -> Summary:
    """Count *outcomes* (results, and markers for skipped recordings) into a :class:`Summary`."""
    tally = Tally()
    for outcome in outcomes:
        tally.count(outcome)
    return tally.summary()


class Reporter(Protocol):
    """Writes every result to ``stream`` as it arrives and returns the run's summary."""

    def __init__(self, stream: TextIO, *, color: bool = False) -> None: ...

    def report(self, outcomes: Iterable[Result | Skipped]) -> Summary:
        """Write the results among *outcomes* and return what they add up to."""
        ...


def _registry() -> dict[str, type[Reporter]]:
    from contract.reporters.github import GithubReporter
    from contract.reporters.json_reporter import JsonReporter
    from contract.reporters.junit import JunitReporter
    from contract.reporters.sarif import SarifReporter
    from contract.reporters.text import TextReporter

    return {
        "text": TextReporter,
        "json": JsonReporter,
        "junit": JunitReporter,
        "sarif": SarifReporter,
        "github": GithubReporter,
    }


#: Reporter classes by ``--format`` name.
REPORTERS: dict[str, type[Reporter]] = _registry()
