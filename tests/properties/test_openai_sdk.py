"""A real client's view: the official openai SDK reads every conforming session exactly as drawn."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given
from openai.types.beta.chatkit import ChatSession

from contract import strategies as cst


@given(cst.sessions())
def test_the_sdk_model_reads_every_conforming_session_unchanged(payload: dict[str, Any]) -> None:
    """ChatSession parses the payload, as a dict and as JSON, and gives back the same values."""
    assert ChatSession.model_validate(payload).model_dump() == payload
    assert ChatSession.model_validate_json(orjson.dumps(payload)).model_dump() == payload
