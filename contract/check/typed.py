"""A schema as msgspec types: JSON text parsed and checked against it in one pass in C, for the bulk path.

Only a subset of JSON Schema is written as types: closed objects, maps and arrays of typed values, scalars,
enums of strings, ``anyOf``, number ranges, string lengths and patterns. A schema using anything else has no
decoder, and its records go the full way. What is written is never looser than the schema, and never looser than
our JSON reading (orjson): integers are bounded where orjson stops reading them as integers; ``integer`` refuses
``1.0`` (JSON Schema takes it); a repeated member must pass under every occurrence; nothing is taken unread (msgspec
skips an undeclared member without checking its text, and reads any integer as ``Any``, so neither open objects
nor untyped values are written). Stricter is safe: a record the decoder refuses is checked in full. ``pattern``
is read as a Python regular expression, as msgspec reads it; the schemas have none, the quiet constraints' are
written for both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal, Union

import msgspec

__all__ = ["decoder_for"]

# Integers the decoder takes: within what orjson reads as an integer (it reads larger ones as floats, or not at
# all) and what msgspec bounds (64-bit signed).
_INTEGERS = (-(1 << 63), (1 << 63) - 1)
# Annotations, and where definitions are kept: they constrain nothing.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default", "deprecated"}
)
_OBJECT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties"})
_ARRAY_KEYWORDS = frozenset({"type", "items", "minItems", "maxItems"})


class _Untranslatable(Exception):
    """Part of the schema is outside what the decoder writes."""


def decoder_for(schema: dict[str, Any]) -> Callable[[bytes], Any] | None:
    """A function that returns the decoded value of JSON text valid under *schema* and raises ``ValueError``
    (``msgspec.DecodeError``) or ``RecursionError`` for any other; ``None`` if the schema is not in the subset."""
    try:
        return msgspec.json.Decoder(_Types(schema).of(schema)).decode
    except (_Untranslatable, TypeError, ValueError):  # a union or a bound msgspec cannot decode
        return None


class _Types:
    """The types of one bundle's nodes; each ``$defs`` entry becomes one type, made once."""

    def __init__(self, bundle: dict[str, Any]) -> None:
        self._defs: dict[str, Any] = bundle.get("$defs", {})
        self._made: dict[str, Any] = {}
        self._making: set[str] = set()

    def of(self, node: Any) -> Any:
        """The type of the values *node* takes (or fewer)."""
        if not isinstance(node, dict):
            raise _Untranslatable(node)
        node = {k: v for k, v in node.items() if k not in _ANNOTATIONS and not k.startswith("x-")}
        if "$ref" in node:
            return self._referred(node)
        if "not" in node:
            return _without(self.of({k: v for k, v in node.items() if k != "not"}), node["not"])
        if "anyOf" in node:
            if node.keys() != {"anyOf"}:
                raise _Untranslatable(node)
            return Union[tuple(self.of(choice) for choice in node["anyOf"])]  # noqa: UP007 (built at run time)
        if "enum" in node or "const" in node:
            return _literal(node)
        kinds = node.get("type")
        if isinstance(kinds, list):
            return Union[tuple(self.of({**node, "type": kind}) for kind in kinds)]  # noqa: UP007
        if kinds == "object":
            return self._object(node)
        if kinds == "array":
            if not node.keys() <= _ARRAY_KEYWORDS:
                raise _Untranslatable(node)
            items = self.of(node.get("items"))
            return _constrained(list[items], min_length=node.get("minItems"), max_length=node.get("maxItems"))  # type: ignore[valid-type]
        writer = _WRITERS.get(kinds)
        if writer is None:
            raise _Untranslatable(node)
        return writer(node)

    def _referred(self, node: dict[str, Any]) -> Any:
        reference = node["$ref"]
        name = reference.removeprefix("#/$defs/")
        if name == reference or name not in self._defs or name in self._making:
            raise _Untranslatable(reference)  # elsewhere, or recursive
        if name not in self._made:
            self._making.add(name)
            self._made[name] = self.of(self._defs[name])
            self._making.discard(name)
        made = self._made[name]
        rest = {k: v for k, v in node.items() if k != "$ref"}
        if not rest:
            return made
        if rest.keys() == {"not"}:
            return _without(made, rest["not"])
        raise _Untranslatable(node)

    def _object(self, node: dict[str, Any]) -> Any:
        if not node.keys() <= _OBJECT_KEYWORDS:
            raise _Untranslatable(node)
        members: dict[str, Any] = node.get("properties", {})
        required = set(node.get("required", ()))
        extra = node.get("additionalProperties")
        if not members and not required:
            return dict[str, self.of(extra)]  # type: ignore[misc]
        if extra is not False or not required <= members.keys():
            raise _Untranslatable(node)
        fields = [
            (name, self.of(member)) if name in required else (name, self.of(member), msgspec.UNSET)
            for name, member in members.items()
        ]
        fields.sort(key=lambda field: len(field) == 3)  # members with a default come last
        # Decoded values are dropped at once and hold no cycle: the garbage collector need not track them.
        return msgspec.defstruct("Record", fields, forbid_unknown_fields=True, gc=False)


