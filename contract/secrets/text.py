"""Find credentials in text without understanding its structure: by shape, by the name written before them,
and by the values this run knows — also behind JSON escapes, percent-encoding and base64 (compressed or not).

This is what reports, logs and error messages are masked with, and what ``redact`` falls back on where a
file does not parse. Each :class:`Span` says what to write instead, computed from the decoded secret, so a
token written ``\\u0065k_…`` is replaced whole by ``ek_…(redacted)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from contract.parsing.bodies import decode_base64, deflate, inflate
from contract.parsing.views import View, percent_view, unescape_view
from contract.secrets.catalogue import (
    PREFIXES,
    REDACTED,
    ValueForm,
    is_masked,
    kind_of,
    known_secrets,
    mask,
    secret_name,
)

__all__ = ["Span", "apply_spans", "credential_spans", "leftover_spans", "mask_text", "merge_spans", "value_spans"]


class Span(NamedTuple):
    """``text[start:end]`` is a credential of *kind*; *replacement* is what to write instead.

    ``faithful`` is false when the replacement cannot stand in for the original the way it was read —
    a secret inside a compressed body that is cut short cannot be compressed back — so the place can
    be reported but not rewritten.
    """

    start: int
    end: int
    kind: str
    replacement: str
    faithful: bool = True


# --- by shape -----------------------------------------------------------------------------------------

_SHAPE = re.compile(r"(?P<prefix>" + "|".join(map(re.escape, PREFIXES)) + r")(?P<body>[A-Za-z0-9_\-]*)")
_ALNUM = re.compile(r"[A-Za-z0-9]")
# What may sit right before a token without being part of a longer word: a %XX escape, a backslash
# escape (\n, \u0020, \x20), a JSON pointer escape (~1).
_GLUE = re.compile(r"(?:%[0-9A-Fa-f]{2}|\\[A-Za-z]|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|~[01])\Z")


def _starts_a_token(text: str, start: int, body: str) -> bool:
    """True when a known prefix at *start* begins a credential rather than ends a word (``risk-free``)."""
    if start == 0 or not _ALNUM.match(text, start - 1):
        return True
    if _GLUE.search(text, max(0, start - 6), start):
        return True
    # Glued to a word, it must look random to count: long, with letters and digits.
    return len(body) >= 16 and any(c.isdigit() for c in body) and any(c.isalpha() for c in body)


def _shapes(text: str) -> Iterator[Span]:
    for match in _SHAPE.finditer(text):
        body = match.group("body")
        if body.strip("_-") and _starts_a_token(text, match.start(), body):
            token = match.group()
            yield Span(match.start(), match.end(), kind_of(token), mask(token))


_SCHEME_TOKEN = re.compile(r"(?i:\b(?P<scheme>bearer|basic))(?P<space>\s+|%20|\+)(?P<token>[^\s'\",\\;&<>()]+)")


def _scheme_tokens(text: str) -> Iterator[Span]:
    """``Bearer <token>`` anywhere; ``Basic <base64>`` where it decodes to ``user:password``."""
    for match in _SCHEME_TOKEN.finditer(text):
        token, end = match.group("token"), match.end("token")
        if token.endswith("…") and text.startswith(REDACTED[1:], end):
            token, end = token[:-1], end - 1  # masked already (``Bearer sk-…(redacted)``): only what precedes counts
        if not token or token in PREFIXES or token.startswith(("$", "{{")):
            continue
        if match.group("scheme").lower() == "basic":
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


# --- by the name written before them -------------------------------------------------------------------

_NAME_HINT = re.compile(r"(?i)secret|key|auth|cookie|token|pass|pwd|sig")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_.\-]")
_NAME_REST = re.compile(r"[A-Za-z0-9_.\-]*")
# After a name: its closing quote, then ':' (a member, a header line, a YAML key) or '=' (a parameter, a cookie).
_SEPARATOR = re.compile(r"(?P<quote>[\"']?)[ \t]*(?P<sep>[:=])[ \t]*")
_JSON_STRING = re.compile(r'"(?P<inner>[^"\\\n]*(?:\\.[^"\\\n]*)*)"')  # on one line: broken text may lack a quote
_SINGLE_QUOTED = re.compile(r"'(?P<inner>[^']*(?:''[^']*)*)'")
_YAML_ITEMS = re.compile(r"[ \t]*\r?\n(?P<indent>[ \t]*)-[ \t]+")
_TO_LINE_END = re.compile(r"[^\r\n\"\\]*")
_TO_JSON_END = re.compile(r"[^\s,}\]\"]*")
_TO_PARAMETER_END = re.compile(r"[^\s&;\"'<>#,\\]*")
_JSON_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _named(text: str) -> Iterator[Span]:
    """Values written after a credential's name: ``"client_secret": "…"``, ``api-key: …``, ``?key=…``."""
    done = 0
    for hint in _NAME_HINT.finditer(text):
        if hint.start() < done:
            continue
        start = hint.start()
        while start > 0 and start > hint.start() - 64 and _NAME_CHAR.match(text, start - 1):
            start -= 1
        end = _NAME_REST.match(text, hint.end()).end()  # type: ignore[union-attr]
        done = end
        separator = _SEPARATOR.match(text, end)
        if separator is None:
            continue
        parameter = separator.group("sep") == "="
        found = secret_name(text[start:end], parameter=parameter)
        if found is None:
            continue
        quoted_name = separator.group("quote") != "" or text[start - 1 : start] in ("'", '"')
        yield from _value_after(text, separator.end(), found, parameter=parameter, quoted_name=quoted_name)


