"""The ``chatkit_server`` fixture: a stand-in server per test, imported only when a test asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from contract.standin.server import FakeServer


@pytest.fixture
def chatkit_server() -> Iterator[FakeServer]:
    """A stand-in ChatKit server (sessions and threads) on 127.0.0.1, fresh for each test.

    Point a client at ``chatkit_server.base_url`` with ``chatkit_server.api_key``; queue misbehaviour with
    ``chatkit_server.inject("status=429,retry-after=0,times=2")``; look at ``served`` and ``sessions`` afterwards.
    """
    # Imported here so that loading the plugin costs nothing in runs that never ask for the server.
    from contract.standin.server import running_server

    with running_server() as server:
        yield server
