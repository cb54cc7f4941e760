"""The secrets audit: recordings, a server and a configuration seeded with recognisable credentials, run
through every command and every output format. Outputs, report files, recordings, log lines, exception
messages and ``repr``s are searched: no credential may appear in any of them.

Secrets sit where findings quote values: as a status, as an undeclared member's name, in an error
envelope's message, in a Content-Type, in a URL, in an option the user mistyped.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract.errors import ContractError, InputError
from contract.exchange import Exchange, Unreadable
from contract.live.client import LiveClient, LiveExchange, RetryPolicy
from contract.redaction.redactor import redact_bytes
from contract.report import REPORTERS
from contract.run.runner import check_paths
from contract.secrets import SECRET_HEADERS, mask_headers, mask_text
from contract.standin.server import FakeServer, running_server
from tests import leaks
from tests.helpers import conforming_session
from tests.robustness.support import COMMAND, invoke
from tests.upstream_fixture import upstream_document, write_yaml

CLIENT_SECRET = "ek_live_AUDITclient7secret"
API_KEY = "sk-proj-AUDITapi7key7in7env"
BEARER = "sk-AUDITbearer7token"
HEADER_KEY = "sk-svcacct-AUDITheader7key"
#: Values with no telling shape: only the name they are written under, or this run knowing them, says what they are.
OPAQUE = "AUDITopaque7member"
PLAIN_KEY = "AUDITplain7key7shapeless"
GLUED = "ek_live_AUDITglued7token"
ESCAPED = "\\u0065k_live_AUDITescaped7token"
#: The run's own key, as the environment holds it, for every command that may meet it.
RUN_KEY = {"OPENAI_API_KEY": PLAIN_KEY}
#: What must never be seen: each secret's distinctive part, so a partial or re-prefixed leak is caught too.
NEEDLES = (
    "AUDITclient7secret",
    "AUDITapi7key7in7env",
    "AUDITbearer7token",
    "AUDITheader7key",
    "AUDITopaque7member",
    "AUDITplain7key7shapeless",
    "AUDITglued7token",
    "AUDITescaped7token",
    "AUDITfile7name",
)
FORMATS = tuple(REPORTERS)
CANCEL = "https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel"


def assert_clean(*texts: str | bytes, where: str = "") -> None:
    """None of the secrets, in whole or in part, is in any decoded view of any of *texts*."""
    for text in texts:
        leaks.assert_clean(text, *NEEDLES, where=where)


def _leaky_session() -> dict[str, Any]:
    """A session whose secret shows up in finding-producing places: the status, a member name, the user."""
    session = conforming_session(client_secret=CLIENT_SECRET, status=CLIENT_SECRET, user=f"Bearer {BEARER}")
    session[API_KEY] = HEADER_KEY  # an undeclared member named like a key: its pointer is quoted
    session["workflow"]["id"] = 123
    return session


def _envelope() -> dict[str, Any]:
    message = f"Incorrect API key provided: {API_KEY}. You can find your API key at https://platform.openai.com."
    return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}


def _har() -> str:
    request = {
        "method": "POST",
        "url": CANCEL,
        "headers": [
            {"name": "Authorization", "value": f"Bearer {BEARER}"},
            {"name": "X-Api-Key", "value": HEADER_KEY},
            {"name": "Cookie", "value": f"session={CLIENT_SECRET}"},
        ],
        "cookies": [{"name": "session", "value": CLIENT_SECRET}],
    }
    body = json.dumps(_leaky_session())
    entries = [
        {
            "request": request,
            "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": body}},
        },
        {
            "request": request,
            "response": {
                "status": 401,
                "headers": [{"name": "Content-Type", "value": f"application/json; key={API_KEY}"}],
                "content": {"mimeType": "application/json", "text": json.dumps(_envelope())},
            },
        },
        {
            "request": request,
            "response": {
                "status": 200,
                "headers": [{"name": "Content-Type", "value": "text/plain"}],
                "content": {"text": base64.b64encode(f"token={CLIENT_SECRET}".encode()).decode(), "encoding": "base64"},
            },
        },
    ]
    return json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=2)


def _cassette() -> str:
    interaction = {
        "request": {"method": "POST", "uri": CANCEL, "body": None, "headers": {"Authorization": [f"Bearer {BEARER}"]}},
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"], "Set-Cookie": [f"s={CLIENT_SECRET}; Path=/"]},
            "body": {"string": json.dumps(_leaky_session())},
        },
    }
    return yaml.safe_dump({"interactions": [interaction], "version": 1})


def write_corpus(root: Path) -> Path:
    """Recordings in every format, each holding every kind of secret."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "cancel.json").write_text(json.dumps(_leaky_session(), indent=2))
    broken = json.dumps({"client_secret": CLIENT_SECRET, "note": f"Bearer {BEARER}"})[:-10]
    (root / "lines.jsonl").write_text(
        json.dumps(_leaky_session()) + "\n" + broken + "\n" + json.dumps(_envelope()) + "\n"
    )
    (root / "session.har").write_text(_har())
    (root / "cassette.yaml").write_text(_cassette())
    (root / "cassette.json").write_text(
        json.dumps({"version": 1, "interactions": yaml.safe_load(_cassette())["interactions"]})
    )
    (root / "cut.har").write_text(_har()[:-200])
    _attack_corpus(root)
    return root


