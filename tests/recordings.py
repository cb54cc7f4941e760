"""Real recordings for the source tests: a ChatKit-like server on 127.0.0.1, VCR.py cassettes, browser-shaped HAR.

The server (tests/local_server.py) answers like the real API (JSON bodies, optional gzip, OpenAI
error envelopes), VCR.py itself writes the cassettes, and the HAR files carry what a real request
and response exchanged, laid out the way Chrome's DevTools export writes them.
"""

from __future__ import annotations

import base64
import gzip as _gzip
import json
import urllib.error
import urllib.request
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import orjson

from tests.helpers import conforming_session
from tests.local_server import Canned, serving

#: The API key the recorded requests send; no report may ever show it.
API_KEY = "sk-proj-abc123DEF456ghi789JKL012mno345"
AUTHORIZATION = f"Bearer {API_KEY}"


def reply(payload: Any, status: int = 200, *, content_type: str = "application/json", gzip: bool = False) -> Canned:
    """What the server sends for one cancel path: a JSON payload, optionally gzip-compressed on the wire."""
    body = orjson.dumps(payload)
    if gzip:
        return Canned(_gzip.compress(body), status, content_type, content_encoding="gzip")
    return Canned(body, status, content_type)


def chatkit_server(replies: dict[str, Canned]) -> AbstractContextManager[str]:
    """A real HTTP server on 127.0.0.1 answering ``POST`` to each path; anything else is a 404 error envelope."""
    return serving({("POST", path): canned for path, canned in replies.items()})


def send(url: str, method: str = "POST") -> tuple[int, dict[str, str], bytes]:
    """One request the way an API client sends it (bearer key, beta header); the raw reply."""
    request = urllib.request.Request(
        url,
        method=method,
        data=b"" if method == "POST" else None,
        headers={"Authorization": AUTHORIZATION, "OpenAI-Beta": "chatkit_beta=v1", "Accept-Encoding": "gzip"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def record_cassette(path: Path, server: str, calls: list[tuple[str, str]], serializer: str = "yaml") -> None:
    """Have VCR.py itself record *calls* (method, path) against the *server* URL into the cassette at *path*."""
    import vcr

    recorder = vcr.VCR(serializer=serializer, record_mode="all")
    with recorder.use_cassette(str(path)):
        for method, route in calls:
            send(server + route, method)


def cancel_path(session_id: str) -> str:
    return f"/v1/chatkit/sessions/{session_id}/cancel"


def _har_headers(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name.lower(), "value": value} for name, value in headers.items()]


def har_entry(server: str, method: str, route: str) -> dict[str, Any]:
    """Make the request for real and describe it as Chrome's DevTools "Save all as HAR" does."""
    status, headers, raw = send(server + route, method)
    body = _gzip.decompress(raw) if headers.get("Content-Encoding") == "gzip" else raw
    mime = headers.get("Content-Type", "x-unknown").split(";")[0]
    content: dict[str, Any] = {"size": len(body), "mimeType": mime}
    try:
        content["text"] = body.decode("utf-8")
    except UnicodeDecodeError:
        content.update(text=base64.b64encode(body).decode(), encoding="base64")
    request_headers = {"Authorization": AUTHORIZATION, "OpenAI-Beta": "chatkit_beta=v1", "Accept": "*/*"}
    return {
        "_initiator": {"type": "script"},
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
            "method": method,
            "url": server + route,
            "httpVersion": "http/1.1",
            "headers": _har_headers(request_headers),
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": status,
            "statusText": "OK" if status == 200 else "",
            "httpVersion": "http/1.1",
            "headers": _har_headers(headers),
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_transferSize": len(raw) + 200,
            "_error": None,
        },
        "serverIPAddress": "127.0.0.1",
        "startedDateTime": "2026-01-01T12:00:00.000Z",
        "time": 12.5,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 10.9, "receive": 0.3},
    }


def chrome_har(entries: list[dict[str, Any]]) -> str:
    """A HAR 1.2 log as Chrome writes it: creator, pages, entries, two-space indentation."""
    log = {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [
                {
                    "startedDateTime": "2026-01-01T12:00:00.000Z",
                    "id": "page_1",
                    "title": "https://app.example.test/chat",
                    "pageTimings": {"onContentLoad": 410.2, "onLoad": 655.9},
                }
            ],
            "entries": entries,
        }
    }
    return json.dumps(log, indent=2)


def preflight(server: str, route: str) -> dict[str, Any]:
    """The CORS preflight a browser sends before the POST: same URL, method OPTIONS, never checked."""
    entry = har_entry(server, "GET", route)
    entry["request"]["method"] = "OPTIONS"
    entry["response"].update(status=204, content={"size": 0, "mimeType": "x-unknown"})
    return entry


def cancelled(session_id: str, **overrides: Any) -> dict[str, Any]:
    """A conforming cancel response for *session_id*."""
    return conforming_session(id=session_id, **overrides)
