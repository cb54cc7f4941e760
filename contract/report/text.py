"""The human format: one line per finding, ``path:line:col: severity rule pointer: message``, then a summary.

Findings of a response are written in line and column order (results already arrive in file order), so the
lines read top to bottom like the file, as a compiler's do.
"""

from __future__ import annotations

from contract.findings import CleanRun, Finding, Result, Summary
from contract.report.base import StreamReporter

__all__ = ["TextReporter", "rules_line", "summary_line", "verdict"]

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "ok": "\033[32m"}
_RESET = "\033[0m"


def summary_line(summary: Summary) -> str:
    """``3 checked, 2 passed, 1 failed, 0 warnings`` (then ``, 1 baselined`` and ``, 4 skipped`` when there are)."""
    line = (
        f"{summary.checked} checked, {summary.passed} passed, {summary.failed} failed, "
        f"{summary.warnings} warning{'s' if summary.warnings != 1 else ''}"
    )
    if summary.baselined:
        line += f", {summary.baselined} baselined"
    return f"{line}, {summary.skipped} skipped" if summary.skipped else line


def _position(finding: Finding) -> tuple[int, int]:
    # Stable sort: findings without a position (none in a file's report) keep their order, first.
    return (finding.line or 0, finding.column or 0)


def verdict(summary: Summary, *, allow_empty: bool = False) -> str:
    """``FAILED: …``, ``NOTHING CHECKED: …`` (unless allowed) or ``OK: …`` for the closing line."""
    if summary.failed:
        return f"FAILED: {summary_line(summary)}"
    if summary.nothing_checked and not allow_empty:
        return f"NOTHING CHECKED: {summary_line(summary)} ({summary.why_nothing_checked()})"
    return f"OK: {summary_line(summary)}"


def rules_line(summary: Summary) -> str | None:
    """``findings by rule: schema.required 2, drift.unknown-field 1``, or None when no rule fired."""
    if not summary.rules:
        return None
    return "findings by rule: " + ", ".join(f"{rule} {count}" for rule, count in summary.rules)


class TextReporter(StreamReporter):
    """Compact lines a terminal or an editor can jump from; colour only when asked.

    Verbosity ``-1`` writes the closing line alone, ``1`` adds ``path: ok`` for each passing response.
    """

    def _paint(self, text: str, kind: str) -> str:
        return f"{_COLORS[kind]}{text}{_RESET}" if self._color else text

    def _where(self, result: Result, finding: Finding) -> str:
        where = result.source
        if finding.line is not None:
            where += f":{finding.line}:{finding.column}"
        elif result.location:
            where += f" ({result.location})"
        return where

    def result(self, result: Result) -> None:
        """A line per finding, in file order; for a passing response nothing, or ``ok`` when verbose."""
        if self._verbosity < 0 or not (result.findings or self._verbosity):
            return
        for finding in sorted(result.findings, key=_position):
            severity = self._paint(finding.severity, finding.severity)
            pointer = finding.pointer or "(document)"
            self._stream.write(
                f"{self._where(result, finding)}: {severity} {finding.rule} {pointer}: {finding.message}\n"
            )
        if self._verbosity > 0 and result.ok:
            where = f"{result.source} ({result.location})" if result.location else result.source
            self._stream.write(f"{where}: {self._paint('ok', 'ok')}\n")

    def clean(self, run: CleanRun) -> None:
        """Passing responses show only when verbose."""
        if self._verbosity > 0:
            super().clean(run)

    def end(self, summary: Summary) -> None:
        """The findings per rule, then the verdict and the counts."""
        by_rule = rules_line(summary)
        if by_rule is not None and self._verbosity >= 0:  # -q: the verdict line alone
            self._stream.write(by_rule + "\n")
        word, rest = verdict(summary, allow_empty=self._allow_empty).split(":", 1)
        bad = summary.failed or self.refused_empty(summary)
        self._stream.write(f"{self._paint(word, 'error' if bad else 'ok')}:{rest}\n")
