"""Translate `jsonschema` errors into ``schema.*`` findings a reader can act on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from contract.findings import Finding, pointer_of
from contract.schemas import defined_name, resolve
from contract.secrets import apply_spans, credential_spans, is_secret_member, known_secrets, mask, mask_text

if TYPE_CHECKING:
    # Annotations only: jsonschema is imported by whoever builds the validator, on the first failure.
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

__all__ = ["Failing", "describe", "either", "enum_message", "json_type", "masked", "schema_findings"]

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


def masked(text: str, known: tuple[str, ...] | None = None) -> str:
    """``mask_text(text)``, remembered: failing records repeat their values and messages. *known* are the
    secrets :func:`~contract.secrets.known_secrets` gives, for a caller masking several texts at once."""
    return _masked(text, known_secrets() if known is None else known)


@lru_cache(maxsize=4096)
def _masked(text: str, known: tuple[str, ...]) -> str:
    spans = credential_spans(text, known=known)  # the run's own secrets are part of the key
    return apply_spans(text, spans) if spans else text


def describe(value: Any, pointer: str) -> str:
    """Show *value* in a message: scalars quoted and shortened, credentials masked, containers named."""
    if isinstance(value, str):
        shown = mask(value) if is_secret_member(pointer) else masked(value)
        if len(shown) > _MAX_SHOWN:
            shown = shown[: _MAX_SHOWN - 1] + "…"
        return repr(shown)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if is_secret_member(pointer):
        return json_type(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def either(names: Iterable[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``: the names once each, in their order."""
    unique = list(dict.fromkeys(names))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " or " + unique[-1]


@dataclass
class Failing:
    """Where a fast engine found a value invalid: the keywords failing at it, and its failing members."""

    keywords: set[str] = field(default_factory=set)
    members: dict[str | int, Failing] = field(default_factory=dict)
    #: False once the closed engine showed no undeclared member anywhere (the root's alone says).
    undeclared: bool = True

    @classmethod
    def at(cls, errors: Iterable[tuple[Sequence[str | int], str]]) -> Failing:
        """The tree of failing places, from ``(instance path, failing keyword)`` pairs."""
        root = cls()
        for path, keyword in errors:
            node = root
            for token in path:
                node = node.members.setdefault(token, cls())
            node.keywords.add(keyword)
        return root


def schema_findings(validator: Validator, instance: Any, *, failing: Failing | None = None) -> Iterator[Finding]:
    """Every schema violation of *instance*, each once, at the pointer of the value at fault.

    A fast engine that already knows where the document fails can say so with *failing*: only
    those places are evaluated in detail. Skipping the valid rest is where the time goes.
    """
    seen: set[tuple[str, str]] = set()
    if failing is None:
        errors = validator.iter_errors(instance)
    else:
        errors = _pruned_errors(validator, instance, validator.schema, failing)
    for error in errors:
        for finding in _translate(error):
            if (finding.rule, finding.pointer) not in seen:
                seen.add((finding.rule, finding.pointer))
                yield finding


# The keywords pruning understands; a schema using any other (anyOf, oneOf, additionalProperties…) is
# evaluated in full, since its errors can depend on members the fast engine did not single out.
_PRUNABLE = frozenset({"properties", "items", "required", "type", "enum", "const"})


def _target(validator: Validator, schema: Any) -> Any:
    """The schema a bare local ``$ref`` (with annotations beside it at most) stands for."""
    if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
        return schema
    if any(key in validator.VALIDATORS for key in schema if key != "$ref"):
        return None
    root = validator.schema
    if defined_name(schema) is None or not isinstance(root, dict):
        return None
    return resolve(root, schema)


