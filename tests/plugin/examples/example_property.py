"""A property test of your own code: it handles every cancel response the contract allows."""

from dataclasses import dataclass
from typing import Any

from hypothesis import given

from contract import strategies as cst


@dataclass(frozen=True)
class Cancelled:
    """Your application's view of a cancelled session."""

    session_id: str
    expires_at: int
    uploads_allowed: bool


def parse_cancelled(payload: dict[str, Any]) -> Cancelled:
    """Your client code under test."""
    upload = payload["chatkit_configuration"]["file_upload"]
    return Cancelled(payload["id"], payload["expires_at"], upload["enabled"] and upload["max_files"] != 0)


@given(cst.cancel_responses(session_id="cksess_123"))
def test_every_conforming_cancel_response_parses(payload: dict[str, Any]) -> None:
    cancelled = parse_cancelled(payload)
    assert cancelled.session_id == "cksess_123"
    assert cancelled.expires_at < 10**11  # seconds, never milliseconds
