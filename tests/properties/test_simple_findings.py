"""Findings built straight from the fast engine's failing places equal the reference engine's, on every mutant."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from contract import strategies as cst
from contract.check.drift import unknown_fields
from contract.check.schema_findings import Failing, schema_findings
from contract.check.simple_findings import DRAFT_2020_12_KEYWORDS, simple_findings
from contract.check.validator import Validator, _detailed, _rules
from contract.findings import Finding
from contract.strategies._mutants import operations_for
from contract.strategies.corpus import draw_examples
from tests.helpers import graft


def _both(mutant: cst.Mutant) -> tuple[list[Finding] | None, list[Finding]]:
    """The simple path's findings (``None`` where it defers) and the reference engine's, for the same failure."""
    rules = _rules(mutant.operation, False)
    failing = Validator(operation=mutant.operation)._fast_failures(mutant.payload, rules)
    if not isinstance(failing, Failing):
        return [], []  # schema-valid (a rule or drift mutant): neither path is asked
    reference = list(schema_findings(_detailed(rules.resource), mutant.payload, failing=failing))
    return simple_findings(rules.bundle, mutant.payload, failing), reference


@given(cst.nonconforming())
def test_the_simple_path_says_what_the_reference_engine_says_or_defers(mutant: cst.Mutant) -> None:
    """Same rules, pointers, messages and order as jsonschema, on the mutants of every resource and rule."""
    simple, reference = _both(mutant)
    assert simple is None or simple == reference


@pytest.mark.parametrize("rule", ["schema.required", "schema.type", "schema.enum", "schema.const"])
def test_the_common_failures_of_a_session_take_the_simple_path(rule: str) -> None:
    """A missing member, a wrong type, an unknown status, a wrong ``object`` in a session: no reference engine."""
    mutants = list(draw_examples(cst.nonconforming(rules=[rule], operation="cancel"), count=20, seed=3))
    answered: list[Any] = [simple for simple, _ in map(_both, mutants) if simple is not None]
    assert len(answered) >= len(mutants) // 2
    assert any(answered)


def test_the_keywords_it_knows_are_the_reference_validators() -> None:
    """A keyword jsonschema acts on but this list lacks would be mistaken for an annotation."""
    assert frozenset(Draft202012Validator.VALIDATORS) == DRAFT_2020_12_KEYWORDS


SCHEMA_RULES = [rule for rule in cst.PAYLOAD_RULES if rule.startswith("schema.")]


@given(drift=cst.nonconforming(rules=["drift.unknown-field"]), data=st.data())
def test_undeclared_members_are_found_beside_schema_errors(drift: cst.Mutant, data: st.DataObject) -> None:
    """The walk for undeclared members is skipped only where there are none: a drift mutant broken once more
    still reports every undeclared member the walk finds."""
    rules = [rule for rule in SCHEMA_RULES if drift.operation in operations_for(rule)]
    broken = data.draw(cst.nonconforming(rules=rules, operation=drift.operation))
    payload = copy.deepcopy(drift.payload)
    assume(graft(payload, broken.payload, broken.pointer))
    validator = Validator(operation=drift.operation, profile="strict")
    found = validator.validate(payload).findings
    assume(any(f.rule.startswith("schema.") for f in found))  # a break can depend on what it is grafted into
    walked = validator._finish(list(unknown_fields(_rules(drift.operation, True).bundle, payload)))
    assert [f for f in found if f.rule == "drift.unknown-field"] == list(walked)
