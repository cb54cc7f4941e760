"""Reporters: each writes results to a stream in one format; none re-validates anything.

Also the progress bar a long run draws on a terminal. Layer: above ``run``; imports the base modules only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TextIO

from contract.exchange import Skipped
from contract.findings import Result, Summary

__all__ = ["REPORTERS", "Reporter"]


class Reporter(Protocol):
    """Writes every result to ``stream`` as it arrives and returns the run's summary."""

    def __init__(self, stream: TextIO, *, color: bool = False, allow_empty: bool = False) -> None: ...

    def report(self, outcomes: Iterable[Result | Skipped]) -> Summary:
        """Write the results among *outcomes* and return what they add up to."""
        ...


def _registry() -> dict[str, type[Reporter]]:
    from contract.report.github import GithubReporter
    from contract.report.json_reporter import JsonReporter
    from contract.report.junit import JunitReporter
    from contract.report.sarif import SarifReporter
    from contract.report.text import TextReporter

    return {
        "text": TextReporter,
        "json": JsonReporter,
        "junit": JunitReporter,
        "sarif": SarifReporter,
        "github": GithubReporter,
    }


#: Reporter classes by ``--format`` name.
REPORTERS: dict[str, type[Reporter]] = _registry()
