"""A single JSON document: the whole input is one response body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from contract.exchange import Exchange
from contract.limits import MAX_BODY_BYTES

__all__ = ["read_document"]


def read_document(stream: BinaryIO, source: str) -> Iterator[Exchange]:
    """The input as one exchange; its findings are placed from line 1, column 1.

    Reading stops one byte past the body limit, so a document of any size costs at most that much.
    """
    yield Exchange(stream.read(MAX_BODY_BYTES + 1), source)
