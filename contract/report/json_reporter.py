"""The machine format: one JSON object with every result and a summary."""

from __future__ import annotations

import orjson

from contract.findings import CleanRun, Result, Summary
from contract.report.base import StreamReporter

__all__ = ["JsonReporter"]

# Results are written in groups: one write per result is a noticeable cost on large runs.
_FLUSH_EVERY = 256


class JsonReporter(StreamReporter):
    """Writes ``{"results": […], "summary": …}``; results stream out before the summary is known."""

    def begin(self) -> None:
        """Open the document."""
        self._pending = ['{"results": [']
        self._rows = 0
        self._separator = "\n  "
        self._source = ""
        self._quoted_source = ""

    def result(self, result: Result) -> None:
        """One result object per line."""
        if result.findings:
            text = orjson.dumps(result.to_dict()).decode()
        else:
            # Clean results dominate large runs: format them without building a dict.
            location = orjson.dumps(result.location).decode()
            text = f'{{"source":{self._quoted(result.source)},"location":{location},"ok":true,"findings":[]}}'
        self._write(text, 1)

    def clean(self, run: CleanRun) -> None:
        """A row per clean line, written as :meth:`result` writes each, without the results."""
        if not run.lines:
            return
        head = f'{{"source":{self._quoted(run.source)},"location":"line '
        rows = [f'{head}{number}","ok":true,"findings":[]}}' for number in run.lines]
        self._write(",\n  ".join(rows), len(rows))

    def _quoted(self, source: str) -> str:
        if source != self._source:
            self._source, self._quoted_source = source, orjson.dumps(source).decode()
        return self._quoted_source

    def _write(self, rows: str, count: int) -> None:
        pending = self._pending
        pending.append(self._separator + rows)
        self._separator = ",\n  "
        self._rows += count
        if self._rows >= _FLUSH_EVERY:
            self._stream.write("".join(pending))
            pending.clear()
            self._rows = 0

    def end(self, summary: Summary) -> None:
        """Close the results and add the summary."""
        self._pending.append('\n ],\n "summary": ' + orjson.dumps(summary.to_dict()).decode() + "}\n")
        self._stream.write("".join(self._pending))
