"""The machine format: one JSON object with a summary and every result."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

import orjson

from contract.findings import Result
from contract.reporters import Summary

__all__ = ["JsonReporter"]


class JsonReporter:
    """Writes ``{"summary": …, "results": […]}``; results stream out before the summary is known."""

    def __init__(self, stream: TextIO, *, color: bool = False) -> None:
        self._stream = stream

    def report(self, results: Iterable[Result]) -> Summary:
        """Write every result, then the summary, as one JSON document."""
        write = self._stream.write
        summary = Summary()
        write('{"results": [')
        for index, result in enumerate(results):
            summary = summary.add(result)
            write(("," if index else "") + "\n  " + orjson.dumps(result.to_dict()).decode())
        write('\n ],\n "summary": ' + orjson.dumps(summary.to_dict()).decode() + "}\n")
        return summary
