"""Time ``chatkit-contract validate`` on bulk JSON Lines against a bare orjson loop measured in the same run.

Run: ``python benchmarks/validate_bulk.py`` (``--quick`` skips the 1,000,000-line memory check). On
100,000 cancel responses, ~2% broken four ways (see ``failing_record.py`` for what one costs), each row
prints its wall and CPU time (user + system, every process of the run) and its ratio to the bare loop
that only parses each line with orjson, per round; medians of interleaved rounds with their spread
(min-max), because shared machines are noisy. Targets (issue 16):

1. ``validate --format json --jobs 1``: CPU at most 2.5x the bare loop. For reference, the floor: the same
   loop that also asks jsonschema-rs ``is_valid`` of each document.
2. ``validate --format json`` with its default jobs: wall at most 1.5x the bare loop, on an idle second core.
3. A 1,000,000-line JSONL: peak memory (all processes of the run together) under 150 MB, in one process
   and with workers.

Start-up and the 2,000-single-files comparison are ``startup.py``'s.
"""

from __future__ import annotations

import argparse
import os
import random
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

BIN = Path(sys.executable).parent
FLOOR_LOOP = """
import sys, orjson
from contract.check.validator import _closed_engine
conforms = _closed_engine().is_valid
with open(sys.argv[1], "rb") as file:
    for line in file:
        if line.strip():
            try:
                conforms(orjson.loads(line))
            except orjson.JSONDecodeError:
                pass
"""
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
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def _spread(values: list[float], unit: str = "") -> str:
    return f"{statistics.median(values):6.2f}{unit} ({min(values):.2f}-{max(values):.2f})"


def jsonl_against_parse_loop(workdir: Path, rounds: int) -> None:
    path = workdir / "cancel-100k.jsonl"
    _write_jsonl(path, 100_000)
    cli = str(BIN / "chatkit-contract")
    commands = {
        "parse loop": [sys.executable, "-c", BARE_LOOP, str(path)],
        "floor": [sys.executable, "-c", FLOOR_LOOP, str(path)],
        "validate -j 1": [cli, "validate", "--format", "json", "--jobs", "1", str(path)],
        "validate": [cli, "validate", "--format", "json", str(path)],
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):  # interleaved, so load changes hit every command alike
        for name, command in commands.items():
            times[name].append(_run(command))
    base = times["parse loop"]
    print(f"\n100,000-line JSONL ({path.stat().st_size / 1e6:.0f} MB, ~2% broken), median (min-max) of {rounds}:")
    print(f"  {'':14} {'wall s':>20} {'x parse loop':>20} {'cpu s':>20} {'x parse loop':>20}")
    ratios: dict[str, tuple[list[float], list[float]]] = {}
    for name, values in times.items():
        wall = [w / b for (w, _), (b, _) in zip(values, base, strict=True)]
        cpu = [c / b for (_, c), (_, b) in zip(values, base, strict=True)]
        ratios[name] = (wall, cpu)
        print(
            f"  {name:14} {_spread([w for w, _ in values]):>20} {_spread(wall, 'x'):>20} "
            f"{_spread([c for _, c in values]):>20} {_spread(cpu, 'x'):>20}"
        )
    cpu_j1 = statistics.median(ratios["validate -j 1"][1])
    wall_jobs = statistics.median(ratios["validate"][0])
    print(
        f"  target: validate -j 1 CPU <= 2.5x parse loop  ->  {'met' if cpu_j1 <= 2.5 else 'NOT met'} ({cpu_j1:.2f}x)"
    )
    print(
        f"  target: validate (default jobs, {os.cpu_count()} CPUs) wall <= 1.5x parse loop  ->  "
        f"{'met' if wall_jobs <= 1.5 else 'NOT met'} ({wall_jobs:.2f}x; needs an idle second core)"
    )


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
        if not options.quick:
            memory_on_a_million_lines(workdir)


if __name__ == "__main__":
    main()
