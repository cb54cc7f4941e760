"""The stand-in: a local ChatKit service on loopback (sessions and threads), with faults on demand, for consumers'
tests.

``server`` (the HTTP server and ``running_server``), ``handler`` (one request: routing, auth, answers in the
service's envelope), ``createbody`` (create bodies read against the bundled ``CreateChatSessionBody`` schema),
``query`` (list queries read against the bundled parameter schemas), ``store`` (the sessions), ``threads``
(threads seeded per user, cursor pages, delete), ``faults`` (specs and the queue) with ``kinds`` (one class per
fault kind), ``envelope`` (OpenAI's error shape) and ``requestlog`` (what it remembers of requests, bounded).

Layer: beside ``live``, ``redaction``, ``strategies`` and ``upstream``; imports ``check`` and the base modules.
"""

from __future__ import annotations

from contract.standin.faults import FAULT_KINDS, Fault, parse_fault
from contract.standin.server import FAKE_API_KEY, FAULT_HEADER, FakeServer, Served, running_server

__all__ = [
    "FAKE_API_KEY",
    "FAULT_HEADER",
    "FAULT_KINDS",
    "FakeServer",
    "Fault",
    "Served",
    "parse_fault",
    "running_server",
]
