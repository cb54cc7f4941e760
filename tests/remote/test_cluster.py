"""A Dask cluster gives exactly the report a local run gives: every format, positions, masking, skipped and
baselined counts, the nothing-checked verdict, exit codes; a worker killed mid-run costs nothing but time."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contract import check_paths
from contract.cli import main
from contract.errors import ClusterError
from contract.exchange import Skipped
from contract.findings import Result
from contract.run import runner as runner_module
from tests.helpers import conforming_session
from tests.remote.test_s3 import FORMATS, stable

pytestmark = pytest.mark.slow

# Small pieces, so that the JSON Lines log is cut into many spans and batches spread over both workers.
SPLIT = 256 * 1024


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner_module, "SPLIT_SIZE", SPLIT)


def _reports(tmp_path: Path, name: str, *args: str) -> tuple[int, dict[str, str], str]:
    """One validate run writing every format at once: exit code, each format's report, stderr."""
    folder = tmp_path / name
    outputs = [f"--output={format_}={folder / format_}" for format_ in FORMATS if format_ != "json"]
    result = CliRunner().invoke(main, ["validate", "--color", "never", "--format", "json", *outputs, *args])
    reports = {format_: stable((folder / format_).read_text()) for format_ in FORMATS if format_ != "json"}
    reports["json"] = result.stdout
    return result.exit_code, reports, result.stderr


def test_locally_with_jobs_and_on_the_cluster_the_reports_are_identical(
    tmp_path: Path, s3_corpus: str, local_corpus: Path, cluster: Any, small_pieces: None
) -> None:
    """The bucket and the local copy, in one process, in two, and on two Dask workers: one report per format."""
    inputs = [s3_corpus, str(local_corpus)]
    alone = _reports(tmp_path, "alone", "--jobs", "1", *inputs)
    spread = _reports(tmp_path, "spread", "--jobs", "2", *inputs)
    clustered = _reports(tmp_path, "cluster", "--scheduler", cluster.scheduler_address, *inputs)
    assert alone[0] == spread[0] == clustered[0] == 1
    assert alone[1] == spread[1] == clustered[1]
    assert alone[2] == spread[2] == clustered[2] == ""
    summary = json.loads(alone[1]["json"])["summary"]
    assert (summary["checked"], summary["skipped"]) == (2 * 8011, 2 * 3)


def test_baselined_and_skipped_counts_and_the_configured_scheduler(
    tmp_path: Path, s3_corpus: str, cluster: Any, small_pieces: None
) -> None:
    """scheduler in [tool.chatkit-contract] sends validate to the cluster; the baseline and --endpoint apply
    as they do locally, counts included."""
    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.chatkit-contract]\nrecordings = ["{s3_corpus}"]\nbaseline = "baseline.json"\n')
    update = CliRunner().invoke(main, ["gate", "--config", str(config), "--update-baseline"])
    assert update.exit_code == 0, update.output
    local = _reports(tmp_path, "local", "--config", str(config), "--jobs", "1", "--endpoint", "cancel", s3_corpus)
    config.write_text(config.read_text() + f'scheduler = "{cluster.scheduler_address}"\n')
    remote = _reports(tmp_path, "remote", "--config", str(config), "--endpoint", "cancel", s3_corpus)
    assert local == remote
    summary = json.loads(remote[1]["json"])["summary"]
    assert remote[0] == 0
    assert summary["failed"] == 0
    assert summary["baselined"] > 100
    assert summary["skipped"] == 5  # the preflight, the page fetch and the create in the HAR; two in the cassettes


def test_nothing_checked_is_the_same_verdict_on_the_cluster(tmp_path: Path, s3_corpus: str, cluster: Any) -> None:
    """A cassette holding no create call checked for creates: exit 2 saying why, or 0 with --allow-empty."""
    cassette = s3_corpus + "e-cassette.yaml"
    address = cluster.scheduler_address
    for extra, code in (((), 2), (("--allow-empty",), 0)):
        local = _reports(tmp_path, f"l{code}", "--jobs", "1", "--endpoint", "session", *extra, cassette)
        remote = _reports(tmp_path, f"r{code}", "--scheduler", address, "--endpoint", "session", *extra, cassette)
        assert local == remote
        assert remote[0] == code
        assert json.loads(remote[1]["json"])["summary"]["nothing_checked"].startswith("3 cassette interactions")
        assert ("chatkit-contract: error: nothing was checked: " in remote[2]) == (code == 2)


def _view(outcomes: Iterator[Result | Skipped] | list[Result | Skipped]) -> list[tuple[Any, ...]]:
    return [
        (o.source, o.location, tuple((f.rule, f.pointer, f.line, f.column) for f in o.findings))
        if isinstance(o, Result)
        else ("skipped", o.source, o.location, o.operation)
        for o in outcomes
    ]


def test_the_library_entry_points_run_inside_a_dask_graph(s3_corpus: str, cluster: Any, small_pieces: None) -> None:
    """recordings_bag holds what check_paths yields, in order; validate_bag checks a bag of bodies."""
    import dask.bag
    from distributed import Client

    from contract.dask import recordings_bag, validate_bag

    expected = _view(check_paths([s3_corpus]))
    with Client(cluster, set_as_default=False) as client:
        bag = recordings_bag(s3_corpus)
        assert bag.npartitions > 3
        assert _view(client.compute(bag).result()) == expected
        lines = dask.bag.read_text(s3_corpus + "c-log.jsonl", blocksize=SPLIT).filter(str.strip)
        results = client.compute(validate_bag(lines)).result()
    from_file = [o for o in check_paths([s3_corpus + "c-log.jsonl"]) if isinstance(o, Result)]
    assert len(results) == len(from_file) == 8000
    assert [(r.ok, [f.rule for f in r.findings]) for r in results] == [
        (o.ok, [f.rule for f in o.findings]) for o in from_file
    ]


