"""Turn a response body into one JSON value, or into ``json.*`` findings saying why it is not one."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from contract.findings import Finding, pointer_of
from contract.limits import MAX_BODY_BYTES, MAX_DEPTH
from contract.parsing.jsontext import blank_strings
from contract.parsing.lines import line_column

__all__ = ["MAX_DEPTH", "NO_VALUE", "Parsed", "diagnose", "parse_body", "read_int"]

_BOM = "\ufeff"
NO_VALUE: Any = object()
_PLAIN = json.JSONDecoder()
#: Closed containers tried from the end before the whole document is decoded instead.
_CANDIDATES = 8
#: What orjson says of a document that stops before it is complete (everything before it read as JSON).
_ENDED_EARLY = "unexpected end of data"


@dataclass(frozen=True, slots=True)
class Parsed:
    """The parsed value (``NO_VALUE`` when there is none) and any ``json.*`` findings."""

    value: Any
    findings: tuple[Finding, ...] = ()

    @property
    def has_value(self) -> bool:
        """True when the body held a JSON value the schema checks can look at."""
        return self.value is not NO_VALUE


def parse_body(body: bytes | str, *, duplicates: bool = False) -> Parsed:
    """Parse *body* with orjson; diagnose failures precisely; optionally report duplicate keys."""
    if len(body) > MAX_BODY_BYTES:
        message = f"the body is larger than {MAX_BODY_BYTES >> 20} MiB; it is not read further"
        return Parsed(NO_VALUE, (Finding.of("json.too-large", "", message, 1, 1),))
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return _diagnose(body)
    if duplicates:
        return Parsed(value, tuple(_duplicate_keys(body)))
    return Parsed(value)


def diagnose(body: bytes, error: orjson.JSONDecodeError) -> Parsed:
    """What :func:`parse_body` says of a *body* (at most ``MAX_BODY_BYTES``) orjson refused with *error*, without
    asking orjson again."""
    return _diagnose(body, ended_early=error.msg == _ENDED_EARLY)


def _finding(rule: str, message: str, text: str, pos: int) -> Finding:
    return Finding.of(rule, "", message, *line_column(text, pos))


def _diagnose(body: bytes | str, *, ended_early: bool = False) -> Parsed:
    """Explain why orjson refused *body*; only failing documents pay for this.

    A body orjson read to its end (*ended_early*) is UTF-8 without a byte-order mark, not blank, and holds no
    literal but JSON's: only its nesting and the standard library's wording of where it stops are left to find,
    and the wording is found in the innermost container left open.
    """
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            text = body[: err.start].decode("utf-8")
            bad = body[err.start : err.start + 1].hex()
            message = f"byte 0x{bad} at offset {err.start} is not valid UTF-8"
            return Parsed(NO_VALUE, (_finding("json.encoding", message, text, len(text)),))
    else:
        text = body
    if not ended_early and text.startswith(_BOM):
        bom = Finding.of("json.bom", "", "UTF-8 byte-order mark before the document; ignored", 1, 1)
        rest = parse_body(text[1:].encode("utf-8", "surrogatepass"))
        return Parsed(rest.value, (bom, *rest.findings))
    if not ended_early and not text.strip():
        return Parsed(NO_VALUE, (_finding("json.empty", "the body is empty", text, 0),))
    # Nesting needs an opening bracket per level: most texts are ruled out without a scan.
    depth, pos = _max_depth(text) if text.count("[") + text.count("{") > MAX_DEPTH else (0, 0)
    if depth > MAX_DEPTH:
        message = f"nesting deeper than {MAX_DEPTH} levels"
        return Parsed(NO_VALUE, (_finding("json.too-deep", message, text, pos),))
    early = _innermost_error(text) if ended_early else None
    if early is not None:
        return Parsed(NO_VALUE, (_parse_finding(text, early),))
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_int=read_int)
    except RecursionError:
        # Nesting just under MAX_DEPTH can still be deeper than the standard library parser recurses.
        message = "nesting too deep for the parser to follow"
        return Parsed(NO_VALUE, (_finding("json.too-deep", message, text, _max_depth(text)[1]),))
    except _NonFinite as err:
        pos = _non_finite_position(text, err.constant)
        message = f"{err.constant} is not a JSON number"
        return Parsed(NO_VALUE, (_finding("json.non-finite", message, text, pos),))
    except json.JSONDecodeError as err:
        return Parsed(NO_VALUE, (_parse_finding(text, err),))
    overflowed = _out_of_range(text, value)
    # Anything else orjson refuses but the standard library reads (lone surrogates) is still JSON.
    return Parsed(NO_VALUE if overflowed else value, overflowed)


def _parse_finding(text: str, err: json.JSONDecodeError) -> Finding:
    """The finding the standard library's *err* about *text* makes."""
    if err.msg == "Extra data":
        return _finding("json.trailing-data", "more data after the JSON document", text, err.pos)
    message = (err.msg[0].lower() + err.msg[1:]).removesuffix(" starting at")
    if err.pos >= len(text.rstrip()) or err.msg.startswith("Unterminated string"):
        message = f"the document ends early ({message}); is it truncated?"
    return _finding("json.parse", message, text, err.pos)


