"""The create request body as the service reads it: checked against the bundled ``CreateChatSessionBody``
schema, refused with the 400 error the service gives, and its integers made integers.

The rules come from ``schemas/CreateChatSessionBody.json`` and the types it references, with two
readings the service adds to the upstream document: every object is closed (the service answers
``Unknown parameter`` for a member it does not declare), and integers are 64-bit, as the service stores
them. JSON Schema counts ``86.0`` and ``1e3`` as integers; the service answers them as ``86`` and
``1000``, so they are stored and returned as integers too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from contract.schemas import CREATE_BODY, closed_bundle, resolve

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

__all__ = ["INT64_MAX", "INT64_MIN", "BodyError", "as_body_error", "create_body_schema", "read_create_body"]

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

_TYPE_WORDS = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}
_PYTHON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


class BodyError(Exception):
    """A create body the service would refuse: the message, ``param`` and ``code`` of its 400 error."""

    def __init__(self, message: str, param: str | None, code: str | None) -> None:
        super().__init__(message)
        self.message, self.param, self.code = message, param, code


def _sixty_four_bit(node: Any) -> None:
    """Bound every integer the schema leaves open to the 64 bits the service stores."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            node.setdefault("minimum", INT64_MIN)
            node.setdefault("maximum", INT64_MAX)
        for value in node.values():
            _sixty_four_bit(value)
    elif isinstance(node, list):
        for item in node:
            _sixty_four_bit(item)


@cache
def _document() -> dict[str, Any]:
    # Shared by the engines and never changed; callers outside get their own copy.
    document = closed_bundle(CREATE_BODY)
    _sixty_four_bit(document)
    return document


def create_body_schema() -> dict[str, Any]:
    """The schema the stand-in checks create bodies with: the bundle, every object closed, integers 64-bit."""
    import copy

    return copy.deepcopy(_document())


@cache
def _fast() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(_document())


@cache
def _detailed() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_document())


def read_create_body(body: Any) -> dict[str, Any]:
    """*body* as the service reads it, whole numbers where integers belong; a body the service would
    refuse raises :class:`BodyError` worded like its 400."""
    if not _fast().is_valid(body):
        # As in the validator: only refused bodies pay for jsonschema's detailed errors.
        from jsonschema.exceptions import best_match

        error = best_match(_detailed().iter_errors(body))
        if error is not None:
            raise as_body_error(error)
    return cast(dict[str, Any], _integers(_document(), _document(), body))


def _integers(document: Mapping[str, Any], node: Mapping[str, Any], value: Any) -> Any:
    """*value* (valid against *node*) with every whole float where the schema says integer made an int."""
    node = resolve(document, node)
    if node.get("type") == "integer" and isinstance(value, float):
        return int(value)
    properties = node.get("properties")
    if isinstance(value, dict) and isinstance(properties, Mapping):
        return {
            name: _integers(document, properties[name], item) if name in properties else item
            for name, item in value.items()
        }
    return value


def _described(value: Any) -> str:
    return _TYPE_WORDS[_PYTHON_TYPES.get(type(value), "null")]


def _shown(value: Any) -> str:
    """A number as the service quotes it: ``1e+23`` for a float beyond what an integer would print."""
    return f"{value:g}" if isinstance(value, float) else str(value)


# Each refusal worded as OpenAI's API words invalid parameters: (where, param, value, limit, schema) -> error.
_Wording = Callable[[str, "str | None", Any, Any, dict[str, Any]], BodyError]


def _required(where: str, param: str | None, value: Any, limit: Any, schema: dict[str, Any]) -> BodyError:
    missing = next(name for name in limit if name not in value)
    name = f"{where}.{missing}" if where else missing
    return BodyError(f"Missing required parameter: '{name}'.", name, "missing_required_parameter")


def _unknown(where: str, param: str | None, value: Any, limit: Any, schema: dict[str, Any]) -> BodyError:
    extra = next(name for name in value if name not in schema.get("properties", {}))
    name = f"{where}.{extra}" if where else extra
    return BodyError(f"Unknown parameter: '{name}'.", name, "unknown_parameter")


def _wrong_type(where: str, param: str | None, value: Any, limit: Any, schema: dict[str, Any]) -> BodyError:
    wanted = " or ".join(_TYPE_WORDS[name] for name in (limit if isinstance(limit, list) else [limit]))
    text = f"Invalid type for '{where or 'body'}': expected {wanted}, but got {_described(value)} instead."
    return BodyError(text, param, "invalid_type")


def _bound(side: str, sign: str, code: str) -> _Wording:
    def word(where: str, param: str | None, value: Any, limit: Any, schema: dict[str, Any]) -> BodyError:
        expected = f"Expected a value {sign} {limit}, but got {_shown(value)} instead."
        text = f"Invalid '{where}': integer {side} value. {expected}"
        return BodyError(text, param, code)

    return word


def _length(side: str, bound: str, code: str) -> _Wording:
    def word(where: str, param: str | None, value: Any, limit: Any, schema: dict[str, Any]) -> BodyError:
        text = (
            f"Invalid '{where}': string too {side}. Expected a string with {bound} length {limit}, "
            f"but got a string with length {len(value)} instead."
        )
        return BodyError(text, param, code)

    return word


def _too_many(where: str, param: str | None, value: Any, limit: Any, schema: dict[str, Any]) -> BodyError:
    text = f"Invalid '{where}': too many properties. Expected at most {limit}, but got {len(value)} instead."
    return BodyError(text, param, "object_above_max_properties")


def _not_allowed(where: str, param: str | None, value: Any, limit: Any, schema: dict[str, Any]) -> BodyError:
    allowed = ", ".join(f"'{option}'" for option in limit)
    return BodyError(f"Invalid value: '{value}'. Supported values are: {allowed}.", param, "invalid_value")


_WORDINGS: dict[str, _Wording] = {
    "required": _required,
    "additionalProperties": _unknown,
    "type": _wrong_type,
    "minimum": _bound("below minimum", ">=", "integer_below_min_value"),
    "maximum": _bound("above maximum", "<=", "integer_above_max_value"),
    "minLength": _length("short", "minimum", "string_too_short"),
    "maxLength": _length("long", "maximum", "string_above_max_length"),
    "maxProperties": _too_many,
    "enum": _not_allowed,
}


def as_body_error(error: ValidationError) -> BodyError:
    """One schema error as the service's 400: its message, the dotted ``param`` and the ``code``."""
    where = ".".join(str(token) for token in error.absolute_path)
    # types-jsonschema types these as "Any | Unset"; for a reported error they are always set.
    keyword, value, limit = str(error.validator), cast(Any, error.instance), cast(Any, error.validator_value)
    wording = _WORDINGS.get(keyword)
    if wording is None:
        return BodyError(f"Invalid '{where or 'body'}': {error.message}", where or None, None)
    return wording(where, where or None, value, limit, cast(dict[str, Any], error.schema))
