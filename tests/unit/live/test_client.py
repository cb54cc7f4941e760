"""The live client against the stand-in over loopback: headers, bounded retries, failures, and no key leaks."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterator

import orjson
import pytest

from contract.errors import EndpointError, InputError
from contract.live.client import LiveClient, Retry, RetryPolicy, api_key_from_env, retry_after_seconds
from contract.standin.server import FakeServer, running_server

FAST = RetryPolicy(retries=2, backoff=0.001)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh server per test."""
    with running_server() as running:
        yield running


def _client(
    server: FakeServer, retry: RetryPolicy = FAST, notices: list[Retry] | None = None, **kw: object
) -> LiveClient:
    return LiveClient(
        api_key=server.api_key,
        base_url=server.base_url,
        retry=retry,
        on_retry=None if notices is None else notices.append,
        **kw,  # type: ignore[arg-type]
    )


def test_create_sends_credentials_beta_and_optional_headers(server: FakeServer) -> None:
    """The server sees the bearer key, the beta header and the organisation/project headers; records are redacted."""
    with _client(server, organization="org-1", project="proj_1") as client:
        exchange = client.create(workflow_id="wf_1", user="user_1")
    assert exchange.status == 200
    assert orjson.loads(exchange.body)["workflow"]["id"] == "wf_1"
    seen = server.served[-1].headers
    assert seen["authorization"] == "Bearer sk-…(redacted)"
    assert (seen["openai-beta"], seen["openai-organization"], seen["openai-project"]) == (
        "chatkit_beta=v1",
        "org-1",
        "proj_1",
    )
    assert exchange.request_headers["authorization"] == "Bearer sk-…(redacted)"
    assert exchange.headers["content-type"] == "application/json"


def test_cancel_posts_to_the_session_path(server: FakeServer) -> None:
    """cancel() hits /chatkit/sessions/{id}/cancel and gets the cancelled session back."""
    with _client(server) as client:
        session_id = orjson.loads(client.create(workflow_id="wf", user="u").body)["id"]
        exchange = client.cancel(session_id)
    assert exchange.url == f"{server.base_url}/chatkit/sessions/{session_id}/cancel"
    assert orjson.loads(exchange.body)["status"] == "cancelled"


def test_retry_after_is_honoured_over_the_backoff(server: FakeServer) -> None:
    """Two 429s with Retry-After: 0.05 are waited out for 0.05 s each, then the 200 is the answer."""
    server.inject("status=429,retry-after=0.05,times=2")
    notices: list[Retry] = []
    started = time.monotonic()
    with _client(server, RetryPolicy(retries=2, backoff=5.0), notices) as client:
        exchange = client.create(workflow_id="wf", user="u")
    assert time.monotonic() - started >= 0.1
    assert (exchange.status, exchange.attempts) == (200, 3)
    assert [(n.attempt, n.reason, n.wait) for n in notices] == [(1, "HTTP 429", 0.05), (2, "HTTP 429", 0.05)]


def test_server_errors_back_off_doubling_and_stop_at_the_bound(server: FakeServer) -> None:
    """A 500 that never ends is tried retries+1 times with doubling waits, then returned as the answer."""
    server.inject("status=500,times=always")
    notices: list[Retry] = []
    with _client(server, RetryPolicy(retries=3, backoff=0.001), notices) as client:
        exchange = client.create(workflow_id="wf", user="u")
    assert (exchange.status, exchange.attempts) == (500, 4)
    assert [n.wait for n in notices] == [0.001, 0.002, 0.004]
    assert len(server.served) == 4


def test_retry_after_beyond_the_limit_is_not_waited_for(server: FakeServer) -> None:
    """A 429 asking for two minutes is kept as the answer at once."""
    server.inject("status=429,retry-after=120")
    notices: list[Retry] = []
    with _client(server, notices=notices) as client:
        exchange = client.create(workflow_id="wf", user="u")
    assert (exchange.status, exchange.attempts, notices) == (429, 1, [])


def test_client_errors_are_not_retried(server: FakeServer) -> None:
    """A 404 is an answer, not a hiccup: one attempt."""
    with _client(server) as client:
        exchange = client.cancel("cksess_missing")
    assert (exchange.status, exchange.attempts, len(server.served)) == (404, 1, 1)


def test_refused_connection_gives_up_after_the_bound() -> None:
    """Nothing listening: three attempts, two retry notices, then an EndpointError saying why."""
    closed = FakeServer()
    closed.close()
    notices: list[Retry] = []
    with _client(closed, notices=notices) as client, pytest.raises(EndpointError) as caught:
        client.cancel("cksess_1")
    assert "cannot connect" in str(caught.value)
    assert str(caught.value).endswith("gave up after 3 attempt(s)")
    assert len(notices) == 2


