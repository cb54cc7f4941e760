"""Reporters: each writes results to a stream in one format; none re-validates anything.

``report_all`` feeds one run to several reporters at once. ``coverage`` writes contract coverage in its
formats; ``html`` is the page a person looks at. Also the progress bar a long run draws on a terminal.
Layer: above ``coverage`` and ``run``; imports those, ``sources`` (the HTML report reads failing bodies back)
and the base modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

from contract.exchange import Skipped
from contract.findings import Result, Summary
from contract.report.base import report_all

if TYPE_CHECKING:
    from contract.coverage import Coverage

__all__ = ["REPORTERS", "CoverageReporter", "Reporter", "report_all"]


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


@runtime_checkable
class CoverageReporter(Protocol):
    """A reporter that can also show a run's contract coverage (the HTML report's grid)."""

    def show_coverage(self, coverage: Coverage) -> None:
        """Show *coverage* with the results."""
        ...


def _registry() -> dict[str, type[Reporter]]:
    from contract.report.github import GithubReporter
    from contract.report.html import HtmlReporter
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
        "html": HtmlReporter,
    }


#: Reporter classes by format name.
REPORTERS: dict[str, type[Reporter]] = _registry()
