"""Redact a recording as a stream, one record at a time: memory follows the largest record, time the file.

JSON Lines go line by line; a JSON document (HAR, a JSON cassette) value by value (:mod:`.documents`);
YAML a node at a time (:mod:`.yamlstream`). Wherever the text stops parsing — a broken line, a HAR cut
short, stray bytes after it — the rest is searched by name and shape instead, and the file is said to be
only partly understood.
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
from contract.redaction.yamlstream import YamlDocuments
from contract.secrets import Span
from contract.sources.detect import HEAD_SIZE, Format

__all__ = ["LISTED", "Leak", "Outcome", "Sink", "redact_stream"]


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
    """A YAML file by structure as far as it is YAML (:mod:`.yamlstream`); a file in no known format, and the
    rest of one that stops being YAML, by name and shape."""
    head = stream.read(HEAD_SIZE)
    stream.seek(0)
    if cassette or _YAML_START.match(head):
        YamlDocuments(stream, output, searcher).run()
        return
    output.outcome.notes.append("not read as JSON or YAML: searched by name and shape only")
    raw = RawText(output)
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        raw.feed(decoder.decode(chunk))
    raw.feed(decoder.decode(b"", final=True))
    raw.finish()
