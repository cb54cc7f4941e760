"""Findings built straight from the fast engine's failing places equal the reference engine's, on every mutant."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

from contract import strategies as cst
from contract.check.schema_findings import Failing, schema_findings
from contract.check.simple_findings import DRAFT_2020_12_KEYWORDS, simple_findings
from contract.check.validator import Validator, _detailed, _rules
from contract.findings import Finding
from contract.strategies.corpus import draw_examples


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
