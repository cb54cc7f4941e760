"""The human format: one line per finding, ``path:line:col: severity rule pointer: message``, then a summary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from contract.findings import Finding, Result
from contract.reporters import Summary

__all__ = ["TextReporter", "summary_line"]

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "ok": "\033[32m"}
_RESET = "\033[0m"


def summary_line(summary: Summary) -> str:
    """``3 checked, 2 passed, 1 failed, 0 warnings``."""
    return (
        f"{summary.checked} checked, {summary.passed} passed, {summary.failed} failed, "
        f"{summary.warnings} warning{'s' if summary.warnings != 1 else ''}"
    )


class TextReporter:
    """Compact lines a terminal or an editor can jump from; colour only when asked."""

    def __init__(self, stream: TextIO, *, color: bool = False) -> None:
        self._stream = stream
        self._color = color

    def _paint(self, text: str, kind: str) -> str:
        return f"{_COLORS[kind]}{text}{_RESET}" if self._color else text

    def _where(self, result: Result, finding: Finding) -> str:
        where = result.source
        if finding.line is not None:
            where += f":{finding.line}:{finding.column}"
        elif result.location:
            where += f" ({result.location})"
        return where

    def report(self, results: Iterable[Result]) -> Summary:
        """Write a line per finding as results arrive, then the summary line."""
        summary = Summary()
        for result in results:
            summary = summary.add(result)
            for finding in result.findings:
                severity = self._paint(finding.severity, finding.severity)
                pointer = finding.pointer or "(document)"
                self._stream.write(
                    f"{self._where(result, finding)}: {severity} {finding.rule} {pointer}: {finding.message}\n"
                )
        verdict = self._paint("FAILED", "error") if summary.failed else self._paint("OK", "ok")
        self._stream.write(f"{verdict}: {summary_line(summary)}\n")
        return summary
