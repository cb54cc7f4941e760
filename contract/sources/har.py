"""HAR 1.2 (browser and proxy exports): the entries whose request hits the endpoint, streamed."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any, BinaryIO

from contract.errors import InputError
from contract.exchange import Exchange, Skipped
from contract.positions import locate, shift
from contract.rules import Endpoint
from contract.sources.endpoints import header_map, match_request
from contract.sources.jsonstream import Item, array_items

__all__ = ["read_har"]


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read_har(stream: BinaryIO, source: str, *, endpoint: Endpoint) -> Iterator[Exchange | Skipped]:
    """An exchange per matching entry of ``log.entries``; other entries come out as skipped."""
    for number, item in enumerate(array_items(stream, source, ("log", "entries"), "HAR file"), 1):
        request = _object(_object(item.value).get("request"))
        checked, session_id = match_request(request.get("method"), request.get("url"), endpoint)
        if not checked:
            yield Skipped(source, f"entry {number}")
            continue
        body, status, headers, (line, column) = _response(item, source, number)
        yield Exchange(body, source, f"entry {number}", status, headers, session_id, line, column, embedded=True)


def _response(item: Item, source: str, number: int) -> tuple[bytes, int | None, dict[str, str], tuple[int, int]]:
    response = _object(_object(item.value).get("response"))
    content = _object(response.get("content"))
    status = response.get("status")
    raw_headers = response.get("headers")
    pairs = [(h.get("name"), h.get("value")) for h in raw_headers or () if isinstance(h, dict)]
    headers = header_map(pairs)
    mime = content.get("mimeType")
    if "content-type" not in headers and isinstance(mime, str) and "/" in mime:
        headers["content-type"] = mime
    spot = locate(item.text, ["/response/content/text"])["/response/content/text"]
    where = shift((item.line, item.column), spot)
    return _body(content, source, number, where), status if type(status) is int else None, headers, where


def _body(content: dict[str, Any], source: str, number: int, where: tuple[int, int]) -> bytes:
    """``content.text``, base64-decoded when ``content.encoding`` says so; no text is an empty body."""
    text = content.get("text")
    if not isinstance(text, str):
        return b""
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as err:
            raise InputError(f"{source}:{where[0]}:{where[1]}: entry {number}: content.text is not base64") from err
    return text.encode("utf-8", "surrogatepass")
