"""A failing response's body as HTML: pretty-printed, every credential masked, the value at each finding's
pointer marked.

Reports show only findings, whose messages the validator already masked; this is the one place a body is
shown, so every string in it goes through :mod:`contract.secrets` first: a credential member (``client_secret``)
is masked whole, credential-shaped tokens anywhere else are masked where they stand. A body that does not
parse is shown as text, masked the same way, with the place the parser stopped marked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from html import escape
from typing import Any

from contract.check.body import parse_body
from contract.findings import Finding, escape_pointer
from contract.secrets import SECRET_MEMBERS, is_secret_member, mask, mask_text

__all__ = ["MAX_LINES", "masked_text", "render_body"]

#: Lines of a body shown; the findings beside it still list everything past them.
MAX_LINES = 400
_INDENT = "  "
# A credential member's string value in raw text that did not parse: masked by name, as in a parsed body.
_SECRET_VALUE = re.compile(
    r'("(?:' + "|".join(re.escape(name) for name in SECRET_MEMBERS) + r')"\s*:\s*")((?:[^"\\]|\\.)*)',
    re.IGNORECASE,
)


def masked_text(text: str) -> str:
    """Raw body text with every credential masked: members named as secrets by name, tokens by shape."""
    return mask_text(_SECRET_VALUE.sub(lambda m: m.group(1) + mask(m.group(2)), text))


def _masked(value: Any, secret: bool = False) -> Any:
    if isinstance(value, str):
        return mask(value) if secret else mask_text(value)
    if isinstance(value, dict):
        return {mask_text(str(key)): _masked(item, is_secret_member(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


def _anchor(findings: Iterable[tuple[str, Finding]], value: Any) -> dict[str, list[str]]:
    """Each finding's mark id by the pointer it highlights: its own, or (for a member that is missing) the
    nearest enclosing value that exists."""
    marks: dict[str, list[str]] = {}
    for mark_id, finding in findings:
        pointer = finding.pointer
        while pointer and not _exists(value, pointer):
            pointer = pointer.rsplit("/", 1)[0]
        marks.setdefault(pointer, []).append(mark_id)
    return marks


def _exists(value: Any, pointer: str) -> bool:
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return False
    return True


def render_body(body: bytes, findings: Iterable[tuple[str, Finding]]) -> str:
    """``<pre>`` HTML of *body*: masked, with ``<mark id=…>`` around the value each ``(mark id, finding)`` names."""
    listed = list(findings)
    parsed = parse_body(body)
    if not parsed.has_value:
        return _raw(body, listed)
    value = _masked(parsed.value)
    lines = list(_Lines(_anchor(listed, value)).value(value, "", 0))
    shown = lines[:MAX_LINES]
    if len(lines) > MAX_LINES:
        shown.append(escape(f"… {len(lines) - MAX_LINES} more lines"))
    return '<pre class="body" tabindex="0" aria-label="response body">' + "\n".join(shown) + "</pre>"


def _raw(body: bytes, findings: list[tuple[str, Finding]]) -> str:
    """A body that is no JSON value: its text, masked, the first positioned finding's place marked."""
    text = masked_text(body[: 64 * 1024].decode("utf-8", "replace"))
    lines = text.splitlines() or [""]
    spot = next(((mark_id, f) for mark_id, f in findings if f.line is not None), None)
    out = []
    for number, line in enumerate(lines[:MAX_LINES], start=1):
        if spot is not None and spot[1].line == number:
            column = min(max((spot[1].column or 1) - 1, 0), len(line))
            here = line[column : column + 1] or " "
            out.append(
                escape(line[:column])
                + f'<mark id="{spot[0]}" class="at">{escape(here)}</mark>'
                + escape(line[column + 1 :])
            )
        else:
            out.append(escape(line))
    return '<pre class="body" tabindex="0" aria-label="response body">' + "\n".join(out) + "</pre>"


class _Lines:
    """Pretty-prints a JSON value line by line, wrapping each marked value (however many lines) in ``<mark>``."""

    def __init__(self, marks: Mapping[str, list[str]]) -> None:
        self._marks = marks

    def value(self, value: Any, pointer: str, depth: int, prefix: str = "", suffix: str = "") -> Iterator[str]:
        ids = self._marks.get(pointer)
        lines = list(self._plain(value, pointer, depth, prefix, suffix))
        if ids:
            indent = _INDENT * depth
            first = lines[0]
            start = len(indent) + len(prefix)
            lines[0] = first[:start] + f'<mark id="{ids[0]}">' + first[start:]
            last = lines[-1]
            end = len(last) - len(suffix)
            lines[-1] = last[:end] + "</mark>" + last[end:]
        yield from lines

    def _plain(self, value: Any, pointer: str, depth: int, prefix: str, suffix: str) -> Iterator[str]:
        indent = _INDENT * depth
        if isinstance(value, dict) and value:
            yield f"{indent}{prefix}{{"
            items = list(value.items())
            for position, (key, item) in enumerate(items):
                comma = "," if position < len(items) - 1 else ""
                label = escape(json.dumps(key, ensure_ascii=False)) + ": "
                yield from self.value(item, f"{pointer}/{escape_pointer(key)}", depth + 1, label, comma)
            yield f"{indent}}}{suffix}"
        elif isinstance(value, list) and value:
            yield f"{indent}{prefix}["
            for position, item in enumerate(value):
                comma = "," if position < len(value) - 1 else ""
                yield from self.value(item, f"{pointer}/{position}", depth + 1, "", comma)
            yield f"{indent}]{suffix}"
        else:
            yield f"{indent}{prefix}{escape(json.dumps(value, ensure_ascii=False))}{suffix}"
