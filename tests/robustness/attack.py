"""Plant secrets the way a hostile recording would: in every place a credential can sit, in every recording
format, in every spelling that once slipped past redaction.

A planting is one recording holding one secret, described by where it sits (``PLACES``), how it is written
(``SPELLINGS``) and the format (``FORMATS``). :func:`plant` builds it; :data:`COMBINATIONS` lists every
triple that makes sense, so a test can take them all (the corpus) or let Hypothesis pick (the attacker).
"""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from dataclasses import dataclass
from typing import Any

import yaml

from tests.helpers import conforming_session

CANCEL = "https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel"

#: Where the secret sits. ``body-*`` places are inside a response body; the others in the exchange around it.
PLACES = (
    "body-member",  # the value of a member named like a credential, whatever its shape
    "body-token",  # a credential-shaped token as any string value
    "body-name",  # a member whose name is a credential-shaped token
    "body-known-key",  # the run's own key (not shaped like one) in any string
    "header",  # the value of a header named like a credential
    "query",  # a query parameter of the request URL
    "form",  # a field of a form-encoded request body
    "cookie",  # a HAR cookie
)
#: How it is written.
SPELLINGS = ("plain", "json-escaped", "glued", "percent-encoded", "compressed", "duplicated", "broken-file")
FORMATS = ("json", "jsonl", "har", "cassette-yaml", "cassette-json")
SUFFIX = {"json": ".json", "jsonl": ".jsonl", "har": ".har", "cassette-yaml": ".yaml", "cassette-json": ".json"}

_MEMBERS = ("client_secret", "api_key", "Client-Secret", "password", "access_token", "openai-api-key")
_HEADERS = ("Authorization", "OpenAI-Api-Key", "X-Api-Key", "Proxy-Authorization", "Cookie", "Set-Cookie", "api-key")
_GLUE = ("%3D", "%20", "_", "\n", "~1")
_COMPRESSIONS = ("gzip", "zlib", "raw-deflate", "none")


@dataclass(frozen=True)
class Planted:
    """A recording (its bytes and file suffix), the secret's distinctive part, and the environment it needs."""

    data: bytes
    suffix: str
    needle: str
    env: dict[str, str]
    parses: bool  # False when the recording was broken on purpose


def _applies(place: str, spelling: str, fmt: str) -> bool:
    exchange = fmt in ("har", "cassette-yaml", "cassette-json")
    if not place.startswith("body-") and not exchange:
        return False
    if place == "cookie" and fmt != "har":
        return False
    if spelling == "glued":
        return place == "body-token"
    if spelling == "percent-encoded":
        return place in ("query", "form", "body-token")
    if spelling == "compressed":
        return place.startswith("body-") and exchange
    if spelling == "duplicated":
        return place in ("body-member", "header") and fmt != "cassette-yaml"
    if spelling == "json-escaped":
        return fmt != "cassette-yaml" or place.startswith("body-")
    if spelling == "broken-file":
        return fmt in ("jsonl", "har", "cassette-json")
    return True


#: Every (place, spelling, format) that makes sense.
COMBINATIONS = tuple(
    (place, spelling, fmt)
    for place in PLACES
    for spelling in SPELLINGS
    for fmt in FORMATS
    if _applies(place, spelling, fmt)
)


def _secret(place: str, needle: str) -> str:
    """The secret as planted: a token shape where its shape is what gives it away, else the bare value."""
    return f"ek_live_{needle}" if place in ("body-token", "body-name") else needle


def _body(place: str, secret: str, spelling: str, choice: int) -> str:
    """A response body (JSON text) holding the secret at a body place."""
    session = conforming_session()
    if place == "body-member":
        session[_MEMBERS[choice % len(_MEMBERS)]] = secret
    elif place == "body-token":
        glue = _GLUE[choice % len(_GLUE)] if spelling == "glued" else ""
        written = _percent(secret) if spelling == "percent-encoded" else secret
        session["user"] = f"client_secret{glue}{written}" if glue.startswith("%") else f"issued{glue or ' '}{written}"
    elif place == "body-name":
        session["workflow"]["state_variables"] = {secret: 1}
    else:
        session["status"] = f"refused key {secret}"
    text = json.dumps(session)
    if spelling == "duplicated" and place == "body-member":
        name = _MEMBERS[choice % len(_MEMBERS)]
        text = text.replace(f'"{name}": ', f'"{name}": "decoy", "{name}": ', 1)
    return text


def _escaped(text: str, secret: str) -> str:
    """*text* (JSON) with the secret's first and one middle character written as \\u escapes."""
    middle = len(secret) // 2
    spelled = f"\\u{ord(secret[0]):04x}{secret[1:middle]}\\u{ord(secret[middle]):04x}{secret[middle + 1 :]}"
    return text.replace(secret, spelled)


def _compress(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data)
    if how == "zlib":
        return zlib.compress(data)
    if how == "raw-deflate":
        encoder = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return encoder.compress(data) + encoder.flush()
    return data


def _header(name: str, secret: str) -> str:
    if name == "Authorization":
        return f"Bearer {secret}"
    if name == "Proxy-Authorization":
        return "Basic " + base64.b64encode(f"user:{secret}".encode()).decode()
    if name == "Cookie":
        return f"theme=dark; session={secret}"
    if name == "Set-Cookie":
        return f"theme=dark; Path=/, session={secret}; HttpOnly"
    return secret


def _percent(secret: str) -> str:
    return "".join(f"%{ord(char):02X}" if index % 2 else char for index, char in enumerate(secret))


@dataclass(frozen=True)
class _Exchange:
    """One request and response, format-neutral: what a HAR entry or a cassette interaction records."""

    url: str
    request_headers: list[tuple[str, str]]
    form: str | None
    cookies: list[tuple[str, str]]
    body: str | bytes
    encoding: str | None  # the Content-Encoding of a compressed body


