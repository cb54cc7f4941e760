"""A HAR built from real loopback requests to the stand-in, faults included, for the coverage and HTML tests."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from contract.live.client import LiveExchange
from contract.live.recorder import RECORDING_FORMATS
from contract.standin import FAULT_HEADER
from contract.standin.server import running_server

_PLAIN = {"user": "user_1", "workflow": {"id": "wf_1"}}
_FULL = {
    "user": "user_2",
    "workflow": {
        "id": "wf_1",
        "version": "2",
        "state_variables": {"plan": "pro", "step": 1, "beta": True},
        "tracing": {"enabled": False},
    },
    "chatkit_configuration": {"file_upload": {"enabled": True}, "history": {"recent_threads": 5}},
}


def record_standin_har(path: Path) -> Path:
    """Create two sessions, cancel one, and provoke a 429, a 404, a 503 and a dropped member; write them as HAR."""
    render, document = RECORDING_FORMATS[".har"]
    entries: list[dict[str, Any]] = []
    with running_server() as server:
        headers = {"Authorization": f"Bearer {server.api_key}", "OpenAI-Beta": "chatkit_beta=v1"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as client:

            def send(url: str, body: dict[str, Any] | None = None, fault: str | None = None) -> dict[str, Any]:
                extra = {FAULT_HEADER: fault} if fault else {}
                started = time.time()
                response = client.post(url, json=body, headers=extra)
                exchange = LiveExchange(
                    method="POST",
                    url=str(response.request.url),
                    request_headers=dict(response.request.headers),
                    status=response.status_code,
                    headers=dict(response.headers),
                    body=response.content,
                    started=started,
                )
                entries.append(render(exchange))
                return dict(response.json())

            plain = send("/chatkit/sessions", _PLAIN)
            full = send("/chatkit/sessions", _FULL)
            send(f"/chatkit/sessions/{plain['id']}/cancel")
            send(f"/chatkit/sessions/{full['id']}/cancel", fault="status=429")
            send("/chatkit/sessions/cksess_unknown/cancel")
            send("/chatkit/sessions", _PLAIN, fault="status=503")
            send(f"/chatkit/sessions/{full['id']}/cancel", fault="drop=/workflow/tracing")
    path.write_bytes(document(entries))
    return path
