"""Parse JSON and YAML into plain trees whose strings remember where their literal sits in the source text.

Redaction rewrites a secret's literal and leaves every other byte alone, so it needs positions that
ordinary parsers throw away. JSON is mostly read the fast way (see :mod:`contract.redaction.record`);
this is the careful way, for documents with duplicate members, and the only way for YAML.
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

__all__ = ["Encoded", "Members", "Spanned", "json_spanned", "scalar_spans", "yaml_tree"]


class Spanned(str):
    """A decoded string plus the ``[start, end)`` span of its literal in the source, and how it was written.

    ``style`` is ``'"'`` for JSON, or the YAML scalar style (``''`` plain, ``"'"``, ``'"'``, ``'|'``, ``'>'``).
    """

    start: int
    end: int
    style: str

    @classmethod
    def at(cls, value: str, start: int, end: int, style: str = '"') -> Spanned:
        """*value*, found at ``text[start:end]``."""
        spanned = cls(value)
        spanned.start, spanned.end, spanned.style = start, end, style
        return spanned


class Encoded(bytes):
    """A binary scalar (YAML ``!!binary``) decoded, plus the span of its encoded form (tag included)."""

    start: int
    end: int

    @classmethod
    def at(cls, value: bytes, start: int, end: int) -> Encoded:
        """*value*, whose encoded form is ``text[start:end]``."""
        encoded = cls(value)
        encoded.start, encoded.end = start, end
        return encoded


class Members(list[tuple[Any, Any]]):
    """An object's members in source order, duplicates kept (a duplicate may hide a secret too)."""


def _spanned_string(text: str, end: int, strict: bool = True) -> tuple[Spanned, int]:
    value, stop = scanstring(text, end, strict)
    return Spanned.at(value, end - 1, stop), stop


_SPACE = re.compile(r"[ \t\n\r]*")


def _spanned_object(
    s_and_end: tuple[str, int], strict: bool, scan_once: Callable[[str, int], tuple[Any, int]], *_: Any
) -> tuple[Members, int]:
    """An object's members, duplicates kept, names spanned too (the standard library's parser spans neither)."""
    text, end = s_and_end
    pairs = Members()
    end = _SPACE.match(text, end).end()  # type: ignore[union-attr]
    if text[end : end + 1] == "}":
        return pairs, end + 1
    while True:
        if text[end : end + 1] != '"':
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, end)
        key, end = _spanned_string(text, end + 1, strict)
        end = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if text[end : end + 1] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", text, end)
        try:
            value, end = scan_once(text, _SPACE.match(text, end + 1).end())  # type: ignore[union-attr]
        except StopIteration as err:
            raise json.JSONDecodeError("Expecting value", text, err.value) from None
        pairs.append((key, value))
        end = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        after, end = text[end : end + 1], end + 1
        if after == "}":
            return pairs, end
        if after != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, end - 1)
        end = _SPACE.match(text, end).end()  # type: ignore[union-attr]


def _json_decoder() -> json.JSONDecoder:
    decoder = json.JSONDecoder()
    # The pure-Python scanner calls parse_string and parse_object for every value (the C one does not).
    decoder.parse_string = _spanned_string  # type: ignore[attr-defined]
    decoder.parse_object = _spanned_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


_DECODER = _json_decoder()


def json_spanned(text: str, start: int = 0) -> tuple[Any, int]:
    """The JSON value at ``text[start:]`` as a spanned tree, and where it ends.

    Raises :class:`ValueError` when it is not JSON and :class:`RecursionError` when it is nested too deeply.
    """
    return _DECODER.raw_decode(text, start)


def yaml_tree(node: Any, base: int = 0) -> Any:
    """The composed YAML *node* as a spanned tree, its spans counted from offset *base* of the stream.

    A node an alias names again is converted once and shared. Check the node with
    :func:`~contract.parsing.yamlsafe.yaml_expansion` first: aliases can make it of any size.
    """
    return _yaml_tree(node, {}, base)


def _yaml_tree(node: Any, done: dict[int, Any], base: int) -> Any:
    import yaml

    if id(node) in done:
        return done[id(node)]
    if isinstance(node, yaml.MappingNode):
        members = done[id(node)] = Members()
        members.extend((_yaml_tree(key, done, base), _yaml_tree(value, done, base)) for key, value in node.value)
        return members
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        done[id(node)] = items
        items.extend(_yaml_tree(item, done, base) for item in node.value)
        return items
    start, end = node.start_mark.index - base, node.end_mark.index - base
    if node.tag == "tag:yaml.org,2002:binary":
        import base64
        import binascii

        try:
            return Encoded.at(base64.b64decode(node.value), start, end)
        except (binascii.Error, ValueError):
            pass
    return Spanned.at(node.value, start, end, node.style or "")


def scalar_spans(node: Any) -> list[tuple[int, int]]:
    """The ``[start, end)`` of every scalar in the composed YAML *node* (its keys too), in stream offsets."""
    import yaml

    found, stack, seen = [], [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.MappingNode):
            stack.extend(part for pair in item.value for part in pair)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        else:
            found.append((item.start_mark.index, item.end_mark.index))
    return sorted(found)
