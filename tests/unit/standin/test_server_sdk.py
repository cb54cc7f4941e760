"""The official openai SDK accepts the stand-in: sessions round-trip and its error classes fire where they should."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from contract.standin.server import FakeServer, running_server


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh server per test."""
    with running_server() as running:
        yield running


@pytest.fixture
def sdk(server: FakeServer) -> Iterator[openai.OpenAI]:
    """An SDK client aimed at the server, with the SDK's own retries off unless a test turns them on."""
    with openai.OpenAI(api_key=server.api_key, base_url=server.base_url, max_retries=0) as client:
        yield client


def test_sdk_creates_and_cancels_a_session(server: FakeServer, sdk: openai.OpenAI) -> None:
    """create() returns a ChatSession with the requested settings; cancel() returns it cancelled."""
    session = sdk.beta.chatkit.sessions.create(
        user="user_1",
        workflow={"id": "wf_1", "version": "2", "state_variables": {"step": 1}},
        expires_after={"anchor": "created_at", "seconds": 120},
        rate_limits={"max_requests_per_1_minute": 7},
        chatkit_configuration={"file_upload": {"enabled": True, "max_files": 2}},
    )
    assert session.id.startswith("cksess_")
    assert session.status == "active"
    assert 0 <= server.sessions.now() + 120 - session.expires_at <= 1
    assert session.workflow.state_variables == {"step": 1}
    assert session.rate_limits.max_requests_per_1_minute == session.max_requests_per_1_minute == 7
    assert session.chatkit_configuration.file_upload.max_files == 2
    cancelled = sdk.beta.chatkit.sessions.cancel(session.id)
    assert (cancelled.id, cancelled.status) == (session.id, "cancelled")
    assert server.served[-1].headers["openai-beta"] == "chatkit_beta=v1"


def test_unknown_session_raises_not_found(sdk: openai.OpenAI) -> None:
    """A 404 from the stand-in is the SDK's NotFoundError, with the service's error fields."""
    with pytest.raises(openai.NotFoundError) as caught:
        sdk.beta.chatkit.sessions.cancel("cksess_missing")
    assert caught.value.status_code == 404
    assert caught.value.type == "invalid_request_error"
    assert "Chatkit Session with id 'cksess_missing' not found." in str(caught.value)


def test_wrong_key_raises_authentication_error(server: FakeServer) -> None:
    """A 401 from the stand-in is the SDK's AuthenticationError, and the wrong key is not echoed."""
    wrong = openai.OpenAI(api_key="sk-wrong-key-9876", base_url=server.base_url, max_retries=0)
    with wrong as client, pytest.raises(openai.AuthenticationError) as caught:
        client.beta.chatkit.sessions.create(user="u", workflow={"id": "wf"})
    assert caught.value.code == "invalid_api_key"
    assert "9876" not in str(caught.value)


def test_invalid_body_raises_bad_request_naming_the_parameter(sdk: openai.OpenAI) -> None:
    """An expiry above the documented maximum is a BadRequestError whose param names it."""
    with pytest.raises(openai.BadRequestError) as caught:
        sdk.beta.chatkit.sessions.create(
            user="u", workflow={"id": "wf"}, expires_after={"anchor": "created_at", "seconds": 601}
        )
    assert (caught.value.param, caught.value.code) == ("expires_after.seconds", "integer_above_max_value")


def test_sdk_retries_honour_the_stand_ins_retry_after(server: FakeServer) -> None:
    """The SDK's own retry loop reads our 429s and Retry-After, and succeeds on the third request."""
    server.inject("status=429,retry-after=0.01,times=2")
    with openai.OpenAI(api_key=server.api_key, base_url=server.base_url, max_retries=2) as client:
        session = client.beta.chatkit.sessions.create(user="u", workflow={"id": "wf"})
    assert session.status == "active"
    assert [served.status for served in server.served] == [429, 429, 200]


def test_rate_limit_and_dropped_connection_raise_their_errors(server: FakeServer, sdk: openai.OpenAI) -> None:
    """A 429 is RateLimitError and a connection cut mid-body is APIConnectionError."""
    server.inject("status=429,retry-after=0")
    with pytest.raises(openai.RateLimitError):
        sdk.beta.chatkit.sessions.create(user="u", workflow={"id": "wf"})
    server.inject("disconnect")
    with pytest.raises(openai.APIConnectionError):
        sdk.beta.chatkit.sessions.create(user="u", workflow={"id": "wf"})


def test_sdk_lists_pages_reads_and_deletes_threads(server: FakeServer, sdk: openai.OpenAI) -> None:
    """The official SDK walks a user's threads page by page (its cursor is the stand-in's last_id), reads each,
    pages through every item of every type, and deletes one: gone from the list and from retrieve."""
    sdk.beta.chatkit.sessions.create(user="user_1", workflow={"id": "wf_1"})
    threads = list(sdk.beta.chatkit.threads.list(user="user_1", limit=1))
    assert len(threads) == 3
    assert {thread.status.type for thread in threads} == {"active", "locked", "closed"}
    assert [thread.created_at for thread in threads] == sorted((t.created_at for t in threads), reverse=True)
    assert all(thread.user == "user_1" for thread in threads)
    oldest_first = [thread.id for thread in sdk.beta.chatkit.threads.list(user="user_1", order="asc")]
    assert oldest_first == [thread.id for thread in reversed(threads)]
    locked = next(thread for thread in threads if thread.status.type == "locked")
    status = sdk.beta.chatkit.threads.retrieve(locked.id).status
    assert status.type == "locked"
    assert status.reason == "Escalated to a human agent."
    items = list(sdk.beta.chatkit.threads.list_items(locked.id, limit=2, order="asc"))
    assert [item.type for item in items] == [
        "chatkit.user_message",
        "chatkit.assistant_message",
        "chatkit.widget",
        "chatkit.client_tool_call",
        "chatkit.task",
        "chatkit.task_group",
    ]
    assert {item.thread_id for item in items} == {locked.id}
    deleted = sdk.beta.chatkit.threads.delete(locked.id)
    assert (deleted.id, deleted.deleted, deleted.object) == (locked.id, True, "chatkit.thread.deleted")
    assert locked.id not in [thread.id for thread in sdk.beta.chatkit.threads.list(user="user_1")]
    with pytest.raises(openai.NotFoundError, match="Chatkit Thread with id"):
        sdk.beta.chatkit.threads.retrieve(locked.id)
    with pytest.raises(openai.NotFoundError):
        sdk.beta.chatkit.threads.delete(locked.id)


def test_sdk_list_queries_the_service_refuses_are_bad_requests(sdk: openai.OpenAI) -> None:
    """A limit above 100 or an unknown order is the SDK's BadRequestError; a cursor naming nothing, NotFoundError."""
    with pytest.raises(openai.BadRequestError, match="integer above maximum value"):
        sdk.beta.chatkit.threads.list(limit=101)
    with pytest.raises(openai.BadRequestError, match="Supported values are: 'asc', 'desc'"):
        sdk.beta.chatkit.threads.list(order="newest")  # type: ignore[arg-type]
    with pytest.raises(openai.NotFoundError, match="No item with id 'cthr_nope' in this list"):
        sdk.beta.chatkit.threads.list(after="cthr_nope")
    assert sdk.beta.chatkit.threads.list(after="").data == []  # an empty cursor is no cursor: the first page
