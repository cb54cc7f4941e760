"""Redact a recording as a stream, one record at a time: memory follows the largest record, time the file.

JSON Lines go line by line. A JSON document (HAR, a JSON cassette) is read value by value: a value up
to ``_WHOLE`` characters is redacted whole, a larger object or array is entered and its members taken
one at a time, so a HAR's entries pass through one by one. YAML is read a document at a time. Wherever
the text stops parsing — a broken line, a HAR cut short, stray bytes after it — the rest is searched
by name and shape instead, and the file is said to be only partly understood.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

import orjson

from contract.limits import MAX_ENTRY_BYTES
from contract.redaction.literals import in_json_literal
from contract.redaction.record import Searcher
from contract.secrets import (
    REDACTED,
    Span,
    apply_spans,
    credential_spans,
    kind_of,
    mask,
    merge_spans,
    secret_name,
)
from contract.sources.detect import Format

__all__ = ["Leak", "Outcome", "Sink", "redact_stream"]

_CHUNK = 1 << 20
_WHOLE = 1 << 20  # a JSON object or array up to this many characters is redacted whole; a larger one is entered
_MAX_DESCENT = 64
_MAX_YAML = 64 << 20
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


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


class _Output:
    """Writes the redacted text to a sink and keeps the line and column of the original."""

    def __init__(self, sink: Sink, known: tuple[str, ...]) -> None:
        self._sink = sink
        self.known = known
        self.outcome = Outcome()
        self.line, self.column = 1, 1

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
        spans = _everywhere(text, spans)
        outcome = self.outcome
        for span in spans:
            if span.faithful:
                outcome.masked_count += 1
                listed = outcome.masked
            else:
                outcome.unmaskable_count += 1
                listed = outcome.unmaskable
            if len(listed) < LISTED:
                line, column = _line_column(text, span.start)
                where = (self.line + line - 1, (self.column + column - 1) if line == 1 else column)
                listed.append(Leak(*where, span.kind, span.replacement if _shows_well(span.replacement) else REDACTED))
        faithful = [span for span in spans if span.faithful]
        if faithful:
            self._sink.change(apply_spans(text, faithful).encode("utf-8", "surrogateescape"))
        else:
            self._sink.keep(data if data is not None else text.encode("utf-8", "surrogateescape"))
        self._advance(text)


_PLAIN_SECRET = re.compile(r"[A-Za-z0-9_\-.~+/=:]{8,}")


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


def redact_stream(stream: BinaryIO, sink: Sink, fmt: Format | None) -> Outcome:
    """Redact *stream* (in format *fmt*, ``None`` when unknown) into *sink*."""
    searcher = Searcher()
    output = _Output(sink, searcher.known)
    if fmt == "jsonl":
        _JsonLines(stream, output, searcher).run()
        output.outcome.note_broken_lines()
    elif fmt in ("json", "har", "cassette-json"):
        _JsonDocuments(stream, output, searcher).run()
    else:
        _yaml_or_text(stream, output, searcher, cassette=fmt == "cassette-yaml")
    output.outcome.lines = output.line - 1
    return output.outcome


class _Raw:
    """Text that does not parse, searched by name and shape in pieces cut at line ends."""

    def __init__(self, output: _Output) -> None:
        self._output = output
        self._buffer = ""

    def feed(self, text: str) -> None:
        self._buffer += text
        while len(self._buffer) > 2 * _CHUNK:
            cut = _safe_cut(self._buffer, _CHUNK)
            self._search(self._buffer[:cut])
            self._buffer = self._buffer[cut:]

    def finish(self) -> None:
        if self._buffer:
            self._search(self._buffer)
            self._buffer = ""

    def _search(self, text: str) -> None:
        self._output.record(text, credential_spans(text, known=self._output.known))


_SAFE = re.compile(r"[\s,;&]")


def _safe_cut(text: str, size: int) -> int:
    """Where to cut *text* near *size*: after a line end, else after a separator no token contains."""
    cut = text.rfind("\n", 0, size)
    if cut != -1:
        return cut + 1
    for match in _SAFE.finditer(text, max(0, size - 65536), size):
        cut = match.end()
    return cut if cut > 0 else size


class _JsonLines:
    """One record per line; a run of lines that are not JSON is searched together, by name and shape."""

    def __init__(self, stream: BinaryIO, output: _Output, searcher: Searcher) -> None:
        self._stream = stream
        self._output = output
        self._searcher = searcher
        self._raw = _Raw(output)

    def run(self) -> None:
        number, in_raw = 0, False
        for data in iter(lambda: self._stream.readline(MAX_ENTRY_BYTES), b""):
            number += 1
            whole = data.endswith(b"\n") or len(data) < MAX_ENTRY_BYTES
            text = data.decode("utf-8", "surrogateescape")
            spans = self._spans(data, text) if whole and not in_raw else None
            if spans is None and data.strip():
                outcome = self._output.outcome
                outcome.broken_first = outcome.broken_first or number
                outcome.broken_count += 1
                self._raw.feed(text)
                in_raw = not whole  # the rest of an over-long line is not JSON either
                continue
            in_raw = False
            self._raw.finish()
            self._output.record(text, spans or [], data)
        self._raw.finish()

    def _spans(self, data: bytes, text: str) -> list[Span] | None:
        start = 1 if text.startswith("\ufeff") else 0
        end = len(text.rstrip(" \t\r\n"))
        if end <= start:
            return []
        try:
            parsed = orjson.loads(data[3:] if start else data)
        except orjson.JSONDecodeError:
            return self._searcher.json_spans(text, start, end)
        return self._searcher.json_spans(text, start, end, parsed=parsed)


class _Broken(Exception):
    """The JSON text stops being JSON at ``pos``."""

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.pos = pos


class _JsonDocuments:
    """JSON documents read value by value (see the module docstring), the window of text dropped as it is done."""

    def __init__(self, stream: BinaryIO, output: _Output, searcher: Searcher) -> None:
        self._stream = stream
        self._output = output
        self._searcher = searcher
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._text = ""
        self._eof = False
        self._done = 0  # the window's text before this offset is written

    def _more(self) -> bool:
        if self._eof:
            return False
        data = self._stream.read(max(_CHUNK, len(self._text)))
        self._text += self._decoder.decode(data, final=not data)
        self._eof = not data
        return True

    def run(self) -> None:
        self._more()
        pos = 1 if self._text.startswith("\ufeff") else 0
        try:
            while True:
                pos = self._space(pos)
                if pos >= len(self._text):
                    break
                pos = self._drop(self._value(pos, None, None, 0))
        except _Broken as broken:
            self._rest(broken.pos)
            return
        self._write_to(len(self._text))

    def _write_to(self, end: int) -> None:
        if end > self._done:
            self._output.copy(self._text[self._done : end])
            self._done = end

    def _drop(self, pos: int) -> int:
        if self._done < _CHUNK:
            return pos
        self._text, gone = self._text[self._done :], self._done
        self._done = 0
        return pos - gone

    def _space(self, pos: int) -> int:
        while True:
            pos = _SPACE.match(self._text, pos).end()  # type: ignore[union-attr]
            if pos < len(self._text) or not self._more():
                return pos

    def _value(self, pos: int, name: str | None, secret: Any, depth: int) -> int:
        if self._text[pos] in "{[":
            whole = self._whole(pos)
            if whole is not None:
                value, end = whole
                spans = self._searcher.json_spans(self._text, pos, end, parsed=value, name=name, secret=secret)
                self._redact(pos, end, spans)
                return end
            if depth >= _MAX_DESCENT:
                raise _Broken(pos)
            return self._container(pos, name, secret, depth)
        value, end = self._scalar(pos)
        if isinstance(value, str):
            spans = self._searcher.string_spans(value, secret, 0)
            if spans:
                self._redact(pos, end, in_json_literal(self._text, pos, end, value, spans))
        return end

    def _whole(self, pos: int) -> tuple[Any, int] | None:
        """The value at *pos* and its end, if it is complete within ``_WHOLE`` characters."""
        while True:
            try:
                return _DECODER.raw_decode(self._text, pos)
            except json.JSONDecodeError:
                if len(self._text) - pos > _WHOLE or not self._more():
                    return None
            except RecursionError:
                return None

    def _scalar(self, pos: int) -> tuple[Any, int]:
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, pos)
            except json.JSONDecodeError:
                if len(self._text) - pos > MAX_ENTRY_BYTES or not self._more():
                    raise _Broken(pos) from None
                continue
            if end == len(self._text) and self._more():
                continue  # a number may go on in the text not read yet
            return value, end

    def _container(self, pos: int, name: str | None, secret: Any, depth: int) -> int:
        close = "}" if self._text[pos] == "{" else "]"
        pos = self._space(pos + 1)
        if self._text[pos : pos + 1] == close:
            return pos + 1
        while True:
            if close == "}":
                if self._text[pos : pos + 1] != '"':
                    raise _Broken(pos)
                key, end = self._scalar(pos)
                self._value(pos, None, None, depth + 1)
                pos = self._space(end)
                if self._text[pos : pos + 1] != ":":
                    raise _Broken(pos)
                pos = self._space(pos + 1)
                if pos >= len(self._text):
                    raise _Broken(pos)
                pos = self._value(pos, key, secret_name(key), depth + 1)
            else:
                pos = self._value(pos, name, secret, depth + 1)
            pos = self._space(pos)
            after = self._text[pos : pos + 1]
            if after == close:
                return pos + 1
            if after != ",":
                raise _Broken(pos)
            pos = self._drop(self._space(pos + 1))
            if pos >= len(self._text):
                raise _Broken(pos)

    def _redact(self, start: int, end: int, spans: list[Span] | None) -> None:
        """Write the value at ``[start, end)`` with *spans* (of the window's text) replaced."""
        record = self._text[start:end]
        if spans is None:  # parsed once, not twice: too deep for the careful parse, say
            spans = credential_spans(record, known=self._output.known)
        else:
            spans = [span._replace(start=span.start - start, end=span.end - start) for span in spans]
        if spans:
            self._write_to(start)
            self._output.record(record, spans)
            self._done = end

    def _rest(self, pos: int) -> None:
        """From *pos* on the text is not JSON: search the rest by name and shape."""
        pos = max(pos, self._done)
        self._write_to(pos)
        line = self._output.line
        raw = _Raw(self._output)
        raw.feed(self._text[pos:])
        self._text, self._done = "", 0
        while self._more():
            raw.feed(self._text)
            self._text = ""
        raw.finish()
        self._output.outcome.notes.append(f"not read as JSON from line {line} on: searched by name and shape only")


_YAML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s*(?:#[^\n]*|---[^\n]*|%[^\n]*)?\n)*\s*(?:- |[^\s:#][^\n:]*:(?:\s|$)|\{)"
)


def _yaml_or_text(stream: BinaryIO, output: _Output, searcher: Searcher, *, cassette: bool) -> None:
    """A YAML file by structure as far as it is YAML, the rest (or a file in no known format) by name and shape.

    YAML is read whole, up to ``_MAX_YAML`` bytes (cassettes are written by test suites, a few megabytes
    at most); a larger file, or one that does not start like YAML, is searched as text, a piece at a time.
    """
    data = stream.read(_MAX_YAML + 1)
    if len(data) > _MAX_YAML or not (cassette or _YAML_START.match(data)):
        if len(data) > _MAX_YAML:
            output.outcome.notes.append(f"larger than {_MAX_YAML >> 20} MiB: searched by name and shape only")
        else:
            output.outcome.notes.append("not read as JSON or YAML: searched by name and shape only")
        raw = _Raw(output)
        raw.feed(data.decode("utf-8", "surrogateescape"))
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            raw.feed(decoder.decode(chunk))
        raw.feed(decoder.decode(b"", final=True))
        raw.finish()
        return
    text = data.decode("utf-8", "surrogateescape")
    spans: list[Span] = []
    stop: int | None = 0
    if not _has_surrogates(text):  # not UTF-8: no YAML parser reads it
        spans, stop = searcher.yaml_spans(text)
    if stop is not None:
        rest = credential_spans(text[stop:], known=output.known)
        spans += [span._replace(start=span.start + stop, end=span.end + stop) for span in rest]
        if text[stop:].strip():
            where = text.count("\n", 0, stop) + 1
            output.outcome.notes.append(
                f"not read as YAML from line {where} on: searched by name and shape only"
                if stop
                else "not read as JSON or YAML: searched by name and shape only"
            )
    output.record(text, merge_spans(spans), data)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
