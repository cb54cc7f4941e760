"""Your client code against the plugin's stand-in ChatKit server, including the day the API drifts."""

import httpx
import pytest

from contract import assert_conforms
from contract.standin import FakeServer


def chatkit_client(server: FakeServer) -> httpx.Client:
    """The code under test builds its client like this (base URL and key from your settings)."""
    headers = {"Authorization": f"Bearer {server.api_key}", "OpenAI-Beta": "chatkit_beta=v1"}
    return httpx.Client(base_url=server.base_url, headers=headers)


def create_and_cancel(client: httpx.Client) -> httpx.Response:
    created = client.post("/chatkit/sessions", json={"user": "user_789", "workflow": {"id": "wf_123"}})
    return client.post(f"/chatkit/sessions/{created.json()['id']}/cancel")


def test_cancel_through_my_client_conforms(chatkit_server: FakeServer) -> None:
    with chatkit_client(chatkit_server) as client:
        # Status, Content-Type and the cancelled id in the request path are checked too.
        assert_conforms(create_and_cancel(client))


def test_drift_is_caught(chatkit_server: FakeServer) -> None:
    chatkit_server.inject("drop=/workflow/tracing,on=cancel")
    with chatkit_client(chatkit_server) as client:
        response = create_and_cancel(client)
    with pytest.raises(AssertionError, match=r"schema\.required\s+/workflow/tracing"):
        assert_conforms(response)
