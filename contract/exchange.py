"""One recorded or live HTTP exchange: the response body and what is known around it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Exchange", "Skipped"]


@dataclass(frozen=True, slots=True, repr=False)
class Exchange:
    """A response body plus, where the source knows them, status, headers and the cancelled session id.

    ``headers`` keys are lower-case. ``line`` and ``column`` (1-based) say where the body starts in
    the source file, so findings can point into the original file. ``embedded`` marks a body stored
    encoded inside a larger document (a HAR string, a YAML scalar): positions inside it cannot be
    mapped back, so its findings point at where the body starts.
    """

    body: bytes
    source: str = "<payload>"
    location: str | None = None
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    session_id: str | None = None
    line: int = 1
    column: int = 1
    embedded: bool = False

    def __repr__(self) -> str:
        # Bodies and headers carry credentials; a repr must never show them.
        return (
            f"Exchange(source={self.source!r}, location={self.location!r}, "
            f"status={self.status!r}, body=<{len(self.body)} bytes>)"
        )


@dataclass(frozen=True, slots=True)
class Skipped:
    """A recorded exchange that is not for the checked endpoint (a HAR entry, a cassette interaction)."""

    source: str
    location: str
