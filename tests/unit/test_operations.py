"""One reading of request URLs, shared by recordings, live records and assert_conforms."""

from __future__ import annotations

import pytest

from contract.operations import cancelled_session, endpoint_of, route, selects


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


def test_requests_route_to_their_operation_by_method_and_path() -> None:
    """A create is a POST to the sessions collection; a GET of the same URL is no operation of this tool."""
    url = "https://api.openai.com/v1/chatkit/sessions"
    create = route("POST", url)
    assert create is not None
    assert (create.operation.name, create.base, create.params) == ("create", "/v1", {})
    assert route("GET", url) is None
    assert route("GET", url + "/cksess_1/cancel") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1/chatkit/sessions/cksess_1/%63ancel",
        "https://api.openai.com/v1/%63hatkit/%73essions/cksess_1/cancel",
        "https://api.openai.com/v1/chatkit/sessions/cksess_1/CANCEL%5F",
    ],
    ids=["escaped-c", "escaped-path", "not-the-same-path"],
)
def test_escaped_unreserved_characters_are_the_same_path(url: str) -> None:
    """RFC 3986: %63 is 'c', so these are the cancel path; other changes are not."""
    expected = None if url.endswith("CANCEL%5F") else "cksess_1"
    assert cancelled_session(url) == expected


def test_the_endpoint_choice_selects_operations_and_names_their_rules() -> None:
    """No choice checks both; 'cancel' selects cancels, 'session' creates; each is checked under its own rules."""
    assert [selects(None, op) for op in ("create", "cancel")] == [True, True]
    assert [selects("cancel", op) for op in ("create", "cancel")] == [False, True]
    assert [selects("session", op) for op in ("create", "cancel")] == [True, False]
    assert (endpoint_of("create", "cancel"), endpoint_of("cancel", "session"), endpoint_of(None, "session")) == (
        "session",
        "cancel",
        "session",
    )
