"""Time ``validate`` on a HAR file and on a VCR cassette against parsing the same file, in the same run.

Run: ``python benchmarks/readers.py [--rounds N] [--keep DIR]``. It writes a 2,000-entry HAR file in the
shape Chrome's "Save all as HAR" gives (cancel and create answers, preflights and page requests that are
skipped, some bodies base64-encoded or recorded from a gzip answer, about 2% breaking the contract) and a
2,000-interaction cassette as VCR.py writes it (some bodies gzip-compressed ``!!binary``, about 2% broken).

Targets (issue 16): ``validate`` of the HAR file at most 3x ``json.load`` of it; of the cassette at most 1.2x
``yaml.load`` with ``CSafeLoader``. Each is measured two ways, each against its own baseline: the library call
the command makes (``check_paths``, in this process) against the parse in this process, and the installed
command as a user runs it against a Python process that only parses the file. Figures are the median of
interleaved rounds, CPU and wall, with their spread (min-max of the ratio over the rounds).
"""

from __future__ import annotations

import argparse
import base64
import gc
import gzip
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from contract.run import check_paths

sys.path.insert(0, str(Path(__file__).parent))

# A sibling script, not a package: imported from the path set just above.
from validate_bulk import response

BIN = Path(sys.executable).parent
API = "https://api.openai.com/v1/chatkit/sessions"
ENTRIES = 2_000
KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
JSON_LOAD = "import json, sys\nwith open(sys.argv[1], 'rb') as file:\n    json.load(file)\n"
YAML_LOAD = "import sys, yaml\nwith open(sys.argv[1], 'rb') as file:\n    yaml.load(file, Loader=yaml.CSafeLoader)\n"


def _answers(count: int, seed: int) -> Iterator[tuple[str, str, bytes]]:
    """(method, url, body) of recorded answers: cancels and some creates, about 2% breaking the contract."""
    chance = random.Random(seed)
    for number in range(count):
        body = response(number)
        method, url = "POST", f"{API}/{body['id']}/cancel"
        if number % 10 == 3:
            body["status"] = "active"
            url = API
        roll = chance.random()
        if roll < 0.004:
            yield method, url, json.dumps(body).encode()[:-25]
            continue
        if roll < 0.008:
            body["status"] = "canceled"
        elif roll < 0.012:
            del body["workflow"]["tracing"]
        elif roll < 0.016:
            body["expires_at"] *= 1000
        elif roll < 0.02:
            body["chatkit_configuration"]["history"]["recent_threads"] = "ten"
            body["surprise"] = {"client_secret": f"ek_{number:032x}"}
        yield method, url, json.dumps(body, indent=2 if number % 50 == 7 else None).encode()


def _har_headers(pairs: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs.items()]


def _har_entry(method: str, url: str, status: int, content: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    return {
        "_initiator": {"type": "script", "stack": {"callFrames": [{"functionName": "send", "lineNumber": 41}]}},
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
            "method": method,
            "url": url,
            "httpVersion": "http/2.0",
            "headers": _har_headers({"authorization": f"Bearer {KEY}", "openai-beta": "chatkit_beta=v1"}),
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "http/2.0",
            "headers": _har_headers(headers),
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_transferSize": content.get("size", 0) + 200,
            "_error": None,
        },
        "serverIPAddress": "104.18.33.45",
        "startedDateTime": "2026-01-01T12:00:00.000Z",
        "time": 12.5,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 10.9, "receive": 0.3},
    }


def har_entries(count: int = ENTRIES, seed: int = 16) -> Iterator[dict[str, Any]]:
    """*count* entries as a browser records them; one in eight is a preflight or a page request (skipped)."""
    answers = _answers(count, seed)
    for number in range(count):
        if number % 8 == 5:
            content = {"size": 0, "mimeType": "x-unknown"}
            yield _har_entry("OPTIONS", f"{API}/cksess_{number:012x}/cancel", 204, content, {})
            continue
        if number % 8 == 6:
            content = {"size": 31, "mimeType": "text/css", "text": "body { font-family: sans-serif; }"}
            yield _har_entry("GET", f"https://app.example.test/static/{number}.css", 200, content, {})
            continue
        method, url, body = next(answers)
        headers = {"content-type": "application/json", "x-request-id": f"req_{number:08x}"}
        content = {"size": len(body), "mimeType": "application/json"}
        if number % 25 == 2:
            content.update(text=base64.b64encode(body).decode(), encoding="base64")
        elif number % 997 == 500:
            content.update(text="not base64 at all!", encoding="base64")
        else:
            content["text"] = body.decode()
        if number % 9 == 4:
            headers["content-encoding"] = "gzip"  # the browser stores what it decoded
        yield _har_entry(method, url, 200, content, headers)


def write_har(path: Path, count: int = ENTRIES) -> Path:
    """A HAR file of *count* entries, two-space indented as Chrome writes it."""
    log = {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [
                {"startedDateTime": "2026-01-01T12:00:00.000Z", "id": "page_1", "title": "https://app.example.test/"}
            ],
            "entries": list(har_entries(count)),
        }
    }
    path.write_text(json.dumps(log, indent=2), encoding="utf-8")
    return path


