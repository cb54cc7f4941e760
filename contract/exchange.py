"""One recorded or live HTTP exchange: the response body and what is known around it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Exchange"]


@dataclass(frozen=True, slots=True, repr=False)
class Exchange:
    """A response body plus, where the source knows them, status, headers and the cancelled session id.

    ``headers`` keys are lower-case. ``line`` is the 1-based line of the source file where the
    body starts, so findings can point into the original file.
    """

    body: bytes
    source: str = "<payload>"
    location: str | None = None
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    session_id: str | None = None
    line: int = 1

    def __repr__(self) -> str:
        # Bodies and headers carry credentials; a repr must never show them.
        return (
            f"Exchange(source={self.source!r}, location={self.location!r}, "
            f"status={self.status!r}, body=<{len(self.body)} bytes>)"
        )
