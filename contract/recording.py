"""Recordings of live exchanges as JSON Lines, redacted, and the way back from a record to a checkable exchange.

One object per line::

    {"request": {"method": "POST", "url": "...", "headers": {...}},
     "response": {"status": 200, "headers": {...}, "body": ...}}

``body`` is the parsed JSON value when the response body was one clean JSON document that is not a string;
otherwise it is the body's text, verbatim (a JSON string literal keeps its quotes), so reading a record back
gives the same findings as the live check did. Header names are lower-case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from contract.errors import InputError
from contract.exchange import Exchange
from contract.jsonparse import parse_body
from contract.rules import Endpoint
from contract.secrets import mask, mask_text
from contract.sources.endpoints import cancelled_session

if TYPE_CHECKING:
    from contract.live import LiveExchange

__all__ = [
    "SECRET_HEADERS",
    "Recorder",
    "endpoint_of_record",
    "exchange_from_record",
    "record_of",
    "redact_body",
    "redact_headers",
]

#: Headers whose values are credentials; lower-case.
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "api-key", "x-api-key", "openai-api-key", "cookie", "set-cookie"}
)
_SECRET_MEMBERS = frozenset({"client_secret"})


def redact_headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers with lower-case names and every credential masked, keeping the auth scheme readable."""
    redacted = {}
    for name, value in items:
        key = name.lower()
        if key in SECRET_HEADERS:
            scheme, space, token = value.partition(" ")
            redacted[key] = f"{scheme} {mask(token)}" if space and scheme.lower() == "bearer" else mask(value)
        else:
            redacted[key] = mask_text(value)
    return redacted


def _redact_value(value: Any, member: str | None = None) -> Any:
    if isinstance(value, dict):
        # A member can be named like a key too: its name is masked as any text is.
        return {mask_text(key): _redact_value(item, key) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_value(item) for item in value]
    if isinstance(value, str):
        return mask(value) if member in _SECRET_MEMBERS else mask_text(value)
    return value


def redact_body(body: bytes) -> Any:
    """The record form of a response body (see the module docstring), with every credential masked."""
    parsed = parse_body(body, duplicates=True)
    if parsed.has_value and not parsed.findings and not isinstance(parsed.value, str):
        return _redact_value(parsed.value)
    return mask_text(body.decode("utf-8", "replace"))


def record_of(exchange: LiveExchange) -> dict[str, Any]:
    """The redacted JSONL record of one live exchange."""
    return {
        "request": {"method": exchange.method, "url": exchange.url, "headers": dict(exchange.request_headers)},
        "response": {
            "status": exchange.status,
            "headers": redact_headers(exchange.headers.items()),
            "body": redact_body(exchange.body),
        },
    }


def _request_url(record: Mapping[str, Any]) -> str:
    request = record.get("request")
    url = request.get("url") if isinstance(request, dict) else None
    return url if isinstance(url, str) else ""


def endpoint_of_record(record: Mapping[str, Any]) -> Endpoint:
    """``cancel`` for a record of a cancel request, ``session`` for any other (a create)."""
    return "cancel" if cancelled_session(_request_url(record)) is not None else "session"


def exchange_from_record(record: Any, *, source: str = "<record>", line: int = 1) -> Exchange:
    """The :class:`Exchange` a record describes; the session id comes from a cancel request's URL."""
    response = record.get("response") if isinstance(record, dict) else None
    if not isinstance(response, dict) or "body" not in response:
        raise InputError(f"{source}:{line}: not a check-live record (no 'response' object with a 'body')")
    status, headers = response.get("status"), response.get("headers", {})
    if not isinstance(status, int) or isinstance(status, bool) or not isinstance(headers, dict):
        raise InputError(f"{source}:{line}: the record's response needs an integer 'status' and a 'headers' object")
    body = response["body"]
    return Exchange(
        body=body.encode("utf-8") if isinstance(body, str) else orjson.dumps(body),
        source=source,
        location=f"line {line}",
        status=status,
        headers={str(name).lower(): str(value) for name, value in headers.items()},
        session_id=cancelled_session(_request_url(record)),
        line=line,
    )


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
