"""Redaction masks every credential in each recording format and leaves every other byte exactly as it was.

Each kind of leak an attack on ``redact`` once found is a named regression here (``test_leak_…``): the secret
was still in the file afterwards, and ``redact --check`` passed.
"""

from __future__ import annotations

import base64
import gzip
import http.server
import json
import threading
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.redaction.redactor import Redaction, redact_bytes
from contract.sources import iter_exchanges
from tests.helpers import SECRET, conforming_session
from tests.leaks import assert_clean
from tests.local_server import Canned, serving
from tests.recordings import chrome_har, har_entry

API_KEY = "sk-proj-Zq81mWc7Hh2LpT5vXy0Ab3Cd"
COOKIE = "cf7Kq2VbN8xLm1pR4tZ6"
SESSION_BODY = json.dumps(conforming_session(), indent=2)
#: Credentials that have no telling shape: only where they sit says what they are.
OPAQUE = ("opaqueAPIkey0001", "opaqueSECRET0002", "opaqueCOOKIE0003", "opaqueBASIC0004", "opaquePASS0005")
CANCEL = "/v1/chatkit/sessions/cksess_123/cancel"


def _masked(original: bytes, *replacements: tuple[str, str]) -> bytes:
    """What *original* must become: each secret replaced by its mask, nothing else touched."""
    expected = original
    for secret, masked in replacements:
        assert secret.encode() in expected
        expected = expected.replace(secret.encode(), masked.encode())
    return expected


def _clean_and_final(original: bytes, *needles: str, suffix: str = "") -> Redaction:
    """Redact *original*: no needle in any decoded view of the result, and nothing left to find in it."""
    redaction = redact_bytes(original, suffix=suffix)
    assert redaction.masked, "nothing was found to mask"
    assert not redaction.unmaskable
    assert_clean(redaction.data, *needles)
    again = redact_bytes(redaction.data, suffix=suffix)
    assert (again.leaks, again.data) == ((), redaction.data), "--check would fail after redact"
    return redaction


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
    assert redaction.notes == ("line 3 not read as JSON: searched by name and shape only",)


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


# --- the leaks an attack found, one named regression each -----------------------------------------------


@pytest.fixture(scope="module")
def chatkit() -> Iterator[str]:
    """A real loopback server answering the cancel path with a body that holds opaque credentials by name."""
    body = json.dumps({**conforming_session(), "api_key": OPAQUE[0], "client_secret": OPAQUE[1]}).encode()
    with serving({("POST", CANCEL): Canned(body)}) as url:
        yield url


def test_leak_member_names_inside_a_body_stored_as_a_string(chatkit: str, tmp_path: Path) -> None:
    """A HAR's content.text and a VCR cassette's body.string hold JSON: its client_secret and api_key members are
    masked by name, though their values have no telling shape."""
    har = chrome_har([har_entry(chatkit, "POST", CANCEL)]).encode()
    _clean_and_final(har, *OPAQUE[:2])
    vcr = pytest.importorskip("vcr")
    cassette = tmp_path / "cancel.yaml"
    with vcr.use_cassette(str(cassette)):
        urllib.request.urlopen(urllib.request.Request(chatkit + CANCEL, data=b"", method="POST"), timeout=10).read()
    redaction = _clean_and_final(cassette.read_bytes(), *OPAQUE[:2])
    replayed = yaml.safe_load(redaction.data)["interactions"][0]["response"]["body"]["string"]
    assert json.loads(replayed)["api_key"] == "…(redacted)"


