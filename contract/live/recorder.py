"""Recordings of live exchanges as JSON Lines, redacted, and the way back from a record to a checkable exchange.

One object per line::

    {"request": {"method": "POST", "url": "...", "headers": {...}},
     "response": {"status": 200, "headers": {...}, "body": ...}}

``body`` is the parsed JSON value when the response body was one clean JSON document that is not a string;
otherwise it is the body's text, verbatim (a JSON string literal keeps its quotes), so reading a record back
gives the same findings as the live check did. Header names are lower-case.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from contract.check.body import parse_body
from contract.errors import InputError
from contract.secrets import mask_headers, mask_text, mask_tree, mask_url

if TYPE_CHECKING:
    from contract.live.client import LiveExchange

__all__ = ["Recorder", "record_of", "redact_body"]


def redact_body(body: bytes) -> Any:
    """The record form of a response body (see the module docstring), with every credential masked."""
    parsed = parse_body(body, duplicates=True)
    if parsed.has_value and not parsed.findings and not isinstance(parsed.value, str):
        return mask_tree(parsed.value)
    return mask_text(body.decode("utf-8", "replace"))


def record_of(exchange: LiveExchange) -> dict[str, Any]:
    """The redacted JSONL record of one live exchange."""
    return {
        "request": {
            "method": exchange.method,
            "url": mask_url(exchange.url),
            "headers": mask_headers(exchange.request_headers.items()),
        },
        "response": {
            "status": exchange.status,
            "headers": mask_headers(exchange.headers.items()),
            "body": redact_body(exchange.body),
        },
    }


class Recorder:
    """Appends redacted records to a JSONL file, one line per exchange, flushed as each one arrives."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._stream: BinaryIO = self.path.open("ab")
        except OSError as err:
            raise InputError(f"{path}: cannot open the recording: {err.strerror or err}") from err

    def write(self, exchange: LiveExchange) -> None:
        """Append *exchange*, redacted."""
        self._stream.write(orjson.dumps(record_of(exchange)) + b"\n")
        self._stream.flush()

    def close(self) -> None:
        """Close the file."""
        self._stream.close()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