def _attack_corpus(root: Path) -> None:
    """The kinds of leak an attack once found: secrets by name only, glued, escaped, in URLs and forms, compressed,
    behind duplicate members, under header names one writer did not know, the run's own shapeless key, a file
    name — in recordings that parse and in ones that do not."""
    body = json.dumps(
        conforming_session(client_secret=OPAQUE, status=f"client_secret%3D{GLUED}", user=f"line\n{GLUED}")
        | {"api_key": OPAQUE, "note": f"key {PLAIN_KEY}"}
    ).replace(f"line\\n{GLUED}", ESCAPED)
    request = {
        "method": "POST",
        "url": f"{CANCEL}?api_key={OPAQUE}&client_secret={OPAQUE}",
        "headers": [
            {"name": "OpenAI-Api-Key", "value": OPAQUE},
            {"name": "Proxy-Authorization", "value": "Basic " + base64.b64encode(f"u:{OPAQUE}".encode()).decode()},
            {"name": "X-Trace", "value": f"s={OPAQUE}"},  # named Cookie too, by a duplicate member, below
        ],
        "postData": {"mimeType": "application/x-www-form-urlencoded", "text": f"password={OPAQUE}&user=u"},
    }
    folded = f"a=1; Path=/, b={OPAQUE}; HttpOnly"
    packed = base64.b64encode(gzip.compress(body.encode())).decode()
    entries = [
        {
            "request": request,
            "response": {
                "status": 200,
                "headers": [{"name": "Set-Cookie", "value": folded}],
                "content": {"mimeType": "application/json", "text": body},
            },
        },
        {
            "request": request,
            "response": {
                "status": 200,
                "headers": [{"name": "Content-Encoding", "value": "gzip"}],
                "content": {"mimeType": "application/json", "text": packed, "encoding": "base64"},
            },
        },
    ]
    har = json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=2)
    har = har.replace('"name": "X-Trace"', '"name": "Cookie", "name": "X-Trace"')
    (root / "attack.har").write_text(har)
    (root / "attack-cut.har").write_text(har[: har.rindex(OPAQUE) + 40])
    (root / "attack.jsonl").write_text(body + "\n" + body[:-30] + f'", "Cookie": "a={OPAQUE}\n\ufeff' + body + "\n")
    interaction = {
        "request": {
            "method": "POST",
            "uri": CANCEL,
            "headers": {"OpenAI-Api-Key": [OPAQUE], "Cookie": [f"a={OPAQUE}"]},
        },
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"], "Set-Cookie": [folded]},
            "body": {"string": gzip.compress(body.encode())},
        },
    }
    (root / "attack.yaml").write_text(yaml.safe_dump({"interactions": [interaction], "version": 1}))
    (root / "ek_live_AUDITfile7name.json").write_text(body)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeded recordings."""
    return write_corpus(tmp_path / "recordings")


def test_the_corpus_really_holds_every_secret(corpus: Path) -> None:
    """The audit would prove nothing if the seeded files did not carry the secrets."""
    text = "".join(path.name + path.read_text(errors="replace") for path in corpus.iterdir())
    assert leaks.found(text, *NEEDLES) == sorted(NEEDLES)


@pytest.mark.parametrize("format_", FORMATS)
@pytest.mark.parametrize("profile", ["lenient", "strict"])
def test_validate_shows_no_secret_in_any_format(corpus: Path, tmp_path: Path, format_: str, profile: str) -> None:
    """To stdout and to a report file, in every format and profile, findings are reported and secrets are not."""
    args = ["validate", "--format", format_, "--profile", profile]
    shown = invoke([*args, str(corpus)], env=RUN_KEY)
    assert shown.exit_code == 1
    report = tmp_path / f"report.{format_}"
    written = invoke([*args, "-o", f"{format_}={report}", str(corpus)], env=RUN_KEY)
    assert written.exit_code == 1
    assert_clean(shown.stdout, shown.stderr, written.stdout, written.stderr, report.read_text(), where=format_)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """The stand-in, expecting the seeded API key."""
    with running_server(api_key=API_KEY) as running:
        yield running


def test_the_configured_key_of_any_shape_is_masked_when_the_endpoint_echoes_it(tmp_path: Path) -> None:
    """A key not shaped sk-… echoed back (as a member name, in the user it was sent) reaches no stderr, report
    or recording: the client remembers the key it uses."""
    with running_server(api_key=PLAIN_KEY) as server:
        server.inject(f"extra=/{PLAIN_KEY},on=cancel")
        server.inject("status=500,times=1")
        report, record = tmp_path / "report.json", tmp_path / "live.har"
        args = ["--workflow-id", "wf_1", "--user", f"u {PLAIN_KEY}", "--profile", "strict", "--format", "json"]
        result = _check_live(server, *args, "-o", f"json={report}", "--record", str(record), key=PLAIN_KEY)
        log = repr(server.served)
    assert result.exit_code == 1, result.output
    assert "drift.unknown-field" in report.read_text()
    assert_clean(result.stdout, result.stderr, report.read_text(), record.read_text(), log)


@pytest.mark.parametrize("header", sorted(SECRET_HEADERS))
def test_every_writer_masks_every_credential_header_of_the_catalogue(header: str, tmp_path: Path) -> None:
    """One catalogue: a header it names is masked by redact (HAR, VCR and JSON cassettes), by the recorder's and
    the live client's header masking, by the stand-in's request log and in messages."""
    value = "Basic " + base64.b64encode(f"u:{OPAQUE}".encode()).decode() if "auth" in header else f"a={OPAQUE}"
    value = value if "cookie" in header or "auth" in header else OPAQUE
    entry = {"request": {"method": "POST", "url": CANCEL, "headers": [{"name": header.title(), "value": value}]}}
    interaction = {"request": {"uri": CANCEL, "headers": {header.title(): [value]}}, "response": {}}
    for name, text in {
        "x.har": json.dumps({"log": {"entries": [entry]}}),
        "x.yaml": yaml.safe_dump({"interactions": [interaction]}),
        "x.json": json.dumps({"version": 1, "interactions": [interaction]}, indent=4),
    }.items():
        (tmp_path / name).write_text(text)
        assert invoke(["redact", str(tmp_path / name)]).exit_code == 0
        assert_clean((tmp_path / name).read_text(), where=name)
    shown: list[object] = [mask_headers([(header.upper(), value)]), mask_text(f"{header}: {value}")]
    with running_server() as server:
        request = urllib.request.Request(server.base_url + "/chatkit/sessions", data=b"{}", method="POST")
        request.add_header(header, value)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        refused.value.close()
        shown.append(server.served)
    assert_clean(repr(shown))


def _check_live(server: FakeServer, *args: str, key: str = API_KEY) -> Any:
    base = ["check-live", "--base-url", server.base_url, "--retries", "1", "--backoff", "0", "--timeout", "5"]
    return invoke([*base, *args], env={"OPENAI_API_KEY": key})


@pytest.mark.parametrize("format_", FORMATS)
def test_check_live_shows_no_secret_in_reports_logs_or_recordings(
    server: FakeServer, tmp_path: Path, format_: str
) -> None:
    """Retries announced on stderr, findings, the report file and --record's HAR: no key, no client secret."""
    server.inject("status=500,times=1")
    server.inject("extra=/sk-proj-AUDITapi7key7in7env,on=cancel")
    report, record = tmp_path / "report", tmp_path / "live.har"
    args = ["--workflow-id", "wf_1", "--user", f"Bearer {BEARER}", "--profile", "strict", "--format", format_]
    result = _check_live(server, *args, "-o", f"{format_}={report}", "--record", str(record))
    assert result.exit_code == 1, result.output
    assert "retrying" in result.stderr
    assert_clean(result.stdout, result.stderr, report.read_text(), record.read_text(), where=format_)


