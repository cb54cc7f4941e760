"""Time ``validate`` on a Dask cluster against ``validate --jobs 2`` on the same 1,000,000 JSON Lines responses.

Run: ``python benchmarks/cluster.py`` (moto, dask and s3fs come with the test dependency group). The responses
(~2% broken, as in validate_bulk.py) are put in a bucket of moto's S3-compatible server on 127.0.0.1, as
100 objects of 10,000 lines (about 6 MB each, like hourly log files; each is still cut into spans of whole
lines): moto reads a whole object for every ranged request, so one 600 MB object would measure moto. A
``LocalCluster`` of two worker processes (one thread each) runs beside it. Target: on one machine, the cluster
path costs at most 1.5x the wall time of ``validate --jobs 2`` on the same objects, and the two JSON reports
are byte for byte identical. The same run on a local copy of the files is shown for reference (its report
differs only in the source names).

Each command runs as a user runs it (a fresh ``chatkit-contract`` process); wall times are the median of
``--rounds`` interleaved runs, because shared machines are noisy.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# A sibling script, not a package: imported from the path set just above.
from validate_bulk import _bodies

BIN = Path(sys.executable).parent
CLI = str(BIN / "chatkit-contract")
BUCKET = "bench"
TARGET = 1.5
PER_OBJECT = 10_000


def _lines(count: int) -> Iterator[bytes]:
    """validate_bulk.py's corpus, a line each: cancel responses, about 2% broken four ways."""
    for body in _bodies(count):
        yield body + b"\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_moto() -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(endpoint + "/moto-api/", timeout=1):
                return server, endpoint
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("moto server did not start") from None
            time.sleep(0.1)


def _run(command: list[str], report: Path) -> float:
    started = time.perf_counter()
    with report.open("wb") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 1:  # the data holds broken responses: 1 is the one right answer
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="timed runs per command (median reported)")
    parser.add_argument("--lines", type=int, default=1_000_000, help="JSON Lines responses")
    options = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f} at start")
    server, endpoint = _start_moto()
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench-secret",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ENDPOINT_URL_S3=endpoint,
        AWS_EC2_METADATA_DISABLED="true",
    )
    try:
        with tempfile.TemporaryDirectory(prefix="chatkit-cluster-") as tmp:
            _compare(Path(tmp), options.lines, options.rounds)
    finally:
        server.terminate()
        server.wait(10)


def _compare(workdir: Path, count: int, rounds: int) -> None:
    import fsspec
    from distributed import Client, LocalCluster

    local = workdir / "logs"
    local.mkdir()
    lines = _lines(count)
    for hour in range(-(-count // PER_OBJECT)):
        with (local / f"cancel-{hour:03}.jsonl").open("wb") as file:
            file.writelines(itertools.islice(lines, PER_OBJECT))
    url = f"s3://{BUCKET}/logs/"
    fs = fsspec.filesystem("s3")
    fs.mkdir(BUCKET)
    fs.put(f"{local}/", url, recursive=True)
    size = sum(path.stat().st_size for path in local.iterdir())
    objects = len(fs.find(url))
    print(f"\n{count:,} JSON Lines responses ({size / 1e6:.0f} MB) in {objects} objects under {url} on moto")
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster,  # type: ignore[no-untyped-call]
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        client.wait_for_workers(2)
        commands = {
            "local --jobs 2, the objects": [CLI, "validate", "--format", "json", "--jobs", "2", url],
            "cluster, 2 workers, the objects": [
                CLI,
                "validate",
                "--format",
                "json",
                "--scheduler",
                cluster.scheduler_address,
                url,
            ],
            "local --jobs 2, a local copy": [CLI, "validate", "--format", "json", "--jobs", "2", str(local)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for number, (name, command) in enumerate(commands.items()):
                times[name].append(_run(command, workdir / f"report-{number}.json"))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in medians.items():
        print(f"  {name:32} wall {seconds:6.1f} s   {count / seconds / 1e3:6.0f}k responses/s")
    reports = [(workdir / f"report-{number}.json").read_bytes() for number in range(3)]
    same = reports[0] == reports[1]
    copy = reports[2] == reports[0].replace(url.encode(), f"{local}/".encode())
    ratio = medians["cluster, 2 workers, the objects"] / medians["local --jobs 2, the objects"]
    reference = medians["cluster, 2 workers, the objects"] / medians["local --jobs 2, a local copy"]
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"  cluster / local --jobs 2 on the objects: {ratio:.2f}x; target <= {TARGET}x  ->  {verdict}")
    print(f"  cluster / local --jobs 2 on a local copy: {reference:.2f}x (for reference)")
    print(f"  reports identical byte for byte, cluster and local: {same}; the local copy's, but for its names: {copy}")


if __name__ == "__main__":
    main()
