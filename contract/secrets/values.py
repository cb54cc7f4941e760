"""How the value written under a credential's name is masked: whole, after its auth scheme, or cookie by cookie."""

from __future__ import annotations

import re

from contract.parsing.patterns import lazy_compile
from contract.secrets.catalogue import PREFIXES, ValueForm, is_masked, kind_of, mask
from contract.secrets.spans import Span

__all__ = ["value_spans"]

_SCHEME_VALUE = lazy_compile(r"[ \t]*(?P<scheme>[A-Za-z][A-Za-z0-9_\-]*)[ \t]+(?P<token>\S(?:.*\S)?)\s*", re.DOTALL)
_COOKIE_ATTRIBUTES = frozenset(
    {"path", "domain", "expires", "max-age", "samesite", "secure", "httponly", "priority", "partitioned", "version"}
)
_NEXT_COOKIE = lazy_compile(r"\r?\n|,(?=\s*[^;,=\s]+=)")
_COOKIE_PART = lazy_compile(r"[^;,\r\n]+")


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
