"""Tell recording formats apart by their content, with the file extension as a tie-breaker."""

from __future__ import annotations

from typing import Literal

import orjson

from contract.parsing.patterns import lazy_compile

__all__ = ["EXTENSIONS", "HEAD_SIZE", "Format", "detect"]

Format = Literal["json", "jsonl", "har", "cassette-yaml", "cassette-json"]

#: Bytes read from the start of an input to decide its format.
HEAD_SIZE = 64 * 1024

#: What each extension suggests when the content alone does not decide.
EXTENSIONS: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".har": "har",
    ".yaml": "cassette-yaml",
    ".yml": "cassette-yaml",
}

_HAR = lazy_compile(rb'\{\s*"log"\s*:')
# VCR's JSON serializer writes "version" before "interactions"; other writers may not.
_JSON_CASSETTE = lazy_compile(rb'\{\s*(?:"version"\s*:\s*[0-9]+\s*,\s*)?"interactions"\s*:')
_YAML_CASSETTE = lazy_compile(rb"interactions\s*:")
_YAML_PREAMBLE = lazy_compile(rb"\A(?:\s*(?:#[^\n]*|---[^\n]*|%[^\n]*)?\n)*")


def detect(head: bytes, suffix: str) -> Format | None:
    """The format of an input starting with *head*; ``None`` when neither content nor *suffix* says."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    by_extension = EXTENSIONS.get(suffix.lower())
    if text[:1] in (b"{", b"["):
        # A .har file is read as one even when "log" is not its first member (or is missing: then it says so).
        if _HAR.match(text) or by_extension == "har":
            return "har"
        if _JSON_CASSETTE.match(text):
            return "cassette-json"
        if by_extension == "jsonl" or _several_json_lines(text):
            return "jsonl"
        return "json"
    preamble = _YAML_PREAMBLE.match(head)
    if _YAML_CASSETTE.match(head, preamble.end() if preamble else 0):
        return "cassette-yaml"
    return by_extension


def _several_json_lines(text: bytes) -> bool:
    """True when the first line is a whole JSON value and more non-blank lines follow it."""
    first, _, rest = text.partition(b"\n")
    if not rest.strip():
        return False
    if not first.rstrip(b" \t\r").endswith((b"}", b"]")):
        return False  # a value that starts with a bracket ends with one: a pretty-printed document, without parsing
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return True
