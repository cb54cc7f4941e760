"""Time ``chatkit-contract validate`` on bulk recordings against baselines measured in the same run.

Run: ``python benchmarks/validate_bulk.py`` (``--quick`` skips the 1,000,000-line memory check;
check-jsonschema comes with the test dependency group). Targets:

1. 100,000-line JSONL of cancel responses, ~2% broken: ``validate --format json`` takes at most 3x
   the wall time of a bare Python loop that only parses each line with orjson.
2. 2,000 single-response files: at least 4x faster than ``check-jsonschema`` with the same bundle.
3. A 1,000,000-line JSONL: peak memory (all processes of the run together) under 150 MB.

Wall times are the median of several interleaved runs, because shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from contract.schemas import bundle

BIN = Path(sys.executable).parent
BARE_LOOP = """
import sys, orjson
with open(sys.argv[1], "rb") as file:
    for line in file:
        if line.strip():
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                pass
"""


def response(number: int) -> dict[str, Any]:
    """The conforming cancel response numbered *number* (the other benchmarks share it)."""
    return {
        "id": f"cksess_{number:012x}",
        "object": "chatkit.session",
        "client_secret": f"ek_{number:032x}",
        "expires_at": 1767225600 + number,
        "workflow": {
            "id": "wf_68f2c3d1e5a94b7c",
            "version": "2024-10-01",
            "state_variables": {"plan": "pro", "step": number % 7, "beta": True},
            "tracing": {"enabled": True},
        },
        "user": f"user_{number % 997}",
        "rate_limits": {"max_requests_per_1_minute": 60},
        "max_requests_per_1_minute": 60,
        "status": "cancelled",
        "chatkit_configuration": {
            "automatic_thread_titling": {"enabled": True},
            "file_upload": {"enabled": True, "max_file_size": 16, "max_files": 20},
            "history": {"enabled": True, "recent_threads": None},
        },
    }


def _bodies(count: int, seed: int = 7) -> Iterator[bytes]:
    """Cancel responses; about 2% broken four ways (truncated, enum typo, missing member, milliseconds)."""
    chance = random.Random(seed)
    for number in range(count):
        body = response(number)
        roll = chance.random()
        if roll < 0.005:
            yield orjson.dumps(body)[:-25]
            continue
        if roll < 0.01:
            body["status"] = "canceled"
        elif roll < 0.015:
            del body["workflow"]["tracing"]
        elif roll < 0.02:
            body["expires_at"] *= 1000
        yield orjson.dumps(body)


def _write_jsonl(path: Path, count: int) -> None:
    with path.open("wb") as file:
        for body in _bodies(count):
            file.write(body + b"\n")


def _run(command: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the command and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _medians(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of each command, the rounds interleaved so load changes hit all alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(_run(command))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in times.items()
    }


def jsonl_against_parse_loop(workdir: Path, rounds: int) -> None:
    path = workdir / "cancel-100k.jsonl"
    _write_jsonl(path, 100_000)
    cli = str(BIN / "chatkit-contract")
    results = _medians(
        {
            "parse loop": [sys.executable, "-c", BARE_LOOP, str(path)],
            "validate -j 1": [cli, "validate", "--format", "json", "--jobs", "1", str(path)],
            "validate": [cli, "validate", "--format", "json", str(path)],
        },
        rounds,
    )
    wall, cpu = results["parse loop"]
    print(f"\n100,000-line JSONL ({path.stat().st_size / 1e6:.0f} MB, ~2% broken), median of {rounds}:")
    for name, (seconds, busy) in results.items():
        print(f"  {name:16} wall {seconds:6.2f} s  {seconds / wall:5.2f}x   cpu {busy:6.2f} s  {busy / cpu:5.2f}x")
    verdict = "met" if results["validate"][0] <= 3 * wall else "NOT met"
    print(f"  target: validate wall <= 3x parse loop  ->  {verdict}")


def files_against_check_jsonschema(workdir: Path, rounds: int) -> None:
    folder = workdir / "files"
    folder.mkdir()
    for number, body in enumerate(_bodies(2_000, seed=11)):
        (folder / f"cancel-{number:04}.json").write_bytes(body)
    schema = workdir / "ChatSessionResource.bundle.json"
    schema.write_text(json.dumps(bundle()))
    check = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if check is None:
        print("\n2,000 files: check-jsonschema is not installed (it is in the test dependency group); skipped")
        return
    files = sorted(str(p) for p in folder.iterdir())
    results = _medians(
        {
            "check-jsonschema": [check, "--schemafile", str(schema), *files],
            "validate": [str(BIN / "chatkit-contract"), "validate", "--format", "json", str(folder)],
        },
        rounds,
    )
    speedup = results["check-jsonschema"][0] / results["validate"][0]
    print(f"\n2,000 single-response files, median of {rounds}:")
    for name, (seconds, busy) in results.items():
        print(f"  {name:16} wall {seconds:6.2f} s   cpu {busy:6.2f} s")
    print(f"  validate is {speedup:.1f}x faster; target >= 4x  ->  {'met' if speedup >= 4 else 'NOT met'}")


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of *root* and all its descendants, read from /proc."""
    total = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        pending.extend(int(child) for child in children)
    return total


def memory_on_a_million_lines(workdir: Path) -> None:
    if not Path("/proc/self/task").exists():
        print("\n1,000,000 lines: needs /proc to watch memory; skipped")
        return
    path = workdir / "cancel-1m.jsonl"
    _write_jsonl(path, 1_000_000)
    for jobs in ("1", "0"):
        command = [str(BIN / "chatkit-contract"), "validate", "--format", "json", "--jobs", jobs, str(path)]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0

        def watch(process: subprocess.Popen[bytes] = process) -> None:
            nonlocal peak
            while process.poll() is None:
                peak = max(peak, _tree_rss(process.pid))
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        process.wait()
        watcher.join()
        seconds = time.perf_counter() - started
        label = "in one process" if jobs == "1" else "with workers"
        verdict = "met" if peak < 150e6 else "NOT met"
        print(
            f"\n1,000,000-line JSONL ({path.stat().st_size / 1e6:.0f} MB) {label}: {seconds:.1f} s, "
            f"peak memory {peak / 1e6:.0f} MB (all processes); target < 150 MB  ->  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per command (median reported)")
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-line memory check")
    options = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="chatkit-bench-") as tmp:
        workdir = Path(tmp)
        jsonl_against_parse_loop(workdir, options.rounds)
        files_against_check_jsonschema(workdir, options.rounds)
        if not options.quick:
            memory_on_a_million_lines(workdir)


if __name__ == "__main__":
    main()
