"""GitHub Actions workflow commands: an ``::error``/``::warning`` annotation per finding."""

from __future__ import annotations

from contract.findings import CleanRun, Finding, Result, Summary
from contract.report.base import StreamReporter
from contract.report.text import verdict

__all__ = ["GithubReporter"]


def _data(text: str) -> str:
    """Escape a command's message as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a command property (file, title), where ':' and ',' are separators."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(StreamReporter):
    """Annotations GitHub shows on the file and line; the summary closes the log as plain text."""

    def _command(self, result: Result, finding: Finding) -> str:
        properties = [f"file={_property(result.source)}"]
        if finding.line is not None:
            properties += [f"line={finding.line}", f"col={finding.column}"]
        properties.append(f"title={_property(finding.rule)}")
        where = f" ({result.location})" if result.location else ""
        message = f"{finding.pointer or '(document)'}: {finding.message}{where}"
        return f"::{finding.severity} {','.join(properties)}::{_data(message)}\n"

    def result(self, result: Result) -> None:
        """One annotation per finding."""
        for finding in result.findings:
            self._stream.write(self._command(result, finding))

    def clean(self, run: CleanRun) -> None:
        """Nothing: annotations are for findings."""

    def end(self, summary: Summary) -> None:
        """The verdict and the counts; a refused empty run is an error annotation too."""
        if self.refused_empty(summary):
            self._stream.write(
                f"::error title=chatkit-contract::{_data('nothing was checked: ' + summary.why_nothing_checked())}\n"
            )
        self._stream.write(verdict(summary, allow_empty=self._allow_empty) + "\n")
