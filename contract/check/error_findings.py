"""``schema.*`` and ``drift.unknown-field`` findings stated from the fast engine's own errors.

For ``required``, ``type``, ``enum`` and ``const`` reached through ``properties``, ``items`` and local ``$ref``,
and for the members a closed object refuses, a jsonschema-rs error carries all a finding needs: where the value
is (its instance path), which keyword of which schema failed (its evaluation path), and the missing or
undeclared members. This module words those findings as :mod:`.schema_findings` and :mod:`.drift` do, in their
order, without the reference engine and without walking the document: what each place of the bundle says is
worked out once, and the findings of recent failures are remembered. Each error is checked against the
keyword's own meaning first, so an engine quirk cannot slip through. Any other error (``anyOf``, ``minimum``,
a keyword reached through ``allOf``…) answers ``None``, and the slower paths explain the document. A property
test holds this module to the reference engine and to the walk for undeclared members on every mutant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from jsonschema_rs import ValidationErrorKind

from contract.check.schema_findings import describe, either, enum_message, json_type
from contract.check.simple_findings import JSON_TYPES, is_json_type, json_equal
from contract.findings import Finding, pointer_of
from contract.schemas import defined_name, resolve
from contract.secrets import known_secrets

__all__ = ["ErrorFindings"]

Path = tuple[str | int, ...]

_REQUIRED = ValidationErrorKind.Required
_TYPE = ValidationErrorKind.Type
_ENUM = ValidationErrorKind.Enum
_CONST = ValidationErrorKind.Constant
_UNDECLARED = ValidationErrorKind.AdditionalProperties
_LEAVES = frozenset({"required", "type", "enum", "const", "additionalProperties"})
#: Places and failures remembered per bundle before the memo starts again: each is a few small objects.
_MEMO = 4096


class _Place(NamedTuple):
    """One failing keyword of the bundle, reached along one instance path."""

    #: Where the reference engine meets it: the keyword's and members' indexes down the bundle, items' indexes.
    order: tuple[int, ...]
    keyword: str
    #: The keyword's value in the bundle (for ``additionalProperties``: the declared ``properties``).
    value: Any
    #: The type the object there is declared as, for an undeclared member's message.
    owner: str
    #: Whether the walk for undeclared members (:func:`~contract.check.drift.unknown_fields`) comes here.
    walked: bool


class _NotStated(Exception):
    """An error this module does not put into words."""


class ErrorFindings:
    """The findings the fast engine's errors on documents of one bundle state (see the module's docstring)."""

    def __init__(self, bundle: Mapping[str, Any]) -> None:
        self._bundle = bundle
        self._root = str(bundle.get("$id", "")).rsplit("/", 1)[-1].removesuffix(".json") or "the document"
        self._places: dict[tuple[Path, Path], _Place | None] = {}
        self._said: dict[tuple[Any, ...], tuple[tuple[int, ...], Finding]] = {}
        self._undeclared_said: dict[tuple[Any, ...], list[tuple[Path, Finding]]] = {}

    def __call__(self, instance: Any, errors: Iterable[Any]) -> list[Finding] | None:
        """The findings of *instance*, which the closed bundle's engine failed with *errors*, in the order the
        reference engine and then the walk for undeclared members give them; ``None`` where one is not stated."""
        known = known_secrets()
        schema: list[tuple[tuple[int, ...], Finding]] = []
        drift: list[tuple[Path, Finding]] = []
        try:
            for error in errors:
                kind = error.kind
                where: tuple[Path, Path] = (tuple(error.evaluation_path), tuple(error.instance_path))
                if isinstance(kind, _UNDECLARED):
                    drift.extend(self._undeclared(where, instance, tuple(kind.unexpected)))
                else:
                    schema.append(self._stated(where, _at(instance, where[1]), kind, known))
        except _NotStated:
            return None
        found = [finding for _, finding in schema]
        if len(schema) > 1:
            schema.sort(key=_first)
            found, seen = [], set()
            for _, finding in schema:
                if (finding.rule, finding.pointer) not in seen:  # as schema_findings reports each once
                    seen.add((finding.rule, finding.pointer))
                    found.append(finding)
        if len(drift) > 1:
            drift.sort(key=lambda each: _document_order(instance, each[0]))
        found.extend(finding for _, finding in drift)
        return found

    def _stated(
        self, where: tuple[Path, Path], value: Any, kind: Any, known: tuple[str, ...]
    ) -> tuple[tuple[int, ...], Finding]:
        """The finding one failing ``required``, ``type``, ``enum`` or ``const`` states, and where it sorts: *where*
        is the error's evaluation and instance paths, *value* the value there."""
        if isinstance(kind, _REQUIRED):
            detail: Any = kind.property
        elif isinstance(value, (str, int, float)) or value is None:
            # The type tells 1 from True and 1.0; a float's spelling tells -0.0 from 0.0, which compare equal.
            detail = (type(value), repr(value) if type(value) is float else value)
        else:
            detail = json_type(value) if isinstance(kind, _TYPE) else None
        key = (*where, detail, known)
        said = self._said.get(key) if detail is not None else None
        if said is None:
            said = _finding(self._place(*where), where[1], kind, value)
            if detail is not None:
                if len(self._said) >= _MEMO:
                    self._said.clear()
                self._said[key] = said
        return said

    def _undeclared(
        self, where: tuple[Path, Path], instance: Any, names: tuple[str, ...]
    ) -> list[tuple[Path, Finding]]:
        """The ``drift.unknown-field`` findings of members a closed object refuses, worded as the walk words them."""
        key = (*where, names)
        said = self._undeclared_said.get(key)
        if said is not None:
            return said
        place, path, value = self._place(*where), where[1], _at(instance, where[1])
        if place.keyword != "additionalProperties" or not place.walked or not isinstance(value, dict):
            raise _NotStated
        said = []
        for name in names:
            if name in place.value or name not in value:
                raise _NotStated
            message = f"member {name!r} is not declared in {place.owner}"
            said.append(((*path, name), Finding.of("drift.unknown-field", pointer_of(*path, name), message)))
        if len(self._undeclared_said) >= _MEMO:
            self._undeclared_said.clear()
        self._undeclared_said[key] = said
        return said

    def _place(self, evaluation: Path, path: Path) -> _Place:
        """What the keyword an error names says there; :class:`_NotStated` where this module does not follow it."""
        key = (evaluation, path)
        try:
            place = self._places[key]
        except KeyError:
            if len(self._places) >= _MEMO:
                self._places.clear()
            try:
                place = self._follow(evaluation, path)
            except (_NotStated, KeyError, IndexError, TypeError, ValueError):
                place = None
            self._places[key] = place
        if place is None:
            raise _NotStated
        return place

    def _follow(self, evaluation: Path, path: Path) -> _Place:
        """Follow the evaluation path down the bundle beside the instance path, noting indexes as the reference
        engine meets them (keywords in schema order, declared members in schema order, items in order)."""
        node: Any = self._bundle
        order: list[int] = []
        owner, walked = self._root, True
        tokens, at, depth = list(evaluation), 0, 0
        while at < len(tokens):
            token = tokens[at]
            if not isinstance(node, dict) or not isinstance(token, str):
                raise _NotStated
            walked = walked and "anyOf" not in node and "oneOf" not in node
            last = at == len(tokens) - 1
            if token in _LEAVES and last:
                if token == "additionalProperties":
                    # Only the closed bundle says this: the open one declares members and lets others be.
                    walked = walked and "properties" in node and token not in node
                    return _Place((*order, len(node)), token, node.get("properties", {}), owner, walked)
                order.append(list(node).index(token))
                return _Place(tuple(order), token, node[token], owner, walked)
            order.append(list(node).index(token))
            if token == "$ref":
                name = defined_name(node)
                if name is None:
                    raise _NotStated
                owner, node = name, resolve(self._bundle, node)
                walked = walked and "$ref" not in node  # the walk follows one reference, not a chain
                at += 1
            elif token == "properties" and not last:
                walked = walked and "additionalProperties" not in node
                member = tokens[at + 1]
                if depth >= len(path) or path[depth] != member:
                    raise _NotStated
                order.append(list(node["properties"]).index(member))
                node = node["properties"][member]
                at, depth = at + 2, depth + 1
            elif token == "items" and depth < len(path) and isinstance(path[depth], int):
                order.append(path[depth])  # type: ignore[arg-type]
                node = node["items"]
                at, depth = at + 1, depth + 1
            else:
                raise _NotStated
        raise _NotStated  # the path ended before its keyword


