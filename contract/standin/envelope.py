"""OpenAI's error envelope, and the one the service sends for each error status the stand-in can be told to answer."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

__all__ = ["Envelope", "envelope", "phrase", "status_envelope"]

Envelope = dict[str, Any]

_STATUS_ERRORS = {
    429: ("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!", "server_error", None),
    503: ("The server is overloaded or not ready yet.", "server_error", None),
}


def envelope(
    message: str, kind: str = "invalid_request_error", param: str | None = None, code: str | None = None
) -> Envelope:
    """OpenAI's error envelope."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def phrase(status: int) -> str:
    """The standard reason phrase (``Conflict``), or ``HTTP 499`` for a status without one."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def status_envelope(status: int) -> Envelope:
    """The envelope the service answers *status* (400-599) with: its own words where known, else the phrase."""
    generic = "server_error" if status >= 500 else "invalid_request_error"
    message, kind, code = _STATUS_ERRORS.get(status, (f"{phrase(status)}.", generic, None))
    return envelope(message, kind, code=code)
