"""Check a response you recorded against the contract, and assert on findings where drift is expected."""

import json
from pathlib import Path

from contract import ResponseChecker, assert_conforms

RECORDED = Path(__file__).parent / "recordings" / "cancel.json"


def test_recorded_cancel_response_conforms() -> None:
    assert_conforms(RECORDED.read_bytes(), session_id="cksess_123")


def test_a_session_still_active_is_not_a_cancel_response(chatkit_contract: ResponseChecker) -> None:
    drifted = json.loads(RECORDED.read_bytes()) | {"status": "active"}
    result = chatkit_contract.check(drifted)
    assert [(finding.rule, finding.pointer) for finding in result.errors] == [("cancel.status", "/status")]
