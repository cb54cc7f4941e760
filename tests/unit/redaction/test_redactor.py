"""Redaction masks every credential in each recording format and leaves every other byte exactly as it was."""

from __future__ import annotations

import base64
import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract.redaction.redactor import redact_bytes
from tests.helpers import SECRET, conforming_session

API_KEY = "sk-proj-Zq81mWc7Hh2LpT5vXy0Ab3Cd"
COOKIE = "cf7Kq2VbN8xLm1pR4tZ6"
SESSION_BODY = json.dumps(conforming_session(), indent=2)


def _masked(original: bytes, *replacements: tuple[str, str]) -> bytes:
    """What *original* must become: each secret replaced by its mask, nothing else touched."""
    expected = original
    for secret, masked in replacements:
        assert secret.encode() in expected
        expected = expected.replace(secret.encode(), masked.encode())
    return expected


def test_json_body_loses_only_the_client_secret() -> None:
    """CRLF line ends, tabs, escapes and non-ASCII text around the secret survive byte for byte."""
    original = (
        b'{\r\n\t"id": "cksess_123",\r\n\t"client_secret":   "' + SECRET.encode() + b'",\r\n'
        b'\t"user": "J\\u00f6rg \xc3\xa9t\xc3\xa9",\r\n\t"url": "https:\\/\\/example.test\\/x"\r\n}'
    )
    redaction = redact_bytes(original)
    assert redaction.data == _masked(original, (SECRET, "ek_…(redacted)"))
    assert [(leak.line, leak.column, leak.kind) for leak in redaction.masked] == [(3, 22, "client secret")]


def test_client_secret_of_any_shape_is_masked_by_its_member_name() -> None:
    """A client_secret that does not look like ek_… is still masked, because of where it sits."""
    original = b'{"client_secret": "opaque-value-123", "status": "cancelled"}'
    assert redact_bytes(original).data == b'{"client_secret": "\xe2\x80\xa6(redacted)", "status": "cancelled"}'


def test_json_lines_mask_each_line_and_broken_lines_by_shape() -> None:
    """Every line of a JSONL recording is cleaned, even one that is not valid JSON."""
    lines = [
        json.dumps(conforming_session()),
        json.dumps({"client_secret": "chatkit_token_abc123"}),
        '{"truncated": "ek_live_AAAABBBBCCCC',
    ]
    original = ("\n".join(lines) + "\n").encode()
    redaction = redact_bytes(original)
    assert redaction.data == _masked(
        original,
        (SECRET, "ek_…(redacted)"),
        ("chatkit_token_abc123", "chatkit_token_…(redacted)"),
        ("ek_live_AAAABBBBCCCC", "ek_…(redacted)"),
    )
    assert [leak.line for leak in redaction.masked] == [1, 2, 3]


def _har() -> bytes:
    entry = {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "request": {
            "method": "POST",
            "url": "https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel",
            "headers": [
                {"name": "authorization", "value": f"Bearer {API_KEY}"},
                {"name": "Cookie", "value": f"__cf_bm={COOKIE}; _cfuvid=u1d2v3w4x5y6z7"},
                {"name": "X-Request-Id", "value": "req_8f7e6d5c4b3a"},
            ],
            "cookies": [{"name": "__cf_bm", "value": COOKIE}],
        },
        "response": {
            "status": 200,
            "headers": [{"value": f"__cf_bm={COOKIE}; path=/; HttpOnly", "name": "Set-Cookie"}],
            "content": {"mimeType": "application/json", "text": SESSION_BODY},
        },
    }
    return json.dumps({"log": {"version": "1.2", "entries": [entry]}}, indent=2).encode()


def test_har_headers_cookies_and_embedded_body_are_masked() -> None:
    """Authorization, Cookie, Set-Cookie, HAR cookies and the client secret inside content.text all go."""
    original = _har()
    redaction = redact_bytes(original)
    assert redaction.data == _masked(
        original,
        (API_KEY, "sk-proj-…(redacted)"),
        (COOKIE, "…(redacted)"),
        ("u1d2v3w4x5y6z7", "…(redacted)"),
        (SECRET, "ek_…(redacted)"),
    )
    assert sorted(leak.kind for leak in redaction.masked) == ["API key", "client secret", *["cookie"] * 4]
    assert b"req_8f7e6d5c4b3a" in redaction.data
    assert json.loads(redaction.data)["log"]["entries"][0]["response"]["content"]["text"].count("…(redacted)") == 1


