"""Find every secret in one record — a JSON document, a YAML document, a body — by its structure, and say
what to write instead, as spans of the record's text.

Structure decides what plain text cannot: a member, header, parameter or cookie named like a credential
holds one whatever its shape; a HAR ``{"name": …, "value": …}`` pair is read as one header; a body
carried as a string is parsed and searched in turn; a base64 body (gzip, zlib or raw deflate inside,
or not) is decoded, searched and encoded again the same way. Every string is also searched by name
and shape (:func:`contract.secrets.credential_spans`), so nothing structure misses is lost. Members
that occur twice are all searched, so no reading of a duplicate — the readers' last-wins one or any
other — can see a secret that redaction did not.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

import orjson

from contract.parsing.bodies import decode_base64, deflate, inflate_binary
from contract.parsing.jsontext import STRING_LITERAL
from contract.parsing.views import json_escape
from contract.redaction.literals import in_binary, in_json_literal, in_yaml_scalar
from contract.redaction.spanned import Encoded, json_spanned
from contract.redaction.walk import Secret, Walk
from contract.secrets import (
    REDACTED,
    Span,
    apply_spans,
    credential_spans,
    known_secrets,
    merge_spans,
    secret_name,
    value_spans,
)

__all__ = ["Searcher"]

_MAX_DEPTH = 6  # bodies inside bodies: beyond this, a string is searched by name and shape only
_CACHED = 256  # strings up to this long repeat (member names, enum values): their spans are remembered
_CACHE_SIZE = 2048  # how many: enough for what recurs, few enough to stay small
_NOT_PARSED: Any = object()


class Searcher:
    """Searches records for secrets; remembers what it found in short strings, which repeat from record to record."""

    def __init__(self) -> None:
        self.known = known_secrets()
        self._cache: list[dict[str, list[Span]]] = [{} for _ in range(_MAX_DEPTH + 2)]
        self.names: dict[str, tuple[list[Span], Secret]] = {}

    def seen(self, depth: int) -> dict[str, list[Span]]:
        """What was found in short strings at *depth* so far (strings with no credential name before them)."""
        return self._cache[depth]

    def name_info(self, name: str, depth: int) -> tuple[list[Span], Secret]:
        """The secrets in a member name, and the credential it says its value is."""
        found = self.names.get(name)
        if found is None:
            found = self.string_spans(name, None, depth), secret_name(name)
            if len(self.names) > _CACHE_SIZE:
                _forget_oldest(self.names)
            self.names[name] = found
        return found

    def string_spans(self, value: str, secret: Secret, depth: int) -> list[Span]:
        """The secrets in a decoded string, given the credential its name says it is (if any)."""
        if secret is not None:
            kind, form = secret
            spans = value_spans(value, form, kind)
            return (
                merge_spans(spans + credential_spans(value, known=self.known))
                if form != "whole" or not spans
                else spans
            )
        short = len(value) <= _CACHED
        if short:
            cache = self._cache[depth]
            cached = cache.get(value)
            if cached is not None:
                return cached
        spans = credential_spans(value, known=self.known)
        if depth < _MAX_DEPTH and len(value) > 1:
            first = value.lstrip()[:1]
            inside = self.json_spans(value, 0, len(value), depth=depth + 1) if first in ("{", "[") else None
            if inside:
                spans = merge_spans(inside + spans)
            elif len(value) >= 20 and first not in ("{", "["):
                encoded = self._base64_body(value, depth)
                if encoded is not None:
                    spans = merge_spans([encoded, *spans])
        if short:
            if len(cache) > _CACHE_SIZE:
                _forget_oldest(cache)
            cache[value] = spans
        return spans

    def _base64_body(self, value: str, depth: int) -> Span | None:
        decoded = decode_base64(value)
        if decoded is None:
            return None
        data, form = decoded
        found = self._body(data, depth)
        if found is None:
            return None
        cleaned, kind, faithful = found
        replacement = form.encode(cleaned) if faithful else REDACTED
        return Span(0, len(value), kind, replacement, faithful)

    def encoded_body(self, data: bytes, depth: int) -> tuple[Span, bytes] | None:
        """The secrets in a binary body: what was found, and the body cleaned of them."""
        found = self._body(data, depth)
        if found is None:
            return None
        cleaned, kind, faithful = found
        return Span(0, len(data), kind, REDACTED, faithful), cleaned

    def _body(self, data: bytes, depth: int) -> tuple[bytes, str, bool] | None:
        """*data* (maybe compressed) with its secrets masked, what was found, and whether it could be redone."""
        packed = inflate_binary(data)
        inner = packed.data if packed is not None else data
        text = inner.decode("utf-8", "surrogateescape")
        spans = self.text_spans(text, depth + 1)
        if not spans:
            return None
        kind = f"{spans[0].kind} inside an encoded body"
        if packed is not None and not packed.complete:
            return data, kind, False
        faithful = all(span.faithful for span in spans)
        cleaned = apply_spans(text, [span for span in spans if span.faithful]).encode("utf-8", "surrogateescape")
        return (deflate(cleaned, packed.compression) if packed is not None else cleaned), kind, faithful

    def text_spans(self, text: str, depth: int = 0) -> list[Span]:
        """The secrets in a body or any text: by structure where it is JSON, by name and shape everywhere."""
        inside = None
        if depth < _MAX_DEPTH and text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[", '"'):
            start = len(text) - len(text.lstrip("\ufeff \t\r\n"))
            end = len(text.rstrip(" \t\r\n"))
            inside = self.json_spans(text, start, end, depth=depth)
        return merge_spans((inside or []) + credential_spans(text, known=self.known))

    def json_spans(
        self,
        text: str,
        start: int,
        end: int,
        *,
        depth: int = 0,
        parsed: Any = _NOT_PARSED,
        name: str | None = None,
        secret: Secret = None,
    ) -> list[Span] | None:
        """The secrets in the JSON value ``text[start:end]`` (already *parsed*, maybe), as spans of *text*;
        ``None`` when it is not one JSON value. *name* and *secret* describe the member it is the value of."""
        if parsed is _NOT_PARSED:
            try:
                whole = start == 0 and end == len(text) and type(text) is str  # orjson takes no str subclass
                parsed = orjson.loads(text if whole else str.__str__(text)[start:end])
            except orjson.JSONDecodeError:
                return self._careful_json(text, start, end, depth=depth, name=name, secret=secret)
        walk = Walk(self, depth)
        walk.node(parsed, name, secret)
        literals = None
        if text.find("\\", start, end) == -1:
            count = text.count('"', start, end) // 2  # no escapes: every quote opens or closes a literal
        else:
            literals = [match.span() for match in STRING_LITERAL.finditer(text, start, end)]
            count = len(literals)
        if count != walk.count:
            # Duplicate members, which a parse merges: only the careful parse sees them all.
            return self._careful_json(text, start, end, depth=depth, name=name, secret=secret)
        if not walk.found:
            return []
        spans: list[Span] = []
        if literals is not None:
            for ordinal, value, found in walk.found:
                first, last = literals[ordinal]
                spans += in_json_literal(text, first, last, value, found)
            return spans
        # No escapes anywhere: literal n runs from quote 2n to quote 2n + 1 and reads as it is written.
        quote, seen = start - 1, 0
        for ordinal, _, found in walk.found:
            while seen <= ordinal:
                quote = text.find('"', text.find('"', quote + 1, end) + 1, end)
                seen += 1
            inner = text.rfind('"', start, quote) + 1
            spans += [
                span._replace(start=inner + span.start, end=inner + span.end, replacement=json_escape(span.replacement))
                for span in found
            ]
        return spans

    def _careful_json(
        self, text: str, start: int, end: int, *, depth: int, name: str | None, secret: Secret
    ) -> list[Span] | None:
        try:
            tree, stop = json_spanned(text, start)
        except (ValueError, RecursionError):
            return None
        if text[stop:end].strip():
            return None
        walk = Walk(self, depth)
        walk.node(tree, name, secret)
        spans = []
        for handle, value, found in walk.found:
            spans += in_json_literal(text, handle.start, handle.end, value, found)
        return spans

    def yaml_spans(self, text: str, tree: Any, name: str | None, secret: Secret, written: int) -> list[Span]:
        """The secrets in a YAML node's spanned *tree* (spans of *text*) — the value of member *name*, if any.

        A scalar before *written* is one an alias names again: it was rewritten where it first appeared.
        """
        walk = Walk(self, 0)
        walk.node(tree, name, secret)
        spans: list[Span] = []
        seen: set[int] = set()
        for handle, value, found in walk.found:
            if handle.start < written or handle.start in seen:
                continue
            seen.add(handle.start)
            if isinstance(handle, Encoded):
                (span,) = found
                spans.append(in_binary(text, handle.start, handle.end, value, span))
            else:
                spans += in_yaml_scalar(text, handle, found)
        return spans


def _forget_oldest(cache: dict[str, Any]) -> None:
    """Drop the older half of *cache*: what recurs is soon remembered again, what was seen once goes."""
    for key in list(islice(cache, len(cache) // 2)):
        del cache[key]
