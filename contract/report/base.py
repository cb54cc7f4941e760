"""What every reporter shares: counting the run while each format writes its own lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from contract.exchange import Skipped
from contract.findings import Result, Summary, Tally

__all__ = ["StreamReporter"]


class StreamReporter:
    """Counts results and skips; subclasses write the start, each result, and the end.

    Unless *allow_empty*, a run that checked nothing ends in a report saying so, as a failure would.
    """

    def __init__(self, stream: TextIO, *, color: bool = False, allow_empty: bool = False) -> None:
        self._stream = stream
        self._color = color
        self._allow_empty = allow_empty

    def refused_empty(self, summary: Summary) -> bool:
        """True when *summary* checked nothing and that was not allowed."""
        return summary.nothing_checked and not self._allow_empty

    def report(self, outcomes: Iterable[Result | Skipped]) -> Summary:
        """Write each result as it arrives, then the ending; return the counts."""
        tally = Tally()
        count, write = tally.count, self.result
        self.begin()
        for outcome in outcomes:
            if count(outcome):
                write(outcome)  # type: ignore[arg-type]
        summary = tally.summary()
        self.end(summary)
        return summary

    def begin(self) -> None:
        """Write whatever comes before the first result."""

    def result(self, result: Result) -> None:
        """Write one result."""

    def end(self, summary: Summary) -> None:
        """Write whatever comes after the last result."""
