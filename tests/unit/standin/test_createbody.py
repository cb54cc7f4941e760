"""The create body as the stand-in reads it: the bundled schema's rules, refusals worded like the service's 400s,
and integers made ints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from contract.schemas import CREATE_BODY, bundle
from contract.standin.createbody import BodyError, create_body_schema, read_create_body
from contract.strategies import from_schema
from contract.upstream.diff import diff_excerpt
from contract.upstream.openapi import extract, load_openapi
from tests.upstream_fixture import UPSTREAM_YAML

MINIMAL = {"workflow": {"id": "wf_1"}, "user": "user_1"}


def test_minimal_and_full_bodies_are_accepted() -> None:
    """The two required members alone, and every optional member set, both pass."""
    full = {
        "workflow": {
            "id": "wf_1",
            "version": "3",
            "state_variables": {"step": 1, "x": "y"},
            "tracing": {"enabled": False},
        },
        "user": "user_1",
        "expires_after": {"anchor": "created_at", "seconds": 600},
        "rate_limits": {"max_requests_per_1_minute": 5},
        "chatkit_configuration": {
            "automatic_thread_titling": {"enabled": False},
            "file_upload": {"enabled": True, "max_file_size": 512, "max_files": 3},
            "history": {"enabled": True, "recent_threads": 2},
        },
    }
    read_create_body(MINIMAL)
    read_create_body(full)


@pytest.mark.parametrize(
    ("body", "message", "param", "code"),
    [
        ({"user": "u"}, "Missing required parameter: 'workflow'.", "workflow", "missing_required_parameter"),
        (
            {"user": "u", "workflow": {}},
            "Missing required parameter: 'workflow.id'.",
            "workflow.id",
            "missing_required_parameter",
        ),
        ({**MINIMAL, "scope": {}}, "Unknown parameter: 'scope'.", "scope", "unknown_parameter"),
        (
            {**MINIMAL, "user": 7},
            "Invalid type for 'user': expected a string, but got an integer instead.",
            "user",
            "invalid_type",
        ),
        (
            {**MINIMAL, "expires_after": {"anchor": "created_at", "seconds": 601}},
            "Invalid 'expires_after.seconds': integer above maximum value. "
            "Expected a value <= 600, but got 601 instead.",
            "expires_after.seconds",
            "integer_above_max_value",
        ),
        (
            {**MINIMAL, "expires_after": 1800},
            "Invalid type for 'expires_after': expected an object, but got an integer instead.",
            "expires_after",
            "invalid_type",
        ),
        (
            {**MINIMAL, "user": ""},
            "Invalid 'user': string too short. Expected a string with minimum length 1, "
            "but got a string with length 0 instead.",
            "user",
            "string_too_short",
        ),
        (
            {**MINIMAL, "expires_after": {"anchor": "now", "seconds": 5}},
            "Invalid value: 'now'. Supported values are: 'created_at'.",
            "expires_after.anchor",
            "invalid_value",
        ),
        (
            [MINIMAL],
            "Invalid type for 'body': expected an object, but got an array instead.",
            None,
            "invalid_type",
        ),
    ],
    ids=[
        "no-workflow",
        "no-workflow-id",
        "unknown",
        "user-type",
        "above-max",
        "upstream-example-ttl",
        "empty-user",
        "anchor",
        "array",
    ],
)
def test_refusals_name_the_parameter_and_code(body: Any, message: str, param: str | None, code: str) -> None:
    """Each bad body gets the service's message, param and code."""
    with pytest.raises(BodyError) as caught:
        read_create_body(body)
    assert (caught.value.message, caught.value.param, caught.value.code) == (message, param, code)


def test_state_variables_take_integers_despite_upstreams_oneof() -> None:
    """Integer state variables pass (upstream's oneOf would refuse them); arrays do not."""
    read_create_body({**MINIMAL, "workflow": {"id": "w", "state_variables": {"step": 1}}})
    with pytest.raises(BodyError, match=r"workflow\.state_variables\.step"):
        read_create_body({**MINIMAL, "workflow": {"id": "w", "state_variables": {"step": [1]}}})


