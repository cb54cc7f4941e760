"""The create body check words its refusals the way the service's 400 errors do."""

from __future__ import annotations

from typing import Any

import pytest

from contract.standin.createbody import BodyError, read_create_body

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