def test_a_refused_key_is_named_masked(server: FakeServer) -> None:
    """The service's 401 quotes the key sent; the one-line error shows only its masked form."""
    result = _check_live(server, "--session-id", "cksess_1", key=HEADER_KEY)
    assert result.exit_code == 2
    assert "sk-svcacct-…(redacted)" in result.stderr
    assert_clean(result.stdout, result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["--base-url", f"http://127.0.0.1:9/v1?key={API_KEY}"],
        ["--base-url", API_KEY],
        ["--organization", f"org {API_KEY}"],
        ["--session-id", CLIENT_SECRET, "--base-url", "http://127.0.0.1:9/v1"],
    ],
    ids=["key-in-url", "key-as-url", "key-in-organization", "secret-as-session-id"],
)
def test_a_secret_pasted_into_the_wrong_option_is_not_echoed(args: list[str]) -> None:
    """Mistakes happen: a key typed where a URL or id goes is masked in the one-line error."""
    session = [] if "--session-id" in args else ["--session-id", "cksess_1"]
    result = invoke(
        ["check-live", *session, "--retries", "0", "--timeout", "2", *args], env={"OPENAI_API_KEY": API_KEY}
    )
    assert result.exit_code == 2
    assert_clean(result.stdout, result.stderr)


def test_gate_shows_no_secret_in_any_report_summary_or_baseline(corpus: Path, tmp_path: Path) -> None:
    """Every report the gate writes, its step summary, and the baseline it records hold no secret."""
    openapi = upstream_document()
    openapi["components"]["schemas"]["ChatSessionStatus"]["enum"].append(CLIENT_SECRET)
    openapi["components"]["schemas"]["ChatSessionResource"]["properties"][API_KEY] = {"type": "string"}
    write_yaml(tmp_path / "openapi.yaml", openapi)
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[tool.chatkit-contract]\n"
        f'recordings = ["{corpus.name}/*"]\nbaseline = "baseline.json"\nupstream = "openapi.yaml"\nself-check = 5\n'
    )
    outputs = [arg for fmt in FORMATS for arg in ("-o", f"{fmt}={tmp_path}/reports/contract.{fmt}")]
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary), **RUN_KEY}
    for format_ in FORMATS:
        result = invoke(["gate", "--config", str(config), "--format", format_, *outputs], env=env)
        assert result.exit_code == 1, result.output
        assert_clean(result.stdout, result.stderr, where=format_)
    baseline = invoke(["gate", "--config", str(config), "--update-baseline"], env=RUN_KEY)
    written = [p.read_text() for p in (tmp_path / "reports").iterdir()]
    assert_clean(
        baseline.stdout, baseline.stderr, summary.read_text(), (tmp_path / "baseline.json").read_text(), *written
    )


