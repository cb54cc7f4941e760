"""The credential catalogue: masking keeps the shape of a credential and nothing else, wherever and however it is
written — glued to other text, behind JSON or percent escapes, inside base64 and compression, under a name."""

from __future__ import annotations

import base64
import gzip
import json
import os
import zlib
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.secrets import (
    SECRET_HEADERS,
    SECRET_MEMBERS,
    mask,
    mask_header,
    mask_headers,
    mask_text,
    mask_tree,
    mask_url,
    remember_secret,
    secret_name,
)

TOKEN = "ek_live_Q7vR2mXk9LpZ4sWn"


@pytest.mark.parametrize(
    ("secret", "masked"),
    [
        ("ek_68f2c3d1e5a94b7c", "ek_…(redacted)"),
        ("sk-proj-abc123", "sk-proj-…(redacted)"),
        ("sk-abc123", "sk-…(redacted)"),
        ("chatkit_token_123", "chatkit_token_…(redacted)"),
        ("hunter2", "…(redacted)"),
    ],
)
def test_mask_keeps_only_a_known_prefix(secret: str, masked: str) -> None:
    """Known shapes keep their prefix; unknown ones keep nothing."""
    assert mask(secret) == masked


def test_mask_text_finds_credentials_inside_prose() -> None:
    """Keys and bearer tokens embedded in messages are masked in place."""
    text = "Incorrect API key provided: sk-proj-abc123. Header was 'Bearer tok_456', secret ek_789."
    assert mask_text(text) == (
        "Incorrect API key provided: sk-proj-…(redacted). Header was 'Bearer …(redacted)', secret ek_…(redacted)."
    )


def test_mask_text_leaves_ordinary_words_alone() -> None:
    """Words that merely contain 'sk' or 'ek', shell variables and placeholders are not credentials."""
    for text in ("risk-free week_end task", "Authorization: Bearer $OPENAI_API_KEY", "a key: set it in settings"):
        assert mask_text(text) == text


@pytest.mark.parametrize(
    "glued",
    [
        f"client_secret%3D{TOKEN}",
        f"secret%20{TOKEN}",
        f"state_{TOKEN}",
        f"line one\\n{TOKEN}",
        f"/members/a~1{TOKEN}",
        f"tokenvalue{TOKEN}",
    ],
    ids=[
        "after-%3D",
        "after-%20",
        "after-underscore",
        "after-json-newline-escape",
        "after-pointer-escape",
        "in-a-word",
    ],
)
def test_a_token_without_a_word_boundary_before_it_is_masked(glued: str) -> None:
    """A token glued to an escape or a word is still a token; a validate message quoting it must not show it."""
    masked = mask_text(glued)
    assert "Q7vR2mXk9LpZ4sWn" not in masked
    assert masked.endswith("ek_…(redacted)")


@pytest.mark.parametrize(
    "escaped",
    ["\\u0065k_live_Q7vR2mXk9LpZ4sWn", "ek_\\u006cive_Q7vR2mXk9LpZ4sWn", "ek_live_Q7vR2mXk9\\u004cpZ4sWn"],
)
def test_a_token_written_with_json_escapes_is_masked_whole(escaped: str) -> None:
    """An escape anywhere in a token does not hide it; the whole escaped spelling is replaced."""
    assert mask_text(f'{{"status": "{escaped}"}}') == '{"status": "ek_…(redacted)"}'


def test_a_json_web_token_is_masked_by_its_shape() -> None:
    """Three base64url parts, two of them JSON objects: a bearer credential wherever it is written."""
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlX2hlcmU"
    assert mask_text(f"id_hint={jwt} end") == "id_hint=…(redacted) end"


def test_a_percent_encoded_token_is_masked_whole() -> None:
    """``ek%5Flive…`` in a URL is the token, percent-encoded."""
    assert mask_url("https://example.test/x?s=ek%5Flive%5FQ7vR2mXk9LpZ4sWn&n=1") == (
        "https://example.test/x?s=ek_…(redacted)&n=1"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"client_secret": "opaque value"}', '{"client_secret": "…(redacted)"}'),
        ('{"Api-Key": unquoted0123}', '{"Api-Key": …(redacted)}'),
        ("x-api-key: opaque0123\nAccept: */*", "x-api-key: …(redacted)\nAccept: */*"),
        ("Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: Basic …(redacted)"),
        ("OpenAI-Api-Key:\n- opaque0123\n- other4567", "OpenAI-Api-Key:\n- …(redacted)\n- …(redacted)"),
        (
            "https://h.test/v1?key=opaque&x=1&client_secret=c",
            "https://h.test/v1?key=…(redacted)&x=1&client_secret=…(redacted)",
        ),
        ("api_key=opaque&user=u", "api_key=…(redacted)&user=u"),
        ("https://user:hunter2@h.test/", "https://user:…(redacted)@h.test/"),
        ('{"name": "Cookie", "value": "a=1; b=2"}', '{"name": "Cookie", "value": "a=…(redacted); b=…(redacted)"}'),
        (
            '"cookies": [{"name": "s", "value": "v1", "path": "/"}]',
            '"cookies": [{"name": "s", "value": "…(redacted)", "path": "/"}]',
        ),
    ],
    ids=[
        "member",
        "member-number",
        "header-line",
        "basic-auth",
        "yaml-list",
        "query",
        "form",
        "url-password",
        "har-pair",
        "har-cookies",
    ],
)
def test_a_value_under_a_credential_name_is_masked_whatever_its_shape(text: str, expected: str) -> None:
    """Members, header lines, YAML header lists, query and form fields, HAR pairs and cookies: masked by name."""
    assert mask_text(text) == expected


