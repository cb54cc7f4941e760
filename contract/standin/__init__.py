"""The stand-in: a local ChatKit sessions service on loopback, with faults on demand, for consumers' tests.

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