@pytest.mark.parametrize("format_", ["text", "json"])
def test_upstream_diff_shows_no_secret(tmp_path: Path, format_: str) -> None:
    """An upstream document quoting secrets (an enum value, a member name) is compared without echoing them."""
    openapi = upstream_document()
    openapi["components"]["schemas"]["ChatSessionStatus"]["enum"].append(CLIENT_SECRET)
    openapi["components"]["schemas"]["ChatSessionResource"]["properties"][API_KEY] = {"type": "string"}
    result = invoke(["upstream-diff", "--format", format_, str(write_yaml(tmp_path / "openapi.yaml", openapi))])
    assert result.exit_code == 1
    assert_clean(result.stdout, result.stderr)


def test_redact_reports_and_leaves_no_secret(corpus: Path) -> None:
    """--check names each secret masked; redacting leaves none in the files, encoded bodies included, and --check
    then passes."""
    checked = invoke(["redact", "--check", *map(str, sorted(corpus.iterdir()))], env=RUN_KEY)
    assert checked.exit_code == 1
    assert "unmasked" in checked.stdout
    redacted = invoke(["redact", *map(str, sorted(corpus.iterdir()))], env=RUN_KEY)
    assert_clean(checked.stdout, checked.stderr, redacted.stdout, redacted.stderr)
    assert redacted.exit_code == 0, redacted.output
    for path in sorted(corpus.iterdir()):
        assert_clean(path.read_text(errors="replace"), where=path.name)
    assert invoke(["redact", "--check", *map(str, sorted(corpus.iterdir()))], env=RUN_KEY).exit_code == 0


