"""Completeness: every mutant is rejected with exactly its rule at its pointer, and every rule has mutants."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from contract import strategies as cst
from contract.check.validator import Validator
from contract.findings import Result
from contract.operations import OPERATION_NAMES
from contract.rules import RULES
from contract.strategies._mutants import operations_for
from contract.strategies._mutations import VALUES_OF_TYPE
from contract.strategies.corpus import draw_examples

#: Rules no payload can break on its own, and what they need instead. Adding a rule means adding it
#: here or giving it a mutation operator; test_every_rule_is_mutated_or_excluded_with_a_reason says so.
EXCLUDED = {
    "json.parse": "the raw body: a parsed payload is valid JSON by construction",
    "json.empty": "the raw body",
    "json.trailing-data": "the raw body",
    "json.encoding": "the raw bytes",
    "json.bom": "the raw bytes",
    "json.non-finite": "the raw body: NaN and Infinity cannot be written as JSON",
    "json.number-range": "the raw body",
    "json.too-deep": "the raw body",
    "json.duplicate-key": "the raw body: a dict cannot repeat a key",
    "json.too-large": "the raw body's size",
    "cancel.session-id": "the session id of the request path, beside the body",
    "thread.path-id": "the thread id of the request path, beside the body",
    "delete.thread-id": "the thread id of the request path, beside the body",
    "schema.one-of": "a union whose branches its discriminator cannot tell apart: every bundled union's can",
    "http.status": "the HTTP exchange",
    "http.content-type": "the HTTP exchange",
    "recording.unreadable": "the recording file around the body",
    "recording.body-encoding": "the recording file around the body",
}

REQUIRED_POINTERS = {
    "/id",
    "/object",
    "/expires_at",
    "/client_secret",
    "/workflow",
    "/workflow/id",
    "/workflow/version",
    "/workflow/state_variables",
    "/workflow/tracing",
    "/workflow/tracing/enabled",
    "/user",
    "/rate_limits",
    "/rate_limits/max_requests_per_1_minute",
    "/max_requests_per_1_minute",
    "/status",
    "/chatkit_configuration",
    "/chatkit_configuration/automatic_thread_titling",
    "/chatkit_configuration/automatic_thread_titling/enabled",
    "/chatkit_configuration/file_upload",
    "/chatkit_configuration/file_upload/enabled",
    "/chatkit_configuration/file_upload/max_file_size",
    "/chatkit_configuration/file_upload/max_files",
    "/chatkit_configuration/history",
    "/chatkit_configuration/history/enabled",
    "/chatkit_configuration/history/recent_threads",
}


def _found(result: Result) -> list[tuple[str, str, str]]:
    return [(finding.rule, finding.pointer, finding.severity) for finding in result.findings]


def _value_at(payload: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        payload = payload[token.replace("~1", "/").replace("~0", "~")]
    return payload


@given(VALUES_OF_TYPE["number"])
def test_wrong_numbers_for_integer_members_are_never_whole(value: float) -> None:
    """The non-integral numbers given to integer members stay non-integral at their edges (2**52 + 0.5 would not)."""
    assert not value.is_integer()


def test_every_rule_is_mutated_or_excluded_with_a_reason() -> None:
    """A new rule in the catalogue must get a mutation operator or a stated reason it cannot have one."""
    assert set(cst.PAYLOAD_RULES).isdisjoint(EXCLUDED)
    assert set(cst.PAYLOAD_RULES) | set(EXCLUDED) == set(RULES)


#: Every rule a payload can break, with every operation whose answers it applies to: each resource's mutants.
RULE_OPERATIONS = [(rule, operation) for rule in cst.PAYLOAD_RULES for operation in operations_for(rule)]


@pytest.mark.parametrize(("rule", "operation"), RULE_OPERATIONS, ids=[f"{r}@{o}" for r, o in RULE_OPERATIONS])
@settings(max_examples=max(settings().max_examples // 4, 10))
@given(data=st.data())
def test_each_mutant_is_rejected_with_exactly_its_rule_at_its_pointer(
    rule: str, operation: str, data: st.DataObject
) -> None:
    """On every resource: validated under the mutant's operation and profile, parsed or as bytes, one error, the
    announced one."""
    mutant = data.draw(cst.nonconforming(rules=[rule], operation=operation))
    validator = Validator(operation=mutant.operation, profile=mutant.profile)
    expected = [(rule, mutant.pointer, "error")]
    assert _found(validator.validate(mutant.payload)) == expected
    assert _found(validator.validate(orjson.dumps(mutant.payload))) == expected


@given(cst.nonconforming(endpoint="session", profile="lenient"))
def test_a_fixed_operation_and_profile_hold_for_every_mutant(mutant: cst.Mutant) -> None:
    """With the setting fixed (session, the older name of create), every mutant fails under it; rules that cannot
    fail there are not drawn."""
    assert (mutant.operation, mutant.profile) == ("create", "lenient")
    assert mutant.rule not in {"cancel.status", "drift.unknown-field", "session.id-prefix"}
    assert mutant.rule.partition(".")[0] in ("schema", "session")
    result = Validator(endpoint="session", profile="lenient").validate(mutant.payload)
    assert _found(result) == [(mutant.rule, mutant.pointer, "error")]


def test_mutants_ask_for_the_weakest_setting_that_rejects_them() -> None:
    """Strict only for rules that warn when lenient, each rule only on the operations it applies to, every rule
    drawn by the default strategy (each on every one of its operations: test_each_mutant_is_rejected_…)."""
    mutants = list(draw_examples(cst.nonconforming(), count=300, seed=0))
    assert {(m.rule, m.operation) for m in mutants} <= set(RULE_OPERATIONS)
    for rule in cst.PAYLOAD_RULES:
        mutants += draw_examples(cst.nonconforming(rules=[rule]), count=3, seed=0)
    assert {m.rule for m in mutants} == set(cst.PAYLOAD_RULES)
    for mutant in mutants:
        assert (mutant.profile == "strict") == (RULES[mutant.rule].severity == "warning")
    assert {m.operation for m in mutants if m.rule == "cancel.status"} == {"cancel"}
    assert {m.operation for m in mutants if m.rule.startswith("session.")} == {"cancel", "create"}
    assert {m.operation for m in mutants if m.rule.startswith("schema.")} == set(OPERATION_NAMES)


# The reach tests below search up to SEARCH's examples for one mutant each: a campaign, so marked slow.
# Derandomized, so a mutant that can be drawn is found the same way on every run.
SEARCH = settings(database=None, phases=[Phase.generate], derandomize=True, max_examples=2000)
DECLARED_OBJECTS = (
    "",
    "/workflow",
    "/workflow/tracing",
    "/rate_limits",
    "/chatkit_configuration",
    "/chatkit_configuration/automatic_thread_titling",
    "/chatkit_configuration/file_upload",
    "/chatkit_configuration/history",
)


def _drawn(rule: str, condition: Callable[[cst.Mutant], bool], resource: str = "ChatSessionResource") -> cst.Mutant:
    return find(cst.nonconforming(rules=[rule], resource=resource), condition, settings=SEARCH)


@pytest.mark.slow
@pytest.mark.parametrize("pointer", sorted(REQUIRED_POINTERS))
def test_every_required_member_is_dropped_at_every_depth(pointer: str) -> None:
    """Each required member, nested ones included, is dropped by some mutant."""
    mutant = _drawn("schema.required", lambda m: m.pointer == pointer)
    parent, _, name = pointer.rpartition("/")
    assert name not in _value_at(mutant.payload, parent)


@pytest.mark.slow
@pytest.mark.parametrize("pointer", sorted(REQUIRED_POINTERS - {"/object", "/status"} | {""}))
def test_every_unpinned_value_gets_a_wrong_type(pointer: str) -> None:
    """Each member without an enum or const (and the root) is given a value of a type it rejects."""
    _drawn("schema.type", lambda m: m.pointer == pointer)


@pytest.mark.slow
@pytest.mark.parametrize("kind", [type(None), bool, int, float, str, list, dict])
def test_wrong_types_include_every_json_type(kind: type) -> None:
    """Null where not nullable, and every other JSON type, appear as the wrong value."""
    mutant = _drawn("schema.type", lambda m: type(_value_at(m.payload, m.pointer)) is kind)
    assert mutant.rule == "schema.type"


@pytest.mark.slow
def test_state_variable_values_get_wrong_types_too() -> None:
    """A value inside state_variables, under a free-form key, is mutated like any declared member."""
    mutant = _drawn("schema.type", lambda m: m.pointer.startswith("/workflow/state_variables/"))
    assert mutant.pointer.count("/") == 3


@pytest.mark.slow
@pytest.mark.parametrize("parent", DECLARED_OBJECTS)
def test_undeclared_members_are_added_to_every_declared_object(parent: str) -> None:
    """Drift mutants reach the root and each nested object (never the free-form state_variables)."""
    mutant = _drawn("drift.unknown-field", lambda m: m.pointer.rsplit("/", 1)[0] == parent)
    assert isinstance(_value_at(mutant.payload, parent), dict)


@pytest.mark.slow
def test_drift_never_lands_in_state_variables() -> None:
    """Any key is declared in state_variables, so a member added there would not be drift."""
    mutants = draw_examples(
        cst.nonconforming(rules=["drift.unknown-field"], resource="ChatSessionResource"), count=200, seed=0
    )
    assert {mutant.pointer.rsplit("/", 1)[0] for mutant in mutants} <= set(DECLARED_OBJECTS)


@pytest.mark.slow
def test_milliseconds_are_also_drawn_as_whole_floats() -> None:
    """1767225600000.0 is an integer to JSON Schema; the mutants make sure the unit rule sees it too."""
    mutant = _drawn("session.expires-at-unit", lambda m: isinstance(m.payload["expires_at"], float))
    assert mutant.payload["expires_at"].is_integer()


@pytest.mark.slow
def test_enum_mutants_include_the_typos_servers_make() -> None:
    """'canceled' for 'cancelled' is drawn, not just random text."""
    typo = _drawn("schema.enum", lambda m: m.payload["status"] == "canceled")
    assert typo.pointer == "/status"
