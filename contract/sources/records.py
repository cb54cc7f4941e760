"""Read back what ``check-live --record`` writes: one redacted exchange per JSON Lines record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from contract.errors import InputError
from contract.exchange import Exchange
from contract.operations import cancelled_session
from contract.rules import Endpoint

__all__ = ["endpoint_of_record", "exchange_from_record"]


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
