"""Find members the contract does not declare: providers add fields, consumers want to know."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from contract.check.schema_findings import json_type
from contract.findings import Finding, pointer_of
from contract.schemas import defined_name, resolve

__all__ = ["unknown_fields"]

Node = Mapping[str, Any]


def unknown_fields(bundle: Node, instance: Any) -> Iterator[Finding]:
    """A ``drift.unknown-field`` finding for every undeclared member, at the member's pointer."""
    root = str(bundle.get("$id", "")).rsplit("/", 1)[-1].removesuffix(".json") or "the document"
    yield from _walk(bundle, bundle, instance, (), root)


def _walk(bundle: Node, node: Node, value: Any, path: tuple[str | int, ...], owner: str) -> Iterator[Finding]:
    owner = defined_name(node) or owner
    node = resolve(bundle, node)
    for branch in node.get("anyOf", ()):
        if _admits_type(bundle, branch, value):
            yield from _walk(bundle, branch, value, path, owner)
            return
    if "oneOf" in node:
        tagged = _tagged(bundle, node, value)
        if tagged is not None:
            yield from _walk(bundle, tagged, value, path, owner)
        return
    items = node.get("items")
    if isinstance(value, list) and isinstance(items, Mapping):
        for index, item in enumerate(value):
            yield from _walk(bundle, items, item, (*path, index), owner)
        return
    if not isinstance(value, dict) or "properties" not in node or "additionalProperties" in node:
        return
    declared = node["properties"]
    for key, item in value.items():
        if key in declared:
            yield from _walk(bundle, declared[key], item, (*path, key), owner)
        else:
            yield Finding.of(
                "drift.unknown-field", pointer_of(*path, key), f"member {key!r} is not declared in {owner}"
            )


def _admits_type(bundle: Node, branch: Node, value: Any) -> bool:
    branch = resolve(bundle, branch)
    allowed = branch.get("type")
    if allowed is None:
        return True
    names = {allowed} if isinstance(allowed, str) else set(allowed)
    actual = json_type(value)
    return actual in names or (actual == "integer" and "number" in names)


def _tagged(bundle: Node, node: Node, value: Any) -> Node | None:
    """The branch of a discriminated ``oneOf`` that *value*'s discriminator names, or ``None``."""
    if not isinstance(value, dict):
        return None
    discriminator = node.get("discriminator")
    name = discriminator.get("propertyName", "type") if isinstance(discriminator, Mapping) else "type"
    tag = value.get(name)
    for branch in node["oneOf"]:
        member = resolve(bundle, branch).get("properties", {}).get(name, {})
        if ("const" in member and member["const"] == tag) or tag in member.get("enum", ()):
            return branch  # type: ignore[no-any-return]
    return None