def test_a_secret_inside_a_base64_body_is_reported_unmaskable() -> None:
    """Masking inside base64 would change the body; the secret is reported instead of silently left."""
    document = {
        "log": {
            "entries": [
                {
                    "response": {
                        "content": {"text": base64.b64encode(SESSION_BODY.encode()).decode(), "encoding": "base64"}
                    }
                }
            ]
        }
    }
    redaction = redact_bytes(json.dumps(document).encode())
    assert [leak.kind for leak in redaction.unmaskable] == ["client secret inside an encoded body"]
    assert redaction.masked == ()


def test_shell_variables_and_ordinary_words_are_left_alone() -> None:
    """Documentation-style placeholders and words that merely contain sk- or ek_ are not secrets."""
    original = b'curl -H "Authorization: Bearer $OPENAI_API_KEY" # risk-free week_end task\n'
    assert redact_bytes(original).data == original


def test_bytes_that_are_not_utf8_are_kept() -> None:
    """A recording with stray bytes still round-trips every byte but the secret."""
    original = b"\xff\xfe garbage Authorization: Bearer tok_123456789 \x80\n"
    assert redact_bytes(original).data == b"\xff\xfe garbage Authorization: Bearer \xe2\x80\xa6(redacted) \x80\n"


def test_redaction_is_idempotent() -> None:
    """Redacting a redacted recording finds nothing more and changes nothing."""
    once = redact_bytes(_har()).data
    again = redact_bytes(once)
    assert again.data == once
    assert again.leaks == ()


class _SessionServer(http.server.BaseHTTPRequestHandler):
    """A loopback stand-in for the cancel endpoint that sets a cookie, as Cloudflare does in front of OpenAI."""

    def do_POST(self) -> None:
        body = SESSION_BODY.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", f"__cf_bm={COOKIE}; path=/; expires=Sat, 01-Jan-2028 00:00:00 GMT; HttpOnly")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    """A session server on 127.0.0.1; yields its cancel URL."""
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _SessionServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/v1/chatkit/sessions/cksess_123/cancel"
    httpd.shutdown()
    httpd.server_close()


def test_vcr_cassette_recorded_by_vcrpy_is_masked_and_still_loads(server: str, tmp_path: Path) -> None:
    """A real VCR.py cassette loses its Authorization, Cookie, Set-Cookie and client secret, and nothing else."""
    vcr = pytest.importorskip("vcr")
    from vcr.serializers import yamlserializer

    cassette = tmp_path / "cancel.yaml"
    with vcr.use_cassette(str(cassette)):
        httpx.post(server, headers={"Authorization": f"Bearer {API_KEY}", "Cookie": f"__cf_bm={COOKIE}"})
    original = cassette.read_bytes()
    redaction = redact_bytes(original)
    assert redaction.data == _masked(
        original, (API_KEY, "sk-proj-…(redacted)"), (COOKIE, "…(redacted)"), (SECRET, "ek_…(redacted)")
    )
    replayed = yamlserializer.deserialize(redaction.data.decode())["interactions"][0]
    assert replayed["request"]["headers"]["authorization"] == ["Bearer sk-proj-…(redacted)"]
    assert json.loads(replayed["response"]["body"]["string"])["client_secret"] == "ek_…(redacted)"


def test_gzip_binary_cassette_body_is_reported_unmaskable() -> None:
    """VCR stores compressed bodies as !!binary; a secret inside cannot be masked in place, and is reported."""
    import yaml

    body = gzip.compress(SESSION_BODY.encode())
    cassette = yaml.safe_dump({"interactions": [{"response": {"body": {"string": body}}}], "version": 1})
    redaction = redact_bytes(cassette.encode())
    assert [(leak.line, leak.kind) for leak in redaction.unmaskable] == [(4, "client secret inside an encoded body")]


def test_api_key_headers_in_a_cassette_mapping_are_masked_whatever_their_shape() -> None:
    """X-Api-Key and Proxy-Authorization values are secrets by position, even without a known prefix."""
    original = (
        b"interactions:\n- request:\n    headers:\n      X-Api-Key:\n      - opaque0123456789\n"
        b"      Proxy-Authorization:\n      - Basic dXNlcjpwYXNz\n      Accept:\n      - application/json\n"
    )
    redaction = redact_bytes(original)
    assert redaction.data == _masked(original, ("opaque0123456789", "…(redacted)"), ("dXNlcjpwYXNz", "…(redacted)"))
    assert [leak.kind for leak in redaction.masked] == ["API key", "credential"]
