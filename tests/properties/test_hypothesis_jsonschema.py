"""hypothesis-jsonschema as an independent generator, and as the optional engine of our strategies."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator

from contract import strategies as cst
from contract.check.validator import Validator
from contract.schemas import ROOT, SCHEMA_NAMES, bundle, closed_bundle

ENGINE = "hypothesis-jsonschema"
# hypothesis-jsonschema draws about 30 times slower than the builtin engine: a smaller budget, same profile.
SLOW_ENGINE = settings(
    max_examples=max(settings().max_examples // 5, 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FAST_OPEN = jsonschema_rs.validator_for(bundle())
REFERENCE_OPEN = Draft202012Validator(bundle())


@pytest.mark.slow
@SLOW_ENGINE
@given(from_schema(bundle()))
def test_independent_draws_from_the_bundle_break_no_schema_rule(value: dict[str, Any]) -> None:
    """Whatever hypothesis-jsonschema makes of the bundle, both engines accept it and no schema.* finding is raised.

    Its draws carry undeclared members and ignore the rules beyond the schema, so drift, session.*
    and cancel.* findings are expected; a schema.* finding would be our validator disagreeing with it.
    """
    assert REFERENCE_OPEN.is_valid(value)
    assert FAST_OPEN.is_valid(value)
    findings = Validator(endpoint="session").validate(value).findings
    assert [finding for finding in findings if finding.rule.startswith("schema.")] == []


@SLOW_ENGINE
@given(cst.sessions(engine=ENGINE))
def test_the_jsonschema_engine_draws_fully_conforming_sessions(payload: dict[str, Any]) -> None:
    """sessions(engine=...) through hypothesis-jsonschema passes the strictest check, like the builtin engine."""
    assert Validator(endpoint="session", profile="strict").validate(payload).findings == ()


@SLOW_ENGINE
@given(cst.nonconforming(engine=ENGINE))
def test_mutants_of_jsonschema_engine_draws_are_rejected_exactly(mutant: cst.Mutant) -> None:
    """Mutation operators work on payloads shaped by the other engine too."""
    result = Validator(endpoint=mutant.endpoint, profile=mutant.profile).validate(mutant.payload)
    assert [(f.rule, f.pointer) for f in result.findings] == [(mutant.rule, mutant.pointer)]


@pytest.mark.parametrize("name", [name for name in SCHEMA_NAMES if name != ROOT])
@SLOW_ENGINE
@given(data=st.data())
def test_the_jsonschema_engine_draws_every_nested_type(name: str, data: st.DataObject) -> None:
    """from_schema(name, engine=...) draws closed, conforming instances of each nested type."""
    assert Draft202012Validator(closed_bundle(name)).is_valid(data.draw(cst.from_schema(name, engine=ENGINE)))
