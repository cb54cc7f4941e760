"""Findings stated from the fast engine's own errors equal the reference engine's and the walk's, on every mutant."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from contract import strategies as cst
from contract.check.drift import unknown_fields
from contract.check.error_findings import ErrorFindings
from contract.check.schema_findings import schema_findings
from contract.check.validator import _detailed, _rules
from contract.findings import Finding
from contract.operations import OPERATION_NAMES
from contract.strategies._mutants import operations_for
from contract.strategies.corpus import draw_examples
from tests.helpers import conforming_session, graft

#: The operations whose findings the validator takes from the closed engine's errors.
STATED = [name for name in OPERATION_NAMES if _rules(name, False).closed_errors_suffice]
BREAKS = [rule for rule in cst.PAYLOAD_RULES if rule.startswith(("schema.", "drift."))]


def _stated_and_reference(operation: str, payload: Any) -> tuple[list[Finding] | None, list[Finding]]:
    """What the errors state (``None`` where they defer), by a fresh memo and by the validator's shared one,
    beside the reference engine's findings over the whole document followed by the walk's undeclared members."""
    rules = _rules(operation, False)
    errors = list(rules.closed.iter_errors(payload))
    stated = ErrorFindings(rules.bundle)(payload, errors)
    assert rules.stated(payload, errors) == stated  # a remembered failure says what a first one does
    reference = [*schema_findings(_detailed(rules.resource), payload), *unknown_fields(rules.bundle, payload)]
    return stated, reference


@given(operation=st.sampled_from(STATED), data=st.data())
def test_stated_findings_are_the_reference_engines_on_every_mutant(operation: str, data: st.DataObject) -> None:
    """Same rules, pointers, messages and order as jsonschema and the walk for undeclared members, or a deferral."""
    mutant = data.draw(cst.nonconforming(operation=operation))
    stated, reference = _stated_and_reference(operation, mutant.payload)
    assert stated is None or stated == reference


@given(operation=st.sampled_from(STATED), data=st.data())
def test_stated_findings_keep_the_reference_order_over_several_breaks(operation: str, data: st.DataObject) -> None:
    """Breaks grafted into one document (schema errors at several depths, undeclared members beside them) come out
    in the reference engine's order, each once, with the undeclared members after them in document order."""
    rules = [rule for rule in BREAKS if operation in operations_for(rule)]
    payload = copy.deepcopy(data.draw(cst.nonconforming(rules=rules, operation=operation)).payload)
    grafted = 0
    for broken in data.draw(st.lists(cst.nonconforming(rules=rules, operation=operation), min_size=1, max_size=4)):
        grafted += graft(payload, broken.payload, broken.pointer)
    assume(grafted)
    stated, reference = _stated_and_reference(operation, payload)
    assert stated is None or stated == reference


@pytest.mark.parametrize(
    "rule", ["schema.required", "schema.type", "schema.enum", "schema.const", "drift.unknown-field"]
)
def test_the_common_failures_of_a_session_are_stated_from_the_errors(rule: str) -> None:
    """A missing member, a wrong type, an unknown status, a wrong ``object``, an added member: no other engine."""
    mutants = list(draw_examples(cst.nonconforming(rules=[rule], operation="cancel"), count=20, seed=5))
    stated = [_stated_and_reference("cancel", mutant.payload)[0] for mutant in mutants]
    assert sum(found is not None for found in stated) >= len(mutants) // 2


@pytest.mark.parametrize(
    "values", [[(0.0, "0.0"), (-0.0, "-0.0")], [(1, "1"), (True, "true"), (1.0, "1.0")], [(False, "false"), (0, "0")]]
)
def test_a_remembered_failure_is_one_of_an_equal_value_only_if_it_reads_the_same(values: list[tuple[Any, str]]) -> None:
    """Values Python holds equal (``0.0`` and ``-0.0``, ``1`` and ``True``) each keep their own message."""
    for value, shown in values:
        stated, reference = _stated_and_reference("cancel", conforming_session(object=value))
        assert stated == reference
        assert [f.message for f in stated if f.rule == "schema.const"] == [f"expected 'chatkit.session', got {shown}"]


def test_an_error_it_does_not_word_defers_to_the_reference_engine() -> None:
    """``anyOf`` (a nullable limit of the wrong type) is left to the reference engine, which names the type."""
    session = conforming_session()
    session["chatkit_configuration"]["history"]["recent_threads"] = "ten"
    stated, reference = _stated_and_reference("cancel", session)
    assert stated is None
    pointer = "/chatkit_configuration/history/recent_threads"
    assert [(f.rule, f.pointer) for f in reference] == [("schema.type", pointer)]


def test_an_error_the_keyword_does_not_make_defers() -> None:
    """An engine saying ``enum`` failed on an allowed value is not believed: the slower paths decide."""
    rules = _rules("cancel", False)
    (error,) = rules.closed.iter_errors(conforming_session(status="canceled"))
    assert ErrorFindings(rules.bundle)(conforming_session(status="canceled"), [error]) is not None
    assert ErrorFindings(rules.bundle)(conforming_session(status="cancelled"), [error]) is None