def test_connection_lost_mid_body_is_retried_then_reported(server: FakeServer) -> None:
    """A body cut short every time ends in an EndpointError after exactly retries+1 requests."""
    server.inject("disconnect,times=always")
    with _client(server) as client, pytest.raises(EndpointError, match="broke off mid-response"):
        client.create(workflow_id="wf", user="u")
    assert len(server.served) == 3


def test_slow_answer_beyond_the_timeout_is_reported(server: FakeServer) -> None:
    """An answer later than the timeout is a timeout, retried, then reported with the limit."""
    server.inject("delay=5,times=always")
    expected = r"no response within 0\.1s; gave up after 2 attempt\(s\)"
    with (
        _client(server, RetryPolicy(retries=1, backoff=0.001), timeout=0.1) as client,
        pytest.raises(EndpointError, match=expected),
    ):
        client.create(workflow_id="wf", user="u")


def test_the_key_appears_in_no_text_the_client_produces() -> None:
    """Errors, retry notices, reprs and recorded headers never carry the key, whatever its shape."""
    key = "plainkey-0123456789abcdef"
    with running_server(api_key=key) as server:
        notices: list[Retry] = []
        client = LiveClient(api_key=key, base_url=server.base_url, retry=FAST, on_retry=notices.append)
        exchange = client.create(workflow_id="wf", user="u")
        server.inject("disconnect,times=always")
        with pytest.raises(EndpointError) as caught:
            client.create(workflow_id="wf", user="u")
        texts = [str(caught.value), repr(client), repr(exchange), str(exchange.request_headers)]
        texts += [notice.describe() for notice in notices]
        client.close()
    assert exchange.status == 200
    assert not [text for text in texts if key in text]


def test_api_key_from_env_names_the_variable_never_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset and unusable keys are InputErrors naming the variable; a good key is returned trimmed."""
    monkeypatch.delenv("CHATKIT_TEST_KEY", raising=False)
    with pytest.raises(InputError, match=r"^\$CHATKIT_TEST_KEY is not set"):
        api_key_from_env("CHATKIT_TEST_KEY")
    monkeypatch.setenv("CHATKIT_TEST_KEY", "sk-two words")
    with pytest.raises(InputError, match="does not hold a usable API key") as caught:
        api_key_from_env("CHATKIT_TEST_KEY")
    assert "words" not in str(caught.value)
    monkeypatch.setenv("CHATKIT_TEST_KEY", " sk-good \n")
    assert api_key_from_env("CHATKIT_TEST_KEY") == "sk-good"


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "\u0663"}, None),  # ARABIC-INDIC DIGIT THREE: float() reads it as 3.0
        ({"retry-after": "1_0"}, None),
        ({"retry-after-ms": "\uff15", "retry-after": "2"}, 2.0),  # FULLWIDTH DIGIT FIVE: the next header counts
        ({}, None),
    ],
)
def test_retry_after_forms(headers: dict[str, str], seconds: float | None) -> None:
    """Seconds, fractional seconds and milliseconds are read; negatives clamp to 0; junk, including digits of other
    scripts and underscores that float() would take, is ignored."""
    assert retry_after_seconds(headers) == seconds


def test_retry_after_as_an_http_date() -> None:
    """An HTTP date ten seconds ahead reads as about ten seconds."""
    when = email.utils.formatdate(time.time() + 10, usegmt=True)
    seconds = retry_after_seconds({"retry-after": when})
    assert seconds is not None
    assert 8 <= seconds <= 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_url": "ftp://example.com"}, "is not an http(s) URL"),
        ({"base_url": "http://[::1"}, "is not an http(s) URL"),
        ({"base_url": "http://h.test/v1 x"}, "is not an http(s) URL"),
        ({"timeout": 0.0}, "must be more than 0 seconds"),
        ({"organization": "ørg"}, "organization 'ørg' must be one printable ASCII token"),
    ],
)
def test_unusable_settings_are_input_errors(kwargs: dict[str, object], message: str) -> None:
    """A bad URL, timeout or header value is refused before any request, naming the option."""
    with pytest.raises(InputError) as caught:
        LiveClient(api_key="sk-x", **kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_negative_retry_settings_are_input_errors() -> None:
    """A retry policy cannot wait or retry a negative amount."""
    with pytest.raises(InputError, match="cannot be negative"):
        RetryPolicy(retries=-1)