def _value_after(
    text: str, at: int, found: tuple[str, ValueForm], *, parameter: bool, quoted_name: bool
) -> Iterator[Span]:
    kind, form = found
    first = text[at : at + 1]
    if first == '"':
        literal = _JSON_STRING.match(text, at)
        if literal is not None:
            yield from _inside_literal(text, literal.start("inner"), literal.end("inner"), kind, form, escaped=True)
        else:  # a string the text breaks off in: its value runs to the end of the line
            yield from _in_value(text, at + 1, _TO_LINE_END.match(text, at + 1).end(), kind, form)  # type: ignore[union-attr]
        return
    if first == "'":
        literal = _SINGLE_QUOTED.match(text, at)
        if literal is not None:
            yield from _inside_literal(text, literal.start("inner"), literal.end("inner"), kind, form, escaped=False)
        return
    if not parameter and first in ("", "\n", "\r"):
        # A YAML key whose value is a list (VCR writes each header that way): every item.
        items = _YAML_ITEMS.match(text, at)
        indent = items.group("indent") if items is not None else ""
        while items is not None and items.group("indent") == indent:
            item = items.end()
            if text[item : item + 1] in ('"', "'"):
                yield from _value_after(text, item, found, parameter=False, quoted_name=True)
            else:
                line = _TO_LINE_END.match(text, item)
                yield from _in_value(text, item, line.end(), kind, form)  # type: ignore[union-attr]
            line_end = text.find("\n", item)
            items = _YAML_ITEMS.match(text, line_end) if line_end != -1 else None
        return
    if first in ("{", "["):
        return  # a structure under a credential's name: its strings are found by their own names and shapes
    pattern = _TO_PARAMETER_END if parameter else _TO_JSON_END if quoted_name else _TO_LINE_END
    end = pattern.match(text, at).end()  # type: ignore[union-attr]
    if quoted_name and _JSON_NUMBER.fullmatch(text, at, end):
        return  # a JSON number: no credential is one (and a mask in its place would not be JSON)
    yield from _in_value(text, at, end, kind, form)


def _inside_literal(text: str, start: int, end: int, kind: str, form: ValueForm, *, escaped: bool) -> Iterator[Span]:
    """A quoted value: judged as decoded, replaced where its encoded form sits."""
    inner = text[start:end]
    view = unescape_view(inner) if escaped else None
    decoded = view.text if view is not None else inner.replace("''", "'") if not escaped else inner
    if not escaped and "''" in inner:
        # Rare: a single-quoted value with a quote inside; mask all of it.
        if not is_masked(decoded):
            yield Span(start, end, kind, REDACTED)
        return
    for span in value_spans(decoded, form, kind):
        first, last = view.span(span.start, span.end) if view is not None else (span.start, span.end)
        yield span._replace(start=start + first, end=start + last)


def _in_value(text: str, start: int, end: int, kind: str, form: ValueForm) -> Iterator[Span]:
    value = text[start:end]
    if value.strip() in ("", "null", "~", "true", "false"):
        return
    for span in value_spans(value, form, kind):
        yield span._replace(start=start + span.start, end=start + span.end)


# HAR keeps headers, query parameters, form fields and cookies as {"name": …, "value": …} objects.
_PAIR_NAME = re.compile(r'"name"\s*:\s*"(?P<name>[^"\\]{1,64})"')
_PAIR_VALUE = re.compile(r'"value"\s*:\s*(?=")')
_COOKIE_LIST = re.compile(r'"cookies"\s*:\s*\[')
_STRING_OR_CLOSE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|\]', re.DOTALL)


