"""Mutation operators: each breaks a conforming payload in exactly one way and says where.

An operator reads the payload's *slots* (every value, with what the bundle allows there), changes one,
and returns the new payload and the JSON pointer a validator must report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from contract.check.schema_findings import json_type
from contract.check.semantics import EXPIRES_AFTER, EXPIRES_BEFORE, INVISIBLE_CATEGORIES, MILLISECONDS_FROM
from contract.findings import pointer_of
from contract.operations import SESSION_ID_PREFIX
from contract.schemas import resolve
from contract.strategies._compile import INT64_MAX, INT64_MIN, JSON_TYPES, integers, json_values, texts
from contract.strategies._sessions import STATUSES

__all__ = ["OPERATORS", "VALUES_OF_TYPE", "Operator", "Slot", "away", "replace_at", "slots_of"]

Draw = st.DrawFn
#: (draw, payload copy, its slots) -> (mutated payload, pointer of the violation)
Operator = Callable[[Draw, Any, "list[Slot]"], tuple[Any, str]]

_RATE_LIMIT = "max_requests_per_1_minute"
# str.strip removes these besides the Zs, Zl and Zp categories.
_CONTROL_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85"


@dataclass(frozen=True, slots=True)
class Slot:
    """One value in a payload and what the schema allows there."""

    path: tuple[str | int, ...]
    types: frozenset[str]
    required: bool
    fixed: str | None  # "enum" or "const" when the schema pins the value
    allowed: tuple[Any, ...]
    members: tuple[str, ...] | None  # the declared member names, for an object with declared members


def slots_of(document: Mapping[str, Any], payload: Any) -> list[Slot]:
    """Every value of *payload* (root first), walking the bundle *document* alongside it."""
    found: list[Slot] = []
    _walk(document, document, payload, (), required=False, out=found)
    return found


def _walk(
    document: Mapping[str, Any],
    node: Any,
    value: Any,
    path: tuple[str | int, ...],
    *,
    required: bool,
    out: list[Slot],
    tag: tuple[str, tuple[Any, ...]] | None = None,
) -> None:
    node = resolve(document, node)
    if "oneOf" in node:
        # A discriminated union: walk the branch the value's tag names; the tag itself may take any branch's value.
        discriminator = node.get("discriminator", {})
        name = discriminator.get("propertyName", "type")
        branches = [resolve(document, branch) for branch in node["oneOf"]]
        tags = tuple(branch["properties"][name]["const"] for branch in branches)
        taken = next(
            (b for b, t in zip(branches, tags, strict=True) if isinstance(value, dict) and value.get(name) == t), None
        )
        if taken is None:
            types = frozenset(kind for branch in branches for kind in _types(branch))
            out.append(Slot(path, types, required, None, (), None))
            return
        _walk(document, taken, value, path, required=required, out=out, tag=(name, tags))
        return
    branches = [resolve(document, branch) for branch in node.get("anyOf", [node])]
    types = frozenset(kind for branch in branches for kind in _types(branch))
    taken = next((branch for branch in branches if _admits(branch, value)), {})
    fixed = "enum" if "enum" in node else "const" if "const" in node else None
    allowed = tuple(node["enum"]) if "enum" in node else (node["const"],) if "const" in node else ()
    declared: Mapping[str, Any] = taken.get("properties", {})
    out.append(Slot(path, types, required, fixed, allowed, tuple(declared) if declared else None))
    if isinstance(value, list) and isinstance(taken.get("items"), Mapping):
        for index, item in enumerate(value):
            _walk(document, taken["items"], item, (*path, index), required=False, out=out)
    if not isinstance(value, dict):
        return
    needed = set(taken.get("required", ()))
    extra = taken.get("additionalProperties")
    for key, item in value.items():
        if tag is not None and key == tag[0]:
            out.append(Slot((*path, key), frozenset({"string"}), key in needed, "enum", tag[1], None))
        elif key in declared:
            _walk(document, declared[key], item, (*path, key), required=key in needed, out=out)
        elif isinstance(extra, Mapping):
            _walk(document, extra, item, (*path, key), required=False, out=out)


def _types(node: Mapping[str, Any]) -> list[str]:
    kinds = node.get("type", ())
    return [kinds] if isinstance(kinds, str) else list(kinds)


def _admits(branch: Mapping[str, Any], value: Any) -> bool:
    kinds = _types(branch)
    actual = json_type(value)
    return actual in kinds or (actual == "integer" and "number" in kinds)


def _parent(payload: Any, path: tuple[str | int, ...]) -> Any:
    """The object holding the value at *path* (which is not the root)."""
    for key in path[:-1]:
        payload = payload[key]
    return payload


def _replace(payload: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """Set the value at *path* (the root too) and return the payload."""
    if not path:
        return value
    _parent(payload, path)[path[-1]] = value
    return payload


def _away(strategy: st.SearchStrategy[str], forbidden: Iterable[str]) -> st.SearchStrategy[str]:
    """Strings from *strategy* nudged off the *forbidden* ones, by construction rather than by filtering."""
    taken = frozenset(forbidden)

    def nudge(text: str) -> str:
        while text in taken:
            text += "~"
        return text

    return strategy.map(nudge)


def _near_misses(values: Iterable[Any]) -> st.SearchStrategy[str]:
    """The mistakes servers make first (case, a letter dropped or undoubled, a space), then any other text."""
    words = [value for value in values if isinstance(value, str)]
    variants = {
        variant
        for word in words
        for variant in (word.upper(), word.title(), word[:-1], f"{word} ", re.sub(r"(.)\1", r"\1", word, count=1))
    }
    near = sorted(variants - set(words))
    return _away(st.one_of(st.sampled_from(near or [""]), texts()), words)


#: A value of each JSON type; "number" means a non-integral one, which an integer member rejects.
VALUES_OF_TYPE: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "integer": integers(),
    # Below 2**52 in magnitude a float still has a half: beyond, whole + 0.5 rounds to a whole number.
    "number": integers(1 - 2**52, 2**52 - 1).map(lambda whole: whole + 0.5),
    "string": texts(),
    "array": st.lists(json_values(), max_size=3),
    "object": st.dictionaries(texts(), json_values(), max_size=3),
}


def _wrong_types(allowed: frozenset[str]) -> list[str]:
    """JSON types a slot rejects, null aside (it has its own operator); number admits integers."""
    return [
        kind
        for kind in JSON_TYPES
        if kind != "null" and kind not in allowed and not (kind == "integer" and "number" in allowed)
    ]


def _drop_required(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    slot = draw(st.sampled_from([s for s in slots if s.required]))
    del _parent(payload, slot.path)[slot.path[-1]]
    return payload, pointer_of(*slot.path)


def _wrong_type(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    # A pinned slot given the wrong type also fails its enum or const: two findings, so it is left out.
    slot = draw(st.sampled_from([s for s in slots if s.fixed is None and _wrong_types(s.types)]))
    kinds = _wrong_types(slot.types)
    if not slot.path:
        # A str passed to validate() is read as JSON text, so a whole payload that is a string would be
        # misread by the library (the JSON document '""' is fine, but the mutant is a Python value).
        kinds.remove("string")
    kind = draw(st.sampled_from(kinds))
    return _replace(payload, slot.path, draw(VALUES_OF_TYPE[kind])), pointer_of(*slot.path)


def _null_where_not_nullable(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    slot = draw(st.sampled_from([s for s in slots if s.fixed is None and "null" not in s.types]))
    return _replace(payload, slot.path, None), pointer_of(*slot.path)


def _outside_allowed(keyword: str) -> Operator:
    def operator(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
        slot = draw(st.sampled_from([s for s in slots if s.fixed == keyword and "string" in s.types]))
        return _replace(payload, slot.path, draw(_near_misses(slot.allowed))), pointer_of(*slot.path)

    return operator


def _undeclared_member(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    slot = draw(st.sampled_from([s for s in slots if s.members is not None]))
    key = draw(_away(texts(), slot.members or ()))
    return _replace(payload, (*slot.path, key), draw(json_values())), pointer_of(*slot.path, key)


def _unequal_rate_limits(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    path = draw(st.sampled_from([(_RATE_LIMIT,), ("rate_limits", _RATE_LIMIT)]))
    current: int = payload[_RATE_LIMIT]
    other: int = draw(integers())
    if other == current:
        other = current - 1 if current > INT64_MIN else current + 1
    return _replace(payload, path, other), f"/{_RATE_LIMIT}"


def _milliseconds(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    milliseconds = integers(MILLISECONDS_FROM, INT64_MAX)
    # A whole float is an integer to JSON Schema, so 1767225600000.0 must be caught as milliseconds too.
    value = draw(st.one_of(milliseconds, milliseconds.map(float)))
    return _replace(payload, ("expires_at",), value), "/expires_at"


def _implausible_expiry(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    # Before 2020 (negative and zero included) or from 2100 on, but still seconds rather than milliseconds.
    value = draw(st.one_of(integers(INT64_MIN, EXPIRES_AFTER - 1), integers(EXPIRES_BEFORE, MILLISECONDS_FROM - 1)))
    return _replace(payload, ("expires_at",), value), "/expires_at"


def _foreign_id(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    foreign = texts().map(lambda text: "_" + text if text.startswith(SESSION_ID_PREFIX) else text)
    return _replace(payload, ("id",), draw(foreign)), "/id"


def _blank_secret(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    # Whitespace, controls such as U+0000 and format characters such as U+200B: nothing a reader could see.
    # Lone surrogates aside: UTF-8 JSON text cannot carry them.
    invisible = tuple(category for category in INVISIBLE_CATEGORIES if category != "Cs")
    spaces = st.characters(categories=invisible, include_characters=_CONTROL_SPACES)
    return _replace(payload, ("client_secret",), draw(st.text(spaces))), "/client_secret"


def _not_cancelled(draw: Draw, payload: Any, slots: list[Slot]) -> tuple[Any, str]:
    still = [status for status in STATUSES if status != "cancelled"]
    return _replace(payload, ("status",), draw(st.sampled_from(still))), "/status"


#: Every rule a payload alone can break on a session resource, in catalogue order, with the operators that break
#: it (the page and thread rules' are in ``_page_mutations``).
OPERATORS: dict[str, tuple[Operator, ...]] = {
    "schema.required": (_drop_required,),
    "schema.type": (_wrong_type, _null_where_not_nullable),
    "schema.enum": (_outside_allowed("enum"),),
    "schema.const": (_outside_allowed("const"),),
    "drift.unknown-field": (_undeclared_member,),
    "session.rate-limit-mismatch": (_unequal_rate_limits,),
    "session.expires-at-unit": (_milliseconds,),
    "session.expires-at-range": (_implausible_expiry,),
    "session.id-prefix": (_foreign_id,),
    "session.client-secret-empty": (_blank_secret,),
    "cancel.status": (_not_cancelled,),
}

# What the page and thread operators (``_page_mutations``) build on, under names that may cross modules.
away = _away
replace_at = _replace
CONTROL_SPACES = _CONTROL_SPACES
