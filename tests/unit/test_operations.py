"""One reading of request URLs, shared by recordings, live records and assert_conforms."""

from __future__ import annotations

import pytest

from contract.operations import cancelled_session, match_request


@pytest.mark.parametrize(
    ("url", "session"),
    [
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel", "cksess_123"),
        ("/v1/chatkit/sessions/cksess_123/cancel/", "cksess_123"),
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel?trace=1#x", "cksess_123"),
        ("https://api.openai.com/v1/chatkit/sessions/cksess%2F1/cancel", "cksess/1"),
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123", None),
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel/extra", None),
        ("http://[::1/chatkit/sessions/cksess_123/cancel", None),
    ],
)
def test_cancelled_session_reads_the_id_from_the_path(url: str, session: str | None) -> None:
    """The id is percent-decoded, queries and fragments are ignored, anything else is not a cancel."""
    assert cancelled_session(url) == session


def test_create_requests_match_only_for_the_session_endpoint() -> None:
    """A create request is checked with endpoint=session and skipped with endpoint=cancel."""
    url = "https://api.openai.com/v1/chatkit/sessions"
    assert match_request("POST", url, "session") == (True, None)
    assert match_request("POST", url, "cancel") == (False, None)
    assert match_request("GET", url + "/cksess_1/cancel", "cancel") == (False, None)
