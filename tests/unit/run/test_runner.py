"""The runner: every result in input order, the same with worker processes as without."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from contract import InputError, Result, check_paths
from contract.exchange import Skipped
from contract.run import runner as runner_module
from tests.helpers import conforming_session


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Many small files plus a JSON Lines file big enough to be cut into several pieces."""
    monkeypatch.setattr(runner_module, "SPLIT_SIZE", 4096)
    monkeypatch.setattr(runner_module, "_BATCH_FILES", 16)
    for n in range(40):
        payload = conforming_session(id=f"cksess_{n}", status="active" if n % 7 == 0 else "cancelled")
        (tmp_path / f"r{n:02}.json").write_text(json.dumps(payload, indent=2))
    lines = []
    for n in range(300):
        body = json.dumps(conforming_session(id=f"cksess_line{n}"))
        lines.append(body[:-9] if n % 50 == 3 else body)
    (tmp_path / "zz.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path


def _view(outcomes: list[Result | Skipped]) -> list[tuple[object, ...]]:
    return [
        (o.source, o.location, tuple((f.rule, f.line, f.column) for f in o.findings))
        if isinstance(o, Result)
        else ("skipped", o.source, o.location)
        for o in outcomes
    ]


def test_worker_processes_give_the_same_results_in_the_same_order(corpus: Path) -> None:
    """--jobs 2 reads and checks in other processes, yet the outcome list is identical to --jobs 1."""
    alone = list(check_paths([str(corpus)], jobs=1))
    spread = list(check_paths([str(corpus)], jobs=2))
    assert _view(spread) == _view(alone)
    assert len(alone) == 340
    assert [o.location for o in alone[40:43]] == ["line 1", "line 2", "line 3"]
    failing = [o for o in alone if isinstance(o, Result) and not o.ok]
    assert len(failing) == 6 + 6
    assert {f.rule for o in failing[6:] for f in o.findings} == {"json.parse"}


def test_workers_are_spawned_when_threads_make_fork_unsafe(corpus: Path) -> None:
    """With another thread running, workers start fresh (spawn) and still give the same results."""
    alone = _view(list(check_paths([str(corpus)], jobs=1)))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _view(list(check_paths([str(corpus)], jobs=2))) == alone
    finally:
        stop.set()
        thread.join()


def _in_a_fresh_process(corpus: Path, code: str) -> Any:
    """What *code* prints (JSON) run in a new interpreter on *corpus*: workers are forked only where no other
    thread runs, which a test process (pytest-xdist's) does not promise."""
    prelude = (
        "import json, os, signal, sys\n"
        "from contract import ContractError, check_paths\n"
        "from contract.run import forked, runner, workers\n"
        "runner.SPLIT_SIZE, runner._BATCH_FILES = 4096, 2\n"
        "corpus = sys.argv[1]\n"
        "def view(outcomes):\n"
        "    return [(o.source, o.location, [f.rule for f in o.findings]) for o in outcomes]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + code, str(corpus)], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_this_process_is_one_of_the_jobs(corpus: Path) -> None:
    """--jobs 3 forks two worker processes, and this process checks batches too (those no worker has begun
    while it waits): the outcomes are --jobs 1's, in order, whoever checked them, and the workers are reaped."""
    found = _in_a_fresh_process(
        corpus,
        "here, forks = [], []\n"
        "check_here, fork = workers._here, forked._fork\n"
        "workers._here = lambda batch, options: here.append(1) or check_here(batch, options)\n"
        "def counted_fork(*args):\n"
        "    worker = fork(*args)\n"
        "    forks.append(worker.pid)\n"
        "    return worker\n"
        "forked._fork = counted_fork\n"
        "alone = view(check_paths([corpus], jobs=1))\n"
        "spread = view(check_paths([corpus], jobs=3))\n"
        "def reaped(pid):\n"
        "    try:\n"
        "        os.waitpid(pid, os.WNOHANG)\n"
        "    except ChildProcessError:\n"
        "        return True\n"
        "    return False\n"
        "print(json.dumps([alone == spread, len(alone), len(forks), len(here), all(map(reaped, forks))]))\n",
    )
    assert found == [True, 340, 2, found[3], True]
    assert found[3] > 0  # some batches never went to a worker


def test_a_worker_that_dies_fails_the_run_in_order(corpus: Path) -> None:
    """A worker killed outright (by the OOM killer, say) loses what it held: the run gives what came before, in
    order, then stops with an error that says so; never a hang, never a result lost silently."""
    seen, error = _in_a_fresh_process(
        corpus,
        "real, parent, taken = workers._worker, os.getpid(), []\n"
        "def dying(batch, options):\n"
        "    if os.getpid() != parent:\n"
        "        taken.append(batch)\n"
        "        if len(taken) == 2:\n"
        "            os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(batch, options)\n"
        "workers._worker = dying\n"
        "seen, error = [], None\n"
        "try:\n"
        "    for outcome in check_paths([corpus], jobs=2):\n"
        "        seen.append(outcome.source)\n"
        "except ContractError as err:\n"
        "    error = str(err)\n"
        "print(json.dumps([seen, error]))\n",
    )
    assert error == "a worker process ended (killed by signal 9) before sending back what it checked"
    everything = [o.source for o in check_paths([str(corpus)], jobs=1)]
    assert seen == everything[: len(seen)]
    assert len(seen) < len(everything)


def test_a_run_that_cannot_fork_checks_everything_here(corpus: Path) -> None:
    """No process can be forked (a process limit reached: EAGAIN): --jobs 2 gives --jobs 1's outcomes, in order,
    from this process alone, not a traceback."""
    same, forks = _in_a_fresh_process(
        corpus,
        "import errno\n"
        "alone = view(check_paths([corpus], jobs=1))\n"
        "tries = []\n"
        "def refused():\n"
        "    tries.append(1)\n"
        "    raise OSError(errno.EAGAIN, 'Resource temporarily unavailable')\n"
        "os.fork = refused\n"
        "print(json.dumps([view(check_paths([corpus], jobs=2)) == alone, len(tries)]))\n",
    )
    assert (same, forks) == (True, 1)


def test_an_input_error_in_a_worker_stops_the_run_in_order(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file no worker can read fails the run with its name, after the results that came before it."""
    monkeypatch.setattr(runner_module, "_BATCH_FILES", 2)
    # Stat and open succeed, every read fails (offset 0 of a process's memory is never mapped).
    (corpus / "r05.json").unlink()
    (corpus / "r05.json").symlink_to("/proc/self/mem")
    paths = [str(corpus / f"r{n:02}.json") for n in range(7)]
    outcomes = check_paths(paths, jobs=2)
    assert [next(outcomes).source for _ in range(5)] == paths[:5]
    with pytest.raises(InputError, match=r"r05\.json: input/output error"):
        next(outcomes)


def test_progress_counts_every_input_byte_once(corpus: Path) -> None:
    """The progress callback adds up to the size of all inputs."""
    done: list[int] = []
    list(check_paths([str(corpus)], jobs=2, on_progress=done.append))
    assert sum(done) == sum(p.stat().st_size for p in corpus.iterdir())


@pytest.mark.parametrize(
    ("paths", "ignore", "message"),
    [(["-"], ["nope"], "unknown rule id 'nope'"), (["-", "missing.json"], [], "missing.json: no such file")],
)
def test_bad_options_and_missing_paths_are_refused_before_any_result(
    paths: list[str], ignore: list[str], message: str
) -> None:
    """The call itself fails, so a report is never started for a run that cannot happen."""
    with pytest.raises(InputError, match=message):
        check_paths(paths, ignore=ignore)


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github", "html"])
def test_every_report_is_the_same_byte_for_byte_with_workers(corpus: Path, fmt: str) -> None:
    """Spans read by workers, failures of every kind in lines of every shape: each format's report of --jobs 2
    is the --jobs 1 report, byte for byte (JUnit's elapsed time aside)."""
    import io
    import re

    from contract.report import REPORTERS

    lines = [
        json.dumps(conforming_session(id=f"cksess_mixed{n}"), separators=(",", ":") if n % 2 else (", ", ": "))
        for n in range(200)
    ]
    lines[5] = lines[5].replace('"cancelled"', '"canceled"')
    lines[17] = lines[17].replace('"tracing"', '"tracin"')
    lines[40] = lines[40][:-3]
    lines[41] = ""
    lines[77] = lines[77].replace('"user"', '"user": "u", "extra"')
    lines[120] = lines[120].replace('"cksess_mixed120"', "12")
    (corpus / "zz-mixed.jsonl").write_text("\r\n".join(lines) + "\n")

    def report(jobs: int) -> str:
        stream = io.StringIO()
        REPORTERS[fmt](stream, verbosity=1).report(check_paths([str(corpus)], jobs=jobs))
        return re.sub(r'time="[0-9.]+"', 'time=""', stream.getvalue())

    assert report(2) == report(1)
    # Workers forked in a process where no other thread runs (this one may have pytest-xdist's).
    assert _in_a_fresh_process(
        corpus,
        "import io, re\n"
        "from contract.report import REPORTERS\n"
        "def report(jobs):\n"
        "    stream = io.StringIO()\n"
        f"    REPORTERS[{fmt!r}](stream, verbosity=1).report(check_paths([corpus], jobs=jobs))\n"
        "    return re.sub(r'time=\"[0-9.]+\"', 'time=\"\"', stream.getvalue())\n"
        "print(json.dumps(report(2) == report(1)))\n",
    )