def _broken_recordings() -> dict[str, tuple[bytes, str]]:
    """Recordings that do not parse as a whole, each holding a cookie, an api-key, Basic auth and a client_secret."""
    headers = [
        {"name": "Cookie", "value": f"session={OPAQUE[2]}"},
        {"name": "api-key", "value": OPAQUE[0]},
        {"name": "Proxy-Authorization", "value": "Basic " + base64.b64encode(f"u:{OPAQUE[3]}".encode()).decode()},
    ]
    entry = {
        "request": {"method": "POST", "url": "https://api.openai.com" + CANCEL, "headers": headers},
        "response": {"status": 200, "content": {"text": json.dumps({"client_secret": OPAQUE[1]})}},
    }
    har = json.dumps({"log": {"version": "1.2", "entries": [entry, entry]}}, indent=2)
    line = json.dumps({"client_secret": OPAQUE[1], "headers": {"Cookie": f"a={OPAQUE[2]}", "api-key": OPAQUE[0]}})
    basic = base64.b64encode(f"u:{OPAQUE[3]}".encode()).decode()
    return {
        "har-cut-short": (har[: har.rindex("client_secret") + 60].encode(), ".har"),
        "stray-bytes-after-har": (har.encode() + b"\n\x00\xff trailing junk", ".har"),
        "broken-jsonl-line": (
            f'{json.dumps(conforming_session())}\n{line[:-3]}\n{{"Authorization": "Basic {basic}"\n'.encode(),
            ".jsonl",
        ),
        "bom-on-a-later-line": (f"{json.dumps(conforming_session())}\n\ufeff{line}\n".encode(), ".jsonl"),
    }


@pytest.mark.parametrize("name", sorted(_broken_recordings()))
def test_leak_a_file_that_does_not_parse_as_a_whole(name: str) -> None:
    """A HAR that breaks off, bytes after it, a broken JSON Lines line, a BOM on a later line: the cookie,
    api-key, Basic credentials and client_secret are masked all the same, and the file is said to be partly read."""
    original, suffix = _broken_recordings()[name]
    redaction = _clean_and_final(original, *OPAQUE[:4], suffix=suffix)
    if name != "bom-on-a-later-line":  # that line is JSON once its BOM is set aside
        assert any("searched by name and shape only" in note for note in redaction.notes)


def test_leak_credentials_in_urls_and_form_bodies() -> None:
    """Query parameters in request.url and form fields in postData.text are masked by name, as HAR's own
    queryString and postData.params were; other parameters stay."""
    query = f"?client_secret={OPAQUE[1]}&api_key={OPAQUE[0]}&limit=5"
    request = {
        "method": "POST",
        "url": "https://api.openai.com" + CANCEL + query,
        "queryString": [{"name": "client_secret", "value": OPAQUE[1]}, {"name": "limit", "value": "5"}],
        "postData": {
            "mimeType": "application/x-www-form-urlencoded",
            "text": f"password={OPAQUE[4]}&api_key={OPAQUE[0]}&user=u1",
            "params": [{"name": "password", "value": OPAQUE[4]}, {"name": "user", "value": "u1"}],
        },
    }
    original = json.dumps({"log": {"version": "1.2", "entries": [{"request": request, "response": {}}]}}).encode()
    redaction = _clean_and_final(original, OPAQUE[0], OPAQUE[1], OPAQUE[4])
    cleaned = json.loads(redaction.data)["log"]["entries"][0]["request"]
    assert cleaned["url"].endswith("?client_secret=…(redacted)&api_key=…(redacted)&limit=5")
    assert cleaned["postData"]["text"] == "password=…(redacted)&api_key=…(redacted)&user=u1"


GLUED = "ek_live_GLUEDq8W2xR7vT4nM"


@pytest.mark.parametrize(
    "value",
    [f"client_secret%3D{GLUED}", f"secret%20{GLUED}", f"state_{GLUED}", f"first line\n{GLUED}"],
    ids=["after-%3D", "after-%20", "after-underscore", "after-a-json-newline-escape"],
)
def test_leak_a_token_without_a_word_boundary_before_it(value: str) -> None:
    """A token glued to a percent escape, an underscore or a JSON escape is a token all the same."""
    original = json.dumps(conforming_session(status=value, user=value)).encode()
    redaction = _clean_and_final(original, "GLUEDq8W2xR7vT4nM")
    assert json.loads(redaction.data)["status"].endswith("ek_…(redacted)")


