"""One recorded or live HTTP exchange: the response body and what is known around it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from contract.errors import RecordingError
from contract.records import Record

__all__ = ["Exchange", "Skipped", "Unreadable"]

# Fields are set once, in __init__, past the refusal every record makes of assignment.
_set = object.__setattr__
# The default of headers and params: each exchange without them gets a dict of its own, as a dataclass's
# default_factory gives.
_FRESH: Mapping[str, str] = {}


class Exchange(Record):
    """A response body plus, where the source knows them, status, headers and what the request asked.

    ``operation`` names the ChatKit operation the request was (``create``, ``cancel``, ``list-threads``, …) when
    the source recorded the request; the response is then checked under that operation's resource and rules,
    with ``session_id`` and ``params`` (the request's path and query parameters: ``thread_id``, ``limit``,
    ``order``, …) for the rules that compare the answer with the question. ``headers`` keys are lower-case.
    ``line`` and ``column`` (1-based) say where the body starts in
    the source file, so findings can point into the original file; a reader that must search for that place
    passes *where* instead, asked the first time either is read (only a failing response is placed). ``embedded``
    marks a body stored encoded inside a larger document (a HAR string, a YAML scalar): positions inside it
    cannot be mapped back, so its findings point at where the body starts.
    """

    _fields = (
        "body",
        "source",
        "location",
        "status",
        "headers",
        "session_id",
        "line",
        "column",
        "embedded",
        "operation",
        "params",
    )
    # line and column are properties over _line and _column, which _where fills on first reading.
    __slots__ = (*(name for name in _fields if name not in ("line", "column")), "_line", "_column", "_where")
    _factories: ClassVar[dict[str, Any]] = {"headers": dict, "params": dict}
    body: bytes
    source: str
    location: str | None
    status: int | None
    headers: Mapping[str, str]
    session_id: str | None
    line: int
    column: int
    embedded: bool
    operation: str | None
    params: Mapping[str, str]

    def __init__(  # noqa: PLR0917 - the fields in order, as the dataclass took them
        self,
        body: bytes,
        source: str = "<payload>",
        location: str | None = None,
        status: int | None = None,
        headers: Mapping[str, str] = _FRESH,
        session_id: str | None = None,
        line: int = 1,
        column: int = 1,
        embedded: bool = False,
        operation: str | None = None,
        params: Mapping[str, str] = _FRESH,
        *,
        where: Callable[[], tuple[int, int]] | None = None,
    ) -> None:
        _set(self, "_where", where)
        _set(self, "body", body)
        _set(self, "source", source)
        _set(self, "location", location)
        _set(self, "status", status)
        _set(self, "headers", {} if headers is _FRESH else headers)
        _set(self, "session_id", session_id)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "embedded", embedded)
        _set(self, "operation", operation)
        _set(self, "params", {} if params is _FRESH else params)

    if not TYPE_CHECKING:  # type checkers see the fields annotated above

        @property
        def line(self) -> int:
            self._place()
            return self._line

        @line.setter
        def line(self, value: int) -> None:  # construction and unpickling only: assignment is refused
            _set(self, "_line", value)

        @property
        def column(self) -> int:
            self._place()
            return self._column

        @column.setter
        def column(self, value: int) -> None:
            _set(self, "_column", value)

    def _place(self) -> None:
        """Ask *where* once, for line and column both (an unpickled exchange has none: it was placed before)."""
        where = getattr(self, "_where", None)
        if where is not None:
            line, column = where()
            _set(self, "_line", line)
            _set(self, "_column", column)
            _set(self, "_where", None)

    def __repr__(self) -> str:
        # Bodies and headers carry credentials; a repr must never show them.
        return (
            f"Exchange(source={self.source!r}, location={self.location!r}, "
            f"status={self.status!r}, body=<{len(self.body)} bytes>)"
        )


class Skipped(Record):
    """A recorded exchange not checked (a HAR entry, a cassette interaction): ``operation`` is ``None`` when the
    request is no ChatKit operation at all, else the operation the run did not select."""

    _fields = ("source", "location", "operation")
    __slots__ = _fields
    source: str
    location: str
    operation: str | None

    def __init__(self, source: str, location: str, operation: str | None = None) -> None:
        _set(self, "source", source)
        _set(self, "location", location)
        _set(self, "operation", operation)


class Unreadable(Record):
    """Part of a recording that cannot be read: a ``recording.*`` rule, why, and where in the file.

    ``location`` names the entry or interaction when the problem is confined to one; ``None`` when
    the recording breaks off and nothing after this point in it can be read.
    """

    _fields = ("source", "location", "rule", "message", "line", "column")
    __slots__ = _fields
    source: str
    location: str | None
    rule: str
    message: str
    line: int | None
    column: int | None

    def __init__(  # noqa: PLR0917 - the fields in order, as the dataclass took them
        self,
        source: str,
        location: str | None,
        rule: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        _set(self, "source", source)
        _set(self, "location", location)
        _set(self, "rule", rule)
        _set(self, "message", message)
        _set(self, "line", line)
        _set(self, "column", column)

    def error(self) -> RecordingError:
        """The same problem as an exception, for callers that have no finding to report it with."""
        label = f"{self.location}: " if self.location else ""
        return RecordingError(self.source, label + self.message, self.line, self.column)
