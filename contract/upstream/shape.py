"""Normalise a JSON Schema or OpenAPI schema into its shape: the constraints a payload meets, nothing else.

Two schemas that accept the same payloads should normalise alike even when written differently:
annotations and ``x-`` keys go, ``$ref`` is followed, OAS 3.0 ``nullable`` and a one-value
``const`` become a type and an enum, and ``anyOf``/``oneOf`` over plain types fold into one
type set. A ``oneOf`` whose alternatives overlap (``integer`` and ``number``) is kept as
written, because it does not mean the union.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

__all__ = ["Shape", "describe", "normalise", "type_atoms"]

Shape = dict[str, Any]
#: Maps a ``$ref`` value to the referenced type's name and schema.
Resolver = Callable[[str], tuple[str, Any]]

_ANNOTATIONS = frozenset(
    {
        "$comment",
        "$id",
        "$schema",
        "default",
        "deprecated",
        "description",
        "discriminator",
        "example",
        "examples",
        "externalDocs",
        "format",
        "readOnly",
        "title",
        "writeOnly",
        "xml",
    }
)
COMBINATORS = ("oneOf", "anyOf", "allOf")


def normalise(schema: Any, resolve: Resolver, *, _stack: tuple[str, ...] = ()) -> Shape:
    """The shape of *schema*, with every reference expanded in place."""
    if schema is True or schema == {}:
        return {}
    if schema is False:
        return {"not": {}}
    if not isinstance(schema, dict):
        return {"invalid": schema}
    shape: Shape = {}
    if "$ref" in schema:
        name, target = resolve(schema["$ref"])
        shape = {"recursive": name} if name in _stack else normalise(target, resolve, _stack=(*_stack, name))
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-") or key in ("$ref", "nullable", "const"):
            continue
        shape[key] = _keyword(key, value, resolve, _stack)
    if "const" in schema:
        shape["enum"] = [schema["const"]]
    if "enum" in shape:
        shape["enum"] = sorted(shape["enum"], key=orjson.dumps)
    if schema.get("nullable") is True and "type" in shape:
        shape["type"] = [*shape["type"], "null"]
    if "type" in shape:
        shape["type"] = _type_set(shape["type"])
    return _fold(shape)


def _keyword(key: str, value: Any, resolve: Resolver, stack: tuple[str, ...]) -> Any:
    if key == "properties" and isinstance(value, dict):
        return {name: normalise(sub, resolve, _stack=stack) for name, sub in value.items()}
    if key in ("additionalProperties", "items", "not") and isinstance(value, (dict, bool)):
        return normalise(value, resolve, _stack=stack)
    if key in COMBINATORS and isinstance(value, list):
        return [normalise(sub, resolve, _stack=stack) for sub in value]
    if key == "type":
        return [value] if isinstance(value, str) else list(value)
    if key == "required" and isinstance(value, list):
        return sorted(value)
    return value


def _type_set(types: list[str]) -> list[str]:
    """Sorted, without duplicates, and without ``integer`` beside ``number`` (which already allows it)."""
    found = set(types)
    if "number" in found:
        found.discard("integer")
    return sorted(found)


def type_atoms(types: list[str] | None) -> frozenset[str]:
    """What a type list accepts, with ``number`` split so ``integer`` ⊂ ``number`` can be compared."""
    if types is None:
        return frozenset({"null", "boolean", "string", "integer", "fraction", "object", "array"})
    atoms: set[str] = set()
    for name in types:
        atoms |= {"integer", "fraction"} if name == "number" else {name}
    return frozenset(atoms)


def _fold(shape: Shape) -> Shape:
    """Fold an ``anyOf``/``oneOf`` of plain types (plus at most one richer alternative) into one shape."""
    for key in ("anyOf", "oneOf"):
        alternatives = shape.get(key)
        if not isinstance(alternatives, list) or not alternatives:
            continue
        if not all("type" in alt for alt in alternatives):
            continue
        rich = [alt for alt in alternatives if alt.keys() - {"type"}]
        if len(rich) > 1:
            continue
        if key == "oneOf" and not _disjoint([type_atoms(alt["type"]) for alt in alternatives]):
            continue
        rest = {k: v for k, v in shape.items() if k != key}
        merged = {**(rich[0] if rich else {}), **{k: v for k, v in rest.items() if k != "type"}}
        types = [t for alt in alternatives for t in alt["type"]]
        if "type" in rest:
            types = [t for t in types if t in rest["type"] or (t == "integer" and "number" in rest["type"])]
        merged["type"] = _type_set(types)
        return merged
    return shape


def _disjoint(sets: list[frozenset[str]]) -> bool:
    seen: set[str] = set()
    for atoms in sets:
        if seen & atoms:
            return False
        seen |= atoms
    return True


def describe(shape: Shape) -> str:
    """A short human rendering: ``integer | null``, ``oneOf [string, integer]``, ``object``."""
    for key in COMBINATORS:
        if key in shape:
            return f"{key} [{', '.join(describe(alt) for alt in shape[key])}]"
    if "enum" in shape:
        return " | ".join(orjson.dumps(value).decode() for value in shape["enum"])
    if "type" in shape:
        return " | ".join(shape["type"])
    if "recursive" in shape:
        return str(shape["recursive"])
    return "any value"
