"""``schema.*`` findings for the simple keywords, built without the reference engine.

Most failing documents break ``required``, ``type``, ``enum`` or ``const`` under plain ``properties`` and
``items``. For those, this module walks the bundle exactly as :func:`~contract.check.schema_findings.schema_findings`
does with the fast engine's failing places, and states each violation itself: the same findings in the same
order, without `jsonschema`'s 50 µs a document (nor its import on the first failure). Anything else on the
way (``anyOf``, ``oneOf``, ``additionalProperties``, a keyword this module does not evaluate) answers ``None``,
and the reference engine stays the authority. A property test holds both to identical findings on mutants.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract.check.schema_findings import Failing, describe, either, enum_message, json_type
from contract.findings import Finding, pointer_of
from contract.schemas import defined_name, resolve

__all__ = ["DRAFT_2020_12_KEYWORDS", "JSON_TYPES", "is_json_type", "json_equal", "simple_findings"]

#: The keywords the reference validator (Draft 2020-12) acts on; everything else in a schema is annotation.
DRAFT_2020_12_KEYWORDS = frozenset(
    {
        "$dynamicRef", "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains", "dependentRequired",
        "dependentSchemas", "enum", "exclusiveMaximum", "exclusiveMinimum", "format", "if", "items", "maxItems",
        "maxLength", "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf",
        "not", "oneOf", "pattern", "patternProperties", "prefixItems", "properties", "propertyNames", "required",
        "type", "unevaluatedItems", "unevaluatedProperties", "uniqueItems",
    }
)  # fmt: skip
# What the pruned walk descends through without evaluating everything below (as schema_findings prunes).
_PRUNABLE = frozenset({"properties", "items", "required", "type", "enum", "const"})
#: The type names JSON Schema knows.
JSON_TYPES = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})

Path = tuple[str | int, ...]


class _NotSimple(Exception):
    """The walk met something only the reference engine explains."""


def simple_findings(root: Mapping[str, Any], instance: Any, failing: Failing) -> list[Finding] | None:
    """The ``schema.*`` findings of *instance* under the bundle *root*, where the fast engine failed it
    (*failing*), or ``None`` when explaining them takes the reference engine."""
    walk = _Walk(root)
    try:
        walk.pruned(instance, root, failing, ())
    except _NotSimple:
        return None
    seen: set[tuple[str, str]] = set()
    unique = []
    for finding in walk.found:
        if (finding.rule, finding.pointer) not in seen:
            seen.add((finding.rule, finding.pointer))
            unique.append(finding)
    return unique


class _Walk:
    """One document's walk over the bundle *root*, collecting findings in the reference engine's order."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.found: list[Finding] = []

    def _target(self, schema: Any) -> Any:
        """The schema a bare local ``$ref`` (with annotations beside it at most) stands for."""
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            return schema
        if any(key in DRAFT_2020_12_KEYWORDS for key in schema if key != "$ref") or defined_name(schema) is None:
            return None
        return resolve(self.root, schema)

    def pruned(self, instance: Any, schema: Any, failing: Failing, path: Path) -> None:
        """Only where *failing* says, in full-run order (schema_findings' ``_pruned_errors``)."""
        target = self._target(schema)
        if (
            not isinstance(instance, (dict, list))
            or not isinstance(target, dict)
            or any(key in DRAFT_2020_12_KEYWORDS and key not in _PRUNABLE for key in target)
        ):
            self.full(instance, schema, path)
            return
        for keyword, value in target.items():
            if keyword == "properties" and isinstance(instance, dict):
                for name, subschema in value.items():
                    below = failing.members.get(name)
                    if below is not None and name in instance:
                        self.pruned(instance[name], subschema, below, (*path, name))
            elif keyword == "items" and isinstance(instance, list):
                for index in sorted(key for key in failing.members if isinstance(key, int) and key < len(instance)):
                    self.pruned(instance[index], value, failing.members[index], (*path, index))
            elif keyword in failing.keywords:
                _keyword(keyword, value, instance, path, self.found)

    def full(self, instance: Any, schema: Any, path: Path) -> None:
        """Every violation of *schema* by *instance*, in the order the reference engine reports them."""
        if schema is True:
            return
        if not isinstance(schema, dict):
            raise _NotSimple
        for keyword, value in schema.items():
            if keyword not in DRAFT_2020_12_KEYWORDS or keyword == "format":  # format asserts nothing here
                continue
            if keyword == "$ref":
                if not isinstance(value, str) or defined_name(schema) is None:
                    raise _NotSimple
                self.full(instance, resolve(self.root, schema), path)
            elif keyword == "properties":
                members = instance if isinstance(instance, dict) else {}
                for name, subschema in value.items():
                    if name in members:
                        self.full(members[name], subschema, (*path, name))
            elif keyword == "items":
                for index, item in enumerate(instance if isinstance(instance, list) else ()):
                    self.full(item, value, (*path, index))
            else:
                _keyword(keyword, value, instance, path, self.found)


def _keyword(keyword: str, value: Any, instance: Any, path: Path, out: list[Finding]) -> None:
    """The findings of one simple keyword, worded as schema_findings words the reference engine's errors."""
    if keyword == "required":
        if isinstance(instance, dict):
            for name in value:
                if name not in instance:
                    out.append(
                        Finding.of("schema.required", pointer_of(*path, name), f"required member {name!r} is missing")
                    )
    elif keyword == "type":
        types = value if isinstance(value, list) else [value]
        if not all(name in JSON_TYPES for name in types):
            raise _NotSimple
        if not any(is_json_type(instance, name) for name in types):
            out.append(
                Finding.of("schema.type", pointer_of(*path), f"expected {either(types)}, got {json_type(instance)}")
            )
    elif keyword == "enum":
        if all(not json_equal(each, instance) for each in value):
            pointer = pointer_of(*path)
            out.append(Finding.of("schema.enum", pointer, enum_message(instance, value, pointer)))
    elif keyword == "const":
        if not json_equal(instance, value):
            pointer = pointer_of(*path)
            out.append(Finding.of("schema.const", pointer, f"expected {value!r}, got {describe(instance, pointer)}"))
    else:
        raise _NotSimple


def is_json_type(instance: Any, name: str) -> bool:
    """Draft 2020-12's types: booleans are no numbers, and a float without a fraction is an integer."""
    if name == "string":
        return isinstance(instance, str)
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if name == "null":
        return instance is None
    if name == "boolean":
        return isinstance(instance, bool)
    if isinstance(instance, bool):
        return False
    if name == "integer":
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    return isinstance(instance, (int, float))


def json_equal(one: Any, two: Any) -> bool:
    """JSON equality as the reference engine has it: ``true`` is not ``1``, at any depth."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(key in two and json_equal(item, two[key]) for key, item in one.items())
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # the same boolean is caught by ``is`` above
    return bool(one == two)
