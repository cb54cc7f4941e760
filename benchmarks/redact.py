"""Time redaction of a large HAR against parsing the same bytes with orjson and with the json module.

Run: ``python benchmarks/redact.py``. Redaction parses with positions (orjson plus a
regex pass pairing each string with its literal), walks every member and body in Python and
checks its own output again, so it costs more than a parse; the ratios to ``json.loads`` of
the same bytes (measured in the same run) keep it honest. Target: <= 30x ``json.loads``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import orjson

from contract.redaction.redactor import redact_bytes

BODY = json.dumps(
    {
        "id": "cksess_68f2c3d1e5a94b7c",
        "object": "chatkit.session",
        "client_secret": "ek_68f2c3d1e5a94b7c8d9e0f1a2b3c4d5e",
        "status": "cancelled",
        "workflow": {"id": "wf_1", "version": None, "state_variables": {"step": 1}, "tracing": {"enabled": True}},
    },
    indent=2,
)
ENTRY = {
    "request": {
        "method": "POST",
        "url": "https://api.openai.com/v1/chatkit/sessions/cksess_68f2c3d1e5a94b7c/cancel",
        "headers": [
            {"name": "Authorization", "value": "Bearer sk-proj-0123456789abcdefghijklmnop"},
            {"name": "OpenAI-Beta", "value": "chatkit_beta=v1"},
        ],
        "cookies": [{"name": "__cf_bm", "value": "cf7Kq2VbN8xLm1pR4tZ6"}],
    },
    "response": {
        "status": 200,
        "headers": [{"name": "Content-Type", "value": "application/json"}],
        "content": {"mimeType": "application/json", "text": BODY},
    },
}
HAR = json.dumps({"log": {"version": "1.2", "entries": [ENTRY] * 2_000}}, indent=2).encode()


def _seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    redaction = redact_bytes(HAR)
    assert len(redaction.masked) == 2_000 * 3
    assert not redaction.unmaskable
    fast = _seconds(lambda: orjson.loads(HAR))
    stdlib = _seconds(lambda: json.loads(HAR))
    ours = _seconds(lambda: redact_bytes(HAR))
    print(f"HAR: {len(HAR) / 1e6:.1f} MB, {len(redaction.masked)} secrets")
    print(f"orjson.loads        {fast * 1e3:8.1f} ms  {fast / stdlib:6.2f}x")
    print(f"json.loads          {stdlib * 1e3:8.1f} ms    1.00x")
    print(f"redact_bytes        {ours * 1e3:8.1f} ms  {ours / stdlib:6.2f}x   (target <= 30x)")


if __name__ == "__main__":
    main()
