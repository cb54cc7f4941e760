"""The chatkit_server fixture, as a consumer's test suite sees it through the plugin."""

from __future__ import annotations

import pytest

from tests.plugin.support import run

CONSUMER_TESTS = """
import httpx
import openai
import pytest

seen = {}


def test_sdk_against_the_fixture(chatkit_server):
    sdk = openai.OpenAI(api_key=chatkit_server.api_key, base_url=chatkit_server.base_url, max_retries=0)
    with sdk as client:
        session = client.beta.chatkit.sessions.create(user="u", workflow={"id": "wf"})
        assert client.beta.chatkit.sessions.cancel(session.id).status == "cancelled"
        chatkit_server.inject("status=503,times=always,on=cancel")
        with pytest.raises(openai.InternalServerError):
            client.beta.chatkit.sessions.cancel(session.id)
    seen["url"] = chatkit_server.url


def test_each_test_gets_a_fresh_server_and_the_last_one_is_closed(chatkit_server):
    assert chatkit_server.url != seen["url"]
    assert len(chatkit_server.sessions) == 0 and chatkit_server.pending_faults == ()
    with pytest.raises(httpx.ConnectError):
        httpx.post(seen["url"] + "/v1/chatkit/sessions", timeout=2)
"""


def test_fixture_serves_each_test_and_closes_after_it(pytester: pytest.Pytester) -> None:
    """Through the plugin, a consumer's tests get a working, fresh, then closed server."""
    pytester.makepyfile(test_consumer=CONSUMER_TESTS)
    result = run(pytester)
    result.assert_outcomes(passed=2)


def test_fixture_is_documented_in_pytest_fixtures(pytester: pytest.Pytester) -> None:
    """pytest --fixtures lists chatkit_server with its one-line purpose."""
    result = run(pytester, "--fixtures")
    result.stdout.fnmatch_lines(
        ["chatkit_server*", "*A stand-in ChatKit server (sessions and threads) on 127.0.0.1, fresh for each test."]
    )