def _pairs(text: str) -> Iterator[Span]:
    for match in _PAIR_NAME.finditer(text):
        found = secret_name(match.group("name"), parameter=True)
        if found is None:
            continue
        start, end = text.rfind("{", 0, match.start()), text.find("}", match.end())
        value = _PAIR_VALUE.search(text, start + 1, end if end != -1 else len(text))
        if start != -1 and value is not None:
            yield from _value_after(text, value.end(), found, parameter=False, quoted_name=True)
    for match in _COOKIE_LIST.finditer(text):
        position, end = match.end(), len(text)
        for token in _STRING_OR_CLOSE.finditer(text, position):
            if token.group() == "]":
                end = token.start()
                break
        for value in _PAIR_VALUE.finditer(text, position, end):
            yield from _value_after(text, value.end(), ("cookie", "whole"), parameter=False, quoted_name=True)


_USERINFO = re.compile(r"(?i)\b[a-z][a-z0-9+.\-]*://[^/\s:@\"'<>]*:(?P<password>[^/\s@\"'<>]+)@")


def _passwords_in_urls(text: str) -> Iterator[Span]:
    for match in _USERINFO.finditer(text):
        if not is_masked(match.group("password")):
            yield Span(match.start("password"), match.end("password"), "password", REDACTED)


# --- how a value under a credential's name is masked -----------------------------------------------------

_SCHEME_VALUE = re.compile(r"[ \t]*(?P<scheme>[A-Za-z][A-Za-z0-9_\-]*)[ \t]+(?P<token>\S(?:.*\S)?)\s*", re.DOTALL)
_COOKIE_ATTRIBUTES = frozenset(
    {"path", "domain", "expires", "max-age", "samesite", "secure", "httponly", "priority", "partitioned", "version"}
)
_NEXT_COOKIE = re.compile(r"\r?\n|,(?=\s*[^;,=\s]+=)")
_COOKIE_PART = re.compile(r"[^;,\r\n]+")


def value_spans(value: str, form: ValueForm, kind: str) -> list[Span]:
    """The credentials in *value*, the value of a name the catalogue knows (see :func:`secret_name`)."""
    if form == "authorization":
        scheme = _SCHEME_VALUE.fullmatch(value)
        if scheme is not None:
            token, end = scheme.group("token"), scheme.end("token")
            if scheme.group("scheme").lower() in ("bearer", "basic") and len(token.split(None, 1)) > 1:
                token = token.split(None, 1)[0]  # one token; what follows it is not part of the credential
                end = scheme.start("token") + len(token)
            if scheme.group("scheme").lower() == "bearer":
                kind = kind_of(token) if token.startswith(PREFIXES) else "bearer token"
            return _whole(value, scheme.start("token"), end, kind)
    elif form == "cookie":
        return [span for part in _COOKIE_PART.finditer(value) for span in _cookie(value, part.start(), part.end())]
    elif form == "set-cookie":
        spans, start = [], 0
        for boundary in [*_NEXT_COOKIE.finditer(value), None]:
            end = boundary.start() if boundary is not None else len(value)
            spans += _set_cookie(value, start, end)
            start = boundary.end() if boundary is not None else end
        return spans
    return _whole(value, 0, len(value), kind)


def _whole(value: str, start: int, end: int, kind: str) -> list[Span]:
    token = value[start:end]
    stripped = token.strip().strip("\"'").strip()
    if not stripped or is_masked(stripped) or stripped.startswith("$"):
        return []
    first = start + token.index(stripped)
    return [Span(first, first + len(stripped), kind, mask(stripped))]


def _cookie(value: str, start: int, end: int, *, attributes: bool = False) -> list[Span]:
    name, equals, _ = value[start:end].partition("=")
    if not equals:
        return [] if attributes else _whole(value, start, end, "cookie")
    if attributes and name.strip().lower() in _COOKIE_ATTRIBUTES:
        return []
    return _whole(value, start + len(name) + 1, end, "cookie")


def _set_cookie(value: str, start: int, end: int) -> list[Span]:
    """One Set-Cookie: its first pair is the cookie (commas and all); later pairs are attributes."""
    first_end = value.find(";", start, end)
    first_end = end if first_end == -1 else first_end
    spans = _cookie(value, start, first_end)
    for part in _COOKIE_PART.finditer(value, first_end, end):
        spans += _cookie(value, part.start(), part.end(), attributes=True)
    return spans


