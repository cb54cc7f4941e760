"""The variants a response resource allows, derived from its bundled schema, and a counter compiled for them.

A variant is one way a value can legitimately differ between conforming responses: each value of an enum,
a nullable member null or not, an optional member present or absent, each branch of a union, a boolean
true or false, an array or free-form object empty or not. Nothing here names a field: every variant comes
from walking the bundle, so a value added to an enum in ``schemas/`` is a new variant with no code change.

Counting runs once per response over millions of lines, so the walk also writes a Python function doing
exactly the tests the variants need, straight-line (``type(v) is str``, one dict lookup per enum): it is
compiled once per resource and costs less than the parse that precedes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from contract.schemas import bundle, defined_name, resolve

__all__ = ["BodyCounter", "Variant", "body_variants", "compile_counter", "value_label"]

#: Counts one parsed body into a list of per-variant counters (indexes as in :func:`body_variants`).
BodyCounter = Callable[[Any, list[int]], None]

# The Python test that recognises each JSON type (a bool is no JSON integer), as a format string over {v}.
_TYPE_TESTS = {
    "null": "{v} is None",
    "boolean": "({v} is True or {v} is False)",
    "integer": "(type({v}) is int or type({v}) is float and {v}.is_integer())",
    "number": "(type({v}) is int or type({v}) is float)",
    "string": "type({v}) is str",
    "array": "type({v}) is list",
    "object": "type({v}) is dict",
}
_SCALARS = frozenset({"null", "boolean", "integer", "number", "string"})


@dataclass(frozen=True, slots=True, order=True)
class Variant:
    """One variant: where (``workflow.version``; ``[]`` is any array item, ``{}`` any free-form value, ``(x)``
    inside union branch *x*), which (``null``, ``cancelled``, ``true``, ``empty``), and what kind of choice it is."""

    path: str
    label: str
    kind: str
    #: The JSON value an ``enum`` or ``boolean`` variant stands for (``None`` for the other kinds).
    value: Any = field(default=None, compare=False, repr=False)

    @property
    def fixed(self) -> bool:
        """True when the variant is one JSON value (an enum value, a boolean, a null), which a probe can try."""
        return self.kind in ("enum", "boolean") or (self.kind == "nullable" and self.label == "null")

    @property
    def name(self) -> str:
        """``path:label``, the name reports print and ``require`` lists."""
        return f"{self.path}:{self.label}"

    @property
    def pointer(self) -> str | None:
        """The JSON pointer of a plain member path (no items, values or branches), else ``None``."""
        if self.kind == "http" or any(mark in self.path for mark in "[{("):
            return None
        return "/" + self.path.replace(".", "/")


def value_label(value: Any) -> str:
    """How a variant names a JSON value: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value)


@cache
def _derived(resource: str) -> tuple[tuple[Variant, ...], str, tuple[Any, ...]]:
    walker = _Walker(bundle(resource))
    walker.function()
    return tuple(walker.variants), "\n".join(walker.lines), tuple(walker.constants)


def body_variants(resource: str) -> tuple[Variant, ...]:
    """Every variant a body of *resource* (a bundled schema name) can show, in schema order."""
    return _derived(resource)[0]


@cache
def compile_counter(resource: str) -> BodyCounter:
    """The counting function for *resource*: ``count(value, counts)`` adds 1 at each variant *value* shows."""
    _, source, constants = _derived(resource)
    namespace: dict[str, Any] = {f"_k{index}": constant for index, constant in enumerate(constants)}
    namespace["_absent"] = _ABSENT
    # The source is written by _Walker from the bundled schema alone; every literal in it went through repr().
    exec(compile(source, f"<coverage counter for {resource}>", "exec"), namespace)
    counter: BodyCounter = namespace["count"]
    return counter


class _Absent:
    """The value of a member that is not there (``None`` would read as a JSON null)."""

    def __repr__(self) -> str:
        return "<absent>"


_ABSENT = _Absent()


