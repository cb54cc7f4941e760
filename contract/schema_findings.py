"""Translate `jsonschema` errors into ``schema.*`` findings a reader can act on."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from contract.findings import Finding, pointer_of
from contract.secrets import SECRET_POINTERS, mask, mask_text

if TYPE_CHECKING:
    # Annotations only: jsonschema is imported by whoever builds the validator, on the first failure.
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

__all__ = ["describe", "json_type", "schema_findings"]

_MAX_SHOWN = 60


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value (``bool`` is boolean, not integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def describe(value: Any, pointer: str) -> str:
    """Show *value* in a message: scalars quoted and shortened, credentials masked, containers named."""
    if isinstance(value, str):
        shown = mask(value) if pointer in SECRET_POINTERS else mask_text(value)
        if len(shown) > _MAX_SHOWN:
            shown = shown[: _MAX_SHOWN - 1] + "…"
        return repr(shown)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if pointer in SECRET_POINTERS:
        return json_type(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _either(names: Iterable[str]) -> str:
    unique = list(dict.fromkeys(names))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " or " + unique[-1]


def schema_findings(
    validator: Validator,
    instance: Any,
    *,
    members: Collection[str] | None = None,
    keywords: Collection[str] = (),
) -> Iterator[Finding]:
    """Every schema violation of *instance*, each once, at the pointer of the value at fault.

    A fast engine that already knows where the document fails can say so: *members* names the only
    top-level members to descend into, *keywords* the only root keywords (``required``…) to
    evaluate. Skipping the valid rest is where the time goes on large documents.
    """
    seen: set[tuple[str, str]] = set()
    if members is None:
        errors = validator.iter_errors(instance)
    else:
        errors = _pruned_errors(validator, instance, members, keywords)
    for error in errors:
        for finding in _translate(error):
            if (finding.rule, finding.pointer) not in seen:
                seen.add((finding.rule, finding.pointer))
                yield finding


def _pruned_errors(
    validator: Validator, instance: Any, members: Collection[str], keywords: Collection[str]
) -> Iterator[ValidationError]:
    """The root schema's errors from *keywords* and *members* only, in the order a full run yields them."""
    schema = validator.schema
    if not isinstance(schema, dict) or not isinstance(instance, dict):
        yield from validator.iter_errors(instance)
        return
    properties = schema.get("properties", {})
    for keyword, value in schema.items():
        if keyword == "properties":
            for name, subschema in properties.items():
                if name in members and name in instance:
                    yield from validator.descend(instance[name], subschema, path=name, schema_path=name)  # type: ignore[attr-defined]
        elif keyword in keywords:
            yield from validator.evolve(schema={keyword: value}).iter_errors(instance)


def _expected(error: ValidationError) -> Any:
    """The value of the keyword that failed (``jsonschema`` types it loosely)."""
    return error.validator_value


def _types(error: ValidationError) -> list[str]:
    value = _expected(error)
    return value if isinstance(value, list) else [value]


def _translate(error: ValidationError) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    pointer = pointer_of(*path)
    keyword = str(error.validator)
    if keyword == "required":
        # One finding per missing member, at the member's own pointer.
        for name in _expected(error):
            if isinstance(error.instance, dict) and name not in error.instance:
                yield Finding.of("schema.required", pointer_of(*path, name), f"required member {name!r} is missing")
    elif keyword == "type":
        message = f"expected {_either(_types(error))}, got {json_type(error.instance)}"
        yield Finding.of("schema.type", pointer, message)
    elif keyword == "enum":
        yield Finding.of("schema.enum", pointer, _enum_message(error.instance, _expected(error), pointer))
    elif keyword == "const":
        message = f"expected {_expected(error)!r}, got {describe(error.instance, pointer)}"
        yield Finding.of("schema.const", pointer, message)
    elif keyword == "anyOf":
        yield from _any_of(error, pointer)
    else:
        yield Finding.of(f"schema.{keyword.lower()}", pointer, mask_text(error.message))


def _enum_message(value: Any, allowed: list[Any], pointer: str) -> str:
    message = f"{describe(value, pointer)} is not one of {', '.join(repr(a) for a in allowed)}"
    if isinstance(value, str):
        close = difflib.get_close_matches(value, [a for a in allowed if isinstance(a, str)], n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
    return message


def _any_of(error: ValidationError, pointer: str) -> Iterator[Finding]:
    """Report the branch the value was meant for, not "is not valid under any of the given schemas"."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    expected: list[str] = []
    for _, errors in sorted(branches.items()):
        wrong_type = [e for e in errors if e.validator == "type" and not e.relative_path]
        if not wrong_type:
            # The value has this branch's type, so this branch's errors are the useful ones.
            for sub in errors:
                yield from _translate(sub)
            return
        for e in wrong_type:
            expected.extend(_types(e))
    yield Finding.of("schema.type", pointer, f"expected {_either(expected)}, got {json_type(error.instance)}")
