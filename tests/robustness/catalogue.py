"""The bad-input catalogue: recordings whose *content* is wrong, each with the exact findings it must give.

A content problem is a finding (exit 1) at its line and column, and the run goes on; only an unusable
path is exit 2 (see test_bad_paths.py). Positions are worked out from the bytes themselves with
:func:`~tests.robustness.support.at`, never read back from the tool.
"""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from typing import Any

from tests.helpers import conforming_session
from tests.robustness.support import Found, at

CANCEL_URL = "https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel"
SESSION = json.dumps(conforming_session(), indent=2).encode()
LINE = json.dumps(conforming_session()).encode()


def with_(old: bytes, new: bytes, content: bytes = SESSION) -> bytes:
    """*content* with the first *old* replaced by *new*."""
    assert old in content, old
    return content.replace(old, new, 1)


@dataclass(frozen=True)
class Bad:
    """A recording with bad content: the findings it gives (location, rule, pointer, line, column) and the exit code.

    ``stdin`` is false where a pipe cannot say the same thing (a HAR told apart only by its ``.har`` name).
    """

    name: str
    filename: str
    content: bytes
    findings: tuple[Found, ...]
    exit_code: int = 1
    args: tuple[str, ...] = ()
    stdin: bool = True


def _text(har: bytes) -> tuple[int, int]:
    """Where the value of a HAR's first ``content.text`` starts (its opening quote)."""
    line, column = at(har, b'"text": ')
    return line, column + len('"text": ')


def _doc(rule: str, pointer: str, spot: tuple[int, int], location: str | None = None) -> Found:
    return (location, rule, pointer, *spot)