def _pruned_errors(validator: Validator, instance: Any, schema: Any, failing: Failing) -> Iterator[ValidationError]:
    """The errors of *schema* on *instance*, evaluating only where *failing* says, in full-run order."""
    target = _target(validator, schema)
    if (
        not isinstance(instance, (dict, list))
        or not isinstance(target, dict)
        or any(key in validator.VALIDATORS and key not in _PRUNABLE for key in target)
    ):
        yield from validator.descend(instance, schema)  # type: ignore[attr-defined]
        return
    for keyword, value in target.items():
        if keyword == "properties" and isinstance(instance, dict):
            for name, subschema in value.items():
                below = failing.members.get(name)
                if below is not None and name in instance:
                    for error in _pruned_errors(validator, instance[name], subschema, below):
                        error.path.appendleft(name)
                        yield error
        elif keyword == "items" and isinstance(instance, list):
            # Only the items the fast engine failed, in index order as a full run reports them.
            for index in sorted(key for key in failing.members if isinstance(key, int) and key < len(instance)):
                for error in _pruned_errors(validator, instance[index], value, failing.members[index]):
                    error.path.appendleft(index)
                    yield error
        elif keyword in failing.keywords:
            yield from validator.descend(instance, {keyword: value})  # type: ignore[attr-defined]


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
        message = f"expected {either(_types(error))}, got {json_type(error.instance)}"
        yield Finding.of("schema.type", pointer, message)
    elif keyword == "enum":
        yield Finding.of("schema.enum", pointer, enum_message(error.instance, _expected(error), pointer))
    elif keyword == "const":
        message = f"expected {_expected(error)!r}, got {describe(error.instance, pointer)}"
        yield Finding.of("schema.const", pointer, message)
    elif keyword == "anyOf":
        yield from _any_of(error, pointer)
    elif keyword == "oneOf":
        yield from _one_of(error, pointer)
    else:
        yield Finding.of(f"schema.{keyword.lower()}", pointer, mask_text(error.message))


def enum_message(value: Any, allowed: list[Any], pointer: str) -> str:
    """``'x' is not one of 'a', 'b'``, with a suggestion when one allowed string is close to *value*."""
    message = f"{describe(value, pointer)} is not one of {', '.join(repr(a) for a in allowed)}"
    if isinstance(value, str):
        close = _closest(value, tuple(a for a in allowed if isinstance(a, str)))
        if close is not None:
            message += f"; did you mean {close!r}?"
    return message


@lru_cache(maxsize=1024)
def _closest(value: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed string closest to *value*, if any is close; the same typo recurs across a recording."""
    import difflib  # only failing documents pay for it

    close = difflib.get_close_matches(value, allowed, n=1)
    return close[0] if close else None


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
    yield Finding.of("schema.type", pointer, f"expected {either(expected)}, got {json_type(error.instance)}")


def _one_of(error: ValidationError, pointer: str) -> Iterator[Finding]:
    """A discriminated union: report the branch the value's discriminator (``type``) names.

    "Is not valid under any of the given schemas" says nothing; the branch whose discriminator value the
    instance carries is the one it was meant to be, so its errors are the useful ones. A missing or unknown
    discriminator is itself the finding, with the values the union allows.
    """
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    discriminator = schema.get("discriminator")
    name = discriminator.get("propertyName", "type") if isinstance(discriminator, dict) else "type"
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    if not isinstance(instance, dict):
        yield from _any_of(error, pointer)  # every branch failed on the value's type: say which types fit
        return
    if name not in instance:
        yield Finding.of(
            "schema.required", pointer_of(*error.absolute_path, name), f"required member {name!r} is missing"
        )
        return
    at_tag = {index: [e for e in errors if tuple(e.relative_path) == (name,)] for index, errors in branches.items()}
    meant = [index for index in range(len(_expected(error))) if not at_tag.get(index)]
    if meant:
        chosen = branches.get(meant[0], [])
        for sub in chosen:
            yield from _translate(sub)
        if not chosen:
            message = f"matches more than one alternative of the union (its {name} does not tell them apart)"
            yield Finding.of("schema.one-of", pointer, message)
        return
    tag_errors = [e for errors in at_tag.values() for e in errors]
    tag_pointer = pointer_of(*error.absolute_path, name)
    if all(any(e.validator == "type" for e in errors) for errors in at_tag.values()):
        wrong = next(e for e in tag_errors if e.validator == "type")
        yield from _translate(wrong)
        return
    allowed = [v for e in tag_errors if e.validator in ("const", "enum") for v in _allowed(e)]
    yield Finding.of(
        "schema.enum", tag_pointer, enum_message(instance[name], list(dict.fromkeys(allowed)), tag_pointer)
    )


def _allowed(error: ValidationError) -> list[Any]:
    """The values a failing ``const`` or ``enum`` allows."""
    value = _expected(error)
    return list(value) if error.validator == "enum" else [value]