def cassette_interactions(count: int = ENTRIES, seed: int = 61) -> Iterator[dict[str, Any]]:
    """*count* interactions as VCR.py records them; every tenth body gzip-compressed (``!!binary``)."""
    for number, (method, url, body) in enumerate(_answers(count, seed)):
        headers: dict[str, list[str]] = {"Content-Type": ["application/json"], "openai-processing-ms": ["41"]}
        recorded: str | bytes = body.decode()
        if number % 10 == 9:
            recorded = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = ["gzip"]
        yield {
            "request": {
                "body": None,
                "headers": {
                    "Authorization": [f"Bearer {KEY}"],
                    "OpenAI-Beta": ["chatkit_beta=v1"],
                    "User-Agent": ["OpenAI/Python 1.109.1"],
                },
                "method": method,
                "uri": url,
            },
            "response": {
                "body": {"string": recorded},
                "headers": headers,
                "status": {"code": 200, "message": "OK"},
            },
        }


def write_cassette(path: Path, count: int = ENTRIES) -> Path:
    """A YAML cassette of *count* interactions, dumped as VCR.py's YAML serializer does."""
    document = {"interactions": list(cassette_interactions(count)), "version": 1}
    path.write_text(yaml.dump(document, Dumper=yaml.CDumper), encoding="utf-8")
    return path


def _json_load(path: Path) -> None:
    with path.open("rb") as file:
        json.load(file)


def _yaml_load(path: Path) -> None:
    with path.open("rb") as file:
        yaml.load(file, Loader=yaml.CSafeLoader)


def _without_collector(load: Callable[[Path], None]) -> Callable[[Path], None]:
    def load_without_collector(path: Path) -> None:
        gc.disable()
        try:
            load(path)
        finally:
            gc.enable()

    return load_without_collector


def _validate(path: Path) -> None:
    """What ``chatkit-contract validate -j 1`` asks of the library; the outcomes are consumed, not kept."""
    for _ in check_paths([str(path)], jobs=1):
        pass


def _in_process(function: Callable[[Path], None], path: Path) -> tuple[float, float]:
    started, busy = time.perf_counter(), time.process_time()
    function(path)
    return time.perf_counter() - started, time.process_time() - busy


def _subprocess(command: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the command and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


Runs = dict[str, list[tuple[float, float]]]


def _rounds(runs: dict[str, Callable[[], tuple[float, float]]], rounds: int) -> Runs:
    """(wall, cpu) of every run in each round, the runs interleaved so that load changes hit all alike."""
    times: Runs = {name: [] for name in runs}
    for run in runs.values():
        run()  # warm caches and imports
    for _ in range(rounds):
        for name, run in runs.items():
            times[name].append(run())
    return times


def _ratio_line(
    label: str, ours: list[tuple[float, float]], base: list[tuple[float, float]], target: float | None
) -> str:
    """Median and min-max over the rounds of ours / base (each round's pair), in CPU and wall time."""
    parts, verdict = [], "(for reference)"
    for index, kind in ((1, "cpu"), (0, "wall")):
        ratios = [o[index] / b[index] for o, b in zip(ours, base, strict=True)]
        median = statistics.median(ratios)
        parts.append(f"{kind} {median:5.2f}x ({min(ratios):.2f}-{max(ratios):.2f})")
        if index == 1 and target is not None:
            verdict = f"target <= {target}x (cpu): {'met' if median <= target else 'NOT met'}"
    seconds = statistics.median(t for _, t in ours)
    return f"  {label:38} {seconds:6.3f} s cpu   {'   '.join(parts)}   {verdict}"


@dataclass(frozen=True)
class Case:
    """A recording, the parse it is measured against (in this process, and as a script), and the target."""

    name: str
    path: Path
    load: Callable[[Path], None]
    baseline: str
    script: str
    target: float


def measure(case: Case, rounds: int) -> None:
    path, load = case.path, case.load
    runs: dict[str, Callable[[], tuple[float, float]]] = {
        "baseline": lambda: _in_process(load, path),
        "baseline, collector off": lambda: _in_process(_without_collector(load), path),
        "library": lambda: _in_process(_validate, path),
        "baseline process": lambda: _subprocess([sys.executable, "-c", case.script, str(path)]),
        "command": lambda: _subprocess([str(BIN / "chatkit-contract"), "validate", "--format", "json", str(path)]),
    }
    times = _rounds(runs, rounds)
    base = statistics.median(c for _, c in times["baseline"])
    print(f"\n{case.name} ({path.stat().st_size / 1e6:.1f} MB), median of {rounds} interleaved rounds (min-max):")
    print(f"  {case.baseline:38} {base:6.3f} s cpu")
    print(_ratio_line("validate, library (check_paths -j 1)", times["library"], times["baseline"], case.target))
    print(_ratio_line("validate, command (a process)", times["command"], times["baseline process"], case.target))
    print(_ratio_line("  library vs baseline, collector off", times["library"], times["baseline, collector off"], None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (median reported)")
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = arguments.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        har = write_har(folder / "browser.har")
        cassette = write_cassette(folder / "cassette.yaml")
        measure(Case("HAR, 2,000 entries", har, _json_load, "json.load", JSON_LOAD, 3.0), arguments.rounds)
        cassette_case = Case(
            "VCR cassette, 2,000 interactions", cassette, _yaml_load, "yaml.load, CSafeLoader", YAML_LOAD, 1.2
        )
        measure(cassette_case, arguments.rounds)
    print(
        "\nThe command's ratio is to a Python process that only parses the file, start-up included on both sides."
        "\nThe C YAML loader holds the whole document, so Python's cycle collector costs it about half its time;"
        "\nthe readers stream and barely pay it: the ratio to the loader with the collector off is the stricter one."
    )


if __name__ == "__main__":
    main()