@pytest.mark.parametrize(
    "literal", ["\\u0065k_live_ESCAPEDq8W2xR7", "ek_\\u006Cive_ESCAPEDq8W2xR7", "ek_live_ESCAPED\\u0071\\u0038W2xR7"]
)
def test_leak_a_token_written_with_json_escapes(literal: str) -> None:
    """JSON escapes anywhere in a token do not hide it; its whole escaped spelling is replaced, the JSON stays valid."""
    original = ('{"id": "cksess_1", "status": "' + literal + '", "user": "J\\u00f6rg"}').encode()
    redaction = _clean_and_final(original, "ESCAPEDq8W2xR7")
    assert redaction.data == b'{"id": "cksess_1", "status": "ek_\xe2\x80\xa6(redacted)", "user": "J\\u00f6rg"}'


def _raw_deflate(data: bytes) -> bytes:
    encoder = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return encoder.compress(data) + encoder.flush()


COMPRESSIONS: dict[str, tuple[str, Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    "gzip": ("gzip", gzip.compress, gzip.decompress),
    "deflate": ("deflate", zlib.compress, zlib.decompress),
    "raw-deflate": ("deflate", _raw_deflate, lambda data: zlib.decompress(data, -zlib.MAX_WBITS)),
}


@pytest.mark.parametrize("compression", sorted(COMPRESSIONS))
def test_leak_a_compressed_body_is_decoded_masked_and_encoded_again(compression: str, tmp_path: Path) -> None:
    """gzip, deflate and raw deflate bodies — as VCR.py records them (!!binary) and in a HAR (base64) — are
    decoded, masked, and compressed again, so VCR.py still replays them and the body reads as JSON."""
    vcr = pytest.importorskip("vcr")
    header, compress, decompress = COMPRESSIONS[compression]
    body = json.dumps({**conforming_session(), "api_key": OPAQUE[0]}).encode()
    cassette = tmp_path / "cancel.yaml"
    canned = Canned(compress(body), content_encoding=header)
    with serving({("POST", CANCEL): canned}) as url, vcr.use_cassette(str(cassette)):
        urllib.request.urlopen(urllib.request.Request(url + CANCEL, data=b"", method="POST"), timeout=10).read()
    assert b"!!binary" in cassette.read_bytes()
    redaction = _clean_and_final(cassette.read_bytes(), OPAQUE[0], SECRET[3:])
    cassette.write_bytes(redaction.data)
    from vcr.serializers import yamlserializer

    replayed = yamlserializer.deserialize(cassette.read_text())["interactions"][0]["response"]["body"]["string"]
    assert json.loads(decompress(replayed))["api_key"] == "…(redacted)"
    content = {"mimeType": "application/json", "text": base64.b64encode(compress(body)).decode(), "encoding": "base64"}
    har = json.dumps({"log": {"entries": [{"response": {"content": content}}]}}).encode()
    cleaned = json.loads(_clean_and_final(har, OPAQUE[0], SECRET[3:]).data)["log"]["entries"][0]["response"]
    assert json.loads(decompress(base64.b64decode(cleaned["content"]["text"])))["api_key"] == "…(redacted)"


def test_a_secret_in_a_compressed_body_cut_short_cannot_be_masked_and_is_reported() -> None:
    """A gzip body that ends early cannot be compressed again as it was: the secret is reported, nothing rewritten."""
    pad = base64.b64encode(bytes(range(256)) * 16).decode()  # does not compress away: the cut falls after the secret
    cut = gzip.compress(json.dumps({"client_secret": OPAQUE[1], "pad": pad}).encode())[:-30]
    cassette = yaml.safe_dump({"interactions": [{"response": {"body": {"string": cut}}}]}).encode()
    redaction = redact_bytes(cassette)
    assert [(leak.line, leak.kind) for leak in redaction.unmaskable] == [(4, "client secret inside an encoded body")]
    assert redaction.data == cassette


def _har_with(content: str, headers: list[dict[str, str]]) -> bytes:
    entry = {
        "request": {"method": "POST", "url": "https://api.openai.com" + CANCEL, "headers": headers},
        "response": {"status": 200, "headers": [], "content": json.loads(content)},
    }
    return json.dumps({"log": {"version": "1.2", "entries": [entry]}}).encode()


def test_leak_duplicate_members_are_read_every_way() -> None:
    """Two ``encoding`` members (the HAR reader takes the last) and two ``name`` members: whichever a reader
    believes, the secret is masked, and the reader still gets the body it got before, the secret masked."""
    body = json.dumps(conforming_session(client_secret=OPAQUE[1])).encode()
    encoded = base64.b64encode(body).decode()
    for content in (
        f'{{"mimeType": "application/json", "encoding": "none", "text": "{encoded}", "encoding": "base64"}}',
        f'{{"mimeType": "application/json", "encoding": "base64", "text": "{encoded}", "encoding": "none"}}',
    ):
        header = [{"name": "X-Trace", "value": "t1"}]
        original = _har_with(content, header).replace(
            b'"name": "X-Trace"', b'"name": "Cookie", "value": "s=' + OPAQUE[2].encode() + b'", "name": "X-Trace"'
        )
        redaction = _clean_and_final(original, OPAQUE[1], OPAQUE[2])
        before = [_as_json(exchange.body) for exchange in _read_har(original)]
        after = [_as_json(exchange.body) for exchange in _read_har(redaction.data)]
        assert after == [{**session, "client_secret": "…(redacted)"} for session in before]


def _as_json(body: bytes) -> Any:
    """A body as the reader gave it: JSON, or (read with the other ``encoding``) base64 of JSON."""
    return json.loads(body if body.startswith(b"{") else base64.b64decode(body))


def _read_har(data: bytes) -> list[Any]:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".har") as file:
        file.write(data)
        file.flush()
        return list(iter_exchanges([file.name]))


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("OpenAI-Api-Key", OPAQUE[0], OPAQUE[0]),
        ("Proxy-Authorization", f"Digest username=u, response={OPAQUE[4]}", OPAQUE[4]),
        ("Set-Cookie", f"a=1; Path=/, b={OPAQUE[2]}; HttpOnly", OPAQUE[2]),
        ("Set-Cookie", f"a=1; Path=/\nb={OPAQUE[2]}; HttpOnly", OPAQUE[2]),
    ],
    ids=["openai-api-key", "proxy-authorization", "set-cookie-folded-comma", "set-cookie-folded-line"],
)
def test_leak_header_names_every_writer_knows(name: str, value: str, secret: str) -> None:
    """Header names once known to one writer only, and a folded Set-Cookie's second cookie, in a HAR, a VCR
    cassette and a JSON cassette."""
    _clean_and_final(_har_with('{"text": ""}', [{"name": name, "value": value}]), secret)
    interaction = {"request": {"uri": "https://api.openai.com" + CANCEL, "headers": {name: [value]}}, "response": {}}
    _clean_and_final(yaml.safe_dump({"interactions": [interaction], "version": 1}).encode(), secret)
    _clean_and_final(json.dumps({"version": 1, "interactions": [interaction]}, indent=4).encode(), secret)


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
    import httpx

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


