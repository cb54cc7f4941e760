"""What the stand-in remembers of the requests it answered: the latest ones, bounded in number and in bytes.

A client can send about 6 MiB of headers with every request; kept for 10,000 requests that would be
gigabytes. So the log keeps at most ``MAX_ENTRIES`` requests and ``MAX_BYTES`` of what they said, and a
request that did not present the server's key, or whose headers alone are over ``MAX_HEADER_BYTES``, is
kept as a summary: method, path, status and fault, no headers.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from contract.secrets import mask_headers, mask_text
from contract.standin.faults import FaultKind

__all__ = ["MAX_BYTES", "MAX_ENTRIES", "MAX_HEADER_BYTES", "RequestLog", "Served"]

MAX_ENTRIES = 10_000
MAX_BYTES = 16 << 20
MAX_HEADER_BYTES = 64 << 10


@dataclass(frozen=True, slots=True)
class Served:
    """One request the server answered: method, path, status sent (0 for a reset), fault, request headers (redacted).

    ``headers`` is empty for a request refused for its key, and for one whose headers were too large to keep.
    """

    method: str
    path: str
    status: int
    fault: FaultKind | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


def _size(served: Served) -> int:
    """What keeping *served* costs, near enough: its text, counted in characters."""
    return len(served.method) + len(served.path) + sum(len(name) + len(value) for name, value in served.headers.items())


class RequestLog:
    """The latest requests answered, oldest first; safe across threads."""

    def __init__(self, *, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._max_entries, self._max_bytes = max_entries, max_bytes
        self._lock = threading.Lock()
        self._entries: deque[tuple[Served, int]] = deque()
        self._bytes = 0

    def add(
        self,
        method: str,
        path: str,
        status: int,
        fault: FaultKind | None,
        headers: Iterable[tuple[str, str]] = (),
        *,
        authenticated: bool = False,
    ) -> None:
        """Remember one answered request; its *headers* are kept, masked, only when it was *authenticated*."""
        items = list(headers) if authenticated else []
        if sum(len(name) + len(value) for name, value in items) > MAX_HEADER_BYTES:
            items = []
        served = Served(method, mask_text(path), status, fault, mask_headers(items))
        size = _size(served)
        with self._lock:
            self._entries.append((served, size))
            self._bytes += size
            while len(self._entries) > self._max_entries or (self._bytes > self._max_bytes and len(self._entries) > 1):
                self._bytes -= self._entries.popleft()[1]

    def snapshot(self) -> tuple[Served, ...]:
        """Every request still remembered, oldest first."""
        with self._lock:
            return tuple(served for served, _ in self._entries)

    @property
    def size(self) -> int:
        """What the remembered requests cost, in characters; at most ``max_bytes`` (one huge path aside)."""
        with self._lock:
            return self._bytes
