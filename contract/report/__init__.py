"""Reporters: each writes results to a stream in one format; none re-validates anything.

``report_all`` feeds one run to several reporters at once. Also the progress bar a long run draws on a
terminal. Layer: above ``run``; imports the base modules only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TextIO

from contract.exchange import Skipped
from contract.findings import Result, Summary
from contract.report.base import report_all

__all__ = ["REPORTERS", "Reporter", "report_all"]


class Reporter(Protocol):
    """Writes every result to ``stream`` as it arrives and returns the run's summary.

    ``begin``, ``result`` and ``end`` are the same writing in steps, so :func:`report_all` can feed one run to
    several reporters at once. ``verbosity`` shapes the human format only (see ``StreamReporter``); unless
    ``allow_empty``, a run that checked nothing is reported as a failure would be.
    """

    def __init__(
        self, stream: TextIO, *, color: bool = False, verbosity: int = 0, allow_empty: bool = False
    ) -> None: ...

    def report(self, outcomes: Iterable[Result | Skipped]) -> Summary:
        """Write the results among *outcomes* and return what they add up to."""
        ...

    def begin(self) -> None:
        """Write whatever comes before the first result."""
        ...

    def result(self, result: Result) -> None:
        """Write one result."""
        ...

    def end(self, summary: Summary) -> None:
        """Write whatever comes after the last result."""
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


#: Reporter classes by format name.
REPORTERS: dict[str, type[Reporter]] = _registry()
