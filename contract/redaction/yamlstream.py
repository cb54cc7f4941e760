"""YAML (VCR cassettes) redacted node by node, as the cassette reader reads it: memory follows the largest
interaction, not the file.

Each top-level value is composed on its own, and each item of a top-level list (a cassette's
``interactions``) too; its scalars are redacted by structure, and the text around them (comments,
which no YAML parser keeps) by name and shape. Where the text stops being YAML the rest is searched as
text.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, Any, BinaryIO

from contract.errors import InputError
from contract.parsing.yamlsafe import streaming_loader, yaml_expansion
from contract.redaction.output import CHUNK, Output, RawText
from contract.redaction.record import Searcher
from contract.redaction.spanned import scalar_spans, yaml_tree
from contract.secrets import Span, credential_spans, merge_spans, secret_name

if TYPE_CHECKING:
    from contract.redaction.walk import Secret

__all__ = ["YamlDocuments"]


class YamlDocuments:
    """The YAML documents of a stream, redacted a node at a time (see the module docstring)."""

    def __init__(self, stream: BinaryIO, output: Output, searcher: Searcher) -> None:
        self._stream = stream
        self._output = output
        self._searcher = searcher
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._text = ""  # what the parser has been given and is not written yet, from _base on
        self._base = 0  # the parser's offset of _text[0]
        self._done = 0  # _text before this is written
        self._read = b""  # the bytes read last, until they decode

    def read(self, size: int) -> str:
        """Feed the parser: the next piece of the stream, decoded (it must be UTF-8), kept to be written later."""
        self._read = self._stream.read(size)
        piece = self._decoder.decode(self._read, final=not self._read)
        if not self._text and piece.startswith("\ufeff"):
            self._base = -1  # the parser counts from after a byte-order mark; the mark is kept in the text
        self._read = b""
        self._text += piece
        return piece

    def run(self) -> None:
        """Redact every document; where the text stops being YAML, the rest by name and shape."""
        import yaml
        from yaml.events import (
            DocumentEndEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            SequenceEndEvent,
            SequenceStartEvent,
            StreamEndEvent,
            StreamStartEvent,
        )

        loader = streaming_loader()(self)
        try:
            if loader.check_event(StreamStartEvent):
                loader.get_event()
            while not loader.check_event(StreamEndEvent):
                if loader.check_event(DocumentStartEvent):
                    loader.get_event()
                    loader.anchors = {}
                if loader.check_event(MappingStartEvent):
                    loader.get_event()
                    while not loader.check_event(MappingEndEvent):
                        name = getattr(self._node(loader.compose_node(None, None), None, None), "value", None)
                        self._value(
                            loader, name if isinstance(name, str) else None, SequenceStartEvent, SequenceEndEvent
                        )
                    loader.get_event()
                else:
                    self._value(loader, None, SequenceStartEvent, SequenceEndEvent)
                if loader.check_event(DocumentEndEvent):
                    loader.get_event()
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
            self._rest()
            return
        finally:
            loader.dispose()
        while self.read(CHUNK):
            pass
        self._write(len(self._text), [])

    def _value(self, loader: Any, name: str | None, opening: type, closing: type) -> None:
        """The value of member *name* (or a document): a list an item at a time, anything else whole."""
        secret: Secret = secret_name(name) if name is not None else None
        if not loader.check_event(opening):
            self._node(loader.compose_node(None, None), name, secret)
            return
        event = loader.peek_event()
        if getattr(event, "anchor", None):  # a list an alias may name again: compose it whole
            self._node(loader.compose_node(None, None), name, secret)
            return
        loader.get_event()
        while not loader.check_event(closing):
            self._node(loader.compose_node(None, None), name, secret)
        loader.get_event()

    def _node(self, node: Any, name: str | None, secret: Secret) -> Any:
        """Redact the composed *node* and write the text up to its end."""
        problem = yaml_expansion(node)
        if problem is not None:
            raise InputError(f"not read as YAML: {problem}")
        spans = self._searcher.yaml_spans(self._text, yaml_tree(node, self._base), name, secret, self._done)
        end = node.end_mark.index - self._base
        spans += self._between_scalars(node, end)
        self._write(end, merge_spans(spans))
        return node

    def _between_scalars(self, node: Any, end: int) -> list[Span]:
        """Credentials in the text around the scalars up to *end* — in comments, which YAML does not keep."""
        spans, start = [], self._done
        for first, last in [*scalar_spans(node), (end + self._base, end + self._base)]:
            gap = self._text[start : first - self._base]
            if "#" in gap:
                found = credential_spans(gap, known=self._output.known)
                spans += [span._replace(start=span.start + start, end=span.end + start) for span in found]
            start = max(start, last - self._base)
        return spans

    def _write(self, end: int, spans: list[Span]) -> None:
        """Write the text up to *end* with *spans* (of the text) replaced, and forget it."""
        if end <= self._done:
            return
        shifted = [span._replace(start=span.start - self._done, end=span.end - self._done) for span in spans]
        self._output.record(self._text[self._done : end], [span for span in shifted if span.start >= 0])
        self._done = end
        if self._done > CHUNK:
            self._text = self._text[self._done :]
            self._base += self._done
            self._done = 0

    def _rest(self) -> None:
        """The text stops being YAML: search what is not written yet, and the rest of the stream, as text."""
        line = self._output.line
        raw = RawText(self._output)
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        # What was decoded stays as it was; bytes the strict decoder refused are taken as they come.
        raw.feed(self._text[self._done :])
        raw.feed(decoder.decode(self._decoder.getstate()[0] + self._read))
        for data in iter(lambda: self._stream.read(CHUNK), b""):
            raw.feed(decoder.decode(data))
        raw.feed(decoder.decode(b"", final=True))
        raw.finish()
        self._text, self._done = "", 0
        where = f"from line {line} on" if line > 1 else "at all"
        self._output.outcome.notes.append(f"not read as YAML {where}: searched by name and shape only")
