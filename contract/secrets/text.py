"""Find credentials in text without understanding its structure: by shape, by the name written before them,
and by the values this run knows — also behind JSON escapes, percent-encoding and base64 (compressed or not).

This is what reports, logs and error messages are masked with, and what ``redact`` falls back on where a
file does not parse. Each :class:`Span` says what to write instead, computed from the decoded secret, so a
token written ``\\u0065k_…`` is replaced whole by ``ek_…(redacted)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from contract.parsing.patterns import lazy_compile
from contract.secrets.catalogue import PREFIXES, REDACTED, kind_of, known_secrets, mask
from contract.secrets.spans import Span, apply_spans, merge_spans

if TYPE_CHECKING:
    from contract.parsing.views import View

__all__ = ["credential_spans", "mask_text"]


# --- by shape -----------------------------------------------------------------------------------------

_SHAPE = lazy_compile(r"(?P<prefix>" + "|".join(map(re.escape, PREFIXES)) + r")(?P<body>[A-Za-z0-9_\-]*)")
_ALNUM = lazy_compile(r"[A-Za-z0-9]")
# What may sit right before a token without being part of a longer word: a %XX escape, a backslash
# escape (\n, \u0020, \x20), a JSON pointer escape (~1).
_GLUE = lazy_compile(r"(?:%[0-9A-Fa-f]{2}|\\[A-Za-z]|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|~[01])\Z")


def _starts_a_token(text: str, start: int, body: str) -> bool:
    """True when a known prefix at *start* begins a credential rather than ends a word (``risk-free``)."""
    if start == 0 or not _ALNUM.match(text, start - 1):
        return True
    if _GLUE.search(text, max(0, start - 6), start):
        return True
    # Glued to a word, it must look random to count: long, with letters and digits.
    return len(body) >= 16 and any(c.isdigit() for c in body) and any(c.isalpha() for c in body)


# A JSON Web Token: three base64url parts, the first two JSON objects (``{"`` encodes as ``eyJ``).
_JWT = lazy_compile(r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*")


# Every prefix holds one of these; a text without any (most file names) needs no scan for shapes.
_PREFIX_CORES = ("ek_", "sk-", "chatkit_token_")


def _shapes(text: str) -> Iterator[Span]:
    if any(core in text for core in _PREFIX_CORES):
        yield from _prefixed(text)
    if "eyJ" in text:
        for match in _JWT.finditer(text):
            yield Span(match.start(), match.end(), "token", REDACTED)


def _prefixed(text: str) -> Iterator[Span]:
    for match in _SHAPE.finditer(text):
        body = match.group("body")
        if body.strip("_-") and _starts_a_token(text, match.start(), body):
            token = match.group()
            yield Span(match.start(), match.end(), kind_of(token), mask(token))


_SCHEME_TOKEN = lazy_compile(r"(?i:\b(?P<scheme>bearer|basic))(?P<space>\s+|%20|\+)(?P<token>[^\s'\",\\;&<>()]+)")


def _scheme_tokens(text: str) -> Iterator[Span]:
    """``Bearer <token>`` anywhere; ``Basic <base64>`` where it decodes to ``user:password``."""
    for match in _SCHEME_TOKEN.finditer(text):
        token, end = match.group("token"), match.end("token")
        if token.endswith("…") and text.startswith(REDACTED[1:], end):
            token, end = token[:-1], end - 1  # masked already (``Bearer sk-…(redacted)``): only what precedes counts
        if not token or token in PREFIXES or token.startswith(("$", "{{")):
            continue
        if match.group("scheme").lower() == "basic":
            from contract.parsing.bodies import decode_base64  # decoders: imported by the texts that need them

            decoded = decode_base64(token, min_size=4)
            if decoded is None or b":" not in decoded[0]:
                continue
            yield Span(match.start("token"), end, "credential", REDACTED)
        else:
            kind = kind_of(token) if token.startswith(PREFIXES) else "bearer token"
            yield Span(match.start("token"), end, kind, mask(token))


def _known(text: str, known: tuple[str, ...]) -> Iterator[Span]:
    for value in known:
        index = text.find(value)
        while index != -1:
            yield Span(index, index + len(value), "API key", mask(value))
            index = text.find(value, index + len(value))


# --- inside base64 --------------------------------------------------------------------------------------

_BASE64_RUN = lazy_compile(r"[A-Za-z0-9+/_\-]{20,}={0,2}(?:(?:\\r)?(?:\\n|\r?\n)[ \t]*[A-Za-z0-9+/_\-]{4,}={0,2})*")
_LINE_BREAKS = lazy_compile(r"(?:\\r)?\\n|\s")
_WORTH_DECODING = lazy_compile(rb"(?i)ek_|sk-|chatkit_token_|bearer|secret|key|auth|cookie|token|pass|%[0-9a-f]{2}|\\u")


def _in_base64(text: str, depth: int, known: tuple[str, ...]) -> Iterator[Span]:
    for run in _BASE64_RUN.finditer(text):
        token = run.group()
        if ("/" in token or "+" in token) and ("-" in token or "_" in token):
            continue  # base64 is written in one alphabet, "+/" or "-_": a path, not base64
        if _SHAPE.fullmatch(token):
            continue  # a token, not base64 of one
        from contract.parsing.bodies import decode_base64, deflate, inflate_binary  # imported by texts that need it

        # Whitespace only ever follows a line break, written or escaped: a run on one line is decoded as it is.
        decoded = decode_base64(_LINE_BREAKS.sub("", token) if "\n" in token or "\\" in token else token)
        if decoded is None:
            continue
        data, form = decoded
        packed = inflate_binary(data)
        inner = packed.data if packed is not None else data
        if not any(value.encode() in inner for value in known) and _WORTH_DECODING.search(inner) is None:
            continue
        text_inside = inner.decode("utf-8", "surrogateescape")
        spans = credential_spans(text_inside, known=known, _depth=depth + 1)
        if not spans:
            continue
        kind = f"{spans[0].kind} inside a base64 body"
        if packed is not None and not packed.complete:
            yield Span(run.start(), run.end(), kind, REDACTED, faithful=False)
            continue
        cleaned = apply_spans(text_inside, spans).encode("utf-8", "surrogateescape")
        if packed is not None:
            cleaned = deflate(cleaned, packed.compression)
        yield Span(run.start(), run.end(), kind, form.encode(cleaned).strip())


# --- all together ---------------------------------------------------------------------------------------

_HINT = lazy_compile(
    r"(?i)ek_|sk-|chatkit_token_|bearer|basic|secret|key|auth|cookie|token|pass|pwd|sig|://|\\|%[0-9a-f]{2}"
    r"|[A-Za-z0-9+/_\-]{20}"
)
_MAX_DEPTH = 4


def _direct(text: str, depth: int, known: tuple[str, ...]) -> list[Span]:
    spans = [*_shapes(text)]
    if ":" in text or "=" in text:
        # A credential found by its name has one of these after the name (a URL's password, a ":" too); the finders
        # by name are imported by the texts that have one, which most file names do not.
        from contract.secrets import names

        spans += names.named_spans(text)
        if "://" in text:
            spans += names.passwords_in_urls(text)
    lowered = text.lower()
    if "bearer" in lowered or "basic" in lowered:
        spans += _scheme_tokens(text)
    if known:
        spans += _known(text, known)
    if '"name"' in text or '"cookies"' in text:
        from contract.secrets.names import pair_spans

        spans += pair_spans(text)
    if depth < _MAX_DEPTH:
        spans += _in_base64(text, depth, known)
    return spans


def _views(text: str, depth: int) -> Iterator[View]:
    if "\\" not in text and "%" not in text:
        return  # no escape to decode (the views module is imported by the texts that have one)
    from contract.parsing.views import percent_view, unescape_view

    pending: list[tuple[View, int]] = []
    for decode in (unescape_view, percent_view):
        view = decode(text, None)
        if view is not None:
            pending.append((view, depth + 1))
    while pending:
        view, level = pending.pop()
        yield view
        if level < _MAX_DEPTH:
            for decode in (unescape_view, percent_view):
                inner = view.of(decode)
                if inner is not None and inner.text != view.text:
                    pending.append((inner, level + 1))


def credential_spans(text: str, *, known: tuple[str, ...] | None = None, _depth: int = 0) -> list[Span]:
    """Every credential in *text*, found by shape, by name, or as a known value, also behind escapes and
    inside base64 — merged, sorted, not overlapping.

    *known* stands in for :func:`~contract.secrets.known_secrets` (a caller searching many texts asks once).
    """
    every = known_secrets() if known is None else known
    present = tuple(value for value in every if value in text) if every else ()
    if not present and _HINT.search(text) is None:
        return []
    spans = _direct(text, _depth, present if _depth == 0 else every)
    for view in _views(text, _depth):
        for span in _direct(view.text, _MAX_DEPTH, every):
            start, end = view.span(span.start, span.end)
            spans.append(span._replace(start=start, end=end))
    return merge_spans(spans) if spans else []


def mask_text(text: str) -> str:
    """*text* with every credential in it masked — for messages, reports and logs."""
    spans = credential_spans(text)
    return apply_spans(text, spans) if spans else text
