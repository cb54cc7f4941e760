"""Mask credentials in recordings (JSON, JSON Lines, HAR, VCR cassettes) so they are safe to commit.

Secrets are found two ways: by where they sit (a ``client_secret`` member, an ``Authorization``,
API-key, ``Cookie`` or ``Set-Cookie`` header, a HAR cookie, also inside a JSON body carried as a
string) and by their shape anywhere in the text (``ek_…``, ``sk-…``, ``Bearer …``). Each is
replaced at its exact span in the source text; every other byte stays as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from contract.errors import InputError
from contract.limits import decompress
from contract.parsing.lines import LineIndex
from contract.redaction.spanned import Encoded, Members, Spanned, parse_spanned
from contract.secrets import (
    AUTHORIZATION_HEADERS,
    COOKIE_HEADERS,
    REDACTED,
    SECRET_MEMBERS,
    credential_spans,
    kind_of,
    mask,
)
from contract.sources.files import read_regular_file

__all__ = ["Leak", "Redaction", "redact_bytes", "redact_file"]

_TOKEN_CHAR = re.compile(r"[A-Za-z0-9_\-]")


@dataclass(frozen=True, slots=True)
class Leak:
    """Where a secret sits (1-based line and column), what kind it is, and its masked form."""

    line: int
    column: int
    kind: str
    masked: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted bytes, every secret masked, and any that cannot be masked in place."""

    data: bytes
    masked: tuple[Leak, ...] = ()
    unmaskable: tuple[Leak, ...] = ()

    @property
    def leaks(self) -> tuple[Leak, ...]:
        """Every secret the original held, masked or not."""
        return self.masked + self.unmaskable


class _Secret(NamedTuple):
    anchor: Spanned | Encoded  # the literal in the file that carries the secret
    token: str | None  # None: the secret is inside an encoded body and has no span of its own
    kind: str


def redact_file(path: Path, *, check: bool = False) -> Redaction:
    """Redact the file at *path* in place (only if something changed); with *check*, only report."""
    try:
        data = read_regular_file(path)
    except OSError as err:
        raise InputError(f"{path}: {err.strerror}") from None
    try:
        redaction = redact_bytes(data)
    except InputError as err:
        raise InputError(f"{path}: {err}") from None
    if not check and redaction.data != data:
        try:
            path.write_bytes(redaction.data)
        except OSError as err:
            raise InputError(f"{path}: cannot rewrite: {err.strerror}") from None
    return redaction


def redact_bytes(data: bytes) -> Redaction:
    """Mask every secret in *data*; bytes that are not secrets come back unchanged.

    Raises :class:`InputError` for data too deeply nested or alias-laden to search safely.
    """
    # surrogateescape round-trips any byte, so even a file that is not UTF-8 keeps its other bytes.
    text = data.decode("utf-8", "surrogateescape")
    try:
        spans, unmaskable = _find(text)
    except RecursionError:
        raise InputError("nested too deeply to search for secrets") from None
    position = LineIndex(text)
    out, masked, last = [], [], 0
    for start, end, kind in spans:
        masked.append(Leak(*position(start), kind, mask(text[start:end])))
        out += [text[last:start], mask(text[start:end])]
        last = end
    out.append(text[last:])
    redacted = "".join(out)
    # A credential shape still visible after masking is a bug we must not hide: report it as unmaskable.
    # (Secrets found by position are masked with the marker, which the second look skips.)
    position = LineIndex(redacted)
    unmaskable += [
        Leak(*position(start), kind_of(redacted[start:end]), mask(redacted[start:end]))
        for start, end in credential_spans(redacted)
    ]
    return Redaction(redacted.encode("utf-8", "surrogateescape"), tuple(masked), tuple(unmaskable))


def _find(text: str) -> tuple[list[tuple[int, int, str]], list[Leak]]:
    """Merged, sorted ``(start, end, kind)`` spans to mask, and secrets that have no maskable span."""
    spans = [(start, end, kind_of(text[start:end])) for start, end in credential_spans(text)]
    unmaskable: list[Leak] = []
    position = LineIndex(text)
    for document in parse_spanned(text) or ():
        for secret in _walk(document, None, None):
            located = list(_locate(text, secret.anchor, secret.token)) if secret.token is not None else []
            if located:
                spans += [(start, end, secret.kind) for start, end in located]
            else:
                unmaskable.append(Leak(*position(secret.anchor.start), secret.kind, mask(secret.token or "")))
    return _merge(spans), unmaskable


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda span: (span[0], -span[1])):
        if merged and start < merged[-1][1]:
            first, last, known = merged[-1]
            merged[-1] = (first, max(end, last), known)
        else:
            merged.append((start, end, kind))
    return merged


