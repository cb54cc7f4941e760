"""The create request body (``CreateChatSessionBody``) and the 400 error the service gives for a bad one."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

__all__ = ["CREATE_BODY_SCHEMA", "BodyError", "check_create_body"]


def _closed(properties: dict[str, Any], *required: str) -> dict[str, Any]:
    # The service answers "Unknown parameter" for members it does not declare, so every object is closed.
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


_BOOLEAN = {"type": "boolean"}

#: ``CreateChatSessionBody`` as the upstream OpenAPI document declares it, every object closed.
CREATE_BODY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **_closed(
        {
            "workflow": _closed(
                {
                    "id": {"type": "string"},
                    "version": {"type": "string"},
                    "state_variables": {
                        "type": "object",
                        "maxProperties": 64,
                        # Upstream's oneOf over integer and number rejects integers; see ChatkitWorkflow.json.
                        "additionalProperties": {"type": ["string", "number", "boolean"]},
                    },
                    "tracing": _closed({"enabled": _BOOLEAN}),
                },
                "id",
            ),
            "user": {"type": "string", "minLength": 1},
            "expires_after": _closed(
                {"anchor": {"enum": ["created_at"]}, "seconds": {"type": "integer", "minimum": 1, "maximum": 600}},
                "anchor",
                "seconds",
            ),
            "rate_limits": _closed({"max_requests_per_1_minute": {"type": "integer", "minimum": 1}}),
            "chatkit_configuration": _closed(
                {
                    "automatic_thread_titling": _closed({"enabled": _BOOLEAN}),
                    "file_upload": _closed(
                        {
                            "enabled": _BOOLEAN,
                            "max_file_size": {"type": "integer", "minimum": 1, "maximum": 512},
                            "max_files": {"type": "integer", "minimum": 1},
                        }
                    ),
                    "history": _closed({"enabled": _BOOLEAN, "recent_threads": {"type": "integer", "minimum": 1}}),
                }
            ),
        },
        "workflow",
        "user",
    ),
}

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


@cache
def _fast() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(CREATE_BODY_SCHEMA)


@cache
def _detailed() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(CREATE_BODY_SCHEMA)


def check_create_body(body: Any) -> None:
    """Raise :class:`BodyError` worded like the service's 400 when *body* is not a valid create body."""
    if _fast().is_valid(body):
        return
    # As in the validator: only refused bodies pay for jsonschema's detailed errors.
    from jsonschema.exceptions import best_match

    error = best_match(_detailed().iter_errors(body))
    if error is not None:
        raise _as_body_error(error)


def _described(value: Any) -> str:
    return _TYPE_WORDS[_PYTHON_TYPES.get(type(value), "null")]


def _as_body_error(error: ValidationError) -> BodyError:
    """Word one schema error the way OpenAI's API words invalid parameters."""
    where = ".".join(str(token) for token in error.absolute_path)
    param = where or None
    # types-jsonschema types these as "Any | Unset"; for a reported error they are always set.
    keyword, value, limit = error.validator, cast(Any, error.instance), cast(Any, error.validator_value)
    schema = cast(dict[str, Any], error.schema)
    if keyword == "required":
        missing = next(name for name in limit if name not in value)
        name = f"{where}.{missing}" if where else missing
        return BodyError(f"Missing required parameter: '{name}'.", name, "missing_required_parameter")
    if keyword == "additionalProperties":
        extra = next(name for name in value if name not in schema.get("properties", {}))
        name = f"{where}.{extra}" if where else extra
        return BodyError(f"Unknown parameter: '{name}'.", name, "unknown_parameter")
    if keyword == "type":
        wanted = " or ".join(_TYPE_WORDS[name] for name in (limit if isinstance(limit, list) else [limit]))
        text = f"Invalid type for '{where or 'body'}': expected {wanted}, but got {_described(value)} instead."
        return BodyError(text, param, "invalid_type")
    if keyword in ("minimum", "maximum"):
        side, code = ("below minimum", "integer_below_min_value")
        if keyword == "maximum":
            side, code = ("above maximum", "integer_above_max_value")
        sign = ">=" if keyword == "minimum" else "<="
        text = f"Invalid '{where}': integer {side} value. Expected a value {sign} {limit}, but got {value} instead."
        return BodyError(text, param, code)
    if keyword == "minLength":
        text = (
            f"Invalid '{where}': string too short. Expected a string with minimum length {limit}, "
            f"but got a string with length {len(value)} instead."
        )
        return BodyError(text, param, "string_too_short")
    if keyword == "maxProperties":
        text = f"Invalid '{where}': too many properties. Expected at most {limit}, but got {len(value)} instead."
        return BodyError(text, param, "object_above_max_properties")
    if keyword == "enum":
        allowed = ", ".join(f"'{option}'" for option in limit)
        return BodyError(f"Invalid value: '{value}'. Supported values are: {allowed}.", param, "invalid_value")
    return BodyError(f"Invalid '{where or 'body'}': {error.message}", param, None)
