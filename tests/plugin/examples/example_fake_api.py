"""The stand-in your tests use for the ChatKit API must answer like the real one."""

import httpx

from contract import assert_conforms


def fake_chatkit(request: httpx.Request) -> httpx.Response:
    """Your test double: answers a cancel with the session it names."""
    session_id = request.url.path.split("/")[-2]
    return httpx.Response(
        200,
        json={
            "id": session_id,
            "object": "chatkit.session",
            "status": "cancelled",
            "client_secret": "ek_fake_secret",
            "expires_at": 1767225600,
            "user": "user_789",
            "workflow": {"id": "wf_123", "version": None, "state_variables": None, "tracing": {"enabled": False}},
            "rate_limits": {"max_requests_per_1_minute": 10},
            "max_requests_per_1_minute": 10,
            "chatkit_configuration": {
                "automatic_thread_titling": {"enabled": True},
                "file_upload": {"enabled": False, "max_file_size": None, "max_files": None},
                "history": {"enabled": True, "recent_threads": None},
            },
        },
    )


def test_fake_cancel_response_conforms() -> None:
    client = httpx.Client(transport=httpx.MockTransport(fake_chatkit), base_url="https://api.openai.com/v1")
    # Status, Content-Type and the cancelled id in the request path are checked too.
    assert_conforms(client.post("/chatkit/sessions/cksess_123/cancel"))
