"""The fast engine (jsonschema-rs) and the reference one (jsonschema) agree on every draw, of both kinds."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
from hypothesis import given
from jsonschema import Draft202012Validator

from contract import strategies as cst
from contract.schemas import bundle, closed_bundle

# Each engine on the open bundle (drift allowed) and the closed one (drift rejected), as the validator uses them.
REFERENCE = {"open": Draft202012Validator(bundle()), "closed": Draft202012Validator(closed_bundle())}
FAST = {"open": jsonschema_rs.validator_for(bundle()), "closed": jsonschema_rs.validator_for(closed_bundle())}


def _verdicts(value: Any) -> dict[str, tuple[bool, bool]]:
    return {kind: (REFERENCE[kind].is_valid(value), FAST[kind].is_valid(value)) for kind in REFERENCE}


@given(cst.sessions())
def test_both_engines_accept_every_conforming_draw(payload: dict[str, Any]) -> None:
    """A conforming session is valid for both engines, open and closed."""
    assert _verdicts(payload) == {"open": (True, True), "closed": (True, True)}


@given(cst.nonconforming())
def test_both_engines_agree_on_every_mutant_and_on_what_it_breaks(mutant: cst.Mutant) -> None:
    """Schema mutants fail both bundles, drift fails only the closed one, the rest pass both: in both engines."""
    schema_broken = mutant.rule.startswith("schema.")
    drift = mutant.rule == "drift.unknown-field"
    open_ok, closed_ok = not schema_broken, not schema_broken and not drift
    assert _verdicts(mutant.payload) == {"open": (open_ok, open_ok), "closed": (closed_ok, closed_ok)}