class _Walker:
    """Walks a bundle once, noting each variant and writing the Python lines that count it."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self.variants: list[Variant] = []
        self.lines: list[str] = []
        self.constants: list[Any] = []
        self._names = 0
        self._visiting: list[str] = []

    def function(self) -> None:
        self.lines.append("def count(v0, c):")
        self._value(self._document, "", "v0", 1)
        self.lines.append("    return None")

    def _emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def _prune(self, start: int) -> None:
        """Drop the lines written since *start* when none of them counts anything (members without variants)."""
        if not any("c[" in line for line in self.lines[start:]):
            del self.lines[start:]

    def _variant(self, path: str, label: str, kind: str, value: Any = None) -> int:
        self.variants.append(Variant(path, label, kind, value))
        return len(self.variants) - 1

    def _name(self) -> str:
        self._names += 1
        return f"v{self._names}"

    def _constant(self, value: Any) -> str:
        self.constants.append(value)
        return f"_k{len(self.constants) - 1}"

    def _resolved(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        return resolve(self._document, node)

    def _value(self, node: Mapping[str, Any], path: str, var: str, depth: int) -> None:
        """Variants of the value in *var* (any Python value, or the absent marker) described by *node*."""
        name = defined_name(node)
        if name is not None:
            if name in self._visiting:  # a recursive type: its variants are counted at its first level only
                return
            self._visiting.append(name)
            try:
                self._value(self._resolved(node), path, var, depth)
            finally:
                self._visiting.pop()
            return
        branches = node.get("anyOf") or node.get("oneOf")
        if isinstance(branches, list) and branches:
            self._union([self._resolved(branch) for branch in branches], node, path, var, depth)
            return
        kinds = node.get("type")
        if isinstance(kinds, list) and len(kinds) > 1:
            self._union([{**node, "type": kind} for kind in kinds], {}, path, var, depth)
            return
        kind = kinds[0] if isinstance(kinds, list) and kinds else kinds
        values = node.get("enum")
        if isinstance(values, list) and len(values) > 1:
            self._enum(values, path, var, depth, "enum")
        elif kind == "boolean" and "const" not in node and values is None:
            self._enum([True, False], path, var, depth, "boolean")
        if kind == "object" or "properties" in node:
            self._object(node, path, var, depth)
        elif kind == "array":
            self._array(node, path, var, depth)

    def _enum(self, values: Sequence[Any], path: str, var: str, depth: int, kind: str) -> None:
        indexes = {self._variant(path, value_label(value), kind, value): value for value in values}
        if all(isinstance(value, str) for value in values):
            lookup = self._constant({value: index for index, value in indexes.items()})
            self._emit(depth, f"if type({var}) is str:")
            self._emit(depth + 1, f"i = {lookup}.get({var})")
            self._emit(depth + 1, "if i is not None:")
            self._emit(depth + 2, "c[i] += 1")
            return
        keyword = "if"
        for index, value in indexes.items():
            # `is` for true, false and null; type and value for the rest (1 == True in Python, not in JSON).
            if value is None or isinstance(value, bool):
                test = f"{var} is {value!r}"
            else:
                constant = self._constant(value)
                test = f"type({var}) is type({constant}) and {var} == {constant}"
            self._emit(depth, f"{keyword} {test}:")
            self._emit(depth + 1, f"c[{index}] += 1")
            keyword = "elif"

    def _union(
        self, branches: list[Mapping[str, Any]], node: Mapping[str, Any], path: str, var: str, depth: int
    ) -> None:
        nullable = len(branches) == 2 and any(branch.get("type") == "null" for branch in branches)
        if nullable:  # null first: the pair reads "null, non-null", and the cheapest test runs first
            branches = sorted(branches, key=lambda branch: branch.get("type") != "null")
        keyword = "if"
        for branch, (named, test) in zip(branches, self._branch_labels(branches, node), strict=True):
            label = ("null" if branch.get("type") == "null" else "non-null") if nullable else named
            index = self._variant(path, label, "nullable" if nullable else "union")
            self._emit(depth, f"{keyword} {test.format(v=var)}:")
            self._emit(depth + 1, f"c[{index}] += 1")
            # A branch told apart by a scalar type has no choices of its own (a state variable's boolean is not a
            # boolean member to be seen both ways); objects and arrays are walked inside their branch.
            if nullable or branch.get("type") not in _SCALARS:
                self._value(branch, path if nullable else f"{path}({label})", var, depth + 1)
            keyword = "elif"

    def _branch_labels(self, branches: list[Mapping[str, Any]], node: Mapping[str, Any]) -> list[tuple[str, str]]:
        """A label and a test (a format string over ``{v}``) per branch: by discriminator, by type, else by name."""
        tag = self._discriminator(branches, node)
        if tag is not None:
            found = []
            for branch in branches:
                value = self._fixed(self._member(branch, tag))
                test = f"type({{v}}) is dict and {{v}}.get({tag!r}, _absent) == {self._constant(value)}"
                found.append((value_label(value), test))
            return found
        found = []
        for position, branch in enumerate(branches, start=1):
            kind = branch.get("type")
            if isinstance(kind, str) and kind in _TYPE_TESTS:
                found.append((kind, _TYPE_TESTS[kind]))
            else:
                label = str(branch.get("title") or f"branch-{position}")
                found.append((label, f"{self._constant(self._validator(branch))}({{v}})"))
        if len({label for label, _ in found}) < len(found):  # two branches of one type: number them
            found = [(f"{label}-{n}", test) for n, (label, test) in enumerate(found, start=1)]
        return found

    def _validator(self, branch: Mapping[str, Any]) -> Callable[[Any], bool]:
        """A branch no cheap test tells apart: the fast schema engine decides (never on the absent marker)."""
        import jsonschema_rs

        is_valid = jsonschema_rs.validator_for({**branch, "$defs": self._document.get("$defs", {})}).is_valid

        def test(value: Any) -> bool:
            return value is not _ABSENT and bool(is_valid(value))

        return test

    def _member(self, branch: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        member = branch.get("properties", {}).get(name, {})
        return self._resolved(member) if isinstance(member, Mapping) else {}

    @staticmethod
    def _fixed(node: Mapping[str, Any]) -> Any:
        if "const" in node:
            return node["const"]
        values = node.get("enum")
        return values[0] if isinstance(values, list) and len(values) == 1 else _ABSENT

    def _discriminator(self, branches: list[Mapping[str, Any]], node: Mapping[str, Any]) -> str | None:
        """The member whose fixed value tells every object branch apart (``discriminator`` first, then ``type``)."""
        if not all(branch.get("type") == "object" or "properties" in branch for branch in branches):
            return None
        declared = node.get("discriminator")
        candidates = [declared.get("propertyName")] if isinstance(declared, Mapping) else []
        shared = set.intersection(*(set(branch.get("properties", {})) for branch in branches))
        candidates += ["type", *sorted(shared)]
        for name in candidates:
            if not isinstance(name, str) or name not in shared:
                continue
            values = [self._fixed(self._member(branch, name)) for branch in branches]
            if _ABSENT not in values and len({value_label(value) for value in values}) == len(values):
                return name
        return None

    def _object(self, node: Mapping[str, Any], path: str, var: str, depth: int) -> None:
        members = node.get("properties", {})
        extra = node.get("additionalProperties")
        start = len(self.lines)
        self._emit(depth, f"if type({var}) is dict:")
        required = set(node.get("required", ()))
        for member, schema in members.items():
            where = f"{path}.{member}" if path else member
            value = self._name()
            mark = len(self.lines)
            self._emit(depth + 1, f"{value} = {var}.get({member!r}, _absent)")
            if member not in required:
                absent, present = (
                    self._variant(where, "absent", "optional"),
                    self._variant(where, "present", "optional"),
                )
                self._emit(depth + 1, f"c[{absent} if {value} is _absent else {present}] += 1")
            self._value(schema, where, value, depth + 1)
            self._prune(mark)
        if not members and isinstance(extra, Mapping):
            self._sized(f"{var}.values()", extra, path, "{}", depth + 1)
        self._prune(start)

    def _array(self, node: Mapping[str, Any], path: str, var: str, depth: int) -> None:
        start = len(self.lines)
        self._emit(depth, f"if type({var}) is list:")
        items = node.get("items")
        self._sized(var, items if isinstance(items, Mapping) else {}, path, "[]", depth + 1)
        self._prune(start)

    def _sized(self, iterable: str, inner: Mapping[str, Any], path: str, mark: str, depth: int) -> None:
        """Empty and non-empty variants of a collection (*iterable* over it), then those of each thing it holds."""
        var = iterable.removesuffix(".values()")
        empty, filled = self._variant(path, "empty", "size"), self._variant(path, "non-empty", "size")
        self._emit(depth, f"c[{filled} if {var} else {empty}] += 1")
        item = self._name()
        start = len(self.lines)
        self._emit(depth, f"for {item} in {iterable}:")
        self._value(inner, path + mark, item, depth + 1)
        self._prune(start)