def test_api_key_headers_in_a_cassette_mapping_are_masked_whatever_their_shape() -> None:
    """X-Api-Key and Proxy-Authorization values are secrets by position, even without a known prefix."""
    original = (
        b"interactions:\n- request:\n    headers:\n      X-Api-Key:\n      - opaque0123456789\n"
        b"      Proxy-Authorization:\n      - Basic dXNlcjpwYXNz\n      Accept:\n      - application/json\n"
    )
    redaction = redact_bytes(original)
    assert redaction.data == _masked(original, ("opaque0123456789", "…(redacted)"), ("dXNlcjpwYXNz", "…(redacted)"))
    assert [leak.kind for leak in redaction.masked] == ["API key", "credential"]


def test_yaml_scalars_written_with_escapes_or_folded_are_written_again_validly() -> None:
    """Where a secret is not written in a YAML scalar as it reads (escapes, folded lines), the scalar is written
    again whole, double-quoted, and the cassette still loads to the same values with the secret masked."""
    body = {
        "response": {"body": {"string": json.dumps({"client_secret": " ".join(["opaque value"] * 12), "n": "é\t"})}}
    }
    folded = yaml.safe_dump({"interactions": [body]}, width=40, allow_unicode=True)
    assert "\n      " in folded.split("string:")[1]  # the body really is folded over several lines
    text = (
        'interactions:\n- request:\n    headers:\n      Authorization:\n      - "Bearer \\u0065k_live_ESCAPEDq8W2xR7"\n'
        + folded.removeprefix("interactions:\n")
    )
    redaction = _clean_and_final(text.encode(), "ESCAPEDq8W2xR7", "opaque value")
    loaded = yaml.safe_load(redaction.data)["interactions"]
    assert loaded[0]["request"]["headers"]["Authorization"] == ["Bearer ek_…(redacted)"]
    assert json.loads(loaded[1]["response"]["body"]["string"]) == {"client_secret": "…(redacted)", "n": "é\t"}


