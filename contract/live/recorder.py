"""Recordings of live exchanges in the formats other tools read: HAR 1.2 (``.har``) or a VCR.py cassette (``.yaml``).

Every credential is masked before anything reaches the file: request and response headers through the
catalogue in :mod:`contract.secrets`, bodies in place (every other byte as received), so that
``chatkit-contract validate`` on the recording finds what the live check found. The file is rewritten
whole after each exchange (a temporary file renamed over it), so an interrupted run leaves a valid
recording of the exchanges so far.
"""

from __future__ import annotations

import base64
import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from contract.errors import InputError
from contract.redaction import redact_bytes
from contract.secrets import mask_headers, mask_url
from contract.version import installed_version

if TYPE_CHECKING:
    from contract.live.client import LiveExchange

__all__ = ["RECORDING_FORMATS", "Recorder", "cassette_interaction", "har_entry"]

# Headers describing the body as it crossed the wire: the recording holds it decoded and masked, so they would lie.
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _text(body: bytes) -> tuple[str, bool]:
    """*body* as text for a JSON or YAML file, and whether that text is base64 (a body that is not UTF-8)."""
    try:
        return body.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(body).decode("ascii"), True


def _reason(exchange: LiveExchange) -> str:
    if exchange.reason:
        return exchange.reason
    try:
        return HTTPStatus(exchange.status).phrase
    except ValueError:
        return ""


def _headers(headers: Any, body: bytes) -> list[tuple[str, str]]:
    """Masked headers in received order, with the body's own length where the wire's would no longer match."""
    kept = [(name, value) for name, value in mask_headers(headers.items()).items() if name not in _WIRE_HEADERS]
    return [*kept, ("content-length", str(len(body)))]


def har_entry(exchange: LiveExchange) -> dict[str, Any]:
    """One HAR 1.2 entry for *exchange*, redacted, laid out as browser exports write them."""
    body = redact_bytes(exchange.body).data
    text, encoded = _text(body)
    content: dict[str, Any] = {
        "size": len(body),
        "mimeType": exchange.headers.get("content-type", "application/octet-stream"),
        "text": text,
    }
    if encoded:
        content["encoding"] = "base64"
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": mask_url(exchange.url),
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": [{"name": name, "value": value} for name, value in exchange.request_headers.items()],
        "queryString": [],
        "headersSize": -1,
        "bodySize": len(exchange.request_body),
    }
    if exchange.request_body:
        sent, _ = _text(redact_bytes(exchange.request_body).data)
        request["postData"] = {"mimeType": exchange.request_headers.get("content-type", ""), "text": sent}
    milliseconds = round(exchange.seconds * 1000, 3)
    return {
        "startedDateTime": datetime.fromtimestamp(exchange.started, tz=timezone.utc).isoformat(),
        "time": milliseconds,
        "request": request,
        "response": {
            "status": exchange.status,
            "statusText": _reason(exchange),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [{"name": name, "value": value} for name, value in _headers(exchange.headers, body)],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": milliseconds, "receive": 0},
    }


def cassette_interaction(exchange: LiveExchange) -> dict[str, Any]:
    """One VCR.py interaction for *exchange*, redacted: headers as lists of values, bodies as VCR stores them."""
    body = redact_bytes(exchange.body).data
    sent = redact_bytes(exchange.request_body).data if exchange.request_body else None
    return {
        "request": {
            "body": sent.decode("utf-8", "replace") if sent is not None else None,
            "headers": {name: [value] for name, value in exchange.request_headers.items()},
            "method": exchange.method,
            "uri": mask_url(exchange.url),
        },
        "response": {
            "body": {"string": _yaml_body(body)},
            "headers": {name: [value] for name, value in _headers(exchange.headers, body)},
            "status": {"code": exchange.status, "message": _reason(exchange)},
        },
    }


def _yaml_body(body: bytes) -> str | bytes:
    """Text where the body is UTF-8 (VCR writes it so), else the bytes (a ``!!binary`` scalar)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body


def _har_document(entries: list[dict[str, Any]]) -> bytes:
    import orjson

    log = {
        "version": "1.2",
        "creator": {"name": "chatkit-contract", "version": installed_version()},
        "entries": entries,
    }
    return orjson.dumps({"log": log}, option=orjson.OPT_INDENT_2) + b"\n"


def _cassette_document(interactions: list[dict[str, Any]]) -> bytes:
    import yaml

    return yaml.safe_dump({"interactions": interactions, "version": 1}, allow_unicode=True).encode("utf-8")


#: Recording formats by file extension: how to render one exchange, and how to write them all.
RECORDING_FORMATS: dict[str, tuple[Callable[[LiveExchange], dict[str, Any]], Callable[[list[Any]], bytes]]] = {
    ".har": (har_entry, _har_document),
    ".yaml": (cassette_interaction, _cassette_document),
    ".yml": (cassette_interaction, _cassette_document),
}


class Recorder:
    """Writes this run's exchanges, redacted, to *path* as HAR (``.har``) or a VCR.py cassette (``.yaml``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        chosen = RECORDING_FORMATS.get(self.path.suffix.lower())
        if chosen is None:
            known = ", ".join(RECORDING_FORMATS)
            raise InputError(f"{path}: record to a HAR or VCR cassette file (extension one of {known})")
        self._render, self._document = chosen
        self._items: list[dict[str, Any]] = []
        if not self.path.parent.is_dir():
            raise InputError(f"{path}: cannot open the recording: no such directory {self.path.parent}")
        if self.path.exists() and not self.path.is_file():
            # Written by renaming a new file over it: a device or pipe there would be replaced, not written to.
            raise InputError(f"{path}: cannot open the recording: not a regular file")

    def write(self, exchange: LiveExchange) -> None:
        """Add *exchange*, redacted, and rewrite the file with every exchange so far."""
        self._items.append(self._render(exchange))
        data = self._document(self._items)
        temporary: Path | None = None
        try:
            handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
            temporary = Path(name)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            temporary.replace(self.path)
        except OSError as err:
            if temporary is not None:
                temporary.unlink(missing_ok=True)  # the recording as it was stays; no half-written file beside it
            raise InputError(f"cannot write {self.path}: {err.strerror or err}") from err

    def close(self) -> None:
        """Nothing is held open between exchanges; kept so a recorder is a context manager."""

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
