"""The Validator: every finding, at the right pointer, under each profile, endpoint and ignore set."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import orjson
import pytest

from contract import InputError, Result, Validator, validate
from contract.exchange import Exchange
from tests.helpers import SECRET, conforming_session


def _rules(result: Result) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in result.findings]


@pytest.mark.parametrize(
    "payload",
    [
        conforming_session(),
        json.dumps(conforming_session()),
        orjson.dumps(conforming_session()),
        bytearray(orjson.dumps(conforming_session())),
    ],
    ids=["dict", "str", "bytes", "bytearray"],
)
def test_conforming_payload_in_every_accepted_form_has_no_findings(payload: Any) -> None:
    """Parsed values and raw JSON text are both accepted."""
    result = validate(payload)
    assert result.ok
    assert result.findings == ()


def test_missing_member_is_reported_at_its_own_pointer_once_each() -> None:
    """Two missing members give two findings naming the members, not their parent."""
    session = conforming_session()
    del session["workflow"]["tracing"], session["workflow"]["id"]
    assert sorted(_rules(validate(session))) == [
        ("schema.required", "/workflow/id"),
        ("schema.required", "/workflow/tracing"),
    ]


def test_nullable_member_of_wrong_type_names_both_allowed_types() -> None:
    """anyOf with null is reported as the type error it is, not 'not valid under any of the given schemas'."""
    session = conforming_session()
    session["chatkit_configuration"]["history"]["recent_threads"] = "10"
    (finding,) = validate(session).findings
    assert (finding.rule, finding.message) == ("schema.type", "expected integer or null, got string")


def test_nullable_object_reports_the_branch_the_value_was_meant_for() -> None:
    """A bad value inside state_variables points into the map, not at the anyOf."""
    session = conforming_session()
    session["workflow"]["state_variables"] = {"ok": "x", "bad": {"nested": 1}}
    (finding,) = validate(session).findings
    assert (finding.rule, finding.pointer) == ("schema.type", "/workflow/state_variables/bad")
    assert finding.message == "expected string, number or boolean, got object"


def test_integer_state_variable_conforms_despite_upstream_oneof() -> None:
    """Upstream's oneOf [integer, number] would reject {"step": 1}; our deliberate deviation accepts it."""
    session = conforming_session()
    session["workflow"]["state_variables"] = {"step": 1}
    assert validate(session).findings == ()


def test_enum_typo_suggests_the_closest_value() -> None:
    """The US spelling of cancelled gets a did-you-mean."""
    (finding,) = validate(conforming_session(status="canceled")).findings
    assert finding.rule == "schema.enum"
    assert "did you mean 'cancelled'?" in finding.message


def test_every_error_is_reported_not_just_the_first() -> None:
    """Schema, drift and semantic findings all come back together."""
    session = conforming_session(status="canceled", expires_at=1712349876000, extra=True)
    del session["user"]
    assert sorted(_rules(validate(session))) == [
        ("drift.unknown-field", "/extra"),
        ("schema.enum", "/status"),
        ("schema.required", "/user"),
        ("session.expires-at-unit", "/expires_at"),
    ]


def test_cancel_rules_apply_only_to_the_cancel_endpoint() -> None:
    """An active session is a fine create response and a wrong cancel response."""
    active = conforming_session(status="active")
    assert _rules(validate(active, endpoint="cancel")) == [("cancel.status", "/status")]
    assert validate(active, endpoint="session").findings == ()


def test_session_id_from_the_request_path_must_match_the_body() -> None:
    """Cancelling one session and getting another back is a cancel.session-id error."""
    result = validate(conforming_session(), session_id="cksess_other")
    assert _rules(result) == [("cancel.session-id", "/id")]
    assert validate(conforming_session(), session_id="cksess_123").findings == ()


def test_strict_profile_turns_drift_into_errors() -> None:
    """Unknown members warn in lenient and fail in strict."""
    session = conforming_session(scope={"project": "alpha"})
    lenient = validate(session)
    strict = validate(session, profile="strict")
    assert lenient.ok
    assert [f.severity for f in lenient.findings] == ["warning"]
    assert not strict.ok
    assert [f.severity for f in strict.findings] == ["error"]


