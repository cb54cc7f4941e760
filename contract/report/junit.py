"""JUnit XML: one testcase per checked response, for CI test-report viewers."""

from __future__ import annotations

import re
import time

from contract.findings import Finding, Result, Summary
from contract.report.base import StreamReporter

__all__ = ["JunitReporter"]

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# Testcases are spooled because the counts must come first; big runs spill to disk, not memory.
_SPOOL_IN_MEMORY = 8 << 20


def _text(value: str) -> str:
    """*value* as XML character data."""
    return re.sub(_NOT_XML, "\ufffd", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    """*value* as a double-quoted XML attribute (newlines kept as character references)."""
    escaped = _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{escaped}"'


def _line(finding: Finding) -> str:
    where = f"{finding.line}:{finding.column}: " if finding.line is not None else ""
    return f"{where}{finding.severity} {finding.rule} {finding.pointer or '(document)'}: {finding.message}"


class JunitReporter(StreamReporter):
    """``<testsuites>`` holding one ``<testsuite>``; a failing response is a testcase with a ``<failure>``."""

    def begin(self) -> None:
        """Start the clock and the spool of testcases."""
        import tempfile  # with shutil, a cost only JUnit runs should pay

        self._started = time.monotonic()
        # Closed in end(), once the header with the counts has been written before it.
        self._cases = tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY, mode="w+", encoding="utf-8")  # noqa: SIM115

    def result(self, result: Result) -> None:
        """One ``<testcase>``: classname is the file, name the place in it."""
        write = self._cases.write
        name = result.location or "response"
        write(f"    <testcase classname={_attr(result.source)} name={_attr(name)} file={_attr(result.source)}")
        if not result.findings:
            write(" />\n")
            return
        write(">\n")
        errors, warnings = result.errors, result.warnings
        if errors:
            message = f"{len(errors)} contract violation{'s' if len(errors) != 1 else ''}: {errors[0].rule}"
            body = "\n".join(_line(f) for f in errors)
            write(f'      <failure type="contract" message={_attr(message)}>{_text(body)}</failure>\n')
        if warnings:
            write(f"      <system-out>{_text(chr(10).join(_line(f) for f in warnings))}</system-out>\n")
        write("    </testcase>\n")

    def end(self, summary: Summary) -> None:
        """Write the counts, then the spooled testcases."""
        import shutil

        elapsed = f"{time.monotonic() - self._started:.3f}"
        # A refused empty run is one erroring testcase, so report viewers show red rather than "0 tests".
        empty = self.refused_empty(summary)
        tests, errors = (1, 1) if empty else (summary.checked, 0)
        counts = f'tests="{tests}" failures="{summary.failed}" errors="{errors}" skipped="0" time="{elapsed}"'
        write = self._stream.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(f'<testsuites name="chatkit-contract" {counts}>\n')
        write(f'  <testsuite name="chatkit-contract" {counts}>\n')
        write("    <properties>\n")
        write(f'      <property name="skipped-recordings" value="{summary.skipped}" />\n')
        write(f'      <property name="warnings" value="{summary.warnings}" />\n')
        write(f'      <property name="baselined" value="{summary.baselined}" />\n')
        write("    </properties>\n")
        if empty:
            message = _attr(f"nothing was checked: {summary.why_nothing_checked()}")
            write('    <testcase classname="chatkit-contract" name="nothing checked">\n')
            write(f'      <error type="nothing-checked" message={message} />\n')
            write("    </testcase>\n")
        with self._cases:
            self._cases.seek(0)
            shutil.copyfileobj(self._cases, self._stream)
        write("  </testsuite>\n</testsuites>\n")