def _innermost_error(text: str) -> json.JSONDecodeError | None:
    """The standard library's error for *text*, the start of a JSON document, from decoding only its innermost
    unclosed array or object (where the error is; the containers around it pass it on unchanged); ``None`` where
    that container is not found cheaply.

    Backslashes stand only inside strings, so without an escaped one (``\\\\``), a quote is escaped exactly where a
    backslash precedes it, and a bracket is outside every string where the quotes before it are even.
    """
    escapes = "\\" in text
    if escapes and "\\\\" in text:
        return None
    end = len(text)
    for _ in range(_CANDIDATES):
        start = max(text.rfind("{", 0, end), text.rfind("[", 0, end))
        if start < 0:
            return None
        end = start
        if (text.count('"', 0, start) - (text.count('\\"', 0, start) if escapes else 0)) % 2:
            continue  # inside a string
        try:
            _PLAIN.raw_decode(text, start)
        except json.JSONDecodeError as err:
            return err
        except RecursionError:
            return None
        # Closed before the end, it decoded: the container open before it is tried next.
    return None


def read_int(digits: str) -> int | float:
    """An integer literal read as orjson reads it: exact within 64 bits, else the nearest float.

    Beyond double range that is infinity, reported as ``json.number-range``; never a Python int of
    thousands of digits, which the standard library refuses to convert (a ValueError, not a finding).
    """
    if len(digits) < 19:
        return int(digits)
    if len(digits) <= 21:
        value = int(digits)
        if -(1 << 63) <= value < (1 << 64):
            return value
    return float(digits)


def _out_of_range(text: str, value: Any) -> tuple[Finding, ...]:
    """A ``json.number-range`` finding, at its line and column, for each number beyond double range."""
    pointers = list(_infinities(value))
    if not pointers:
        return ()
    from contract.check.positions import locate

    spots = locate(text, pointers)
    message = "number is beyond double-precision range"
    return tuple(Finding.of("json.number-range", p, message, *spots.get(p, (None, None))) for p in pointers)


class _NonFinite(ValueError):
    def __init__(self, constant: str) -> None:
        super().__init__(constant)
        self.constant = constant


def _refuse_constant(constant: str) -> Any:
    raise _NonFinite(constant)


def _non_finite_position(text: str, constant: str) -> int:
    for match in re.finditer(re.escape(constant), blank_strings(text)):
        return match.start()
    return 0


def _max_depth(text: str) -> tuple[int, int]:
    """Deepest bracket nesting outside strings, and where it first happens; the scan stops past ``MAX_DEPTH``."""
    stripped = blank_strings(text)
    depth = deepest = where = 0
    for match in re.finditer(r"[\[\]{}]", stripped):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
                if depth > MAX_DEPTH:
                    break  # the finding points where the limit is crossed, not at the bottom
        else:
            depth -= 1
    return deepest, where


def _infinities(value: Any, *path: str | int) -> Iterator[str]:
    if isinstance(value, float) and math.isinf(value):
        yield pointer_of(*path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _infinities(item, *path, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _infinities(item, *path, index)


class _Members(dict[str, Any]):
    """A JSON object that remembers which member names it saw more than once."""

    repeated: tuple[str, ...] = ()


def _keep_pairs(pairs: list[tuple[str, Any]]) -> _Members:
    members = _Members(pairs)
    if len(members) != len(pairs):
        members.repeated = tuple(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
    return members


def _duplicate_keys(body: bytes | str) -> Iterator[Finding]:
    """Find repeated member names, which orjson silently collapses to the last one."""
    try:
        tree = json.loads(body, object_pairs_hook=_keep_pairs)
    except RecursionError:
        # Only documents nested near MAX_DEPTH get here; none of them can be a session resource anyway.
        return
    yield from _repeated(tree)


def _repeated(value: Any, *path: str | int) -> Iterator[Finding]:
    if isinstance(value, _Members):
        for key in value.repeated:
            yield Finding.of(
                "json.duplicate-key",
                pointer_of(*path, key),
                f"member {key!r} appears more than once; the last one wins",
            )
        for key, item in value.items():
            yield from _repeated(item, *path, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _repeated(item, *path, index)