# --- inside base64 --------------------------------------------------------------------------------------

_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_\-]{20,}={0,2}(?:(?:\\r)?(?:\\n|\r?\n)[ \t]*[A-Za-z0-9+/_\-]{4,}={0,2})*")
_LINE_BREAKS = re.compile(r"(?:\\r)?\\n|\s")
_WORTH_DECODING = re.compile(rb"(?i)ek_|sk-|chatkit_token_|bearer|secret|key|auth|cookie|token|pass|%[0-9a-f]{2}|\\u")


def _in_base64(text: str, depth: int, known: tuple[str, ...]) -> Iterator[Span]:
    for run in _BASE64_RUN.finditer(text):
        token = run.group()
        if _SHAPE.fullmatch(token):
            continue  # a token, not base64 of one
        decoded = decode_base64(_LINE_BREAKS.sub("", token))
        if decoded is None:
            continue
        data, form = decoded
        try:
            data.decode("utf-8")
            packed = None
        except UnicodeDecodeError:
            packed = inflate(data)
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

_HINT = re.compile(
    r"(?i)ek_|sk-|chatkit_token_|bearer|basic|secret|key|auth|cookie|token|pass|pwd|sig|://|\\|%[0-9a-f]{2}"
    r"|[A-Za-z0-9+/_\-]{20}"
)
_MAX_DEPTH = 4


def _direct(text: str, depth: int, known: tuple[str, ...]) -> list[Span]:
    spans = [*_shapes(text), *_named(text)]
    if "://" in text:
        spans += _passwords_in_urls(text)
    lowered = text.lower()
    if "bearer" in lowered or "basic" in lowered:
        spans += _scheme_tokens(text)
    if known:
        spans += _known(text, known)
    if '"name"' in text or '"cookies"' in text:
        spans += _pairs(text)
    if depth < _MAX_DEPTH:
        spans += _in_base64(text, depth, known)
    return spans


def _views(text: str, depth: int) -> Iterator[View]:
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
    present = tuple(value for value in every if value in text)
    if not present and _HINT.search(text) is None:
        return []
    spans = _direct(text, _depth, present if _depth == 0 else every)
    for view in _views(text, _depth):
        for span in _direct(view.text, _MAX_DEPTH, every):
            start, end = view.span(span.start, span.end)
            spans.append(span._replace(start=start, end=end))
    return merge_spans(spans)


_HIDING_ESCAPE = re.compile(r"\\[uxU][0-9A-Fa-f]{2}|%[0-9A-Fa-f]{2}")


def _visible(text: str, known: tuple[str, ...]) -> list[Span]:
    spans = list(_shapes(text))
    lowered = text.lower()
    if "bearer" in lowered or "basic" in lowered:
        spans += _scheme_tokens(text)
    return spans + list(_known(text, known)) if known else spans


def leftover_spans(text: str, *, known: tuple[str, ...] | None = None) -> list[Span]:
    """Credential shapes and known values still in *text*, also behind escapes that can hide a letter:
    the look a writer takes after masking, cheaper than :func:`credential_spans`."""
    known = known_secrets() if known is None else known
    spans = _visible(text, known)
    if _HIDING_ESCAPE.search(text) is not None:
        for view in _views(text, _MAX_DEPTH - 2):
            for span in _visible(view.text, known):
                start, end = view.span(span.start, span.end)
                spans.append(span._replace(start=start, end=end))
    return merge_spans(spans)


def merge_spans(spans: list[Span]) -> list[Span]:
    """*spans* sorted, overlapping ones joined (the widest one's replacement wins)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda span: (span.start, -span.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = last._replace(end=span.end, replacement=REDACTED, faithful=last.faithful and span.faithful)
            elif not span.faithful:
                merged[-1] = last._replace(faithful=False)
        elif span.end > span.start:
            merged.append(span)
    return merged


def apply_spans(text: str, spans: list[Span]) -> str:
    """*text* with each span replaced (spans sorted and apart, as :func:`credential_spans` gives them)."""
    out, last = [], 0
    for span in spans:
        out += [text[last : span.start], span.replacement]
        last = span.end
    out.append(text[last:])
    return "".join(out)


def mask_text(text: str) -> str:
    """*text* with every credential in it masked — for messages, reports and logs."""
    spans = credential_spans(text)
    return apply_spans(text, spans) if spans else text