def _locate(text: str, anchor: Spanned | Encoded, token: str) -> Iterator[tuple[int, int]]:
    """Every whole-token occurrence of *token* inside the literal (*anchor*) that carries it."""
    start, end = anchor.start, anchor.end
    # The standard library, not orjson: a token from a file that is not UTF-8 holds surrogate escapes.
    escaped = json.dumps(token, ensure_ascii=False)[1:-1]
    for variant in {token, escaped, escaped.replace("/", "\\/")}:
        for match in re.finditer(re.escape(variant), text[start:end]):
            first, last = start + match.start(), start + match.end()
            if not _TOKEN_CHAR.match(text[first - 1 : first]) and not _TOKEN_CHAR.match(text[last : last + 1]):
                yield first, last


def _pairs(node: Any) -> list[tuple[Any, Any]] | None:
    if isinstance(node, Members):
        return node
    return list(node.items()) if isinstance(node, dict) else None


def _member(pairs: list[tuple[Any, Any]], name: str) -> Any:
    return next((value for key, value in pairs if isinstance(key, str) and key.lower() == name), None)


def _walk(node: Any, context: str | None, anchor: Spanned | Encoded | None) -> Iterator[_Secret]:
    """Secrets in a tree; *context* is the member or header name the value belongs to.

    Strings are located through *anchor* (the literal in the file that carries them) or, at
    the top level, through their own span.
    """
    pairs = _pairs(node)
    if pairs is not None:
        yield from _walk_members(pairs, context, anchor)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, context, anchor)
    elif isinstance(node, Encoded):
        yield from _inside_encoded(bytes(node), node)
    elif isinstance(node, str):
        here = anchor if anchor is not None else node
        if not isinstance(here, (Spanned, Encoded)):
            return
        for token, kind in _tokens(node, context):
            yield _Secret(here, token, kind)
        if node.lstrip()[:1] in ("{", "["):
            # A body carried as a string (HAR content.text, a cassette's body.string): look inside.
            # Its strings are located through the literal that carries it, so a plain parse will do.
            try:
                inner = orjson.loads(node)
            except orjson.JSONDecodeError:
                return
            yield from _walk(inner, None, here)


def _walk_members(
    pairs: list[tuple[Any, Any]], context: str | None, anchor: Spanned | Encoded | None
) -> Iterator[_Secret]:
    header = _member(pairs, "name")
    base64_text = str(_member(pairs, "encoding")).lower() == "base64"
    for key, value in pairs:
        inner = key.lower() if isinstance(key, str) else None
        if inner == "value" and context == "cookies":
            inner = "cookie-value"  # HAR: request.cookies / response.cookies entries
        elif inner == "value" and isinstance(header, str):
            inner = header.lower()  # HAR: {"name": "Authorization", "value": …}
        here = anchor if anchor is not None else value
        if inner == "text" and base64_text and isinstance(value, str) and isinstance(here, (Spanned, Encoded)):
            yield from _inside_encoded(_b64(value), here)
        else:
            yield from _walk(value, inner, anchor)


def _tokens(value: str, context: str | None) -> Iterator[tuple[str, str]]:
    """The secret tokens a value holds, given the member or header it belongs to."""
    found: list[tuple[str, str]] = []
    if context in SECRET_MEMBERS:
        found.append((value.strip(), SECRET_MEMBERS[context]))
    elif context in AUTHORIZATION_HEADERS:
        scheme, _, credentials = value.strip().partition(" ")
        found.append((credentials.strip() or scheme, "bearer token" if scheme.lower() == "bearer" else "credential"))
    elif context in COOKIE_HEADERS:
        # Set-Cookie carries one cookie and then attributes (Path, Expires) that are not secret.
        pairs = value.split(";")[:1] if context == "set-cookie" else value.split(";")
        found += [(cookie.partition("=")[2].strip(), "cookie") for cookie in pairs]
    elif context == "cookie-value":
        found.append((value.strip(), "cookie"))
    for token, kind in found:
        if token and REDACTED not in token and not token.startswith("$"):
            yield token, kind


def _b64(value: str) -> bytes:
    import base64
    import binascii

    try:
        return base64.b64decode(value)
    except binascii.Error:
        return value.encode("utf-8", "surrogateescape")


def _inside_encoded(data: bytes, anchor: Spanned | Encoded) -> Iterator[_Secret]:
    """A secret inside base64 (and maybe gzip) cannot be masked in place; say so if there is one."""
    if data[:2] == b"\x1f\x8b":
        inflated = decompress(data, "gzip")
        if inflated is None:
            return
        data = inflated
    text = data.decode("utf-8", "replace")
    spans, unmaskable = _find(text)
    if spans or unmaskable:
        kind = spans[0][2] if spans else unmaskable[0].kind
        yield _Secret(anchor, None, f"{kind} inside an encoded body")
