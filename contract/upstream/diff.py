"""Compare the bundled schemas and operations with an upstream OpenAPI document, change by change, from a
consumer's side.

Every ChatKit component is compared: each operation of the table (is it still there, at the same method and
path, with the same parameters, answering the same resource?), each operation's response resource with every
type it references, the create request body, and the list operations' query parameters. A ChatKit operation
upstream has that the table lacks is reported too.

A consumer reads responses: upstream allowing *more* than we check (a new enum value, a
member that may now be null or absent, a removed member) breaks consumer code; upstream
allowing *less* or adding members is additive.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from contract.errors import InputError
from contract.findings import escape_pointer
from contract.operations import OPERATIONS
from contract.schemas import CREATE_BODY, ROOT, load_schema
from contract.secrets import mask_text
from contract.upstream.change import Change, Impact
from contract.upstream.openapi import COMPONENT_PREFIX, Excerpt, component_schemas, extract, load_openapi
from contract.upstream.paths import declared_queries, operation_changes
from contract.upstream.shape import COMBINATORS, Shape, describe, normalise, type_atoms

__all__ = [
    "COMPONENTS",
    "KNOWN_DEVIATIONS",
    "Change",
    "Deviation",
    "Impact",
    "UpstreamDiff",
    "diff_document",
    "diff_shapes",
    "upstream_diff",
]

#: The component schemas compared, each with every type it references: the operations' response resources,
#: then the create request body.
COMPONENTS: tuple[str, ...] = (*dict.fromkeys(operation.resource for operation in OPERATIONS), CREATE_BODY)


@dataclass(frozen=True, slots=True)
class Deviation:
    """A difference from upstream we made on purpose (matched exactly, so any further change is drift), and why."""

    pointer: str
    kind: str
    detail: str
    reason: str
    component: str = ROOT


_STATE_VARIABLES = (
    "upstream's oneOf [string, integer, boolean, number] rejects every integer (it also matches number); "
    "we accept string, number and boolean, as the official SDKs do"
)
_ONE_OF = "oneOf [string, integer, boolean, number]"

#: Differences that are deliberate; reported as known, never as drift.
KNOWN_DEVIATIONS = (
    Deviation(
        "/workflow/state_variables/*",
        "shape-changed",
        f"was boolean | number | string, upstream has {_ONE_OF}",
        _STATE_VARIABLES,
    ),
    # The same oneOf in the create request's WorkflowParam: the stand-in takes {"step": 1} as the service does.
    Deviation(
        "/workflow/state_variables/*",
        "shape-changed",
        f"was boolean | number | string, upstream has {_ONE_OF}",
        _STATE_VARIABLES,
        CREATE_BODY,
    ),
)


@dataclass(frozen=True, slots=True)
class UpstreamDiff:
    """Every change between the bundled schemas and one upstream document."""

    source: str
    api_version: str | None
    derived_from: str
    changes: tuple[Change, ...] = field(default=())

    @property
    def drift(self) -> tuple[Change, ...]:
        """Changes that are not known deviations: these fail the check."""
        return tuple(c for c in self.changes if c.known is None)

    @property
    def known(self) -> tuple[Change, ...]:
        """Deliberate deviations found as expected."""
        return tuple(c for c in self.changes if c.known is not None)

    @property
    def ok(self) -> bool:
        """True when the only differences are the known deviations."""
        return not self.drift

    def to_dict(self) -> dict[str, Any]:
        """The JSON-output shape of the comparison."""
        breaking = sum(c.impact == "breaking" for c in self.drift)
        return {
            "upstream": self.source,
            "api_version": self.api_version,
            "derived_from": self.derived_from,
            "ok": self.ok,
            "changes": [c.to_dict() for c in self.changes],
            "summary": {"breaking": breaking, "additive": len(self.drift) - breaking, "known": len(self.known)},
        }


def upstream_diff(path: str | Path) -> UpstreamDiff:
    """Load the OpenAPI document at *path* and compare every ChatKit component with the bundled one."""
    try:
        return diff_document(load_openapi(path), source=str(path))
    except RecursionError:
        raise InputError(f"{path}: schemas nested too deeply to compare") from None


def diff_document(document: Any, *, source: str = "<openapi>") -> UpstreamDiff:
    """Compare every ChatKit operation and component of an OpenAPI document with the bundled ones."""
    schemas = component_schemas(document, source)
    present = [name for name in COMPONENTS if name in schemas]
    if not present:
        # Not OpenAI's document at all (or not a version with ChatKit): nothing to compare is an error, not drift.
        raise InputError(f"{source}: components.schemas has no {ROOT!r}")
    changes: list[Change] = [*operation_changes(document)]
    api_version = None
    for name in COMPONENTS:
        if name not in present:
            changes.append(Change("", "component-removed", "breaking", f"upstream has no schema {name}", None, name))
            continue
        compared = diff_excerpt(extract(document, name, source=source))
        api_version = compared.api_version
        changes += compared.changes
    for name, theirs, upstream_ref in declared_queries(document, schemas):
        ours = normalise(load_schema(name), _bundled_ref, _stack=(name,))
        changes += _marked(diff_shapes(ours, normalise(theirs, upstream_ref)), name)
    return UpstreamDiff(source, api_version, _derived_from(), tuple(changes))


def diff_excerpt(excerpt: Excerpt) -> UpstreamDiff:
    """Compare an extracted upstream excerpt (one component and what it references) with the bundled schemas."""

    def upstream_ref(ref: str) -> tuple[str, Any]:
        name = ref.removeprefix(COMPONENT_PREFIX)
        return name, excerpt.schemas[name]

    ours = normalise(load_schema(excerpt.root), _bundled_ref, _stack=(excerpt.root,))
    theirs = normalise(excerpt.schemas[excerpt.root], upstream_ref, _stack=(excerpt.root,))
    changes = tuple(_marked(diff_shapes(ours, theirs), excerpt.root))
    return UpstreamDiff(excerpt.source, excerpt.api_version, _derived_from(), changes)


def _bundled_ref(ref: str) -> tuple[str, Any]:
    name = ref.removesuffix(".json")
    return name, load_schema(name)


def _marked(changes: Iterator[Change], component: str) -> Iterator[Change]:
    """*changes* of *component*, known deviations marked; upstream text quoted in a detail is masked, since an
    enum value or member name may be shaped like a credential."""
    known = {(d.component, d.pointer, d.kind, d.detail): d.reason for d in KNOWN_DEVIATIONS}
    for c in changes:
        reason = known.get((component, c.pointer, c.kind, c.detail))
        yield Change(mask_text(c.pointer), c.kind, c.impact, mask_text(c.detail), reason, component)


def _derived_from() -> str:
    record = load_schema(ROOT).get("x-upstream", {})
    return f"{record.get('repository', '?')}@{str(record.get('commit', '?'))[:7]}"


def diff_shapes(ours: Shape, theirs: Shape, pointer: str = "") -> Iterator[Change]:
    """Every change from *ours* to *theirs*, at instance pointers (``*`` for any member or item)."""
    if {k for k in COMBINATORS if k in ours} != {k for k in COMBINATORS if k in theirs}:
        detail = f"was {describe(ours)}, upstream has {describe(theirs)}"
        yield Change(pointer, "shape-changed", "breaking", detail)
        return
    yield from _types(ours.get("type"), theirs.get("type"), pointer)
    yield from _enums(ours.get("enum"), theirs.get("enum"), pointer)
    yield from _members(ours, theirs, pointer)
    for key in ("additionalProperties", "items"):
        yield from _nested(key, ours.get(key), theirs.get(key), pointer)
    for key in COMBINATORS:
        yield from _alternatives(ours.get(key), theirs.get(key), pointer)
    for key in sorted((ours.keys() | theirs.keys()) - _COMPARED):
        if ours.get(key) != theirs.get(key):
            detail = f"{key} {_show(ours.get(key))} → {_show(theirs.get(key))}"
            yield Change(pointer, "constraint-changed", "breaking", detail)


_COMPARED = frozenset({"type", "enum", "properties", "required", "additionalProperties", "items", *COMBINATORS})


def _show(value: Any) -> str:
    return "absent" if value is None else orjson.dumps(value).decode()


def _types(ours: list[str] | None, theirs: list[str] | None, pointer: str) -> Iterator[Change]:
    wider = type_atoms(theirs) - type_atoms(ours)
    narrower = type_atoms(ours) - type_atoms(theirs)
    if not wider and not narrower:
        return
    was = " | ".join(ours) if ours else "any type"
    now = " | ".join(theirs) if theirs else "any type"
    if wider and narrower:
        yield Change(pointer, "type-changed", "breaking", f"type {was} → {now}")
    elif wider:
        yield Change(pointer, "type-widened", "breaking", f"type {was} → {now}: values of a new type may arrive")
    else:
        yield Change(pointer, "type-narrowed", "additive", f"type {was} → {now}")


def _enums(ours: list[Any] | None, theirs: list[Any] | None, pointer: str) -> Iterator[Change]:
    if ours == theirs:
        return
    if ours is None or theirs is None:
        impact: Impact = "breaking" if theirs is None else "additive"
        yield Change(pointer, "enum-changed", impact, f"values {_show(ours)} → {_show(theirs)}")
        return
    for value in theirs:
        if value not in ours:
            yield Change(pointer, "enum-value-added", "breaking", f"new value {_show(value)}")
    for value in ours:
        if value not in theirs:
            yield Change(pointer, "enum-value-removed", "additive", f"value {_show(value)} no longer listed")


def _members(ours: Shape, theirs: Shape, pointer: str) -> Iterator[Change]:
    our_props, their_props = ours.get("properties", {}), theirs.get("properties", {})
    our_required, their_required = set(ours.get("required", ())), set(theirs.get("required", ()))
    names = [*our_props, *(n for n in their_props if n not in our_props)]
    for name in names:
        at = f"{pointer}/{escape_pointer(name)}"
        if name not in their_props:
            yield Change(at, "member-removed", "breaking", f"member {name!r} removed")
        elif name not in our_props:
            required = "required" if name in their_required else "optional"
            yield Change(at, "member-added", "additive", f"member {name!r} added ({required})")
        else:
            if name in our_required and name not in their_required:
                yield Change(at, "required-removed", "breaking", f"member {name!r} is no longer required")
            elif name in their_required and name not in our_required:
                yield Change(at, "required-added", "additive", f"member {name!r} is now required")
            yield from diff_shapes(our_props[name], their_props[name], at)


def _nested(key: str, ours: Shape | None, theirs: Shape | None, pointer: str) -> Iterator[Change]:
    at = f"{pointer}/*"
    if ours is not None and theirs is not None:
        yield from diff_shapes(ours, theirs, at)
    elif ours != theirs:
        # A missing keyword allows anything: upstream dropping it widens what may arrive.
        impact: Impact = "breaking" if theirs is None else "additive"
        was = describe(ours) if ours is not None else "anything"
        now = describe(theirs) if theirs is not None else "anything"
        yield Change(at, "shape-changed", impact, f"{key} {was} → {now}")


def _alternatives(ours: list[Shape] | None, theirs: list[Shape] | None, pointer: str) -> Iterator[Change]:
    if ours is None or theirs is None:
        return
    if len(ours) != len(theirs):
        detail = f"{len(ours)} alternatives → {len(theirs)}"
        yield Change(pointer, "shape-changed", "breaking", detail)
        return
    for mine, upstream in zip(ours, theirs, strict=True):
        yield from diff_shapes(mine, upstream, pointer)
