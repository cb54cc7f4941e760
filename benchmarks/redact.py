"""Time ``chatkit-contract redact`` on a 200 MB JSON Lines file and a 100 MB HAR against ``validate`` on the same
file, measured in the same run, and watch its peak memory.

Run: ``python benchmarks/redact.py`` (``--quick``: 20 MB and 10 MB, to try it out). Targets:

1. Linear: redacting takes under 5x the wall time ``validate --format json`` takes on the same file.
2. Bounded: peak memory (resident, in one process: ``--jobs 1``) stays under twice the largest single record
   plus a constant — the constant being the peak of redacting a tenth of the file (the same records): the
   interpreter, its imports, the read buffers and what redaction remembers of recurring strings. Resident
   memory moves in pages and allocator arenas, so the growth is compared allowing 1 MiB for that.

The files hold what real recordings hold: a client secret in every body, bearer keys and cookies in every
HAR entry, about 2% of JSON Lines lines broken (searched by name and shape instead). Each redaction works
on a fresh copy; wall times are the median of several interleaved runs, because shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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

sys.path.insert(0, str(Path(__file__).parent))

# A sibling script, not a package: imported from the path set just above.
from validate_bulk import response

BIN = Path(sys.executable).parent
_GRAIN = 1 << 20  # resident memory is counted in pages and grown by the allocator in arenas: noise below this
CLI = str(BIN / "chatkit-contract")


def _lines(size: int) -> Iterator[bytes]:
    """JSON Lines of cancel responses, about 2% of them cut short, until *size* bytes."""
    chance, number, written = random.Random(7), 0, 0
    while written < size:
        line = json.dumps(response(number), separators=(",", ":")).encode()
        if chance.random() < 0.02:
            line = line[:-25]
        written += len(line) + 1
        number += 1
        yield line + b"\n"


def _entry(number: int) -> dict[str, Any]:
    """A HAR entry as Chrome's DevTools writes one: headers with a bearer key and cookies, a body with a secret."""
    url = f"https://api.openai.com/v1/chatkit/sessions/cksess_{number:012x}/cancel"
    cookie = f"__cf_bm=cf{number:018x}; _cfuvid=u{number:014x}"
    return {
        "startedDateTime": "2026-01-01T12:00:00.000Z",
        "time": 12.5,
        "request": {
            "method": "POST",
            "url": url,
            "httpVersion": "http/1.1",
            "headers": [
                {"name": "authorization", "value": f"Bearer sk-proj-{number:040x}"},
                {"name": "openai-beta", "value": "chatkit_beta=v1"},
                {"name": "cookie", "value": cookie},
            ],
            "queryString": [],
            "cookies": [{"name": "__cf_bm", "value": f"cf{number:018x}"}],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "http/1.1",
            "headers": [
                {"name": "content-type", "value": "application/json"},
                {"name": "set-cookie", "value": f"__cf_bm=cf{number:018x}; path=/; HttpOnly"},
            ],
            "cookies": [],
            "content": {"mimeType": "application/json", "text": json.dumps(response(number), indent=2)},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0.1, "wait": 10.9, "receive": 0.3},
    }


def _write_har(path: Path, size: int) -> int:
    """A HAR of about *size* bytes; the size of its largest entry."""
    largest = 0
    with path.open("w") as file:
        file.write('{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "WebInspector"},\n    "entries": [\n')
        number = 0
        while file.tell() < size:
            text = json.dumps(_entry(number), indent=2)
            largest = max(largest, len(text))
            file.write(("" if number == 0 else ",\n") + text)
            number += 1
        file.write("\n    ]\n  }\n}\n")
    return largest


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of *root* and all its descendants, read from /proc."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        total += next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        pending.extend(int(child) for child in children)
    return total


def _run(command: list[str]) -> tuple[float, int, int]:
    """Wall time, peak resident memory (all processes of the run) and exit status of *command*."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0

    def watch() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    status = process.wait()
    watcher.join()
    return time.perf_counter() - started, peak, status


def _measure(label: str, path: Path, small: Path, largest: int, rounds: int) -> None:
    """Median wall times of validate and redact on *path*; redact's peak memory there and on *small*."""
    validate, redact, peaks = [], [], []
    copy = path.with_name("copy" + path.suffix)
    for _ in range(rounds):
        validate.append(_run([CLI, "validate", "--format", "json", str(path)])[0])
        shutil.copyfile(path, copy)
        seconds, peak, status = _run([CLI, "redact", str(copy)])
        assert status == 0, f"redact exited {status}"
        redact.append(seconds)
        peaks.append(peak)
    assert _run([CLI, "redact", "--check", str(copy)])[2] == 0, "redact --check still finds a secret after redact"
    # Memory in one process: on the whole file, and on a tenth of it (what redacting costs whatever the size).
    shutil.copyfile(path, copy)
    one = _run([CLI, "redact", "--jobs", "1", str(copy)])[1]
    shutil.copyfile(small, copy)
    constant = _run([CLI, "redact", "--jobs", "1", str(copy)])[1]
    copy.unlink()
    ratio = statistics.median(redact) / statistics.median(validate)
    growth = one - constant
    print(f"\n{label} ({path.stat().st_size / 1e6:.0f} MB, largest record {largest / 1e3:.1f} kB), median of {rounds}:")
    print(f"  validate  wall {statistics.median(validate):7.2f} s")
    verdict = "met" if ratio < 5 else "NOT met"
    print(f"  redact    wall {statistics.median(redact):7.2f} s   {ratio:5.2f}x validate   target < 5x  ->  {verdict}")
    print(f"  redact    peak memory, all processes: {max(peaks) / 1e6:.1f} MB")
    print(
        f"  redact --jobs 1 peak memory {one / 1e6:.1f} MB; on a tenth of the file {constant / 1e6:.1f} MB"
        f" (the constant): {growth / 1e6:+.1f} MB for ten times the input; target: under 2 x largest record"
        f" ({2 * largest / 1e3:.1f} kB) + {_GRAIN >> 20} MiB of page and allocator granularity  ->  "
        f"{'met' if growth < 2 * largest + _GRAIN else 'NOT met'}"
    )


def _head(path: Path, size: int, har: bool) -> Path:
    """The first *size* bytes of *path* as a file of the same kind (whole lines; a HAR closed again)."""
    small = path.with_name("small" + path.suffix)
    with path.open("rb") as source, small.open("wb") as target:
        data = source.read(size)
        if har:  # whole entries (each written as its own indented document), the log closed again
            target.write(data[: data.rindex(b"\n},\n") + 2] + b"\n    ]\n  }\n}\n")
        else:
            target.write(data[: data.rindex(b"\n") + 1])
    return small


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per command (median reported)")
    parser.add_argument("--quick", action="store_true", help="20 MB and 10 MB instead of 200 MB and 100 MB")
    options = parser.parse_args()
    if not Path("/proc/self/status").exists():
        sys.exit("needs /proc to watch memory")
    scale = 10 if options.quick else 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="chatkit-redact-bench-") as tmp:
        jsonl = Path(tmp) / "sessions.jsonl"
        largest = 0
        with jsonl.open("wb") as file:
            for line in _lines(200_000_000 // scale):
                largest = max(largest, len(line))
                file.write(line)
        _measure("JSON Lines", jsonl, _head(jsonl, 20_000_000 // scale, har=False), largest, options.rounds)
        jsonl.unlink()
        har = Path(tmp) / "sessions.har"
        largest = _write_har(har, 100_000_000 // scale)
        _measure("HAR", har, _head(har, 10_000_000 // scale, har=True), largest, options.rounds)


if __name__ == "__main__":
    main()
