"""The check-live flows as a library: results in request order, every exchange handed over, auth refusals raised."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contract.errors import EndpointError
from contract.live.client import LiveClient, LiveExchange, RetryPolicy
from contract.live.lifecycle import check_cancel, check_lifecycle
from contract.standin.server import FakeServer, running_server


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh server per test."""
    with running_server() as running:
        yield running


def _client(server: FakeServer, key: str | None = None) -> LiveClient:
    return LiveClient(api_key=key or server.api_key, base_url=server.base_url, retry=RetryPolicy(backoff=0.001))


def test_lifecycle_checks_three_responses_and_hands_over_each_exchange(server: FakeServer) -> None:
    """create, cancel and repeated cancel are checked in order; on_exchange sees each one."""
    seen: list[LiveExchange] = []
    with _client(server) as client:
        check = check_lifecycle(client, workflow_id="wf", user="u", on_exchange=seen.append)
    assert check.ok
    assert [result.location for result in check.results] == ["create", "cancel", "repeated cancel"]
    assert [exchange.url.rsplit("/", 1)[-1] for exchange in seen] == ["sessions", "cancel", "cancel"]
    assert check.notes[0].endswith("HTTP 200 with status 'cancelled': cancelling twice is accepted")


def test_a_create_without_an_id_stops_before_cancelling(server: FakeServer) -> None:
    """With no session id to cancel, one failing result and a note explain why nothing else ran."""
    server.inject("drop=/id")
    with _client(server) as client:
        check = check_lifecycle(client, workflow_id="wf", user="u")
    assert not check.ok
    assert [(f.rule, f.pointer) for f in check.results[0].findings] == [("schema.required", "/id")]
    assert check.notes == ("the create response carries no session id, so nothing was cancelled",)
    assert len(server.served) == 1


def test_a_repeated_cancel_that_errs_is_described_not_failed(server: FakeServer) -> None:
    """A 409 to the second cancel is reported in the notes, is not checked, and does not fail the check."""

    def after(exchange: LiveExchange) -> None:
        if exchange.url.endswith("/cancel"):
            server.inject("status=409")  # only the repeated cancel comes after the first cancel

    with _client(server) as client:
        check = check_lifecycle(client, workflow_id="wf", user="u", on_exchange=after)
    assert check.ok
    assert [result.location for result in check.results] == ["create", "cancel"]
    assert check.notes[0].endswith(": HTTP 409 invalid_request_error: Conflict.")


def test_refused_key_raises_after_the_exchange_is_handed_over(server: FakeServer) -> None:
    """A 401 is an EndpointError quoting the service, and the recorder still got the exchange."""
    seen: list[LiveExchange] = []
    with _client(server, key="sk-wrong-000") as client, pytest.raises(EndpointError) as caught:
        check_cancel(client, "cksess_1", on_exchange=seen.append)
    assert "the credentials were refused: HTTP 401 invalid_request_error: Incorrect API key" in str(caught.value)
    assert [exchange.status for exchange in seen] == [401]
