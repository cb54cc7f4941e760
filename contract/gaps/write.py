"""Gaps as a recording: a HAR 1.2 file (or a VCR.py cassette) holding one exchange per gap, written by the live
recorder's own renderers, so it reads exactly like a recording of the real service."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from contract.errors import InputError
from contract.gaps.fill import Gap
from contract.operations import BETA_HEADER

__all__ = ["GAP_FORMATS", "har_bytes", "write_gaps"]

#: The recording formats gaps are written in, by file extension; stdout gets HAR.
GAP_FORMATS = (".har", ".yaml", ".yml")


def _exchange(gap: Gap) -> Any:
    from http import HTTPStatus

    from contract.live.client import LiveExchange

    body = orjson.dumps(gap.payload)
    return LiveExchange(
        method=gap.method,
        url=gap.url,
        request_headers={BETA_HEADER[0].lower(): BETA_HEADER[1]},
        status=gap.status,
        headers={"content-type": "application/json"},
        body=body,
        reason=HTTPStatus(gap.status).phrase,
    )


def _comment(gap: Gap) -> str:
    comment = f"chatkit-contract generate --fill-gaps: {gap.name}"
    return comment + (f"; stand-in fault: {gap.fault}" if gap.fault else "")


def _document(gaps: Iterable[Gap], suffix: str) -> bytes:
    from contract.live.recorder import RECORDING_FORMATS

    render, document = RECORDING_FORMATS[suffix]
    items = []
    for gap in gaps:
        item = render(_exchange(gap))
        if suffix == ".har":  # HAR 1.2 gives every entry a comment; a cassette has no place for one
            item["comment"] = _comment(gap)
        items.append(item)
    return document(items)


def har_bytes(gaps: Iterable[Gap]) -> bytes:
    """*gaps* as a HAR 1.2 document."""
    return _document(gaps, ".har")


def write_gaps(gaps: Iterable[Gap], *, suffix: str = ".har") -> bytes:
    """*gaps* as a recording in the format *suffix* names (``.har``, ``.yaml``)."""
    if suffix.lower() not in GAP_FORMATS:
        known = ", ".join(GAP_FORMATS)
        raise InputError(f"gaps are written as a HAR file or a VCR cassette (extension one of {known})")
    return _document(gaps, suffix.lower())
