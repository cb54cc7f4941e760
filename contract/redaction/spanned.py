"""Parse JSON, JSON Lines and YAML into plain trees whose strings remember where they sit in the source text.

Redaction needs the exact source span of each string so it can rewrite that span and leave
every other byte alone; ordinary parsers throw positions away.
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import orjson

from contract.errors import InputError
from contract.parsing.jsontext import STRING_LITERAL
from contract.parsing.yamlsafe import no_timestamp_loader, yaml_expansion

__all__ = ["Encoded", "Members", "Spanned", "parse_spanned"]


class Spanned(str):
    """A decoded string value plus the ``[start, end)`` character span of its literal in the source."""

    start: int
    end: int

    @classmethod
    def at(cls, value: str, start: int, end: int) -> Spanned:
        """*value*, found at ``text[start:end]``."""
        spanned = cls(value)
        spanned.start, spanned.end = start, end
        return spanned


class Encoded(bytes):
    """A binary scalar (YAML ``!!binary``) decoded, plus the span of its encoded form."""

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


def _json_decoder() -> json.JSONDecoder:
    decoder = json.JSONDecoder(object_pairs_hook=Members)
    # The pure-Python scanner calls parse_string for every string value (the C one does not).
    decoder.parse_string = _spanned_string  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _skip_whitespace(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


def _json_documents(text: str) -> Iterator[Any]:
    """Every JSON document in *text*: one, or one per line (JSON Lines), or several in a row."""
    decoder = _json_decoder()
    index = _skip_whitespace(text, 1 if text.startswith("\ufeff") else 0)
    while index < len(text):
        # The usual document ends where the text or its line ends; try the fast path on that first.
        for end in (len(text), _line_end(text, index)):
            value = _fast_document(text, index, end)
            if value is not _SLOW:
                index = end
                break
        else:
            value, index = decoder.raw_decode(text, index)
        yield value
        index = _skip_whitespace(text, index)


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end == -1 else end


_SLOW: Any = object()


class _Desync(Exception):
    """The string literals in the text do not line up with the parsed strings."""


def _fast_document(text: str, start: int, end: int) -> Any:
    """Parse ``text[start:end]`` with orjson and pair its strings with the literals a regex finds.

    JSON has no other place a quote can appear, so the n-th string literal in the text is the
    n-th key or string value in document order. Duplicate keys, which orjson merges, leave
    literals over; any mismatch in count sends the caller to the slow, position-tracking parser.
    """
    try:
        value = orjson.loads(text[start:end])
    except orjson.JSONDecodeError:
        return _SLOW
    literals = STRING_LITERAL.finditer(text, start, end)
    try:
        attached = _attach(value, literals)
    except (_Desync, RecursionError):
        return _SLOW
    return _SLOW if next(literals, None) is not None else attached


def _next_literal(literals: Iterator[re.Match[str]]) -> re.Match[str]:
    literal = next(literals, None)
    if literal is None:
        raise _Desync
    return literal


def _attach(value: Any, literals: Iterator[re.Match[str]]) -> Any:
    if isinstance(value, str):
        literal = _next_literal(literals)
        return Spanned.at(value, literal.start(), literal.end())
    if isinstance(value, dict):
        members = Members()
        for key, item in value.items():
            _next_literal(literals)
            members.append((key, _attach(item, literals)))
        return members
    if isinstance(value, list):
        return [_attach(item, literals) for item in value]
    return value


def _yaml_tree(node: Any) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return Members((_yaml_tree(key), _yaml_tree(value)) for key, value in node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_tree(item) for item in node.value]
    start, end = node.start_mark.index, node.end_mark.index
    if node.tag == "tag:yaml.org,2002:binary":
        import base64
        import binascii

        try:
            return Encoded.at(base64.b64decode(node.value), start, end)
        except binascii.Error:
            return Spanned.at(node.value, start, end)
    return Spanned.at(node.value, start, end)


def _yaml_documents(text: str) -> Iterator[Any]:
    import yaml

    for node in yaml.compose_all(text, Loader=no_timestamp_loader()):
        if node is not None:
            problem = yaml_expansion(node)
            if problem is not None:
                raise InputError(f"not read as YAML: {problem}")
            yield _yaml_tree(node)


def parse_spanned(text: str) -> list[Any] | None:
    """Every document in *text* as a spanned tree (JSON first, then YAML), or None when it parses as neither.

    Raises :class:`InputError` for a document too deep or too alias-laden to walk safely.
    """
    try:
        return _documents(text)
    except RecursionError:
        raise InputError("nested too deeply to read") from None


def _documents(text: str) -> list[Any] | None:
    import yaml

    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        try:
            return list(_json_documents(text))
        except ValueError:
            pass  # not JSON after all (a YAML flow mapping, or broken): YAML may still read it
    try:
        return list(_yaml_documents(text))
    except (yaml.YAMLError, ValueError):
        return None