def _first(each: tuple[tuple[int, ...], Finding]) -> tuple[int, ...]:
    return each[0]


def _at(instance: Any, path: Path) -> Any:
    for token in path:
        instance = instance[token]
    return instance


def _finding(place: _Place, path: Path, kind: Any, value: Any) -> tuple[tuple[int, ...], Finding]:
    """The finding of one failing keyword, checked against the keyword's meaning, and where it sorts."""
    keyword, expected = place.keyword, place.value
    if keyword == "required" and isinstance(kind, _REQUIRED):
        name = kind.property
        if not isinstance(value, dict) or name in value or name not in expected:
            raise _NotStated
        message = f"required member {name!r} is missing"
        return (*place.order, expected.index(name)), Finding.of("schema.required", pointer_of(*path, name), message)
    pointer = pointer_of(*path)
    if keyword == "type" and isinstance(kind, _TYPE):
        types = expected if isinstance(expected, list) else [expected]
        if not all(name in JSON_TYPES for name in types) or any(is_json_type(value, name) for name in types):
            raise _NotStated
        return place.order, Finding.of("schema.type", pointer, f"expected {either(types)}, got {json_type(value)}")
    if keyword == "enum" and isinstance(kind, _ENUM):
        if not isinstance(expected, list) or any(json_equal(each, value) for each in expected):
            raise _NotStated
        return place.order, Finding.of("schema.enum", pointer, enum_message(value, expected, pointer))
    if keyword == "const" and isinstance(kind, _CONST):
        if json_equal(value, expected):
            raise _NotStated
        message = f"expected {expected!r}, got {describe(value, pointer)}"
        return place.order, Finding.of("schema.const", pointer, message)
    raise _NotStated


def _document_order(instance: Any, path: Path) -> tuple[int, ...]:
    """Where the value at *path* comes in *instance*, as the walk for undeclared members meets it."""
    order = []
    for token in path:
        order.append(list(instance).index(token) if isinstance(instance, dict) else int(token))
        instance = instance[token]
    return tuple(order)
