"""A single JSON document: the whole input is one response body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from contract.exchange import Exchange

__all__ = ["read_document"]


def read_document(stream: BinaryIO, source: str) -> Iterator[Exchange]:
    """The input as one exchange; its findings are placed from line 1, column 1."""
    yield Exchange(stream.read(), source)