def test_the_rules_come_from_the_bundled_schema_files() -> None:
    """The stand-in checks against the CreateChatSessionBody bundle, every object closed, integers 64-bit, and
    nothing it adds on top: its state_variables still take integers, strings and floats."""
    schema = create_body_schema()
    bundled = bundle(CREATE_BODY)
    assert set(schema["$defs"]) == set(bundled["$defs"])
    assert schema["properties"]["user"] == bundled["properties"]["user"]
    assert schema["additionalProperties"] is False
    seconds = schema["$defs"]["ExpiresAfterParam"]["properties"]["seconds"]
    assert (seconds["minimum"], seconds["maximum"]) == (1, 600)  # upstream's own bounds win over 64 bits
    recent = schema["$defs"]["HistoryParam"]["properties"]["recent_threads"]
    assert (recent["minimum"], recent["maximum"]) == (1, 2**63 - 1)
    assert schema["$defs"]["HistoryParam"]["additionalProperties"] is False


@pytest.mark.parametrize("source", ["fixture", "shared excerpt"])
def test_the_bundled_create_body_is_upstreams_but_for_the_known_deviation(tmp_path: Path, source: str) -> None:
    """Compared shape by shape with upstream's CreateChatSessionBody, the bundled one differs only where the response
    schema does too: the state_variables oneOf that rejects integers."""
    if source == "fixture":
        path = tmp_path / "openapi.yaml"
        path.write_text(UPSTREAM_YAML, encoding="utf-8")
    else:
        path = Path(__file__).parents[4] / "shared" / "upstream" / "openapi-chatkit-sessions.yaml"
        if not path.exists():
            pytest.skip("the shared upstream excerpt is not on this machine")
    diff = diff_excerpt(extract(load_openapi(path), CREATE_BODY))
    assert diff.drift == ()
    known = [(change.pointer, change.kind) for change in diff.known]
    assert known == [("/workflow/state_variables/*", "shape-changed")]


@settings(max_examples=150, deadline=None)
@given(body=from_schema(CREATE_BODY))
def test_every_body_the_schema_allows_is_accepted_with_its_integers_as_ints(body: dict[str, Any]) -> None:
    """Whatever the bundled schema allows, the stand-in takes; floats where integers belong come back as ints."""
    accepted = read_create_body(body)
    assert accepted == body
    for place in ("expires_after", "rate_limits"):
        for value in accepted.get(place, {}).values():
            assert not isinstance(value, float)


def test_whole_floats_become_integers_and_state_variables_stay_as_sent() -> None:
    """86.0 and 1e1 where integers belong are read as 86 and 10; a state variable of 1.0 stays 1.0."""
    body = {
        "workflow": {"id": "w", "state_variables": {"ratio": 1.0}},
        "user": "u",
        "expires_after": {"anchor": "created_at", "seconds": 86.0},
        "chatkit_configuration": {"file_upload": {"max_files": 1e1}},
    }
    accepted = read_create_body(body)
    assert accepted["expires_after"]["seconds"] == 86
    assert type(accepted["expires_after"]["seconds"]) is int
    assert type(accepted["chatkit_configuration"]["file_upload"]["max_files"]) is int
    assert type(accepted["workflow"]["state_variables"]["ratio"]) is float


@pytest.mark.parametrize(
    ("body", "message", "code"),
    [
        (
            {**MINIMAL, "rate_limits": {"max_requests_per_1_minute": 1e23}},
            "Invalid 'rate_limits.max_requests_per_1_minute': integer above maximum value. "
            "Expected a value <= 9223372036854775807, but got 1e+23 instead.",
            "integer_above_max_value",
        ),
        (
            {**MINIMAL, "workflow": {"id": "w", "state_variables": {"s": "x" * 10_485_761}}},
            "Invalid 'workflow.state_variables.s': string too long. Expected a string with maximum length 10485760, "
            "but got a string with length 10485761 instead.",
            "string_above_max_length",
        ),
        (
            {**MINIMAL, "workflow": {"id": "w", "state_variables": {str(n): n for n in range(65)}}},
            "Invalid 'workflow.state_variables': too many properties. Expected at most 64, but got 65 instead.",
            "object_above_max_properties",
        ),
    ],
    ids=["past-64-bits", "state-variable-too-long", "too-many-state-variables"],
)
def test_limits_from_upstream_and_64_bits_are_worded_like_the_service(body: Any, message: str, code: str) -> None:
    """maxLength and maxProperties from upstream, and the 64-bit bound the service stores with, each name their
    parameter."""
    with pytest.raises(BodyError) as caught:
        read_create_body(body)
    assert (caught.value.message, caught.value.code) == (message, code)
