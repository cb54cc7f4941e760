"""Real parts for the remote tests: moto's S3-compatible server on loopback holding the corpus, and (for the
tests marked slow) a Dask ``LocalCluster`` of two worker processes.

Credentials and the endpoint reach s3fs the way a user's would: through the environment boto reads
(``AWS_ENDPOINT_URL_S3`` and the key pair), which worker processes and subprocesses inherit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.remote import corpus

BUCKET = "recordings"
#: The key pair the tests hand to boto; the secret must never appear in any output.
ACCESS_KEY, SECRET_KEY = "AKIAEXAMPLECHATKIT19", "s3-secret-never-shown-9f8e7d"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("moto server did not start within 30 s")


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto in server mode on 127.0.0.1, and the environment that points boto (and so s3fs) at it."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    settings = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": endpoint,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        # Without keys boto would ask an instance-metadata address next: only loopback is ever contacted here.
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
    }
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        _wait_for(endpoint + "/moto-api/", process)
        yield endpoint
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def local_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus on local disk."""
    return corpus.build(tmp_path_factory.mktemp("remote") / "corpus")


@pytest.fixture(scope="session")
def s3_corpus(s3_endpoint: str, local_corpus: Path) -> str:
    """The same corpus in the bucket, under ``s3://recordings/corpus/``; its URL."""
    import fsspec

    fs = fsspec.filesystem("s3")
    if not fs.exists(BUCKET):
        fs.mkdir(BUCKET)
    for path in sorted(local_corpus.iterdir()):
        fs.pipe(f"{BUCKET}/corpus/{path.name}", path.read_bytes())
    fs.pipe(f"{BUCKET}/corpus/.hidden/ignored.json", b"not even json")
    fs.pipe(f"{BUCKET}/corpus/notes.txt", b"not a recording")
    return f"s3://{BUCKET}/corpus/"


@pytest.fixture(scope="session")
def cluster(s3_corpus: str) -> Iterator[Any]:
    """A LocalCluster of two worker processes (started after the S3 environment, which they inherit)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as running,
        Client(running, set_as_default=False) as client,
    ):
        client.wait_for_workers(2)
        yield running
