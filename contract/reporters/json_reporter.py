"""The machine format: one JSON object with every result and a summary."""

from __future__ import annotations

import orjson

from contract.findings import Result
from contract.reporters import Summary
from contract.reporters.base import StreamReporter

__all__ = ["JsonReporter"]


class JsonReporter(StreamReporter):
    """Writes ``{"results": […], "summary": …}``; results stream out before the summary is known."""

    def begin(self) -> None:
        """Open the document."""
        self._stream.write('{"results": [')
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
        self._stream.write(self._separator + text)
        self._separator = ",\n  "

    def end(self, summary: Summary) -> None:
        """Close the results and add the summary."""
        self._stream.write('\n ],\n "summary": ' + orjson.dumps(summary.to_dict()).decode() + "}\n")
