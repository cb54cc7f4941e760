"""Verdicts a CI user can trust (issue 13): each green and red found wrong, as a named regression through the CLI."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import yaml
from click.testing import CliRunner, Result

from contract import assert_conforms
from contract.cli import main
from contract.standin import running_server
from tests.helpers import ROOT, conforming_session

CANCEL = "https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel"
CREATE = "https://api.openai.com/v1/chatkit/sessions"


def _entry(url: str, payload: Any, *, method: str = "POST", status: Any = 200) -> dict[str, Any]:
    """A HAR entry as browser exports write one, with *payload* as the response body."""
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return {
        "startedDateTime": "2026-01-01T12:00:00.000Z",
        "time": 10,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": [], "cookies": []},
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": "content-type", "value": "application/json"}],
            "cookies": [],
            "content": {"size": len(text), "mimeType": "application/json", "text": text},
        },
        "cache": {},
        "timings": {"send": 0, "wait": 10, "receive": 0},
    }


def _har(path: Path, *entries: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"log": {"version": "1.2", "creator": {"name": "test"}, "entries": list(entries)}}))
    return path


def _validate(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--no-config", *args])


def _json(result: Result) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# --- nothing checked is not a pass ------------------------------------------------------------------------------


def test_a_har_without_chatkit_requests_is_exit_2_saying_what_was_skipped(tmp_path: Path) -> None:
    """Two page fetches and no ChatKit request: nothing was checked, and the one line says so (was: OK, exit 0)."""
    har = _har(tmp_path / "app.har", _entry(CREATE + "x", {}, method="GET"), _entry("https://x.test/", "<html>"))
    result = _validate(str(har))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "chatkit-contract: error: nothing was checked: 2 HAR entries are not ChatKit API requests; "
        "allow it with --allow-empty (or allow-empty = true in [tool.chatkit-contract])"
    )
    assert "NOTHING CHECKED: 0 checked" in result.stdout
    assert _validate("--allow-empty", str(har)).exit_code == 0


def test_an_empty_json_lines_file_is_exit_2(tmp_path: Path) -> None:
    """An empty .jsonl holds no response: exit 2 (was: OK: 0 checked)."""
    (tmp_path / "empty.jsonl").write_text("\n\n")
    result = _validate(str(tmp_path / "empty.jsonl"))
    assert result.exit_code == 2
    assert "nothing was checked: the inputs hold no responses" in result.stderr


def test_a_create_only_har_under_the_cancel_endpoint_names_the_create_and_the_way_out(tmp_path: Path) -> None:
    """With --endpoint cancel (--operation's older name) a create is skipped, and the error says to drop the option."""
    har = _har(tmp_path / "create.har", _entry(CREATE, conforming_session(status="active")))
    narrowed = _validate("--endpoint", "cancel", str(har))
    assert narrowed.exit_code == 2
    assert "1 HAR entry is a create request, not selected; drop --operation" in narrowed.stderr
    assert _validate(str(har)).exit_code == 0


@pytest.mark.parametrize(
    ("format_", "says"),
    [
        ("json", '"nothing_checked":"2 HAR entries are not ChatKit API requests"'),
        ("junit", '<error type="nothing-checked" message="nothing was checked: 2 HAR entries are not'),
        ("sarif", '"executionSuccessful":false'),
        ("github", "::error title=chatkit-contract::nothing was checked: 2 HAR entries"),
    ],
)
def test_every_report_format_says_nothing_was_checked(tmp_path: Path, format_: str, says: str) -> None:
    """The machine formats carry the verdict too, so a CI report viewer shows red, not 'tests=0'."""
    har = _har(tmp_path / "app.har", _entry("https://x.test/a", {}), _entry("https://x.test/b", {}))
    result = _validate("--format", format_, str(har))
    assert result.exit_code == 2
    assert says in result.stdout


def test_the_gate_over_files_with_nothing_to_check_is_exit_2_unless_allowed(tmp_path: Path) -> None:
    """gate: OK was printed for recordings that held no ChatKit response; allow-empty = true accepts it."""
    _har(tmp_path / "rec.har", _entry("https://x.test/", {}))
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.chatkit-contract]\nrecordings = ["rec.har"]\n')
    refused = CliRunner().invoke(main, ["gate", "--config", str(config)])
    assert refused.exit_code == 2
    assert "gate: NOTHING CHECKED (1 HAR entry is not a ChatKit API request)" in refused.output
    config.write_text('[tool.chatkit-contract]\nrecordings = ["rec.har"]\nallow-empty = true\n')
    assert CliRunner().invoke(main, ["gate", "--config", str(config)]).exit_code == 0


# --- one configuration, discovered like pytest and ruff do ------------------------------------------------------


