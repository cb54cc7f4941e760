"""The machine format: one JSON object with every result and a summary."""

from __future__ import annotations

import orjson

from contract.findings import Result, Summary
from contract.report.base import StreamReporter

__all__ = ["JsonReporter"]

# Results are written in groups: one write per result is a noticeable cost on large runs.
_FLUSH_EVERY = 256


class JsonReporter(StreamReporter):
    """Writes ``{"results": […], "summary": …}``; results stream out before the summary is known."""

    def begin(self) -> None:
        """Open the document."""
        self._pending = ['{"results": [']
        self._separator = "\n  "
        self._source = ""
        self._quoted_source = ""

    def result(self, result: Result) -> None:
        """One result object per line."""
        if result.findings:
            text = orjson.dumps(result.to_dict()).decode()
        else:
            # Clean results dominate large runs: format them without building a dict.
            if result.source != self._source:
                self._source, self._quoted_source = result.source, orjson.dumps(result.source).decode()
            location = orjson.dumps(result.location).decode()
            text = f'{{"source":{self._quoted_source},"location":{location},"ok":true,"findings":[]}}'
        pending = self._pending
        pending.append(self._separator + text)
        self._separator = ",\n  "
        if len(pending) >= _FLUSH_EVERY:
            self._stream.write("".join(pending))
            pending.clear()

    def end(self, summary: Summary) -> None:
        """Close the results and add the summary."""
        self._pending.append('\n ],\n "summary": ' + orjson.dumps(summary.to_dict()).decode() + "}\n")
        self._stream.write("".join(self._pending))
