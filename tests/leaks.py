"""An attacker's way of looking for a secret: in every decoded view of some output, not just its bytes.

Written apart from the redaction code on purpose (it shares none of its helpers), so a blind spot in one is
not a blind spot in the other. A view is the text itself, its JSON and percent escapes undone, every string
of it read as JSON or YAML (recursively), and every base64 run decoded and, when compressed, inflated.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import urllib.parse
import zlib
from collections.abc import Iterator
from typing import Any

_B64 = re.compile(r"[A-Za-z0-9+/_\-]{12,}={0,2}(?:(?:\\n|\s)+[A-Za-z0-9+/_\-]{4,}={0,2})*")
_UNICODE = re.compile(r"\\u([0-9a-fA-F]{4})")
_SIMPLE = re.compile(r"\\([nrtbf\"\\/])")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("utf-8", "replace")
        yield from _inflated(value)


def _inflated(data: bytes) -> Iterator[str]:
    for wbits in (47, -15):  # gzip or zlib (auto-detected), raw deflate
        try:
            decoder = zlib.decompressobj(wbits)
            yield decoder.decompress(data, 1 << 24).decode("utf-8", "replace")
        except zlib.error:
            continue


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    import yaml

    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


def _unescaped(text: str) -> str:
    text = _UNICODE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return _SIMPLE.sub(
        lambda m: {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(m.group(1), m.group(1)), text
    )


def views(text: str, depth: int = 0) -> Iterator[str]:
    """*text* and everything that can be decoded out of it."""
    yield text
    if depth > 5:
        return
    for decoded in {_unescaped(text), urllib.parse.unquote(text), urllib.parse.unquote_plus(_unescaped(text))}:
        if decoded != text:
            yield from views(decoded, depth + 1)
    parsed = _parsed(text) if text.lstrip()[:1] in ("{", "[", '"') or ":" in text else None
    for string in _strings(parsed) if not isinstance(parsed, str) else [parsed]:
        if string != text:
            yield from views(string, depth + 1)
    for run in _B64.findall(text):
        compact = re.sub(r"\\n|\s", "", run)
        for alphabet in (None, b"-_"):
            try:
                data = base64.b64decode(compact + "=" * (-len(compact) % 4), altchars=alphabet)
            except (binascii.Error, ValueError):
                continue
            yield from views(data.decode("utf-8", "replace"), depth + 1)
            for inflated in _inflated(data):
                yield from views(inflated, depth + 1)


def found(data: bytes | str, *needles: str) -> list[str]:
    """The needles that show in any view of *data*."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    seen = set()
    for view in views(text):
        seen |= {needle for needle in needles if needle in view}
        if len(seen) == len(needles):
            break
    return sorted(seen)


def assert_clean(data: bytes | str, *needles: str, where: str = "") -> None:
    """No needle shows in any decoded view of *data*."""
    leaked = found(data, *needles)
    shown = data if isinstance(data, str) else data.decode("utf-8", "replace")
    assert not leaked, f"{where}: {leaked} leaked in {shown[:1500]!r}"