def _literal(node: dict[str, Any]) -> Any:
    values = node["enum"] if "enum" in node else [node["const"]]
    if not node.keys() <= {"type", "enum", "const"} or len(node.keys() & {"enum", "const"}) != 1:
        raise _Untranslatable(node)
    if not values or not all(type(value) is str for value in values):
        raise _Untranslatable(node)  # msgspec's Literal tells 1 from True and 1.0 from 1; JSON Schema does not
    if node.get("type", "string") != "string":
        raise _Untranslatable(node)
    return Literal[tuple(values)]


def _without(kind: Any, excluded: Any) -> Any:
    """*kind*, a Literal of strings, less the values of ``not: {"enum": [...]}``."""
    values = getattr(kind, "__args__", None)
    if getattr(kind, "__origin__", None) is not Literal or not isinstance(excluded, dict) or values is None:
        raise _Untranslatable(excluded)
    if excluded.keys() != {"enum"} and excluded.keys() != {"const"}:
        raise _Untranslatable(excluded)
    removed = excluded["enum"] if "enum" in excluded else [excluded["const"]]
    left = tuple(value for value in values if value not in removed)
    if not left:
        raise _Untranslatable(excluded)
    return Literal[left]


def _scalar(node: dict[str, Any]) -> Any:
    if node.keys() != {"type"}:
        raise _Untranslatable(node)
    return bool if node["type"] == "boolean" else None


def _number(kind: type, node: dict[str, Any]) -> Any:
    if not node.keys() <= {"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        raise _Untranslatable(node)
    bounds = {k: v for k, v in node.items() if k != "type"}
    if not all(type(v) in (int, float) and math.isfinite(v) for v in bounds.values()):
        raise _Untranslatable(node)
    # Whole bounds, inclusive, within what orjson reads as an integer.
    whole = _constrained(
        int, ge=max([_INTEGERS[0], *_whole_lows(bounds)]), le=min([_INTEGERS[1], *_whole_highs(bounds)])
    )
    if kind is int:
        return whole
    if not bounds:
        return float  # takes JSON integers too; one past a double's range is refused, as orjson refuses it
    # Bounded: an integer is compared as written, not rounded to a double first.
    fraction = _constrained(
        float,
        ge=bounds.get("minimum"),
        le=bounds.get("maximum"),
        gt=bounds.get("exclusiveMinimum"),
        lt=bounds.get("exclusiveMaximum"),
    )
    return Union[whole, fraction]  # noqa: UP007


def _whole_lows(bounds: dict[str, float]) -> list[int]:
    lows = [math.ceil(bounds["minimum"])] if "minimum" in bounds else []
    return lows + ([math.floor(bounds["exclusiveMinimum"]) + 1] if "exclusiveMinimum" in bounds else [])


def _whole_highs(bounds: dict[str, float]) -> list[int]:
    highs = [math.floor(bounds["maximum"])] if "maximum" in bounds else []
    return highs + ([math.ceil(bounds["exclusiveMaximum"]) - 1] if "exclusiveMaximum" in bounds else [])


def _string(node: dict[str, Any]) -> Any:
    if not node.keys() <= {"type", "minLength", "maxLength", "pattern"}:
        raise _Untranslatable(node)
    return _constrained(
        str, min_length=node.get("minLength"), max_length=node.get("maxLength"), pattern=node.get("pattern")
    )


_WRITERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "string": _string,
    "integer": partial(_number, int),
    "number": partial(_number, float),
    "boolean": _scalar,
    "null": _scalar,
}


def _constrained(kind: Any, **constraints: Any) -> Any:
    given = {name: value for name, value in constraints.items() if value is not None}
    return Annotated[kind, msgspec.Meta(**given)] if given else kind
