"""A live contract test: create a session on the API, cancel it, check what came back."""

import os

import pytest

from contract import ResponseChecker


@pytest.mark.chatkit_live
def test_cancel_returns_a_conforming_session(chatkit_base_url: str, chatkit_contract: ResponseChecker) -> None:
    openai = pytest.importorskip(
        "openai", "2.2", reason="needs the official SDK: pip install 'chatkit-contract[openai]'"
    )
    client = openai.OpenAI(base_url=chatkit_base_url)  # the key comes from OPENAI_API_KEY
    session = client.beta.chatkit.sessions.create(
        user="contract-test", workflow={"id": os.environ["CHATKIT_WORKFLOW_ID"]}
    )
    cancelled = client.beta.chatkit.sessions.cancel(session.id)
    chatkit_contract.assert_conforms(cancelled, session_id=session.id)