@pytest.fixture
def strict_project(tmp_path: Path) -> Path:
    """A project whose pyproject.toml says strict, with a recording that has one undeclared member."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\n\n[tool.chatkit-contract]\nrecordings = ["recordings/*.json"]\nprofile = "strict"\n'
    )
    (tmp_path / "recordings").mkdir()
    (tmp_path / "recordings" / "cancel.json").write_bytes(orjson.dumps(conforming_session(scope="x")))
    (tmp_path / "deep" / "er").mkdir(parents=True)
    return tmp_path


def test_validate_reads_the_nearest_configuration_and_options_override_it(
    strict_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-commit hook's `validate` judged with lenient defaults what `gate` judged strict; now both read it."""
    monkeypatch.chdir(strict_project / "deep" / "er")
    recording = str(strict_project / "recordings" / "cancel.json")
    assert CliRunner().invoke(main, ["validate", recording]).exit_code == 1  # strict, from ../../pyproject.toml
    assert CliRunner().invoke(main, ["validate", "--profile", "lenient", recording]).exit_code == 0
    assert CliRunner().invoke(main, ["validate", "--no-config", recording]).exit_code == 0


def test_gate_run_from_a_subdirectory_finds_the_project_configuration(
    strict_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gate without --config looked only in the working directory."""
    monkeypatch.chdir(strict_project / "deep" / "er")
    result = CliRunner().invoke(main, ["gate"])
    assert result.exit_code == 1
    assert "drift.unknown-field" in result.output


def test_the_pre_commit_hook_and_the_gate_give_the_same_verdict(
    strict_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook's own entry, run as pre-commit runs it (project root, staged files), agrees with the gate,
    before and after the finding is accepted into the baseline."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    entry = shlex.split(next(hook["entry"] for hook in hooks if hook["id"] == "chatkit-contract-validate"))
    assert entry[:2] == ["chatkit-contract", "validate"]
    monkeypatch.chdir(strict_project)
    staged = ["recordings/cancel.json"]

    def verdicts() -> tuple[int, int]:
        hook = CliRunner().invoke(main, [*entry[1:], *staged])
        return hook.exit_code, CliRunner().invoke(main, ["gate"]).exit_code

    assert verdicts() == (1, 1)
    config = strict_project / "pyproject.toml"
    config.write_text(config.read_text() + 'baseline = "baseline.json"\n')
    assert CliRunner().invoke(main, ["gate", "--update-baseline"]).exit_code == 0
    assert verdicts() == (0, 0)


# --- the endpoint comes from the request when it is known ------------------------------------------------------


def test_a_bare_create_response_gets_a_hint(tmp_path: Path) -> None:
    """validate create.json reported cancel.status with no hint; the message now says how to check a create."""
    path = tmp_path / "create.json"
    path.write_bytes(orjson.dumps(conforming_session(status="active")))
    result = _validate(str(path))
    assert result.exit_code == 1
    assert "(a create response? check it under operation 'create')" in result.stdout
    assert _validate("--endpoint", "session", str(path)).exit_code == 0


def test_a_har_of_create_and_cancel_checks_each_under_its_own_rules(tmp_path: Path) -> None:
    """The create answer (active) passes the create rules; the cancel answer must say cancelled."""
    har = _har(
        tmp_path / "both.har",
        _entry(CREATE, conforming_session(status="active")),
        _entry(CANCEL, conforming_session(status="active")),
    )
    report = _json(_validate("--format", "json", str(har)))
    assert [[f["rule"] for f in r["findings"]] for r in report["results"]] == [[], ["cancel.status"]]


def test_assert_conforms_checks_an_httpx_create_response_as_a_create() -> None:
    """assert_conforms on the response of POST /chatkit/sessions failed with cancel.status 'active'."""
    with running_server() as server:
        headers = {"Authorization": f"Bearer {server.api_key}", "OpenAI-Beta": "chatkit_beta=v1"}
        created = httpx.post(
            f"{server.base_url}/chatkit/sessions", json={"user": "u", "workflow": {"id": "w"}}, headers=headers
        )
    assert created.json()["status"] == "active"
    assert assert_conforms(created).ok


# --- readers agree with the formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["lenient", "strict"])
def test_a_har_with_two_entries_members_is_unreadable_not_an_empty_pass(tmp_path: Path, profile: str) -> None:
    """The reader checked the first (empty) list where JSON libraries keep the last: now it refuses the file."""
    entry = json.dumps(_entry(CANCEL, conforming_session(status="canceled")))
    path = tmp_path / "dup.har"
    path.write_text(f'{{"log": {{"version": "1.2", "entries": [], "entries": [{entry}]}}}}')
    result = _validate("--profile", profile, "--format", "json", str(path))
    assert result.exit_code == 1
    (finding,) = [f for r in _json(result)["results"] for f in r["findings"]]
    assert finding["rule"] == "recording.unreadable"
    assert "more than one 'entries' member" in finding["message"]


@pytest.mark.parametrize("serializer", ["yaml", "json"])
def test_a_cassette_with_two_interactions_members_is_unreadable(tmp_path: Path, serializer: str) -> None:
    """The same policy for VCR cassettes, YAML or JSON."""
    interaction = {
        "request": {"method": "POST", "uri": CANCEL, "body": None, "headers": {}},
        "response": {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": "{}"}},
    }
    if serializer == "yaml":
        path = tmp_path / "dup.yaml"
        text = yaml.safe_dump({"interactions": []}) + yaml.safe_dump({"interactions": [interaction]})
    else:
        path = tmp_path / "dup.json"
        text = f'{{"interactions": [], "interactions": [{json.dumps(interaction)}], "version": 1}}'
    path.write_text(text)
    result = _validate("--format", "json", str(path))
    assert result.exit_code == 1
    assert "recording.unreadable" in result.stdout


@pytest.mark.parametrize("status", ["500", 500.0, " 500 "], ids=["string", "float", "padded"])
def test_a_status_in_any_json_spelling_is_a_status(tmp_path: Path, status: Any) -> None:
    """A HAR status of "500" or 500.0 silently skipped http.status."""
    har = _har(tmp_path / "s.har", _entry(CANCEL, conforming_session(), status=status))
    report = _json(_validate("--format", "json", str(har)))
    assert [f["rule"] for r in report["results"] for f in r["findings"]] == ["http.status"]


def test_a_cancel_url_with_an_escaped_letter_is_still_the_cancel_operation(tmp_path: Path) -> None:
    """POST …/%63ancel is the same URL under RFC 3986; it was skipped."""
    har = _har(tmp_path / "e.har", _entry(CANCEL.replace("/cancel", "/%63ancel"), conforming_session(status="active")))
    report = _json(_validate("--format", "json", str(har)))
    assert [f["rule"] for r in report["results"] for f in r["findings"]] == ["cancel.status"]


@pytest.mark.parametrize("secret", ["\u200b", "\u0000", "\u200b \u2060\t"], ids=["zero-width", "nul", "mixed"])
def test_a_client_secret_of_invisible_characters_is_empty(tmp_path: Path, secret: str) -> None:
    """Only U+200B or U+0000 passed session.client-secret-empty."""
    path = tmp_path / "s.json"
    path.write_bytes(orjson.dumps(conforming_session(client_secret=secret)))
    report = _json(_validate("--format", "json", str(path)))
    assert [f["rule"] for r in report["results"] for f in r["findings"]] == ["session.client-secret-empty"]


@pytest.mark.parametrize(
    "expires_at", [-1, 0, 1_500_000_000, 10_000_000_000], ids=["negative", "epoch", "2017", "2286"]
)
def test_an_implausible_expires_at_is_flagged(tmp_path: Path, expires_at: int) -> None:
    """Before 2020 or centuries ahead: a warning in lenient (exit 0), an error in strict (exit 1)."""
    path = tmp_path / "e.json"
    path.write_bytes(orjson.dumps(conforming_session(expires_at=expires_at)))
    lenient = _validate("--format", "json", str(path))
    assert lenient.exit_code == 0
    (finding,) = [f for r in _json(lenient)["results"] for f in r["findings"]]
    assert (finding["rule"], finding["severity"]) == ("session.expires-at-range", "warning")
    assert _validate("--profile", "strict", str(path)).exit_code == 1


# --- summaries say what happened ----------------------------------------------------------------------------------


def test_baselined_findings_are_counted_as_baselined_not_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After --update-baseline the summary said '4 passed', a truncated file among them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.chatkit-contract]\nrecordings = ["rec/*"]\nbaseline = "baseline.json"\n'
    )
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "ok.json").write_bytes(orjson.dumps(conforming_session()))
    (tmp_path / "rec" / "truncated.json").write_text('{"id": "cksess_1", ')
    assert CliRunner().invoke(main, ["gate", "--update-baseline"]).exit_code == 0
    result = CliRunner().invoke(main, ["gate", "--format", "json"], env={"GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")})
    assert result.exit_code == 0
    assert _json(result)["summary"] == {
        "checked": 2,
        "passed": 1,
        "failed": 0,
        "warnings": 0,
        "skipped": 0,
        "baselined": 1,
    }
    text = CliRunner().invoke(main, ["gate"]).output
    assert "OK: 2 checked, 1 passed, 0 failed, 0 warnings, 1 baselined" in text
    assert "1 baselined" in (tmp_path / "s.md").read_text()


def test_the_text_summary_counts_findings_per_rule() -> None:
    """One line before the verdict names each rule that fired and how often."""
    lines = _validate(str(ROOT / "examples")).stdout.splitlines()
    assert lines[-2] == (
        "findings by rule: drift.unknown-field 1, json.parse 1, schema.enum 1, schema.required 1, "
        "session.expires-at-unit 1"
    )
