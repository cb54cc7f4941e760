"""The whole ChatKit API, end to end: a HAR of all six operations made of real loopback requests to a `serve`
process, validated per operation; a drifted copy gets exactly one finding per resource, at its pointer."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.live import LiveClient, Recorder
from contract.operations import OPERATION_NAMES, route

KEY = "sk-whole-api-test-0123456789"


@contextmanager
def _serve() -> Iterator[str]:
    """``chatkit-contract serve --port 0`` in a child process; the API root it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "contract", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "OPENAI_API_KEY": KEY},
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)
        assert ready, "serve printed nothing within 20 s"
        match = re.match(r"chatkit-contract: serving on (\S+/v1) ", process.stdout.readline())
        assert match, "serve did not print its address"
        yield match.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _record_all_six(path: Path) -> None:
    """Create a session (which seeds the user's threads), list them, read one, page its items, delete it, cancel."""
    recorder = Recorder(path)
    with _serve() as base_url, LiveClient(api_key=KEY, base_url=base_url) as client:

        def sent(exchange: Any) -> Any:
            recorder.write(exchange)
            assert exchange.status == 200, exchange.body
            return json.loads(exchange.body)

        session = sent(client.create(workflow_id="wf_1", user="user_1"))
        threads = sent(client.list_threads(user="user_1", limit=2))
        thread_id = threads["data"][0]["id"]
        sent(client.get_thread(thread_id))
        sent(client.list_thread_items(thread_id, limit=4, order="asc"))
        sent(client.delete_thread(thread_id))
        sent(client.cancel(session["id"]))


@pytest.fixture(scope="module")
def har(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The recording, made once for the module."""
    path = tmp_path_factory.mktemp("whole-api") / "all-six.har"
    _record_all_six(path)
    return path


def _report(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["validate", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def _found(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(entry["location"], f["rule"], f["pointer"]) for entry in report["results"] for f in entry["findings"]]


def test_a_har_of_all_six_operations_from_serve_validates_per_operation(har: Path) -> None:
    """Every entry is routed to its own operation (by method and URL) and passes its resource and rules, even
    strictly; each --operation picks out exactly its one entry."""
    entries = json.loads(har.read_text())["log"]["entries"]
    routed = [route(e["request"]["method"], e["request"]["url"]) for e in entries]
    assert [found.operation.name for found in routed if found is not None] == [
        "create",
        "list-threads",
        "get-thread",
        "list-thread-items",
        "delete-thread",
        "cancel",
    ]
    code, report = _report("--profile", "strict", str(har))
    assert code == 0, report
    assert report["summary"]["checked"] == report["summary"]["passed"] == 6
    for name in OPERATION_NAMES:
        code, report = _report("--operation", name, str(har))
        assert code == 0
        assert (report["summary"]["checked"], report["summary"]["skipped"]) == (1, 5), name


#: One field changed in each resource, and exactly what that must be reported as (entry by entry).
DRIFTS: list[tuple[Callable[[dict[str, Any]], None], tuple[str, str]]] = [
    # ChatSessionResource (create): a required member gone.
    (lambda body: body["workflow"].pop("tracing"), ("schema.required", "/workflow/tracing")),
    # ThreadListResource: a locked thread's reason gone; the status union reports the branch its type names.
    (
        lambda body: body["data"][0].update(status={"type": "locked"}),
        ("schema.required", "/data/0/status/reason"),
    ),
    # ThreadResource (get-thread): the body describes another thread than the path asked for.
    (lambda body: body.update(id="cthr_someone_else"), ("thread.path-id", "/id")),
    # ThreadItemListResource: an item of another thread in this thread's page.
    (lambda body: body["data"][1].update(thread_id="cthr_other"), ("item.thread-id", "/data/1/thread_id")),
    # DeletedThreadResource: not deleted after all.
    (lambda body: body.update(deleted=False), ("delete.deleted", "/deleted")),
    # ChatSessionResource (cancel): still active.
    (lambda body: body.update(status="active"), ("cancel.status", "/status")),
]


def test_a_drifted_copy_gets_exactly_the_expected_rule_and_pointer_for_each_resource(har: Path, tmp_path: Path) -> None:
    """One field per resource changed in the recorded bodies: each entry gets exactly its one finding."""
    document = json.loads(har.read_text())
    for entry, (change, _) in zip(document["log"]["entries"], DRIFTS, strict=True):
        content = entry["response"]["content"]
        body = json.loads(content["text"])
        change(body)
        content["text"] = json.dumps(body)
    drifted = tmp_path / "drifted.har"
    drifted.write_text(json.dumps(document, indent=2))
    code, report = _report(str(drifted))
    assert code == 1
    expected = [(f"entry {number}", *finding) for number, (_, finding) in enumerate(DRIFTS, start=1)]
    assert _found(report) == expected
    assert report["summary"]["failed"] == 6
