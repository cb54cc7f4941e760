"""The ``http.*`` rules, for exchanges whose status and headers are known."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from contract.exchange import Exchange
from contract.findings import Finding
from contract.secrets import mask_text

__all__ = ["error_envelope", "http_findings"]


def http_findings(exchange: Exchange) -> Iterator[Finding]:
    """Status and Content-Type checks; silent where the source did not record them."""
    if exchange.status is not None and exchange.status != 200:
        yield Finding.of("http.status", "", f"HTTP status {exchange.status}, expected 200")
    content_type = exchange.headers.get("content-type")
    if content_type is not None and content_type.split(";")[0].strip().lower() != "application/json":
        yield Finding.of(
            "http.content-type", "", f"Content-Type {mask_text(content_type)!r}, expected 'application/json'"
        )


def error_envelope(status: int | None, payload: Any) -> Finding | None:
    """One ``http.status`` finding for an OpenAI error response, instead of a schema finding per member."""
    if status is None or status < 400 or not isinstance(payload, dict):
        return None
    error = payload.get("error")
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return None
    kind = error.get("type")
    detail = f" {kind}" if isinstance(kind, str) else ""
    message = f"HTTP status {status}, expected 200: OpenAI error{detail}: {mask_text(error['message'])}"
    return Finding.of("http.status", "", message)
