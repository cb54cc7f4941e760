"""What every reporter shares: counting the run while each format writes its own lines, to one stream or several."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, TextIO

from contract.exchange import Skipped
from contract.findings import CleanRun, Result, Summary, Tally

if TYPE_CHECKING:
    from contract.report import Reporter

__all__ = ["StreamReporter", "report_all"]


class StreamReporter:
    """Counts results and skips; subclasses write the start, each result, and the end.

    ``verbosity`` is for the human format: ``-1`` the summary alone, ``0`` every finding, ``1`` the passing
    responses too. Machine formats always hold everything. Unless *allow_empty*, a run that checked nothing
    ends in a report saying so, as a failure would.
    """

    def __init__(self, stream: TextIO, *, color: bool = False, verbosity: int = 0, allow_empty: bool = False) -> None:
        self._stream = stream
        self._color = color
        self._verbosity = verbosity
        self._allow_empty = allow_empty

    def refused_empty(self, summary: Summary) -> bool:
        """True when *summary* checked nothing and that was not allowed."""
        return summary.nothing_checked and not self._allow_empty

    def report(self, outcomes: Iterable[Result | CleanRun | Skipped]) -> Summary:
        """Write each result as it arrives, then the ending; return the counts."""
        return report_all([self], outcomes)

    def begin(self) -> None:
        """Write whatever comes before the first result."""

    def result(self, result: Result) -> None:
        """Write one result."""

    def clean(self, run: CleanRun) -> None:
        """Write a run of clean results: as each would be written, unless a format has a shorter way."""
        _one_by_one(self, run)

    def end(self, summary: Summary) -> None:
        """Write whatever comes after the last result."""


def report_all(reporters: Sequence[Reporter], outcomes: Iterable[Result | CleanRun | Skipped]) -> Summary:
    """Write every outcome to each of *reporters* as it arrives (the run is read once), and return the counts."""
    tally = Tally()
    count = tally.count
    for reporter in reporters:
        reporter.begin()
    writers = [reporter.result for reporter in reporters]
    runs = [_run_writer(reporter) for reporter in reporters]
    if len(reporters) == 1:  # the common case, without the inner loops
        write, write_run = writers[0], runs[0]
        for outcome in outcomes:
            if count(outcome):
                if type(outcome) is CleanRun:
                    write_run(outcome)
                else:
                    write(outcome)  # type: ignore[arg-type]
    else:
        for outcome in outcomes:
            if count(outcome):
                for each in runs if type(outcome) is CleanRun else writers:
                    each(outcome)  # type: ignore[arg-type]
    summary = tally.summary()
    for reporter in reporters:
        reporter.end(summary)
    return summary


def _run_writer(reporter: Reporter) -> Callable[[CleanRun], None]:
    """How *reporter* takes a run of clean results: its own way, or (a reporter written before runs) one by one."""
    clean: Callable[[CleanRun], None] | None = getattr(reporter, "clean", None)
    return clean if clean is not None else partial(_one_by_one, reporter)


def _one_by_one(reporter: Reporter | StreamReporter, run: CleanRun) -> None:
    for result in run.results():
        reporter.result(result)