def test_undeclared_members_are_found_at_every_depth() -> None:
    """Drift is reported inside nested objects too, with the declaring type named."""
    session = conforming_session()
    session["chatkit_configuration"]["history"]["retention_days"] = 30
    (finding,) = validate(session).findings
    assert finding.pointer == "/chatkit_configuration/history/retention_days"
    assert "ChatSessionHistory" in finding.message


def test_ignored_rules_are_dropped() -> None:
    """--ignore removes exactly the named rule."""
    session = conforming_session(status="active", extra=1)
    assert _rules(validate(session, ignore=["cancel.status"])) == [("drift.unknown-field", "/extra")]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"operation": "update-thread"}, "unknown operation 'update-thread'; choose one of: create, cancel, "),
        ({"endpoint": "creat"}, "unknown operation 'creat'"),
        ({"profile": "paranoid"}, "unknown profile 'paranoid'"),
        ({"ignore": ["schema.nope"]}, "unknown rule id 'schema.nope'"),
    ],
)
def test_bad_options_raise_input_error_naming_the_value(options: dict[str, Any], message: str) -> None:
    """Misconfiguration is an InputError with the offending value, not a silent pass."""
    with pytest.raises(InputError, match=message):
        Validator(**options)


def test_results_and_findings_are_frozen() -> None:
    """Results are values: nobody can edit a verdict after the fact."""
    result = validate(conforming_session(status="active"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings[0].rule = "x"  # type: ignore[misc]


def test_client_secret_never_appears_in_messages_or_reprs() -> None:
    """A wrong-typed, enum-adjacent or misplaced secret is masked everywhere a user could see it."""
    session = conforming_session(leaked=SECRET, status=SECRET)
    session["workflow"]["state_variables"] = {"token": [SECRET]}
    session["user"] = {"secret": SECRET}
    validator = Validator(profile="strict")
    result = validator.validate(orjson.dumps(session))
    assert len(result.findings) >= 4
    everything = repr(result) + repr(validator) + json.dumps(result.to_dict())
    assert SECRET not in everything
    assert SECRET[:12] not in everything
    assert "ek_…(redacted)" in everything


def test_exchange_repr_never_shows_body_or_headers() -> None:
    """Exchanges carry raw bodies and Authorization headers; their repr shows neither."""
    exchange = Exchange(orjson.dumps(conforming_session()), headers={"authorization": "Bearer sk-abc123"})
    assert SECRET not in repr(exchange)
    assert "sk-abc123" not in repr(exchange)


def test_http_status_and_content_type_are_checked_when_known() -> None:
    """A 200 with the wrong content type, and a 201, are each one http finding on top of the body checks."""
    body = orjson.dumps(conforming_session())
    wrong_type = Validator().check(Exchange(body, status=200, headers={"content-type": "text/html; charset=utf-8"}))
    assert _rules(wrong_type) == [("http.content-type", "")]
    created = Validator().check(Exchange(body, status=201, headers={"content-type": "application/json"}))
    assert _rules(created) == [("http.status", "")]


def test_error_envelope_is_one_finding_not_twenty() -> None:
    """A 404 with OpenAI's error envelope is reported as the error it is."""
    envelope = {
        "error": {"message": "No session cksess_9", "type": "invalid_request_error", "param": None, "code": None}
    }
    result = Validator().check(
        Exchange(orjson.dumps(envelope), status=404, headers={"content-type": "application/json"})
    )
    (finding,) = result.findings
    assert finding.rule == "http.status"
    assert "404" in finding.message
    assert "invalid_request_error" in finding.message
    assert "No session" in finding.message


def test_error_envelope_message_is_masked() -> None:
    """Error messages that echo a key (as 401s do) are masked."""
    envelope = {
        "error": {"message": "Incorrect API key provided: sk-proj-abcdef123456", "type": "invalid_request_error"}
    }
    result = Validator().check(Exchange(orjson.dumps(envelope), status=401))
    assert "abcdef123456" not in result.findings[0].message
