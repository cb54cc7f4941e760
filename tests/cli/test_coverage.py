"""``chatkit-contract coverage``: the variants recordings exercised, thresholds, and gaps filled to 100 %."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.coverage import Coverage, measure_coverage
from tests.coverage_scenario import record_standin_har
from tests.helpers import ROOT, conforming_session

EXAMPLES = str(ROOT / "examples")

EXAMPLES_TABLE = """\
create (POST /chatkit/sessions -> ChatSessionResource): 0 of 29 variants (0%), 0 responses
  nothing recorded: all 29 variants missing
cancel (POST /chatkit/sessions/{session_id}/cancel -> ChatSessionResource): 13 of 27 variants (48%), 3 responses
  workflow.version                                        null 0  non-null 2
  workflow.state_variables                                null 0  non-null 2  empty 0  non-empty 2
  workflow.state_variables{}                              string 2  number 2  boolean 0
  workflow.tracing.enabled                                true 1  false 0
  status                                                  cancelled 1
  chatkit_configuration.automatic_thread_titling.enabled  true 2  false 0
  chatkit_configuration.file_upload.enabled               true 2  false 0
  chatkit_configuration.file_upload.max_file_size         null 0  non-null 2
  chatkit_configuration.file_upload.max_files             null 0  non-null 2
  chatkit_configuration.history.enabled                   true 2  false 0
  chatkit_configuration.history.recent_threads            null 0  non-null 2
  http                                                    2xx 0  4xx 0  5xx 0
list-threads (GET /chatkit/threads -> ThreadListResource): 0 of 20 variants (0%), 0 responses
  nothing recorded: all 20 variants missing
get-thread (GET /chatkit/threads/{thread_id} -> ThreadResource): 0 of 12 variants (0%), 0 responses
  nothing recorded: all 12 variants missing
delete-thread (DELETE /chatkit/threads/{thread_id} -> DeletedThreadResource): 0 of 4 variants (0%), 0 responses
  nothing recorded: all 4 variants missing
list-thread-items (GET /chatkit/threads/{thread_id}/items -> ThreadItemListResource): 0 of 57 variants (0%), 0 responses
  nothing recorded: all 57 variants missing
coverage: 13 of 149 variants observed (9%) over 3 responses
"""

# Two creates (one with every option left out, one with every option set), a cancel, a 429 and a 404 on cancel,
# a 503 on create, and a cancel answer missing /workflow/tracing: each count below follows from that list.
STANDIN_TABLE = """\
create (POST /chatkit/sessions -> ChatSessionResource): 21 of 29 variants (72%), 3 responses
  workflow.version                                        null 1  non-null 1
  workflow.state_variables                                null 1  non-null 1  empty 0  non-empty 1
  workflow.state_variables{}                              string 1  number 1  boolean 1
  workflow.tracing.enabled                                true 1  false 1
  status                                                  active 2  expired 0  cancelled 0
  chatkit_configuration.automatic_thread_titling.enabled  true 2  false 0
  chatkit_configuration.file_upload.enabled               true 1  false 1
  chatkit_configuration.file_upload.max_file_size         null 0  non-null 2
  chatkit_configuration.file_upload.max_files             null 0  non-null 2
  chatkit_configuration.history.enabled                   true 2  false 0
  chatkit_configuration.history.recent_threads            null 1  non-null 1
  http                                                    2xx 2  4xx 0  5xx 1
  error types seen: server_error 1
cancel (POST /chatkit/sessions/{session_id}/cancel -> ChatSessionResource): 20 of 27 variants (74%), 4 responses
  workflow.version                                        null 1  non-null 1
  workflow.state_variables                                null 1  non-null 1  empty 0  non-empty 1
  workflow.state_variables{}                              string 1  number 1  boolean 1
  workflow.tracing.enabled                                true 1  false 0
  status                                                  cancelled 2
  chatkit_configuration.automatic_thread_titling.enabled  true 2  false 0
  chatkit_configuration.file_upload.enabled               true 1  false 1
  chatkit_configuration.file_upload.max_file_size         null 0  non-null 2
  chatkit_configuration.file_upload.max_files             null 0  non-null 2
  chatkit_configuration.history.enabled                   true 2  false 0
  chatkit_configuration.history.recent_threads            null 1  non-null 1
  http                                                    2xx 2  4xx 2  5xx 0
  error types seen: invalid_request_error 1, requests 1