def test_a_har_larger_than_the_window_is_redacted_entry_by_entry() -> None:
    """A HAR of several megabytes, one of its entries itself over a megabyte, comes out exactly as redacting each
    entry alone would leave it; every secret is counted, the first thousand listed."""
    entry = json.loads(_har())["log"]["entries"][0]
    big = json.loads(json.dumps(entry))
    big["response"]["content"]["text"] = json.dumps({"client_secret": OPAQUE[1], "pad": "x" * (1 << 21)})
    original = json.dumps({"log": {"version": "1.2", "entries": [entry] * 1500 + [big] + [entry] * 10}}, indent=2)
    redaction = redact_bytes(original.encode())
    assert (redaction.masked_count, len(redaction.masked)) == (1511 * 6, 1000)  # all counted, a thousand listed
    assert redaction.data == original.encode().replace(API_KEY.encode(), "sk-proj-…(redacted)".encode()).replace(
        COOKIE.encode(), "…(redacted)".encode()
    ).replace(b"u1d2v3w4x5y6z7", "…(redacted)".encode()).replace(SECRET.encode(), "ek_…(redacted)".encode()).replace(
        OPAQUE[1].encode(), "…(redacted)".encode()
    )


def test_a_large_json_lines_file_is_redacted_in_pieces_exactly_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shared among processes a range of lines each, a JSON Lines file comes out byte for byte as one process
    writes it, every secret counted once at its own line, and no piece's copy is left behind."""
    from contract.redaction import pieces, redactor

    monkeypatch.setattr(pieces, "PIECE_SIZE", 64 << 10)
    monkeypatch.setattr(redactor, "PARALLEL_FROM", 0)
    lines = [json.dumps(conforming_session(client_secret=f"ek_live_{n:020d}")) for n in range(1500)]
    lines[700] = lines[700][:-30]  # a broken line in the middle of a piece
    original = ("\n".join(lines) + "\n").encode()
    path = tmp_path / "sessions.jsonl"
    path.write_bytes(original)
    expected = redact_bytes(original, suffix=".jsonl")
    result = redactor.redact_file(path, jobs=3)
    assert path.read_bytes() == expected.data
    assert (result.masked_count, result.notes) == (
        1500,
        ("line 701 not read as JSON: searched by name and shape only",),
    )
    assert [leak.line for leak in result.masked][:3] == [1, 2, 3]
    assert result.masked[-1].line == 1000
    assert [p.name for p in tmp_path.iterdir()] == ["sessions.jsonl"]
    checked = redactor.redact_file(path, check=True, jobs=3)
    assert (checked.masked_count, checked.unmaskable_count) == (0, 0)


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(_har())))
def test_a_har_cut_at_any_byte_keeps_no_secret_it_still_holds_whole(cut: int) -> None:
    """Wherever a recording breaks off, each secret still whole in what is left is masked, and no error escapes."""
    original = _har()[:cut]
    redaction = redact_bytes(original, suffix=".har")
    for secret in (API_KEY, COOKIE, SECRET, "u1d2v3w4x5y6z7"):
        if secret.encode() in original:
            assert secret.encode() not in redaction.data, (cut, secret)


