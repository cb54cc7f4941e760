"""Find members the contract does not declare: providers add fields, consumers want to know."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from contract.check.schema_findings import json_type
from contract.findings import Finding, pointer_of
from contract.schemas import defined_name, resolve

__all__ = ["closed_errors_suffice", "is_undeclared", "undeclared_in", "unknown_fields", "walk_follows_errors"]

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


def walk_follows_errors(bundle: Node) -> bool:
    """True when the closed bundle's errors show every member this walk would report as undeclared.

    The walk follows the ``anyOf`` branch that admits the value's type. Where each branch states one type and
    no two overlap, the closed engine fails that very branch on the member, and its errors say so.
    """
    return all(_distinct_types(bundle, branches) for branches in _any_ofs(bundle))


def _any_ofs(node: Any) -> Iterator[list[Node]]:
    """The branches of every ``anyOf`` in *node*."""
    if isinstance(node, Mapping):
        if isinstance(node.get("anyOf"), list):
            yield node["anyOf"]
        for item in node.values():
            yield from _any_ofs(item)
    elif isinstance(node, list):
        for item in node:
            yield from _any_ofs(item)


def _distinct_types(bundle: Node, branches: list[Node]) -> bool:
    kinds = [resolve(bundle, branch).get("type") if isinstance(branch, Mapping) else None for branch in branches]
    named = {kind for kind in kinds if isinstance(kind, str)}
    return len(named) == len(kinds) and not {"integer", "number"} <= named


def closed_errors_suffice(bundle: Node) -> bool:
    """True when the closed bundle's errors, less those naming undeclared members, are the open bundle's.

    Closing objects adds only those errors, and inside ``anyOf`` only the branch verdicts they change. A
    ``oneOf`` could fail open (two branches fit) yet pass closed, and an object the open bundle itself closes
    refuses members with the same error: with either, the open bundle is asked.
    """
    return not any(_refuses_members_or_has_one_of(node) for node in _nodes(bundle))


def _nodes(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, Mapping):
        yield node
        for item in node.values():
            yield from _nodes(item)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def _refuses_members_or_has_one_of(node: Mapping[str, Any]) -> bool:
    return "oneOf" in node or node.get("additionalProperties") is False


def is_undeclared(error: Any) -> bool:
    """True for a fast-engine error naming members an object does not declare."""
    return isinstance(error.kind, _additional_properties())


@cache
def _additional_properties() -> type:
    # Imported with the first error: a run the quiet check passes whole never loads the fast engine.
    from jsonschema_rs import ValidationErrorKind

    return ValidationErrorKind.AdditionalProperties


def undeclared_in(errors: Iterable[Any]) -> bool:
    """True when a closed bundle's fast-engine *errors* (alternatives' errors included) name an undeclared member."""
    for error in errors:
        if is_undeclared(error):
            return True
        context = getattr(error.kind, "context", None)
        if context and any(undeclared_in(branch) for branch in context):
            return True
    return False


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