def _har(content: dict[str, Any], *, entries: int = 1) -> bytes:
    """A HAR 1.2 file, laid out as browsers write it, with *entries* cancel requests answered by *content*."""
    entry = {
        "request": {"method": "POST", "url": CANCEL_URL, "headers": [], "httpVersion": "http/1.1"},
        "response": {
            "status": 200,
            "headers": [{"name": "content-type", "value": "application/json"}],
            "content": content,
        },
    }
    log = {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": [entry] * entries}
    return json.dumps({"log": log}, indent=2).encode()


def _cassette(body: str, encoding: str | None = None) -> bytes:
    """A YAML cassette in VCR.py's layout whose one interaction answers with *body* (YAML, already indented)."""
    headers = "      Content-Type: [application/json]\n"
    if encoding:
        headers += f"      Content-Encoding: [{encoding}]\n"
    return (
        "interactions:\n"
        "- request:\n"
        "    body: null\n"
        "    headers: {}\n"
        "    method: POST\n"
        f"    uri: {CANCEL_URL}\n"
        "  response:\n"
        f"    body:\n      string: {body}\n"
        f"    headers:\n{headers}"
        "    status: {code: 200, message: OK}\n"
        "version: 1\n"
    ).encode()


def _binary(data: bytes) -> str:
    return "!!binary |\n        " + base64.b64encode(data).decode()


def _bomb() -> bytes:
    """A billion-laughs cassette: nine levels of nine-fold aliases stand for 387 million strings."""
    levels = ['      l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        levels.append(f"      l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]")
    return with_(b"    headers: {}\n", ("    headers:\n" + "\n".join(levels) + "\n").encode(), _cassette("'{}'"))


def _lines(*lines: bytes, newline: bytes = b"\n") -> bytes:
    return newline.join(lines) + newline


LATIN1 = with_(b'"user_789"', b'"us\xe9r"')
TRUNCATED = SESSION[: SESSION.index(b'"workflow"')]
TRAILING = SESSION + b"\n}{garbage"
NAN = with_(b"1712349876", b"NaN")
INFINITY = with_(b"1712349876", b"-Infinity")
DUPLICATE = with_(b'"user": "user_789"', b'"user": "user_789",\n  "user": "user_790"')
FLOAT_RANGE = with_(b"1712349876", b"1e400")
HUGE_INTEGER = with_(b"1712349876", b"9" * 5000)
CRLF = with_(b'"cancelled"', b'"canceled"').replace(b"\n", b"\r\n")
JSONL_CUT = LINE[: LINE.index(b'"workflow"')]
JSONL_BROKEN = _lines(LINE, JSONL_CUT, LINE)
JSONL_CRLF = _lines(LINE, LINE, with_(b'"cancelled"', b'"canceled"', LINE), newline=b"\r\n")
NO_LOG = b'{"version": "1.2", "entries": []}\n'
B64_DRIFTED = json.dumps(conforming_session(status="canceled")).encode()
HAR_B64 = _har({"mimeType": "application/json", "text": base64.b64encode(B64_DRIFTED).decode(), "encoding": "base64"})
HAR_NOT_B64 = _har({"mimeType": "application/json", "text": "@@ not base64 @@", "encoding": "base64"})
HAR_LATIN1 = _har({"mimeType": "application/json", "text": base64.b64encode(LATIN1).decode(), "encoding": "base64"})
HAR_TWO = _har({"mimeType": "application/json", "text": LINE.decode()}, entries=2)
HAR_TRUNCATED = HAR_TWO[: HAR_TWO.index(b'{\n        "request"', HAR_TWO.index(b'"request"') + 1)]  # before entry 2
GZIP_OK = _cassette(_binary(gzip.compress(LINE)), "gzip")
GZIP_CORRUPT = _cassette(_binary(gzip.compress(LINE)[:-20] + b"\0" * 20), "gzip")
GZIP_BOMB = _cassette(_binary(gzip.compress(b" " * (17 << 20))), "gzip")
BOMB = _bomb()
SELF_ALIAS = with_(b"    headers: {}\n", b"    headers: &loop {x: [*loop]}\n", _cassette("'{}'"))
JSON_CASSETTE_TRUNCATED = b'{"version": 1, "interactions": [{"request": {"method": "POST", "uri": "'


CATALOGUE = (
    Bad("binary-garbage", "image.json", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), (_doc("json.encoding", "", (1, 1)),)),
    Bad("non-utf8-bytes", "latin1.json", LATIN1, (_doc("json.encoding", "", at(LATIN1, b"\xe9")),)),
    Bad("utf8-bom", "bom.json", b"\xef\xbb\xbf" + SESSION, (_doc("json.bom", "", (1, 1)),), exit_code=0),
    Bad(
        "utf8-bom-strict",
        "bom.json",
        b"\xef\xbb\xbf" + SESSION,
        (_doc("json.bom", "", (1, 1)),),
        1,
        ("--profile", "strict"),
    ),
    Bad("utf16-json", "utf16.json", SESSION.decode().encode("utf-16"), (_doc("json.encoding", "", (1, 1)),)),
    Bad("empty-file", "empty.json", b"", (_doc("json.empty", "", (1, 1)),)),
    Bad("whitespace-only", "blank.json", b" \n\t \r\n", (_doc("json.empty", "", (1, 1)),)),
    Bad("truncated", "truncated.json", TRUNCATED, (_doc("json.parse", "", at(TRUNCATED + b"$", b"$")),)),
    Bad("trailing-garbage", "trailing.json", TRAILING, (_doc("json.trailing-data", "", at(TRAILING, b"}{garbage")),)),
    Bad(
        "nul-after-document", "nul.json", SESSION + b"\0", (_doc("json.trailing-data", "", at(SESSION + b"\0", b"\0")),)
    ),
    Bad("top-level-array", "array.json", b'[{"id": "cksess_123"}]', (_doc("schema.type", "", (1, 1)),)),
    Bad("top-level-string", "string.json", b'"cksess_123"', (_doc("schema.type", "", (1, 1)),)),
    Bad("top-level-number", "number.json", b"1712349876", (_doc("schema.type", "", (1, 1)),)),
    Bad("nan", "nan.json", NAN, (_doc("json.non-finite", "", at(NAN, b"NaN")),)),
    Bad("infinity", "infinity.json", INFINITY, (_doc("json.non-finite", "", at(INFINITY, b"-Infinity")),)),
    Bad("duplicate-keys-lenient", "dup.json", DUPLICATE, (), exit_code=0),
    Bad(
        "duplicate-keys-strict",
        "dup.json",
        DUPLICATE,
        (_doc("json.duplicate-key", "/user", at(DUPLICATE, b'"user_790"')),),
        args=("--profile", "strict"),
    ),
    Bad(
        "float-beyond-range",
        "float.json",
        FLOAT_RANGE,
        (_doc("json.number-range", "/expires_at", at(FLOAT_RANGE, b"1e400")),),
    ),
    Bad(
        "integer-of-5000-digits",
        "integer.json",
        HUGE_INTEGER,
        (_doc("json.number-range", "/expires_at", at(HUGE_INTEGER, b"9999")),),
    ),
    Bad("nesting-100000-deep", "deep.json", b"[" * 100_000 + b"]" * 100_000, (_doc("json.too-deep", "", (1, 1025)),)),
    Bad("lone-surrogate-escape", "surrogate.json", with_(b'"user_789"', b'"\\ud800"'), (), exit_code=0),
    Bad(
        "jsonl-one-broken-line",
        "three.jsonl",
        JSONL_BROKEN,
        (_doc("json.parse", "", (2, len(JSONL_CUT) + 1), "line 2"),),
    ),
    Bad("crlf-line-endings", "crlf.json", CRLF, (_doc("schema.enum", "/status", at(CRLF, b'"canceled"')),)),
    Bad(
        "jsonl-crlf-line-endings",
        "crlf.jsonl",
        JSONL_CRLF,
        (_doc("schema.enum", "/status", at(JSONL_CRLF, b'"canceled"'), "line 3"),),
    ),
    Bad("har-missing-log", "nolog.har", NO_LOG, (_doc("recording.unreadable", "", at(NO_LOG, b"}")),), stdin=False),
    Bad(
        "har-base64-body",
        "b64.har",
        HAR_B64,
        (_doc("schema.enum", "/status", _text(HAR_B64), "entry 1"),),
    ),
    Bad(
        "har-body-not-base64",
        "notb64.har",
        HAR_NOT_B64,
        (_doc("recording.body-encoding", "", _text(HAR_NOT_B64), "entry 1"),),
    ),
    Bad(
        "har-body-in-the-wrong-encoding",
        "latin1.har",
        HAR_LATIN1,
        (_doc("json.encoding", "", _text(HAR_LATIN1), "entry 1"),),
    ),
    Bad(
        "har-truncated-after-an-entry",
        "cut.har",
        HAR_TRUNCATED,
        (_doc("recording.unreadable", "", at(HAR_TRUNCATED + b"$", b"$")),),
    ),
    Bad("cassette-gzip-body", "gzip.yaml", GZIP_OK, (), exit_code=0),
    Bad(
        "cassette-corrupt-gzip",
        "corrupt.yaml",
        GZIP_CORRUPT,
        (_doc("recording.body-encoding", "", at(GZIP_CORRUPT, b"!!binary"), "interaction 1"),),
    ),
    Bad(
        "cassette-gzip-bomb",
        "bomb.yaml",
        GZIP_BOMB,
        (_doc("json.too-large", "", at(GZIP_BOMB, b"!!binary"), "interaction 1"),),
    ),
    Bad(
        "cassette-yaml-alias-bomb",
        "laughs.yaml",
        BOMB,
        (_doc("recording.unreadable", "", at(BOMB, b"request:"), "interaction 1"),),
    ),
    Bad(
        "cassette-alias-inside-itself",
        "loop.yaml",
        SELF_ALIAS,
        (_doc("recording.unreadable", "", at(SELF_ALIAS, b"request:"), "interaction 1"),),
    ),
    Bad("cassette-not-a-mapping", "list.yaml", b"- a\n- b\n", (_doc("recording.unreadable", "", (1, 1)),), stdin=False),
    Bad(
        "json-cassette-truncated",
        "cut.json",
        JSON_CASSETTE_TRUNCATED,
        (_doc("recording.unreadable", "", (1, len(JSON_CASSETTE_TRUNCATED))),),  # the string left open
    ),
)