def _cassette(interactions: int, comment: str = "") -> bytes:
    interaction = {
        "request": {"uri": "https://api.openai.com" + CANCEL, "headers": {"OpenAI-Api-Key": ["opaque0123456789"]}},
        "response": {"body": {"string": json.dumps(conforming_session(client_secret="opaqueSECRET0002"))}},
    }
    text = yaml.safe_dump({"interactions": [json.loads(json.dumps(interaction)) for _ in range(interactions)]})
    return (comment + text).encode()


def test_a_secret_in_a_yaml_comment_is_masked() -> None:
    """YAML parsers drop comments; the text around the scalars is searched by name and shape all the same."""
    original = _cassette(2, "# recorded with Authorization: Bearer sk-proj-COMMENTED7key0\n# client_secret: opaque9\n")
    redaction = _clean_and_final(original, "COMMENTED7key0", "opaque9", "opaque0123456789", "opaqueSECRET0002")
    assert redaction.data.startswith(b"# recorded with Authorization: Bearer sk-proj-\xe2\x80\xa6(redacted)\n")


def test_a_cassette_that_breaks_off_keeps_its_structure_up_to_the_break() -> None:
    """Interactions before the break are read by structure (opaque values by their names); the rest by name
    and shape; the byte-order mark at the start stays."""
    whole = _cassette(3)
    cut = b"\xef\xbb\xbf" + whole[: whole.rindex(b"- request:")] + b"- request: [broken\n  uri: x\n"
    redaction = _clean_and_final(cut, "opaque0123456789", "opaqueSECRET0002", suffix=".yaml")
    assert redaction.data.startswith(b"\xef\xbb\xbfinteractions:\n")
    assert redaction.masked_count == 4
    assert redaction.notes == ("not read as YAML from line 32 on: searched by name and shape only",)


def test_a_large_cassette_is_redacted_an_interaction_at_a_time() -> None:
    """Memory follows the largest interaction: four times the interactions cost about the same."""
    import tracemalloc

    peaks = []
    for interactions in (100, 400):
        original = _cassette(interactions)
        tracemalloc.start()
        redaction = redact_bytes(original)
        peaks.append(tracemalloc.get_traced_memory()[1] - 2 * len(original) - len(redaction.data))
        tracemalloc.stop()
        assert redaction.masked_count == 2 * interactions
    assert peaks[1] < 1.5 * peaks[0] + (1 << 20), peaks


@pytest.mark.slow
def test_a_json_recording_with_nothing_to_mask_is_still_read_in_bounded_memory() -> None:
    """Text with no secret is let go as it is passed, not held back to the end: four times the HAR, about
    the same memory."""
    import tracemalloc

    body = conforming_session(note="lorem ipsum " * 2500)
    del body["client_secret"]
    entry = {
        "request": {"method": "POST", "url": "https://x.test/y"},
        "response": {"content": {"text": json.dumps(body)}},
    }
    peaks = []
    for entries in (100, 400):  # 3 MB and 12 MB
        original = json.dumps({"log": {"entries": [entry] * entries}}, indent=2).encode()
        tracemalloc.start()
        redaction = redact_bytes(original)
        peaks.append(tracemalloc.get_traced_memory()[1] - 2 * len(original))
        tracemalloc.stop()
        assert redaction.data == original
    assert peaks[1] < 1.5 * peaks[0] + (1 << 20), peaks