def _worker_pids(client: Any) -> list[int]:
    return sorted(client.run(os.getpid).values())


def test_a_worker_killed_mid_run_is_replaced_and_the_report_is_whole(
    s3_corpus: str, cluster: Any, small_pieces: None
) -> None:
    """SIGKILL one worker process after the first results: Dask runs its tasks again, nothing is lost."""
    from distributed import Client

    expected = _view(check_paths([s3_corpus]))
    with Client(cluster, set_as_default=False) as client:
        victim = _worker_pids(client)[0]
        killed: list[int] = []

        def kill_once(done: int) -> None:
            if not killed:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        outcomes = _view(check_paths([s3_corpus], scheduler=client, on_progress=kill_once))
        assert killed
        assert outcomes == expected
        client.wait_for_workers(2, timeout=60)
        assert victim not in _worker_pids(client)


def test_when_dask_gives_up_on_a_dead_worker_the_run_stops_with_exit_2(
    tmp_path: Path, s3_corpus: str, s3_endpoint: str, small_pieces: None
) -> None:
    """With no retry allowed, workers killed mid-task are a ClusterError naming the input, after the results
    before it (the command exits 2 with that line): never a report that silently lacks work."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        fragile = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0")
        try:
            with Client(fragile, set_as_default=False) as client:
                client.wait_for_workers(2)

                def kill_all(done: int) -> None:
                    # At every step, the workers of the moment (restarted ones too): some task is bound to be running.
                    for pid in _worker_pids(client):
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)

                outcomes = check_paths([s3_corpus], scheduler=client, on_progress=kill_all)
                seen: list[object] = []
                with pytest.raises(ClusterError, match=r"c-log\.jsonl: a Dask worker died checking it"):
                    seen.extend(outcomes)
                assert 0 < len(seen) < 8011

                client.wait_for_workers(2, timeout=60)
                stop = threading.Event()

                def keep_killing() -> None:
                    while not stop.wait(0.2):
                        kill_all(0)

                killer = threading.Thread(target=keep_killing)
                killer.start()
                try:
                    result = CliRunner().invoke(main, ["validate", "--scheduler", fragile.scheduler_address, s3_corpus])
                finally:
                    stop.set()
                    killer.join()
        finally:
            # Closing a cluster whose workers were just killed can raise KeyError for a worker the scheduler has
            # already forgotten (dask/distributed#5407): the cluster's race, not this run's outcome.
            with contextlib.suppress(KeyError):
                fragile.close()
    assert result.exit_code == 2
    assert result.stderr.startswith("chatkit-contract: error: s3://recordings/corpus/")
    assert "a Dask worker died checking it, each time it was tried; the run stopped" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_scheduler_local_starts_a_cluster_for_the_run(tmp_path: Path, s3_corpus: str, s3_endpoint: str) -> None:
    """--scheduler local: a cluster of --jobs worker processes for this run, the same report, nothing on stderr."""
    command = [sys.executable, "-m", "contract", "validate", "--format", "json", "--color", "never"]
    here = subprocess.run(
        [*command, "--jobs", "1", s3_corpus], capture_output=True, text=True, timeout=300, check=False
    )
    there = subprocess.run(
        [*command, "--scheduler", "local", "--jobs", "2", s3_corpus],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (there.returncode, there.stdout, there.stderr) == (here.returncode, here.stdout, "")


def test_a_scheduler_out_of_reach_is_one_line_and_exit_2(s3_corpus: str, s3_endpoint: str) -> None:
    """Dask's own connect timeout applies; the error names the address and comes before any report."""
    environment = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    command = [sys.executable, "-m", "contract", "validate", "--scheduler", "tcp://127.0.0.1:9", s3_corpus]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("chatkit-contract: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert len(done.stderr.splitlines()) == 1


def test_the_readme_cluster_snippet_runs_with_a_cluster_in_place_of_kubernetes(
    tmp_path: Path, s3_corpus: str, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's Python example, its KubeCluster swapped for this LocalCluster: a SARIF report of the bucket."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### On a Dask cluster", 1)[1]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    lines = [line for line in block.splitlines() if "dask_kubernetes" not in line]
    code = "\n".join(
        "cluster = ADDRESS" if line.startswith("cluster = KubeCluster(") else line for line in lines
    ).replace("s3://acme-traffic/chatkit/2025-06/", s3_corpus)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"ADDRESS": cluster.scheduler_address})
    sarif = json.loads((tmp_path / "contract.sarif").read_text())
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {
        s3_corpus + name for name in ("b-truncated.json", "c-log.jsonl", "d-browser.har", "e-cassette.yaml")
    }


def test_ctrl_c_on_a_local_cluster_exits_130_with_one_line(tmp_path: Path) -> None:
    """SIGINT to the whole process group, the cluster's workers included: the interrupted line alone, exit 130."""
    line = json.dumps(conforming_session(status="canceled", expires_at="soon", user=7))
    log = tmp_path / "drifted.jsonl"
    log.write_text((line + "\n") * 60_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "contract", "validate", "--scheduler", "local", "--jobs", "2", str(log), str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert process.stdout is not None
    process.stdout.readline()  # results are arriving: the cluster is up and working
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, b"chatkit-contract: interrupted\n")
