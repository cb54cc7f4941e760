"""check-live end to end against the stand-in over real loopback HTTP: every fault mode, retries, recordings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from contract.cli import main
from contract.standin.server import FakeServer, running_server

LIFECYCLE = ["--workflow-id", "wf_1", "--user", "user_1"]
Found = list[tuple[str, str, str, str]]


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh server per test."""
    with running_server() as running:
        yield running


def _run(server: FakeServer, *args: str, key: str | None = None) -> Result:
    """check-live against *server*, with tiny retry waits so tests stay fast."""
    command = ["check-live", "--base-url", server.base_url, "--backoff", "0.001", *args]
    return CliRunner().invoke(main, command, env={"OPENAI_API_KEY": key or server.api_key})


def _found(result: Result) -> Found:
    """(location, severity, rule, pointer) for every finding in a --format json report."""
    report = json.loads(result.stdout)
    return [
        (entry["location"], finding["severity"], finding["rule"], finding["pointer"])
        for entry in report["results"]
        for finding in entry["findings"]
    ]


def test_lifecycle_on_a_well_behaved_server_passes(server: FakeServer) -> None:
    """Create, cancel and the repeated cancel all conform; the repeated cancel's behaviour is reported."""
    result = _run(server, *LIFECYCLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 3 checked, 3 passed, 0 failed, 0 warnings\n"
    (session_id,) = server.sessions.ids()
    assert f"repeated cancel of {session_id}: HTTP 200 with status 'cancelled'" in result.stderr
    assert [served.path.rsplit("/", 1)[-1] for served in server.served] == ["sessions", "cancel", "cancel"]


def test_session_id_mode_cancels_that_session_only(server: FakeServer) -> None:
    """--session-id cancels the given session and checks one exchange."""
    session_id = server.sessions.create({"workflow": {"id": "wf"}, "user": "u"})["id"]
    result = _run(server, "--session-id", session_id)
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 1 checked, 1 passed, 0 failed, 0 warnings\n"
    assert len(server.served) == 1


def test_unknown_session_is_an_http_status_finding(server: FakeServer) -> None:
    """A 404 from cancel is reported with the service's own error message."""
    result = _run(server, "--session-id", "cksess_gone")
    assert result.exit_code == 1
    assert (
        "(cancel): error http.status (document): HTTP status 404, expected 200: OpenAI error "
        "invalid_request_error: Chatkit Session with id 'cksess_gone' not found." in result.stdout
    )


@pytest.mark.parametrize(
    ("fault", "exit_code", "found"),
    [
        ("drop,on=cancel", 1, [("cancel", "error", "schema.required", "/workflow/tracing")]),
        ("type", 1, [("create", "error", "schema.type", "/expires_at")]),
        ("extra,on=cancel", 0, [("cancel", "warning", "drift.unknown-field", "/cancelled_at")]),
        ("not-json,on=cancel", 1, [("cancel", "error", "json.parse", "")]),
        ("status=500,on=cancel,times=3", 1, [("cancel", "error", "http.status", "")]),
        ("status=429,retry-after=0.01,times=3", 1, [("create", "error", "http.status", "")]),
        ("delay=0.05", 0, []),
        ("status=503,retry-after=0.01,times=2", 0, []),
        ("disconnect,on=cancel,times=2", 0, []),
    ],
    ids=[
        "drop",
        "type",
        "extra",
        "not-json",
        "500-persisting",
        "429-persisting",
        "delay-within-timeout",
        "503-transient",
        "disconnect-transient",
    ],
)
def test_each_fault_is_reported_as_its_finding(server: FakeServer, fault: str, exit_code: int, found: Found) -> None:
    """Body faults become their rule's finding; errors that outlast the retries become http.status."""
    server.inject(fault)
    result = _run(server, *LIFECYCLE, "--format", "json")
    assert result.exit_code == exit_code, result.output
    assert _found(result) == found


def test_undeclared_member_fails_only_in_strict(server: FakeServer) -> None:
    """The drift warning of the lenient profile is an error under --profile strict."""
    server.inject("extra,on=cancel")
    result = _run(server, *LIFECYCLE, "--profile", "strict")
    assert result.exit_code == 1
    assert "(cancel): error drift.unknown-field /cancelled_at" in result.stdout


def test_retries_are_bounded_and_each_one_is_announced(server: FakeServer) -> None:
    """--retries 3 means four requests at most, and three retry lines on stderr saying why and how long."""
    server.inject("status=500,times=always,on=create")
    result = _run(server, *LIFECYCLE, "--retries", "3")
    assert result.exit_code == 1
    assert [s.status for s in server.served] == [500, 500, 500, 500]
    retries = [line for line in result.stderr.splitlines() if "retrying in" in line]
    assert [line.split("(attempt ")[1] for line in retries] == [
        "1 of 4); retrying in 0.001s",
        "2 of 4); retrying in 0.002s",
        "3 of 4); retrying in 0.004s",
    ]
    assert "the create response carries no session id, so nothing was cancelled" in result.stderr


def test_transient_errors_are_retried_to_success(server: FakeServer) -> None:
    """Two 503s then a 200: the check passes, and the server saw exactly three creates."""
    server.inject("status=503,retry-after=0.01,times=2,on=create")
    result = _run(server, *LIFECYCLE)
    assert result.exit_code == 0, result.output
    assert [s.status for s in server.served if s.path.endswith("/sessions")] == [503, 503, 200]
    assert result.stderr.count("HTTP 503 (attempt") == 2


@pytest.mark.parametrize(
    ("fault", "extra", "reason"),
    [
        ("disconnect,times=always", [], "the connection broke off mid-response"),
        ("delay=5,times=always", ["--timeout", "0.1"], "no response within 0.1s"),
    ],
    ids=["disconnect", "delay-beyond-timeout"],
)
def test_connection_faults_that_persist_are_exit_2_with_one_line(
    server: FakeServer, fault: str, extra: list[str], reason: str
) -> None:
    """A connection that keeps failing is a one-line error after the last of the bounded attempts."""
    server.inject(fault)
    result = _run(server, *LIFECYCLE, "--retries", "1", *extra)
    assert result.exit_code == 2
    (line,) = [line for line in result.stderr.splitlines() if "error:" in line]
    assert line.startswith(f"chatkit-contract: error: POST {server.base_url}/chatkit/sessions: {reason}")
    assert line.endswith("gave up after 2 attempt(s)")
    assert len(server.sessions) == 2  # each attempt reached the server and created a session


def test_cancel_failure_after_create_names_the_session_left_active(server: FakeServer) -> None:
    """When cancel cannot get through, the error says which created session may still be active."""
    server.inject("disconnect,on=cancel,times=always")
    result = _run(server, *LIFECYCLE, "--retries", "0")
    assert result.exit_code == 2
    (session_id,) = server.sessions.ids()
    assert f"(session {session_id} was created and may still be active)" in result.stderr


def test_refused_credentials_are_exit_2_without_the_key(server: FakeServer) -> None:
    """A wrong key is one line naming the 401, and the key itself appears nowhere."""
    key = "sk-proj-wrongwrongwrong123"
    result = _run(server, *LIFECYCLE, key=key)
    assert result.exit_code == 2
    assert result.stderr.startswith("chatkit-contract: error: POST ")
    assert "the credentials were refused: HTTP 401 invalid_request_error: Incorrect API key provided" in result.stderr
    assert "wrongwrong" not in result.output


def test_unreachable_endpoint_is_exit_2() -> None:
    """Nothing listening on the port: exit 2 and one line saying it cannot connect."""
    closed = FakeServer()
    closed.close()
    result = _run(closed, "--session-id", "cksess_1", "--retries", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("chatkit-contract: error: POST ")
    assert "cannot connect" in result.stderr.splitlines()[-1]


def test_missing_key_variable_is_exit_2_naming_it(server: FakeServer) -> None:
    """--api-key-env names the variable to read; unset, it is a one-line error before any request."""
    result = _run(server, "--session-id", "cksess_1", "--api-key-env", "CHATKIT_NO_SUCH_KEY")
    assert result.exit_code == 2
    assert result.stderr.startswith("chatkit-contract: error: $CHATKIT_NO_SUCH_KEY is not set")
    assert server.served == ()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ignore", "schema.bogus"], "unknown rule id 'schema.bogus'"),
        (["--organization", "org ørg"], "--organization 'org ørg' must be one printable ASCII token"),
        (["--record", "{tmp}/missing/live.har"], "missing/live.har: cannot open the recording"),
    ],
    ids=["rule", "organization", "record"],
)
def test_bad_settings_are_exit_2_before_any_request(
    server: FakeServer, tmp_path: Path, args: list[str], message: str
) -> None:
    """A bad rule id, header value or recording path costs no request, not even a created session."""
    result = _run(server, *LIFECYCLE, *(arg.format(tmp=tmp_path) for arg in args))
    assert result.exit_code == 2
    assert result.stderr.startswith("chatkit-contract: error: ")
    assert message in result.stderr
    assert server.served == ()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --session-id ID, or --workflow-id WF with --user U, and/or --threads"),
        (["--session-id", "cksess_1", *LIFECYCLE], "give --session-id ID"),
        (["--workflow-id", "wf"], "give --session-id ID"),
        (["--user", "u"], "give --session-id ID"),
        (["--session-id", "cksess_1", "--user", "u"], "--user goes with --workflow-id or --threads"),
        (["--session-id", "cksess_1", "--limit", "2"], "--limit needs --threads"),
        (["--session-id", "cksess_1", "--max-pages", "2"], "--max-pages needs --threads"),
    ],
    ids=["neither", "both", "no-user", "no-workflow", "user-with-cancel", "limit-alone", "pages-alone"],
)
def test_mode_options_must_be_one_or_the_other(server: FakeServer, args: list[str], message: str) -> None:
    """One of --session-id and --workflow-id/--user, --threads beside or alone: anything else is a usage error (exit
    2), before any request."""
    result = _run(server, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert server.served == ()


@pytest.mark.parametrize("suffix", [".har", ".yaml"])
def test_record_validates_to_the_same_findings_and_holds_no_secret(
    server: FakeServer, tmp_path: Path, suffix: str
) -> None:
    """--record writes HAR or a VCR cassette; `validate` on it reports what check-live reported, fault included."""
    record = tmp_path / f"live{suffix}"
    server.inject("drop,on=cancel")
    result = _run(server, *LIFECYCLE, "--format", "json", "--record", str(record))
    assert result.exit_code == 1
    replay = CliRunner().invoke(main, ["validate", "--format", "json", str(record)])
    assert replay.exit_code == 1
    assert [(s, r, p) for _, s, r, p in _found(replay)] == [(s, r, p) for _, s, r, p in _found(result)]
    assert ("error", "schema.required", "/workflow/tracing") in [(s, r, p) for _, s, r, p in _found(replay)]
    session = server.sessions.get(server.sessions.ids()[0])
    assert session is not None
    assert session["client_secret"] not in record.read_text() + result.output
    assert server.api_key not in record.read_text()
    assert "Bearer sk-…(redacted)" in record.read_text()


def test_vcr_replays_the_recorded_cassette(server: FakeServer, tmp_path: Path) -> None:
    """VCR.py itself reads the cassette and plays every exchange back to an HTTP client, with the server gone."""
    import httpx
    import vcr

    cassette = tmp_path / "live.yaml"
    assert _run(server, *LIFECYCLE, "--record", str(cassette)).exit_code == 0
    recorded = yaml.safe_load(cassette.read_text())["interactions"]
    server.close()
    with vcr.use_cassette(str(cassette), record_mode="none"), httpx.Client() as client:
        replies = [client.post(i["request"]["uri"], content=i["request"]["body"] or b"") for i in recorded]
    assert [reply.status_code for reply in replies] == [200, 200, 200]
    assert [reply.text for reply in replies] == [i["response"]["body"]["string"] for i in recorded]
    assert [reply.json()["status"] for reply in replies] == ["active", "cancelled", "cancelled"]


def test_output_file_gets_the_report_and_stdout_its_format(server: FakeServer, tmp_path: Path) -> None:
    """--output FORMAT=PATH works as it does for validate: the file in its format, stdout in --format's."""
    report = tmp_path / "report.json"
    result = _run(server, *LIFECYCLE, "--output", f"json={report}")
    assert result.exit_code == 0
    assert json.loads(report.read_text())["summary"] == {
        "checked": 3,
        "passed": 3,
        "failed": 0,
        "warnings": 0,
        "skipped": 0,
        "baselined": 0,
    }
    assert result.stdout == "OK: 3 checked, 3 passed, 0 failed, 0 warnings\n"


def test_threads_walks_a_users_threads_read_only_and_checks_every_page(server: FakeServer) -> None:
    """--threads lists the user's threads page by page (following last_id), reads one, pages its items; each answer
    is checked as its own operation's, and nothing is created or deleted."""
    server.threads.seed("user_1")
    result = _run(server, "--threads", "--user", "user_1", "--limit", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [entry["location"] for entry in report["results"]] == [
        "threads page 1",
        "threads page 2",
        "thread",
        "items page 1",
        "items page 2",
        "items page 3",
    ]
    assert report["summary"]["passed"] == 6
    assert "3 thread(s) of user 'user_1' listed" in result.stderr
    assert {served.method for served in server.served} == {"GET"}
    assert len(server.threads) == 3


def test_threads_stops_at_max_pages_and_says_so(server: FakeServer) -> None:
    """A walk reads at most --max-pages pages of each list, and notes that the last page said has_more."""
    server.threads.seed("user_1", threads=5)
    result = _run(server, "--threads", "--limit", "1", "--max-pages", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 5 checked, 5 passed, 0 failed, 0 warnings\n"
    assert "stopped after 2 page(s) of threads; the last said has_more" in result.stderr
    assert "stopped after 2 page(s) of items" in result.stderr


def test_threads_reports_a_drifted_page_at_its_pointer(server: FakeServer) -> None:
    """A fault on the items list shows up as the list rule it breaks, on that page only."""
    server.threads.seed("user_1")
    server.inject("drop=/first_id,on=list-thread-items,times=always")
    result = _run(server, "--threads", "--user", "user_1", "--format", "json")
    assert result.exit_code == 1
    assert _found(result) == [("items page 1", "error", "schema.required", "/first_id")]


def test_lifecycle_then_threads_checks_every_operation_but_delete(server: FakeServer) -> None:
    """With --workflow-id and --threads, the created session's user gets threads, and the walk follows the
    lifecycle: five operations checked, the one that writes (delete) never sent."""
    result = _run(server, *LIFECYCLE, "--threads")
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 6 checked, 6 passed, 0 failed, 0 warnings\n"
    assert [served.method for served in server.served] == ["POST", "POST", "POST", "GET", "GET", "GET"]
