"""Live checks: an HTTP client for the ChatKit API, the create/cancel lifecycle check, the read-only thread walk,
and the recorder.

Layer: above ``redaction`` (recordings are masked with it), ``standin``, ``strategies`` and ``upstream``; imports
``report``, ``run``, ``sources``, ``check`` and the base modules. httpx is imported when a client is built.
"""

from __future__ import annotations

from contract.live.client import LiveClient, LiveExchange, Retry, RetryPolicy, api_key_from_env
from contract.live.lifecycle import LiveCheck, check_cancel, check_lifecycle, check_threads
from contract.live.recorder import Recorder

__all__ = [
    "LiveCheck",
    "LiveClient",
    "LiveExchange",
    "Recorder",
    "Retry",
    "RetryPolicy",
    "api_key_from_env",
    "check_cancel",
    "check_lifecycle",
    "check_threads",
]
