"""Compile a bundled JSON Schema into a Hypothesis strategy by construction, never by filtering."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

from contract.check.semantics import INVISIBLE_CATEGORIES
from contract.errors import ContractError
from contract.findings import pointer_of
from contract.schemas import resolve

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "JSON_TYPES",
    "compile_schema",
    "integers",
    "json_values",
    "texts",
    "urls",
    "visible_texts",
]

# JSON consumers (and orjson) read integers as 64-bit; wider ones would test the parser, not the contract.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: JSON types from simplest to most complex: the order `one_of` tries, and so the way examples shrink.
JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")
_EDGES = (0, 1, -1, 2**31 - 1, -(2**31), 2**32, 2**53, -(2**53))
# Keywords that only annotate; any other keyword must be honoured below or the compiler refuses the schema.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "discriminator", "x-upstream"}
)
_HONOURED = frozenset(
    {
        "$ref",
        "type",
        "properties",
        "required",
        "additionalProperties",
        "maxProperties",
        "anyOf",
        "oneOf",
        "items",
        "enum",
        "const",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "format",
    }
)
# Formats every drawn value already meets: integers are drawn within 64 bits, URIs by urls().
_FORMATS = frozenset({"int64", "uri"})
# Free-form objects get at most this many members, whatever more their schema would allow; arrays, items.
_MAX_MEMBERS = 5
_MAX_ITEMS = 3


Overrides = Mapping[str, st.SearchStrategy[Any]]


def texts() -> st.SearchStrategy[str]:
    """Any Unicode text JSON can carry (Hypothesis already leaves out lone surrogates)."""
    return st.text()


def visible_texts() -> st.SearchStrategy[str]:
    """Any text with at least one character a reader can see (not only spaces, controls or format characters)."""
    return st.tuples(texts(), st.characters(exclude_categories=INVISIBLE_CATEGORIES), texts()).map("".join)


def urls() -> st.SearchStrategy[str]:
    """Absolute ``https`` URLs with a path and, sometimes, a query: what a ``uri`` member holds."""
    label = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
    segment = st.text("abcdefghijklmnopqrstuvwxyz0123456789-._~", max_size=12)
    query = st.one_of(st.just(""), segment.map("?q=".__add__))
    return st.builds(
        lambda host, parts, tail: f"https://{host}.example/{'/'.join(parts)}{tail}",
        label,
        st.lists(segment, max_size=3),
        query,
    )


def integers(min_value: int = INT64_MIN, max_value: int = INT64_MAX) -> st.SearchStrategy[int]:
    """Integers in range that shrink to zero, with the boundaries consumers get wrong drawn on purpose."""
    # The range's own ends first: sampled_from favours early entries, and those are the edges that matter most.
    edges = list(dict.fromkeys(value for value in (min_value, max_value, *_EDGES) if min_value <= value <= max_value))
    return st.one_of(st.integers(min_value, max_value), st.sampled_from(edges))


def json_values(*, max_leaves: int = 4) -> st.SearchStrategy[Any]:
    """Small arbitrary JSON values: scalars, and arrays or objects of them."""
    scalars = st.one_of(st.none(), st.booleans(), integers(), st.floats(allow_nan=False, allow_infinity=False), texts())
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts(), inner, max_size=3)),
        max_leaves=max_leaves,
    )


def compile_schema(document: Mapping[str, Any], overrides: Overrides | None = None) -> st.SearchStrategy[Any]:
    """A strategy for the instances *document* (a bundle) accepts that declare no undeclared members.

    *overrides* replaces the strategy at instance pointers (``/workflow/id``) with a narrower one,
    which is how rules the schema cannot state are built in rather than filtered for.
    """
    return _Compiler(document, overrides or {}).node(document, ())


class _Compiler:
    def __init__(self, document: Mapping[str, Any], overrides: Overrides) -> None:
        self._document = document
        self._overrides = overrides

    def node(self, node: Mapping[str, Any], path: tuple[str, ...]) -> st.SearchStrategy[Any]:
        override = self._overrides.get(pointer_of(*path))
        if override is not None:
            return override
        node = resolve(self._document, node)
        unknown = sorted(set(node) - _ANNOTATIONS - _HONOURED)
        if unknown:
            raise ContractError(f"cannot build a strategy for schema keyword(s) {', '.join(unknown)}")
        if node.get("format", "int64") not in _FORMATS:
            raise ContractError(f"cannot build a strategy for format {node['format']!r}")
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        if "anyOf" in node:
            branches = sorted(node["anyOf"], key=self._rank)
            return st.one_of(*(self.node(branch, path) for branch in branches))
        if "oneOf" in node:
            # Every oneOf in the bundles is discriminated (each branch fixes its own `type`), so a draw from one
            # branch matches no other: drawing each branch in turn is drawing the union. Schema order is
            # upstream's, simplest first (active before locked, a user message before a task group).
            return st.one_of(*(self.node(branch, path) for branch in node["oneOf"]))
        kinds = node.get("type")
        if isinstance(kinds, list):
            return st.one_of(*(self._of_type(kind, node, path) for kind in sorted(kinds, key=JSON_TYPES.index)))
        if isinstance(kinds, str):
            return self._of_type(kinds, node, path)
        raise ContractError(f"cannot build a strategy for an untyped schema at {pointer_of(*path) or 'the root'}")

    def _rank(self, branch: Mapping[str, Any]) -> int:
        """Order ``anyOf`` branches simplest type first, so a nullable member shrinks to null."""
        kind = resolve(self._document, branch).get("type")
        return JSON_TYPES.index(kind) if isinstance(kind, str) else len(JSON_TYPES)

    def _of_type(self, kind: str, node: Mapping[str, Any], path: tuple[str, ...]) -> st.SearchStrategy[Any]:
        if kind == "object":
            return self._object(node, path)
        if kind == "array":
            if not isinstance(node.get("items"), Mapping):
                raise ContractError(f"cannot build a strategy for an array without items at {pointer_of(*path)}")
            return st.lists(self.node(node["items"], (*path, "*")), max_size=_MAX_ITEMS)
        if kind == "string" and node.get("format") == "uri":
            return urls()
        low, high = node.get("minimum"), node.get("maximum")
        simple: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
            "null": st.none,
            "boolean": st.booleans,
            "integer": lambda: integers(INT64_MIN if low is None else low, INT64_MAX if high is None else high),
            # JSON numbers include integers; both kinds reach consumers as "number".
            "number": lambda: st.one_of(
                integers(INT64_MIN if low is None else low, INT64_MAX if high is None else high),
                st.floats(low, high, allow_nan=False, allow_infinity=False),
            ),
            "string": lambda: st.text(min_size=node.get("minLength", 0), max_size=node.get("maxLength")),
        }
        if kind not in simple:
            raise ContractError(f"cannot build a strategy for type {kind!r} at {pointer_of(*path) or 'the root'}")
        return simple[kind]()

    def _object(self, node: Mapping[str, Any], path: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
        properties: Mapping[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties")
        if properties and isinstance(extra, Mapping):
            raise ContractError(f"cannot build a strategy mixing properties and additionalProperties at {path}")
        if isinstance(extra, Mapping):
            # Free-form keys have no pointer of their own; the values under them take no override.
            most = min(_MAX_MEMBERS, node.get("maxProperties", _MAX_MEMBERS))
            return st.dictionaries(texts(), self.node(extra, (*path, "*")), max_size=most)
        if not properties:
            raise ContractError(f"cannot build a strategy for a free-form object at {pointer_of(*path) or 'the root'}")
        required = set(node.get("required", ()))
        members = {name: self.node(sub, (*path, name)) for name, sub in properties.items()}
        return st.fixed_dictionaries(
            {name: value for name, value in members.items() if name in required},
            optional={name: value for name, value in members.items() if name not in required},
        )