def test_serve_logs_no_key_and_answers_without_echoing_one(tmp_path: Path) -> None:
    """The stand-in's own output names the key's variable, not its value; a wrong key comes back masked."""
    process = subprocess.Popen(
        [COMMAND, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "OPENAI_API_KEY": API_KEY},
    )
    assert process.stdout is not None
    banner = process.stdout.readline().decode()
    base_url = banner.split("serving on ")[1].split()[0]
    request = urllib.request.Request(
        f"{base_url}/chatkit/sessions/cksess_1/cancel",
        method="POST",
        headers={"Authorization": f"Bearer {BEARER}", "OpenAI-Beta": "chatkit_beta=v1"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    with refused.value as error:
        answer = error.read().decode()
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=10)
    assert "sk-…(redacted)" in answer
    assert_clean(banner, answer, stdout, stderr)


def test_library_objects_and_errors_show_no_secret(corpus: Path, server: FakeServer) -> None:
    """The repr of every object that carries a recording, and every error message, is free of secrets."""
    outcomes = list(check_paths([str(corpus)], profile="strict"))
    exchange = Exchange(
        json.dumps(_leaky_session()).encode(), headers={"authorization": f"Bearer {BEARER}"}, status=200, session_id="x"
    )
    with LiveClient(api_key=API_KEY, base_url=server.base_url, retry=RetryPolicy(retries=0)) as client:
        created = client.create(workflow_id="wf", user=CLIENT_SECRET)
        objects: list[Any] = [exchange, client, created, server, *server.served, *server.pending_faults, *outcomes]
    objects += [Unreadable("x.har", "entry 1", "recording.unreadable", "broken"), redact_bytes(_har().encode())]
    assert isinstance(created, LiveExchange)
    errors: list[ContractError] = []
    mistakes: list[dict[str, Any]] = [{"base_url": API_KEY}, {"organization": f"org {API_KEY}"}]
    for settings in mistakes:
        with pytest.raises(InputError) as refused:
            LiveClient(api_key=API_KEY, **settings)
        errors.append(refused.value)
    with LiveClient(api_key=HEADER_KEY, base_url=server.base_url, retry=RetryPolicy(retries=0)) as wrong_key:
        objects.append(wrong_key.cancel("cksess_1"))  # a 401 whose body quotes the key sent, masked
    assert_clean(*(repr(o) for o in objects), *(str(o) for o in outcomes), *(str(e) for e in errors))