list-threads (GET /chatkit/threads -> ThreadListResource): 0 of 20 variants (0%), 0 responses
  nothing recorded: all 20 variants missing
get-thread (GET /chatkit/threads/{thread_id} -> ThreadResource): 0 of 12 variants (0%), 0 responses
  nothing recorded: all 12 variants missing
delete-thread (DELETE /chatkit/threads/{thread_id} -> DeletedThreadResource): 0 of 4 variants (0%), 0 responses
  nothing recorded: all 4 variants missing
list-thread-items (GET /chatkit/threads/{thread_id}/items -> ThreadItemListResource): 0 of 57 variants (0%), 0 responses
  nothing recorded: all 57 variants missing
coverage: 41 of 149 variants observed (28%) over 7 responses
"""


@pytest.fixture(scope="module")
def standin_har(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return record_standin_har(tmp_path_factory.mktemp("standin") / "standin.har")


def _coverage(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["coverage", "--no-config", "--color", "never", *args])
    return result.exit_code, result.output


def test_coverage_of_the_examples_prints_the_expected_variant_counts() -> None:
    """The bundled examples: three bodies counted as cancel answers; the truncated one and the typo count nothing."""
    assert _coverage(EXAMPLES) == (0, EXAMPLES_TABLE)


def test_coverage_of_a_har_from_the_stand_in_with_faults_prints_the_expected_variant_counts(standin_har: Path) -> None:
    """Real loopback requests to `serve`: per operation, body variants of the 200s, status classes, error types."""
    assert _coverage(str(standin_har)) == (0, STANDIN_TABLE)


def _fill(tmp_path: Path, recordings: str) -> Coverage:
    report, gaps = tmp_path / "coverage.json", tmp_path / "gaps.har"
    runner = CliRunner()
    written = runner.invoke(main, ["coverage", "--no-config", "--format", "json", "-o", f"json={report}", recordings])
    assert written.exit_code == 0, written.output
    filled = runner.invoke(main, ["generate", "--fill-gaps", str(report), "-o", str(gaps)])
    assert filled.exit_code == 0, filled.output
    return measure_coverage([recordings, str(gaps)])


def test_fill_gaps_output_plus_the_examples_reaches_full_coverage(tmp_path: Path) -> None:
    """One exchange per variant never observed, each conforming; with the examples: every variant, 100 %."""
    before = measure_coverage([EXAMPLES])
    after = _fill(tmp_path, EXAMPLES)
    assert (after.observed, after.total, after.ratio) == (before.total, before.total, 1.0)
    assert after.responses == before.responses + len(before.missing())


def test_fill_gaps_output_plus_the_stand_in_recording_reaches_full_coverage(tmp_path: Path, standin_har: Path) -> None:
    """The same from the stand-in's HAR, whose gaps are other ones (the status classes it never answered)."""
    assert _fill(tmp_path, str(standin_har)).ratio == 1.0


def test_fill_gaps_says_the_fault_that_provokes_each_status_class(tmp_path: Path) -> None:
    """4xx and 5xx gaps are error envelopes in the HAR, their stand-in fault specs on stderr and in the entry."""
    report = tmp_path / "coverage.json"
    report.write_bytes(orjson.dumps(measure_coverage([EXAMPLES], endpoint="cancel").to_dict()))
    result = CliRunner().invoke(main, ["generate", "--fill-gaps", str(report)])
    assert result.exit_code == 0
    assert "cancel/http:4xx: or make the stand-in answer it: --fault status=400,on=cancel" in result.stderr
    entries = json.loads(result.stdout)["log"]["entries"]
    errors = [entry for entry in entries if entry["response"]["status"] >= 400]
    assert [entry["comment"].split(": ", 1)[1] for entry in errors] == [
        "cancel/http:4xx; stand-in fault: status=400,on=cancel",
        "cancel/http:5xx; stand-in fault: status=500,on=cancel",
    ]
    assert json.loads(errors[0]["response"]["content"]["text"])["error"]["type"] == "invalid_request_error"


