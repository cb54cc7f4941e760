"""One corpus of every recording format, built from real traffic, for the object-storage and cluster tests.

JSON documents, a JSON Lines log large enough to be cut into pieces at the default split size, a browser HAR
(checked entries, a preflight and a page fetch that are skipped), VCR.py cassettes in YAML and JSON; some
responses fail, some carry undeclared members, and the recorded requests carry an API key no report may show.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.helpers import conforming_session
from tests.recordings import cancel_path, cancelled, chatkit_server, chrome_har, har_entry, preflight, record_cassette
from tests.recordings import reply as canned

#: JSON Lines lines in the log: about 5 MB, so the default split size (4 MiB) cuts it in two.
LOG_LINES = 8000
CREATE = "/v1/chatkit/sessions"


def jsonl_log(count: int, seed: int = 19) -> bytes:
    """Cancel responses, one a line; about 2% broken four ways, and a few blank lines."""
    chance = random.Random(seed)
    lines = []
    for number in range(count):
        session = conforming_session(id=f"cksess_{number:08}", user=f"user_{number % 97}")
        roll = chance.random()
        if roll < 0.005:
            lines.append(json.dumps(session)[:-30])
            continue
        if roll < 0.01:
            session["status"] = "canceled"
        elif roll < 0.015:
            del session["workflow"]["tracing"]
        elif roll < 0.02:
            session["expires_at"] *= 1000
        elif roll < 0.025:
            session["cancelled_at"] = 1712349000
        elif roll < 0.027:
            lines.append("")
        lines.append(json.dumps(session))
    return ("\n".join(lines) + "\n").encode()


def build(directory: Path) -> Path:
    """Write the corpus into *directory* (created) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "a-ok.json").write_text(json.dumps(cancelled("cksess_a"), indent=2))
    (directory / "b-truncated.json").write_text(json.dumps(cancelled("cksess_b"), indent=2)[:-40])
    (directory / "c-log.jsonl").write_bytes(jsonl_log(LOG_LINES))
    replies = {
        cancel_path("cksess_ok"): canned(cancelled("cksess_ok")),
        cancel_path("cksess_zip"): canned(cancelled("cksess_zip"), gzip=True),
        cancel_path("cksess_active"): canned(cancelled("cksess_active", status="active")),
        cancel_path("cksess_extra"): canned(cancelled("cksess_extra", cancelled_at=1712349000)),
        CREATE: canned(cancelled("cksess_new", status="active")),
    }
    with chatkit_server(replies) as server:
        entries = [
            preflight(server, cancel_path("cksess_ok")),
            har_entry(server, "GET", "/v1/models"),
            har_entry(server, "POST", cancel_path("cksess_ok")),
            har_entry(server, "POST", cancel_path("cksess_active")),
            har_entry(server, "POST", CREATE),
            har_entry(server, "POST", cancel_path("cksess_extra")),
        ]
        (directory / "d-browser.har").write_text(chrome_har(entries))
        calls = [
            ("POST", cancel_path("cksess_ok")),
            ("POST", cancel_path("cksess_zip")),
            ("POST", cancel_path("cksess_active")),
            ("GET", "/v1/models"),
        ]
        record_cassette(directory / "e-cassette.yaml", server, calls)
        record_cassette(directory / "f-cassette.json", server, [calls[0], ("POST", CREATE)], serializer="json")
    return directory
