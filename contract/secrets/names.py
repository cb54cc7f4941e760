"""Credentials found by the name written before them: ``"client_secret": "…"``, ``api-key: …``, ``?key=…``,
HAR ``{"name": "Cookie", "value": …}`` pairs and cookie lists, a password in a URL — in text of any structure."""

from __future__ import annotations

import re
from collections.abc import Iterator

from contract.parsing.patterns import lazy_compile
from contract.secrets.catalogue import REDACTED, ValueForm, is_masked, secret_name
from contract.secrets.spans import Span
from contract.secrets.values import value_spans

__all__ = ["named_spans", "pair_spans", "passwords_in_urls"]

_NAME_HINT = lazy_compile(r"(?i)secret|key|auth|cookie|token|pass|pwd|sig")
_NAME_CHAR = lazy_compile(r"[A-Za-z0-9_.\-]")
_NAME_REST = lazy_compile(r"[A-Za-z0-9_.\-]*")
# After a name: its closing quote, then ':' (a member, a header line, a YAML key) or '=' (a parameter, a cookie).
_SEPARATOR = lazy_compile(r"(?P<quote>[\"']?)[ \t]*(?P<sep>[:=])[ \t]*")
_JSON_STRING = lazy_compile(r'"(?P<inner>[^"\\\n]*(?:\\.[^"\\\n]*)*)"')  # on one line: broken text may lack a quote
_SINGLE_QUOTED = lazy_compile(r"'(?P<inner>[^']*(?:''[^']*)*)'")
_YAML_ITEMS = lazy_compile(r"[ \t]*\r?\n(?P<indent>[ \t]*)-[ \t]+")
_TO_LINE_END = lazy_compile(r"[^\r\n\"\\]*")
_TO_JSON_END = lazy_compile(r"[^\s,}\]\"]*")
_TO_PARAMETER_END = lazy_compile(r"[^\s&;\"'<>#,\\]*")
_JSON_NUMBER = lazy_compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def named_spans(text: str) -> Iterator[Span]:
    """Values written after a credential's name: ``"client_secret": "…"``, ``api-key: …``, ``?key=…``."""
    if ":" not in text and "=" not in text:
        return  # a name is followed by one of these (most file names have neither)
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
    from contract.parsing.views import unescape_view  # escapes: imported by the texts that have a quoted value

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
_PAIR_NAME = lazy_compile(r'"name"\s*:\s*"(?P<name>[^"\\]{1,64})"')
_PAIR_VALUE = lazy_compile(r'"value"\s*:\s*(?=")')
_COOKIE_LIST = lazy_compile(r'"cookies"\s*:\s*\[')
_STRING_OR_CLOSE = lazy_compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|\]', re.DOTALL)


def pair_spans(text: str) -> Iterator[Span]:
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


_USERINFO = lazy_compile(r"(?i)\b[a-z][a-z0-9+.\-]*://[^/\s:@\"'<>]*:(?P<password>[^/\s@\"'<>]+)@")


def passwords_in_urls(text: str) -> Iterator[Span]:
    for match in _USERINFO.finditer(text):
        if not is_masked(match.group("password")):
            yield Span(match.start("password"), match.end("password"), "password", REDACTED)