def test_fill_gaps_refuses_options_it_does_not_take(tmp_path: Path) -> None:
    """--count and the mutant options mean nothing with --fill-gaps: a usage error, not silently ignored."""
    report = tmp_path / "coverage.json"
    report.write_text("{}")
    result = CliRunner().invoke(main, ["generate", "--fill-gaps", str(report), "--count", "3"])
    assert result.exit_code == 2
    assert "does not take --count" in result.output
    broken = CliRunner().invoke(main, ["generate", "--fill-gaps", str(report)])
    assert broken.exit_code == 2
    assert "not a chatkit-contract coverage report" in broken.output


def test_a_threshold_falling_short_exits_1_naming_each_missing_required_variant() -> None:
    """--min below the share observed, and required variants never seen, by name; exit 1."""
    required = ("--require", "cancel/status:cancelled", "--require", "http:5xx")
    code, output = _coverage("-q", "--min", "0.5", *required, EXAMPLES)
    assert code == 1
    assert output.splitlines()[-2:] == [
        "coverage: FAILED: coverage 9% (13 of 149 variants) is below the minimum 50%",
        "coverage: FAILED: required variant(s) never observed: http:5xx",
    ]
    assert _coverage("-q", "--min", "0.08", "--require", "status:cancelled", EXAMPLES)[0] == 0


def test_a_required_variant_that_does_not_exist_is_exit_2_with_a_suggestion() -> None:
    """A typo is a usage problem, never a variant that was merely not seen."""
    code, output = _coverage("--require", "cancel/status:expired", EXAMPLES)
    assert code == 2
    assert "'cancel/status:expired' names no variant of operation 'cancel'" in output


def test_the_configured_threshold_and_recordings_apply(tmp_path: Path) -> None:
    """With no paths, [tool.chatkit-contract] names the recordings and `coverage = { min, require }` the bar."""
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "ok.json").write_bytes(orjson.dumps(conforming_session()))
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.chatkit-contract]\nrecordings = ["rec/*.json"]\ncoverage = { min = 0.1, require = ["status:expired"] }\n'
    )
    result = CliRunner().invoke(main, ["coverage", "-q", "--config", str(config)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "coverage: FAILED: required variant(s) never observed: status:expired"


def test_json_is_the_whole_report_and_reads_back_the_same(tmp_path: Path, standin_har: Path) -> None:
    """The JSON form holds every variant with its count; read back, it is the same coverage."""
    code, output = _coverage("--format", "json", str(standin_har))
    assert code == 0
    data = json.loads(output)
    assert data["summary"] == {"observed": 41, "variants": 149, "ratio": 0.2752, "responses": 7, "skipped": 0}
    assert Coverage.from_dict(data) == measure_coverage([str(standin_har)])


def test_workers_count_exactly_what_one_process_counts(tmp_path: Path) -> None:
    """A JSON Lines file cut into ranges for two processes gives the counts one process gives."""
    path = tmp_path / "many.jsonl"
    statuses = ("active", "expired", "cancelled")
    with path.open("wb") as stream:
        for number in range(9000):  # about 6 MB: more than one range of work
            session = conforming_session(status=statuses[number % 3])
            session["workflow"]["version"] = None if number % 5 == 0 else "v"
            stream.write(orjson.dumps(session) + b"\n")
    one = measure_coverage([str(path)], endpoint="session", jobs=1)
    assert measure_coverage([str(path)], endpoint="session", jobs=2) == one
    counts = {variant.name: count for variant, count in one.operations[0].variants}
    assert (counts["status:expired"], counts["workflow.version:null"]) == (3000, 1800)


def test_nothing_to_count_is_exit_2_unless_allowed(tmp_path: Path) -> None:
    """As for validate: a run over no responses is no verdict."""
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, output = _coverage(str(empty))
    assert code == 2
    assert "nothing was counted" in output
    assert _coverage("--allow-empty", "-q", str(empty))[0] == 0


def test_markdown_goes_to_the_step_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With GITHUB_STEP_SUMMARY set, the Markdown table is appended there, whatever stdout gets."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert _coverage("-q", EXAMPLES)[0] == 0
    text = summary.read_text()
    assert text.startswith("## chatkit-contract coverage: 13 of 149 variants (9%)")
    assert "| cancel | `POST /chatkit/sessions/{session_id}/cancel` | 3 | 13 of 27 | 48% |" in text
