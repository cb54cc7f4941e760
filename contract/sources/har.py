"""HAR 1.2 (browser and proxy exports): the entries whose request is a ChatKit operation, streamed."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from contract.check.positions import locate
from contract.exchange import Exchange, Skipped, Unreadable
from contract.limits import MAX_BODY_BYTES
from contract.parsing.jsontext import string_offset
from contract.parsing.lines import line_column, shift
from contract.sources.jsonstream import Item, array_items
from contract.sources.recorded import header_map, recorded_exchange, routed

__all__ = ["read_har"]

_BODY = ("response", "content", "text")
_BODY_POINTER = "/" + "/".join(_BODY)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read_har(stream: BinaryIO, source: str, *, operation: str | None) -> Iterator[Exchange | Skipped | Unreadable]:
    """An exchange per entry of ``log.entries`` for a selected ChatKit operation; other entries come out as skipped."""
    for number, item in enumerate(array_items(stream, source, ("log", "entries"), "HAR file"), 1):
        request = _object(_object(item.value).get("request"))
        label = f"entry {number}"
        found = routed(request.get("method"), request.get("url"), operation, source, label)
        if isinstance(found, Skipped):
            yield found
            continue
        response = _object(_object(item.value).get("response"))
        content = _object(response.get("content"))
        body = _body(content)
        if body is None:
            line, column = _where(item)()
            yield Unreadable(source, label, "recording.body-encoding", "content.text is not base64", line, column)
            continue
        status = response.get("status")
        headers = _headers(response.get("headers"), content.get("mimeType"))
        yield recorded_exchange(
            found, body, source=source, label=label, status=status, headers=headers, where=_where(item)
        )


def _where(item: Item) -> Callable[[], tuple[int, int]]:
    """Where the entry's body is written in the file: searched for only when a finding is placed."""
    return lambda: shift((item.line, item.column), _body_spot(item.text, item.value))


def _body_spot(text: str, entry: Any) -> tuple[int, int]:
    """Line and column, in the entry's *text*, of its body (or of the nearest member on the way to it)."""
    offset = string_offset(text, entry, _BODY)
    if offset is not None:
        return line_column(text, offset)
    return locate(text, [_BODY_POINTER])[_BODY_POINTER]


def _headers(recorded: Any, mime: Any) -> dict[str, str]:
    """The response headers, with ``content.mimeType`` standing in for a missing Content-Type."""
    entries = recorded if isinstance(recorded, list) else []
    headers = header_map((h.get("name"), h.get("value")) for h in entries if isinstance(h, dict))
    if "content-type" not in headers and isinstance(mime, str) and "/" in mime:
        headers["content-type"] = mime
    return headers


def _body(content: dict[str, Any]) -> bytes | None:
    """``content.text``, base64-decoded when ``content.encoding`` says so (``None`` when it is not base64).

    No text is an empty body; a body beyond the limit is cut just past it, to be reported as too large.
    """
    text = content.get("text")
    if not isinstance(text, str):
        return b""
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True)[: MAX_BODY_BYTES + 1]
        except (binascii.Error, ValueError):
            return None
    return text[: MAX_BODY_BYTES + 1].encode("utf-8", "surrogatepass")[: MAX_BODY_BYTES + 1]