def test_cookie_headers_lose_every_value_and_keep_names_and_attributes() -> None:
    """Every cookie of a Cookie header, and every cookie of a folded Set-Cookie (comma or line break), is masked."""
    assert mask_header("Cookie", "a=1; b=2") == "a=…(redacted); b=…(redacted)"
    folded = "a=1; Path=/; Expires=Sat, 01-Jan-2028 00:00:00 GMT, b=2; HttpOnly\nc=3; Secure"
    assert mask_header("Set-Cookie", folded) == (
        "a=…(redacted); Path=/; Expires=Sat, 01-Jan-2028 00:00:00 GMT, b=…(redacted); HttpOnly\nc=…(redacted); Secure"
    )


def test_authorization_keeps_its_scheme() -> None:
    """The scheme stays readable, the credential goes; a key in the header keeps its known prefix."""
    assert mask_headers([("Authorization", "Bearer sk-proj-abc"), ("Proxy-Authorization", "Basic dXNlcjpw")]) == {
        "authorization": "Bearer sk-proj-…(redacted)",
        "proxy-authorization": "Basic …(redacted)",
    }


@pytest.mark.parametrize("header", sorted(SECRET_HEADERS))
def test_every_credential_header_is_masked_by_every_spelling_of_its_name(header: str) -> None:
    """A header in the catalogue is a credential however it is capitalised or separated."""
    for spelling in (header, header.upper(), header.title(), header.replace("-", "_")):
        assert "opaque0123" not in mask_header(spelling, "opaque0123"), spelling
        assert secret_name(spelling) is not None


@pytest.mark.parametrize("member", sorted(SECRET_MEMBERS))
def test_every_credential_member_is_masked_in_bodies(member: str) -> None:
    """A member in the catalogue is masked in a parsed body, in text, and in JSON carried as a string."""
    body = {member: "opaque0123", "nested": json.dumps({member: "opaque4567"})}
    assert "opaque" not in json.dumps(mask_tree(body))
    assert "opaque" not in mask_text(json.dumps(body))


def test_the_run_s_own_key_is_masked_whatever_its_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key held in OPENAI_API_KEY, or remembered by the live client, is a credential though it is not sk-…."""
    monkeypatch.setenv("OPENAI_API_KEY", "plainKEYvalue0001")
    remember_secret("remembered0KEY0002")
    text = "echoed plainKEYvalue0001 and remembered0KEY0002 and plainKEYvalue%30001"
    masked = mask_text(text)
    assert "plainKEYvalue" not in masked
    assert "remembered0KEY" not in masked


def test_the_run_s_own_key_follows_the_environment_as_it_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is read from the environment as it is now: set, changed, removed, or the environment replaced."""
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "firstADMINvalue01")
    assert mask_text("firstADMINvalue01") != "firstADMINvalue01"
    os.environ["OPENAI_ADMIN_KEY"] = "secondADMINvalue2"
    assert mask_text("firstADMINvalue01 secondADMINvalue2") == "firstADMINvalue01 …(redacted)"
    del os.environ["OPENAI_ADMIN_KEY"]
    assert mask_text("secondADMINvalue2") == "secondADMINvalue2"
    monkeypatch.setattr(os, "environ", {"OPENAI_ADMIN_KEY": "thirdADMINvalue03"})
    assert mask_text("thirdADMINvalue03") == "…(redacted)"


def _raw_deflate(data: bytes) -> bytes:
    encoder = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return encoder.compress(data) + encoder.flush()


@pytest.mark.parametrize("compress", [gzip.compress, zlib.compress, _raw_deflate], ids=["gzip", "zlib", "raw-deflate"])
def test_a_secret_inside_base64_and_compression_is_masked_and_still_decodes(compress: Callable[[bytes], bytes]) -> None:
    """A base64 run holding a compressed body with a secret is written again, compressed the same way, masked."""
    body = json.dumps({"client_secret": "opaque0123", "status": "cancelled"}).encode()
    encoded = base64.b64encode(compress(body)).decode()
    masked = mask_text(f"body={encoded}")
    packed = base64.b64decode(masked.removeprefix("body="))
    inflated = zlib.decompressobj(-zlib.MAX_WBITS if packed[:1] not in (b"\x1f", b"\x78") else 47).decompress(packed)
    assert json.loads(inflated) == {"client_secret": "…(redacted)", "status": "cancelled"}


@given(st.text(max_size=200))
def test_masking_twice_changes_nothing_more(text: str) -> None:
    """What mask_text writes holds nothing it would mask again."""
    once = mask_text(text)
    assert mask_text(once) == once
