"""Where a redaction's findings and bytes go: the leaks (where each secret was, what it became), the sink of
redacted bytes, and the line and column of the original each is reported at."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from contract.parsing.lines import LineIndex
from contract.secrets import REDACTED, Span, apply_spans, credential_spans, kind_of, mask, merge_spans

__all__ = ["CHUNK", "LISTED", "Leak", "Outcome", "Output", "RawText", "Sink"]

#: Characters of text searched at a time where the text is searched as text.
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Leak:
    """Where a secret sits (1-based line and column), what kind it is, and its masked form."""

    line: int
    column: int
    kind: str
    masked: str


#: Secrets listed one by one per file; past this many they are only counted (a file can hold millions).
LISTED = 1000


@dataclass
class Outcome:
    """What redacting one stream found: secrets masked, secrets that could not be, and what was not understood.

    The first :data:`LISTED` of each are listed; the counts are of all of them.
    """

    masked: list[Leak] = field(default_factory=list)
    unmaskable: list[Leak] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    masked_count: int = 0
    unmaskable_count: int = 0
    lines: int = 0  # line ends read
    broken_count: int = 0  # JSON Lines lines not read as JSON
    broken_first: int = 0

    def note_broken_lines(self) -> None:
        """Say which JSON Lines lines were only searched by name and shape."""
        if self.broken_count:
            more = f" and {self.broken_count - 1} more" if self.broken_count > 1 else ""
            self.notes.append(f"line {self.broken_first}{more} not read as JSON: searched by name and shape only")


class Sink(Protocol):
    """Where the redacted bytes go: *keep* gets bytes as they were in the original, *change* bytes that differ."""

    def keep(self, data: bytes) -> None:
        """Write bytes copied from the original."""

    def change(self, data: bytes) -> None:
        """Write bytes that replace some of the original."""


class Output:
    """Writes the redacted text to a sink and keeps the line and column of the original."""

    def __init__(self, sink: Sink, known: tuple[str, ...]) -> None:
        self._sink = sink
        self.known = known
        self.outcome = Outcome()
        self.line, self.column = 1, 1
        # The latest secrets masked: where the text stops parsing, a secret's name may be lost, not its value.
        self.seen: dict[str, None] = {}

    def _advance(self, text: str) -> None:
        newlines = text.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(text) - text.rfind("\n")
        else:
            self.column += len(text)

    def copy(self, text: str, data: bytes | None = None) -> None:
        """Write *text* of the original unchanged (*data*: the same, as the bytes it was read from)."""
        self._sink.keep(data if data is not None else text.encode("utf-8", "surrogateescape"))
        self._advance(text)

    def record(self, text: str, spans: list[Span], data: bytes | None = None) -> None:
        """Write *text* of the original with each faithful span replaced; note every span as a leak."""
        if not spans:
            self.copy(text, data)
            return
        if len(text) <= _REPEATS_WITHIN:
            spans = _everywhere(text, spans)
        outcome = self.outcome
        position = LineIndex(text) if len(text) > _REPEATS_WITHIN else partial(_line_column, text)
        for span in spans:
            if span.faithful:
                outcome.masked_count += 1
                listed = outcome.masked
            else:
                outcome.unmaskable_count += 1
                listed = outcome.unmaskable
            if len(listed) < LISTED:
                line, column = position(span.start)
                where = (self.line + line - 1, (self.column + column - 1) if line == 1 else column)
                listed.append(Leak(*where, span.kind, span.replacement if _shows_well(span.replacement) else REDACTED))
        faithful = [span for span in spans if span.faithful]
        for span in faithful:
            secret = text[span.start : span.end]
            if _PLAIN_SECRET.fullmatch(secret):
                self.seen.pop(secret, None)
                self.seen[secret] = None
                if len(self.seen) > _SEEN:
                    del self.seen[next(iter(self.seen))]
        if faithful:
            self._sink.change(apply_spans(text, faithful).encode("utf-8", "surrogateescape"))
        else:
            self._sink.keep(data if data is not None else text.encode("utf-8", "surrogateescape"))
        self._advance(text)


_PLAIN_SECRET = re.compile(r"[A-Za-z0-9_\-.~+/=:]{8,}")
_SEEN = 64  # secrets remembered from one record to search the text that does not parse for
_REPEATS_WITHIN = 1 << 16  # a record up to this long is searched for other places its secrets are written


def _everywhere(text: str, spans: list[Span]) -> list[Span]:
    """*spans*, and every other place in *text* where a secret they mask is written the same way.

    A value found to be a credential (by its name, say) is one wherever else the record repeats it; this
    also makes sure no secret found is left behind by a mistake in placing it.
    """
    extra = []
    for secret in {text[span.start : span.end] for span in spans if span.faithful}:
        if not _PLAIN_SECRET.fullmatch(secret):
            continue
        index = text.find(secret)
        while index != -1:
            if not any(span.start <= index < span.end for span in spans):
                extra.append(Span(index, index + len(secret), kind_of(secret), mask(secret)))
            index = text.find(secret, index + len(secret))
    return merge_spans(spans + extra) if extra else spans


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def _shows_well(replacement: str) -> bool:
    return REDACTED in replacement and len(replacement) <= 40 and "\n" not in replacement


class RawText:
    """Text that does not parse, searched by name and shape in pieces cut at line ends."""

    def __init__(self, output: Output) -> None:
        self._output = output
        self._buffer = ""

    def feed(self, text: str) -> None:
        """Take the next *text*; search what is buffered a piece at a time once there is enough of it."""
        self._buffer += text
        while len(self._buffer) > 2 * CHUNK:
            cut = _safe_cut(self._buffer, CHUNK)
            self._search(self._buffer[:cut])
            self._buffer = self._buffer[cut:]

    def finish(self) -> None:
        """Search what is left (the text that follows parses again, or there is no more)."""
        if self._buffer:
            self._search(self._buffer)
            self._buffer = ""

    def _search(self, text: str) -> None:
        known = self._output.known + tuple(self._output.seen)
        self._output.record(text, credential_spans(text, known=known))


_SAFE = re.compile(r"[\s,;&]")


def _safe_cut(text: str, size: int) -> int:
    """Where to cut *text* near *size*: after a line end, else after a separator no token contains."""
    cut = text.rfind("\n", 0, size)
    if cut != -1:
        return cut + 1
    for match in _SAFE.finditer(text, max(0, size - 65536), size):
        cut = match.end()
    return cut if cut > 0 else size
