"""One recorded or live HTTP exchange: the response body and what is known around it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from contract.errors import RecordingError

__all__ = ["Exchange", "Skipped", "Unreadable"]


@dataclass(frozen=True, slots=True, repr=False)
class Exchange:
    """A response body plus, where the source knows them, status, headers and what the request asked.

    ``operation`` names the ChatKit operation the request was (``create``, ``cancel``, ``list-threads``, …) when
    the source recorded the request; the response is then checked under that operation's resource and rules,
    with ``session_id`` and ``params`` (the request's path and query parameters: ``thread_id``, ``limit``,
    ``order``, …) for the rules that compare the answer with the question. ``headers`` keys are lower-case.
    ``line`` and ``column`` (1-based) say where the body starts in
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
    operation: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        # Bodies and headers carry credentials; a repr must never show them.
        return (
            f"Exchange(source={self.source!r}, location={self.location!r}, "
            f"status={self.status!r}, body=<{len(self.body)} bytes>)"
        )


@dataclass(frozen=True, slots=True)
class Skipped:
    """A recorded exchange not checked (a HAR entry, a cassette interaction): ``operation`` is ``None`` when the
    request is no ChatKit operation at all, else the operation the run did not select."""

    source: str
    location: str
    operation: str | None = None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Part of a recording that cannot be read: a ``recording.*`` rule, why, and where in the file.

    ``location`` names the entry or interaction when the problem is confined to one; ``None`` when
    the recording breaks off and nothing after this point in it can be read.
    """

    source: str
    location: str | None
    rule: str
    message: str
    line: int | None = None
    column: int | None = None

    def error(self) -> RecordingError:
        """The same problem as an exception, for callers that have no finding to report it with."""
        label = f"{self.location}: " if self.location else ""
        return RecordingError(self.source, label + self.message, self.line, self.column)
