"""The fast engine (jsonschema-rs) and the reference one (jsonschema) agree on every draw, of both kinds."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from contract import strategies as cst
from contract.operations import OPERATION_NAMES, operation_named
from contract.schemas import bundle, closed_bundle


@cache
def _engines(resource: str) -> dict[str, tuple[Any, Any]]:
    """Each engine on the open bundle (drift allowed) and the closed one (drift rejected), as the validator does."""
    return {
        "open": (Draft202012Validator(bundle(resource)), jsonschema_rs.validator_for(bundle(resource))),
        "closed": (Draft202012Validator(closed_bundle(resource)), jsonschema_rs.validator_for(closed_bundle(resource))),
    }


def _verdicts(value: Any, resource: str) -> dict[str, tuple[bool, bool]]:
    return {kind: (ref.is_valid(value), fast.is_valid(value)) for kind, (ref, fast) in _engines(resource).items()}


@pytest.mark.parametrize("operation", OPERATION_NAMES)
@given(data=st.data())
def test_both_engines_accept_every_conforming_draw(operation: str, data: st.DataObject) -> None:
    """A conforming answer to every operation is valid for both engines, open and closed."""
    payload = data.draw(cst.responses(operation))
    assert _verdicts(payload, operation_named(operation).resource) == {"open": (True, True), "closed": (True, True)}


@given(cst.nonconforming())
def test_both_engines_agree_on_every_mutant_and_on_what_it_breaks(mutant: cst.Mutant) -> None:
    """Schema mutants fail both bundles, drift fails only the closed one, the rest pass both: in both engines, on
    every resource."""
    schema_broken = mutant.rule.startswith("schema.")
    drift = mutant.rule == "drift.unknown-field"
    open_ok, closed_ok = not schema_broken, not schema_broken and not drift
    verdicts = _verdicts(mutant.payload, operation_named(mutant.operation).resource)
    assert verdicts == {"open": (open_ok, open_ok), "closed": (closed_ok, closed_ok)}
