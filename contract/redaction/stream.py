"""Redact a recording as a stream, one record at a time: memory follows the largest record, time the file.

JSON Lines go line by line; a JSON document (HAR, a JSON cassette) value by value (:mod:`.documents`);
YAML a document at a time. Wherever the text stops parsing — a broken line, a HAR cut short, stray bytes
after it — the rest is searched by name and shape instead, and the file is said to be only partly understood.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

import orjson

from contract.limits import MAX_ENTRY_BYTES
from contract.redaction.documents import JsonDocuments
from contract.redaction.output import CHUNK, LISTED, Leak, Outcome, Output, RawText, Sink
from contract.redaction.record import Searcher
from contract.secrets import Span, credential_spans, merge_spans
from contract.sources.detect import Format

__all__ = ["LISTED", "Leak", "Outcome", "Sink", "redact_stream"]

_MAX_YAML = 64 << 20


def redact_stream(stream: BinaryIO, sink: Sink, fmt: Format | None) -> Outcome:
    """Redact *stream* (in format *fmt*, ``None`` when unknown) into *sink*."""
    searcher = Searcher()
    output = Output(sink, searcher.known)
    if fmt == "jsonl":
        _JsonLines(stream, output, searcher).run()
        output.outcome.note_broken_lines()
    elif fmt in ("json", "har", "cassette-json"):
        JsonDocuments(stream, output, searcher).run()
    else:
        _yaml_or_text(stream, output, searcher, cassette=fmt == "cassette-yaml")
    output.outcome.lines = output.line - 1
    return output.outcome


class _JsonLines:
    """One record per line; a run of lines that are not JSON is searched together, by name and shape."""

    def __init__(self, stream: BinaryIO, output: Output, searcher: Searcher) -> None:
        self._stream = stream
        self._output = output
        self._searcher = searcher
        self._raw = RawText(output)

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


_YAML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s*(?:#[^\n]*|---[^\n]*|%[^\n]*)?\n)*\s*(?:- |[^\s:#][^\n:]*:(?:\s|$)|\{)"
)


def _yaml_or_text(stream: BinaryIO, output: Output, searcher: Searcher, *, cassette: bool) -> None:
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
        raw = RawText(output)
        raw.feed(data.decode("utf-8", "surrogateescape"))
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        for chunk in iter(lambda: stream.read(CHUNK), b""):
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