def _exchange(place: str, secret: str, spelling: str, choice: int) -> _Exchange:
    headers = [("OpenAI-Beta", "chatkit_beta=v1"), ("Accept", "application/json")]
    url, form, cookies = CANCEL, None, []
    body: str | bytes = (
        _body(place, secret, spelling, choice) if place.startswith("body-") else json.dumps(conforming_session())
    )
    written = _percent(secret) if spelling == "percent-encoded" else secret
    if place == "header":
        headers.append((_HEADERS[choice % len(_HEADERS)], _header(_HEADERS[choice % len(_HEADERS)], secret)))
    elif place == "query":
        url = f"{CANCEL}?limit=5&{('api_key', 'client_secret', 'key')[choice % 3]}={written}"
    elif place == "form":
        form = f"user=u1&{('password', 'api_key', 'client_secret')[choice % 3]}={written}&n=2"
    elif place == "cookie":
        cookies = [("theme", "dark"), ("session", secret)]
    encoding = None
    if spelling == "compressed":
        how = _COMPRESSIONS[choice % len(_COMPRESSIONS)]
        body = _compress(body.encode() if isinstance(body, str) else body, how)
        encoding = {"gzip": "gzip", "zlib": "deflate", "raw-deflate": "deflate", "none": None}[how]
    return _Exchange(url, headers, form, cookies, body, encoding)


def _har(exchange: _Exchange, spelling: str) -> str:
    header_list = [{"name": name, "value": value} for name, value in exchange.request_headers]
    request: dict[str, Any] = {
        "method": "POST",
        "url": exchange.url,
        "httpVersion": "http/1.1",
        "headers": header_list,
        "queryString": [],
        "cookies": [{"name": name, "value": value, "path": "/", "httpOnly": True} for name, value in exchange.cookies],
        "headersSize": -1,
        "bodySize": 0,
    }
    if exchange.form is not None:
        request["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": exchange.form}
    content: dict[str, Any] = {"size": len(exchange.body), "mimeType": "application/json"}
    if isinstance(exchange.body, bytes):
        content.update(text=base64.b64encode(exchange.body).decode(), encoding="base64")
    else:
        content["text"] = exchange.body
    response_headers = [{"name": "content-type", "value": "application/json"}]
    if exchange.encoding:
        response_headers.append({"name": "content-encoding", "value": exchange.encoding})
    entry = {
        "startedDateTime": "2026-01-01T12:00:00.000Z",
        "time": 12.5,
        "request": request,
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "http/1.1",
            "headers": response_headers,
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0.1, "wait": 10.9, "receive": 0.3},
    }
    log = {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": [entry, entry]}
    text = json.dumps({"log": log}, indent=2)
    if spelling == "duplicated":
        # A header named twice (the reader keeps the last name), an encoding given twice (the reader keeps the last).
        for name, _ in exchange.request_headers[2:]:
            text = text.replace(f'"name": "{name}"', f'"name": "{name}",\n              "name": "X-Other"')
    return text


def _interaction(exchange: _Exchange, *, binary: bool) -> dict[str, Any]:
    headers: dict[str, list[str]] = {}
    for name, value in exchange.request_headers:
        headers.setdefault(name, []).append(value)
    body: str | bytes = exchange.body
    if isinstance(body, bytes) and not binary:
        body = base64.b64encode(body).decode()
    response_headers = {"Content-Type": ["application/json"]}
    if exchange.encoding:
        response_headers["Content-Encoding"] = [exchange.encoding]
    return {
        "request": {"body": exchange.form, "headers": headers, "method": "POST", "uri": exchange.url},
        "response": {
            "body": {"string": body},
            "headers": response_headers,
            "status": {"code": 200, "message": "OK"},
        },
    }


def plant(place: str, spelling: str, fmt: str, needle: str, *, choice: int = 0) -> Planted:
    """A recording in *fmt* holding the secret whose distinctive part is *needle*, at *place*, spelt *spelling*.

    *choice* picks among the variants of a place or spelling (which member name, which glue, which compression).
    """
    secret = _secret(place, needle)
    env = {"OPENAI_API_KEY": secret} if place == "body-known-key" else {}
    if fmt == "json":
        text = _body(place, secret, spelling, choice)
    elif fmt == "jsonl":
        body = _body(place, secret, spelling, choice)
        if spelling == "broken-file":
            body = body[:-2]  # the line breaks off inside its last string; the secret is in what is left
        text = json.dumps(conforming_session()) + "\n" + body + "\n" + json.dumps(conforming_session()) + "\n"
    elif fmt == "har":
        text = _har(_exchange(place, secret, spelling, choice), spelling)
    elif fmt == "cassette-yaml":
        interaction = _interaction(_exchange(place, secret, spelling, choice), binary=True)
        text = yaml.dump({"interactions": [interaction], "version": 1})
    else:
        interaction = _interaction(_exchange(place, secret, spelling, choice), binary=False)
        text = json.dumps({"interactions": [interaction], "version": 1}, indent=4) + "\n"
        if spelling == "duplicated" and place == "header":
            name = _HEADERS[choice % len(_HEADERS)]
            text = text.replace(f'"{name}": [', f'"X-Other": ["decoy"],\n            "{name}": [', 1)
    if spelling == "json-escaped" and fmt != "cassette-yaml":
        text = _escaped(text, secret)
    if spelling == "broken-file" and fmt != "jsonl":
        # The second of the two entries breaks off, or bytes follow the document; the first holds the secret.
        text = text[:-40] if choice % 2 else text + "\n\x00 stray bytes {"
    return Planted(text.encode(), SUFFIX[fmt], needle, env, parses=spelling != "broken-file")
