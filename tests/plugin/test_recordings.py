"""--chatkit-recordings: every recorded exchange becomes its own test item with a readable id."""

from __future__ import annotations

import orjson
import pytest

from tests.helpers import SECRET, conforming_session, seeded_pages
from tests.plugin.support import run, write_recording


@pytest.fixture
def recordings(pytester: pytest.Pytester) -> None:
    """rec/ with a conforming and a drifted response, and a single file elsewhere with a warning only."""
    write_recording(pytester.path / "rec" / "ok.json", conforming_session())
    write_recording(pytester.path / "rec" / "nested" / "drifted.json", conforming_session(status="canceled"))
    write_recording(pytester.path / "single.json", conforming_session(cancelled_at=1712349999))


@pytest.mark.usefixtures("recordings")
def test_each_recording_is_collected_with_a_readable_node_id(pytester: pytest.Pytester) -> None:
    """A directory's files sorted, then a single file; each single-document file is one ``response`` item."""
    result = run(pytester, "--collect-only", "-q", "--chatkit-recordings=rec", "--chatkit-recordings=single.json")
    assert result.stdout.lines[:3] == [
        "rec/nested/drifted.json::response",
        "rec/ok.json::response",
        "single.json::response",
    ]


@pytest.mark.usefixtures("recordings")
def test_recorded_items_pass_and_fail_with_their_findings_alone(pytester: pytest.Pytester) -> None:
    """The drifted recording fails with its findings block, without a traceback; the others pass."""
    result = run(pytester, "--chatkit-recordings=rec", "--chatkit-recordings=single.json")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ drifted.json _*",
            "rec/nested/drifted.json does not conform to the ChatKit contract (operation cancel, profile lenient): "
            "1 error",
            "  error  schema.enum  /status  'canceled' is not one of 'active', 'expired', 'cancelled'; did you *",
            "*= short test summary info =*",
            "FAILED rec/nested/drifted.json::response - rec/nested/drifted.json*",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "_pytest_nodes" not in result.stdout.str()


@pytest.mark.usefixtures("recordings")
def test_profile_option_applies_to_recordings(pytester: pytest.Pytester) -> None:
    """The undeclared member that only warns in lenient fails the recording in strict."""
    result = run(pytester, "--chatkit-recordings=single.json", "--chatkit-profile=strict")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["  error  drift.unknown-field  /cancelled_at  member 'cancelled_at' is not declared*"])


@pytest.mark.usefixtures("recordings")
def test_recorded_items_are_selected_with_k_like_any_test(pytester: pytest.Pytester) -> None:
    """-k matches the file name, so one failing recording can be run alone."""
    result = run(pytester, "--chatkit-recordings=rec", "-k", "drifted", "-v")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["rec/nested/drifted.json::response FAILED*"])


@pytest.mark.usefixtures("recordings")
def test_recordings_run_next_to_the_consumers_own_tests(pytester: pytest.Pytester) -> None:
    """Recorded items are added to the session's tests, not instead of them."""
    pytester.makepyfile("def test_own(): pass")
    run(pytester, "--chatkit-recordings=rec").assert_outcomes(passed=2, failed=1)


def test_secret_in_a_recording_never_reaches_the_output(pytester: pytest.Pytester) -> None:
    """A client secret recorded where a status belongs is masked in the failure."""
    write_recording(pytester.path / "leak.json", conforming_session(status=SECRET))
    result = run(pytester, "--chatkit-recordings=leak.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["  error  schema.enum  /status  'ek_…(redacted)' is not one of*"])
    assert SECRET not in result.stdout.str()


def test_broken_json_recording_fails_with_its_line_and_column(pytester: pytest.Pytester) -> None:
    """A truncated recording is a failing item pointing into the file, not a crash of the run."""
    (pytester.path / "cut.json").write_text('{\n  "id": "cksess_1",\n')
    result = run(pytester, "--chatkit-recordings=cut.json")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["  error  json.parse  (document)  the document ends early*(line *, column *)"])


def test_directory_without_recordings_is_one_collection_error(pytester: pytest.Pytester) -> None:
    """An unreadable recordings path stops the run with one line naming it, not a traceback."""
    (pytester.path / "empty").mkdir()
    result = run(pytester, "--chatkit-recordings=empty")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting empty*", "empty: no recordings (*) in this directory"])
    assert "Traceback" not in result.stdout.str()


def test_each_line_of_a_jsonl_recording_is_its_own_item(pytester: pytest.Pytester) -> None:
    """A JSONL file yields items line-1, line-2 named from the sources' locations."""
    lines = [conforming_session(), conforming_session(status="active")]
    (pytester.path / "log.jsonl").write_bytes(b"\n".join(orjson.dumps(line) for line in lines) + b"\n")
    result = run(pytester, "--chatkit-recordings=log.jsonl", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["log.jsonl::line-1 PASSED*", "log.jsonl::line-2 FAILED*"])


def test_recordings_that_hold_nothing_to_check_are_a_usage_error(pytester: pytest.Pytester) -> None:
    """--chatkit-recordings on a HAR of other requests silently added no items; now it says so (unless allowed)."""
    har = {"log": {"entries": [{"request": {"method": "GET", "url": "https://x.test/"}, "response": {}}]}}
    write_recording(pytester.path / "rec" / "app.har", har)
    refused = run(pytester, "--chatkit-recordings=rec")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*--chatkit-recordings: nothing was checked: 1 HAR entry is not a ChatKit API*"])
    allowed = run(pytester, "--chatkit-recordings=rec", "--chatkit-allow-empty")
    assert allowed.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_recordings_read_the_project_configuration(pytester: pytest.Pytester) -> None:
    """[tool.chatkit-contract] profile = strict applies to recorded items too; the option still wins."""
    pytester.makepyprojecttoml('[tool.chatkit-contract]\nprofile = "strict"\n')
    write_recording(pytester.path / "rec" / "extra.json", conforming_session(scope="x"))
    run(pytester, "--chatkit-recordings=rec").assert_outcomes(failed=1)
    run(pytester, "--chatkit-recordings=rec", "--chatkit-profile=lenient").assert_outcomes(passed=1)


def test_a_har_of_thread_operations_fails_the_entry_that_drifted_naming_its_operation(
    pytester: pytest.Pytester,
) -> None:
    """Each recorded thread request is an item checked as its own operation; a page whose item belongs to another
    thread than the URL's fails with item.thread-id, the headline naming list-thread-items."""
    threads, items = seeded_pages()
    thread_id = items["data"][0]["thread_id"]
    items["data"][1]["thread_id"] = "cthr_elsewhere"
    base = "https://api.openai.com/v1/chatkit/threads"

    def entry(url: str, body: object) -> dict[str, object]:
        content = {"mimeType": "application/json", "text": orjson.dumps(body).decode()}
        return {"request": {"method": "GET", "url": url}, "response": {"status": 200, "content": content}}

    har = {"log": {"entries": [entry(base, threads), entry(f"{base}/{thread_id}/items", items)]}}
    (pytester.path / "threads.har").write_bytes(orjson.dumps(har))
    result = run(pytester, "--chatkit-recordings=threads.har")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "threads.har (entry 2) does not conform to the ChatKit contract "
            "(operation list-thread-items, profile lenient): 1 error",
            "  error  item.thread-id  /data/1/thread_id  the item belongs to thread 'cthr_elsewhere'*",
            "FAILED threads.har::entry-2*",
        ]
    )
