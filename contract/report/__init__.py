"""Reporters: each writes results to a stream in one format; none re-validates anything.

``report_all`` feeds one run to several reporters at once. ``coverage`` writes contract coverage in its
formats; ``html`` is the page a person looks at. Also the progress bar a long run draws on a terminal.
Layer: above ``coverage`` and ``run``; imports those, ``sources`` (the HTML report reads failing bodies back)
and the base modules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, TextIO, runtime_checkable

from contract.exchange import Skipped
from contract.findings import CleanRun, Result, Summary
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

    def report(self, outcomes: Iterable[Result | CleanRun | Skipped]) -> Summary:
        """Write the results among *outcomes* and return what they add up to."""
        ...

    def begin(self) -> None:
        """Write whatever comes before the first result."""
        ...

    def result(self, result: Result) -> None:
        """Write one result."""
        ...

    def clean(self, run: CleanRun) -> None:
        """Write a run of clean results (consecutive passing JSON Lines lines), as :meth:`result` would each."""
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


class _Registry(Mapping[str, "type[Reporter]"]):
    """Reporter classes by format name, each module imported when its format is first used: a run pays at
    start-up only for the formats it writes, while listing the names (``--format``'s choices) imports none."""

    def __init__(self, homes: dict[str, str]) -> None:
        self._homes = homes

    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attribute = self._homes[name].partition(":")
        reporter: type[Reporter] = getattr(import_module(module), attribute)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(self._homes)

    def __len__(self) -> int:
        return len(self._homes)


#: Reporter classes by format name.
REPORTERS: Mapping[str, type[Reporter]] = _Registry(
    {
        "text": "contract.report.text:TextReporter",
        "json": "contract.report.json_reporter:JsonReporter",
        "junit": "contract.report.junit:JunitReporter",
        "sarif": "contract.report.sarif:SarifReporter",
        "github": "contract.report.github:GithubReporter",
        "html": "contract.report.html:HtmlReporter",
    }
)
