"""A live contract test: create a session on the API, cancel it, check what came back."""

import os

import pytest
from openai import OpenAI

from contract import ResponseChecker


@pytest.mark.chatkit_live
def test_cancel_returns_a_conforming_session(chatkit_base_url: str, chatkit_contract: ResponseChecker) -> None:
    client = OpenAI(base_url=chatkit_base_url)  # the key comes from OPENAI_API_KEY
    session = client.beta.chatkit.sessions.create(
        user="contract-test", workflow={"id": os.environ["CHATKIT_WORKFLOW_ID"]}
    )
    cancelled = client.beta.chatkit.sessions.cancel(session.id)
    chatkit_contract.assert_conforms(cancelled, session_id=session.id)
