"""The schema written as msgspec types: decodes what the schema takes, never what it refuses, and declines the
parts of JSON Schema it does not write."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import msgspec
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract import strategies as cst
from contract.check.typed import decoder_for
from contract.schemas import SCHEMA_NAMES, closed_bundle
from tests.helpers import conforming_session

_WRITTEN = [name for name in SCHEMA_NAMES if decoder_for(closed_bundle(name)) is not None]


def test_the_session_resource_and_its_parts_are_written() -> None:
    """The bulk path's resource decodes in one pass; a conforming response comes back with its members."""
    assert {"ChatSessionResource", "ChatkitWorkflow", "ChatSessionStatus"} <= set(_WRITTEN)
    decode = decoder_for(closed_bundle("ChatSessionResource"))
    assert decode is not None
    session = decode(json.dumps(conforming_session()).encode())
    assert (session.id, session.workflow.state_variables) == ("cksess_123", {"step": 1.0})


_DECLINED: dict[str, dict[str, Any]] = {
    "an open object": {"type": "object", "properties": {"a": {"type": "string"}}},
    "an untyped member": {"type": "object", "properties": {"a": {}}, "additionalProperties": False},
    "an untyped map": {"type": "object", "additionalProperties": True},
    "an array of anything": {"type": "array"},
    "oneOf": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    "allOf": {"allOf": [{"type": "string"}, {"minLength": 1}]},
    "an enum of numbers": {"enum": [1, 2]},
    "a format": {"type": "string", "format": "date-time"},
    "a recursive reference": {"$defs": {"a": {"type": "array", "items": {"$ref": "#/$defs/a"}}}, "$ref": "#/$defs/a"},
    "a reference elsewhere": {"$ref": "other.json"},
    "two kinds of object in a union": {
        "anyOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
            {"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": False},
        ]
    },
    "a bound past 64 bits": {"type": "integer", "minimum": 1e30},
}


@pytest.mark.parametrize("name", sorted(_DECLINED))
def test_what_is_not_written_has_no_decoder(name: str) -> None:
    assert decoder_for(_DECLINED[name]) is None


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(["active", "cancelled", "chatkit.session"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def _never_looser(name: str, value: Any) -> None:
    decode = decoder_for(closed_bundle(name))
    assert decode is not None
    text = json.dumps(value).encode()
    try:
        decode(text)
    except (ValueError, RecursionError):
        return
    assert jsonschema.Draft202012Validator(closed_bundle(name)).is_valid(orjson.loads(text))


@given(name=st.sampled_from(_WRITTEN), value=_JSON)
def test_any_json_the_decoder_takes_the_schema_takes(name: str, value: Any) -> None:
    _never_looser(name, value)


@given(cst.nonconforming())
def test_no_mutant_of_a_response_is_decoded(mutant: cst.Mutant) -> None:
    """A response broken in one way by the schema's rules is refused by the types written from it."""
    if mutant.rule.startswith("schema.") or mutant.rule == "drift.unknown-field":
        name = {"cancel": "ChatSessionResource", "create": "ChatSessionResource"}.get(mutant.operation)
        if name is not None:
            _never_looser(name, mutant.payload)


@given(name=st.sampled_from(_WRITTEN), data=st.data())
def test_conforming_instances_are_decoded(name: str, data: st.DataObject) -> None:
    """Not stricter than needed on the common path: what the schema's own strategy draws is decoded, member for
    member, integers within 2**53 (the schema does not bound them; orjson reads those past 64 bits as floats, and
    a number-typed member is read as a double, exact up to 2**53)."""
    value = data.draw(cst.from_schema(name))
    text = json.dumps(value).encode()
    if all(abs(number) <= 1 << 53 for number in _integers(value)):
        decode = decoder_for(closed_bundle(name))
        assert decode is not None
        # Every member comes back as written (a number-typed 1 as 1.0, which compares equal).
        assert orjson.loads(msgspec.json.encode(decode(text))) == value


def _integers(value: Any) -> list[int]:
    if isinstance(value, dict):
        return [number for member in value.values() for number in _integers(member)]
    if isinstance(value, list):
        return [number for item in value for number in _integers(item)]
    return [value] if type(value) is int else []
