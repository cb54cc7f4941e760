"""JSON documents (a HAR, a JSON cassette, a response body) redacted value by value.

A value up to ``_WHOLE`` characters is redacted whole, by structure; a larger object or array is entered
and its members taken one at a time, so a HAR's entries pass through one by one and the window of text
held stays small. Where the text stops being JSON, the rest is searched as text.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any, BinaryIO

from contract.limits import MAX_ENTRY_BYTES
from contract.redaction.literals import in_json_literal
from contract.redaction.output import CHUNK, Output, RawText
from contract.redaction.record import Searcher
from contract.secrets import Span, credential_spans, secret_name

__all__ = ["JsonDocuments"]

_WHOLE = 1 << 20  # a JSON object or array up to this many characters is redacted whole; a larger one is entered
_MAX_DESCENT = 64
_CONTEXT = 1 << 16  # characters kept before the point reached, for a search by name should the JSON break off
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


class _Broken(Exception):
    """The JSON text stops being JSON at ``pos``."""

    def __init__(self, pos: int) -> None:
        super().__init__(pos)
        self.pos = pos


class JsonDocuments:
    """JSON documents read value by value (see the module docstring), the window of text dropped as it is done."""

    def __init__(self, stream: BinaryIO, output: Output, searcher: Searcher) -> None:
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
        data = self._stream.read(max(CHUNK, len(self._text)))
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
        """Forget the text written so far; *pos* (all before it redacted) as an offset into what is kept.

        Text with nothing to mask is written too, all but the last ``_CONTEXT`` characters before *pos*:
        should the text stop being JSON, those give the search by name and shape its names.
        """
        if pos - self._done > CHUNK + _CONTEXT:
            self._write_to(pos - _CONTEXT)
        if self._done < CHUNK:
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
        """Redact the value at *pos* (the value of member *name*, if any); where it ends."""
        if pos >= len(self._text):
            raise _Broken(pos)
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
        """From *pos* on the text is not JSON: search the rest by name and shape.

        The search starts where the last value redacted ended, not at *pos*: what came between (the
        ``"name": "Cookie"`` of a pair whose value breaks off, say) is the context a name gives.
        """
        line = self._output.line + self._text.count("\n", self._done, pos)
        raw = RawText(self._output)
        raw.feed(self._text[self._done :])
        self._text, self._done = "", 0
        while self._more():
            raw.feed(self._text)
            self._text = ""
        raw.finish()
        self._output.outcome.notes.append(f"not read as JSON from line {line} on: searched by name and shape only")
