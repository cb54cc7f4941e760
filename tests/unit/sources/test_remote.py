"""URLs as inputs: listed, sized, opened and read through fsspec (its in-memory and local filesystems here; S3
itself in tests/remote), every failure one line naming the URL masked, and nothing of it loaded for local runs."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pytest
from click.testing import CliRunner

from contract import InputError, Result, check_paths
from contract.cli import main
from contract.sources import remote
from contract.sources.files import expand, input_size, open_input
from contract.sources.remote import extension, is_remote, shown
from tests.helpers import ROOT, SECRET, conforming_session


@pytest.fixture
def bucket() -> Iterator[str]:
    """A fresh prefix in fsspec's in-memory filesystem: a JSON Lines log, a JSON document, a note, a hidden file."""
    name = f"bucket-{uuid.uuid4().hex[:8]}"
    fs = fsspec.filesystem("memory")
    lines = [json.dumps(conforming_session(id=f"cksess_{n}")) for n in range(5)]
    lines[2] = lines[2][:-10]
    fs.pipe(f"/{name}/logs/b.jsonl", ("\n".join(lines) + "\n").encode())
    fs.pipe(f"/{name}/logs/a.json", json.dumps(conforming_session()).encode())
    fs.pipe(f"/{name}/logs/notes.txt", b"not a recording")
    fs.pipe(f"/{name}/logs/sniffed.log", b'{"log": {"version": "1.2", "entries": []}}')
    fs.pipe(f"/{name}/logs/.hidden/c.json", b"{}")
    yield f"memory://{name}"
    fs.rm(f"/{name}", recursive=True)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("s3://bucket/key.jsonl", True),
        ("gs://bucket/key", True),
        ("https://host/x.har?sig=1", True),
        ("file:///tmp/x.json", True),
        ("recordings/x.json", False),
        ("-", False),
        ("C:\\x.json", False),
        ("odd://name", True),
        ("weird:name", False),
    ],
)
def test_a_url_is_told_from_a_path_by_its_scheme(path: str, expected: bool) -> None:
    """``scheme://`` makes a URL; anything else (a drive letter, a colon in a file name) is a local path."""
    assert is_remote(path) is expected


def test_a_urls_extension_ignores_its_query_and_a_shown_url_hides_its_credentials() -> None:
    """Formats are guessed from the URL's path; what reports show of a URL never holds its credentials."""
    assert extension("https://host/log.ndjson?X-Amz-Signature=abc.json") == ".ndjson"
    assert extension("recordings/x.har") == ".har"
    assert shown("https://me:hunter2@host/x.json") == "https://…(redacted)@host/x.json"
    assert shown("recordings/x.json") == "recordings/x.json"


def test_a_prefix_is_walked_like_a_directory(bucket: str) -> None:
    """Sorted; JSON-family names and content that sniffs as a recording taken; hidden and other files left out."""
    assert list(expand([bucket + "/logs/"])) == [
        f"{bucket}/logs/a.json",
        f"{bucket}/logs/b.jsonl",
        f"{bucket}/logs/sniffed.log",
    ]
    assert input_size(f"{bucket}/logs/a.json") == len(json.dumps(conforming_session()))


def _view(paths: list[str]) -> list[tuple[str, object, object]]:
    return [
        (o.source, o.location, [(f.rule, f.line, f.column) for f in o.findings])
        for o in check_paths(paths)
        if isinstance(o, Result)
    ]


def test_a_url_is_checked_as_the_same_bytes_on_disk_are(bucket: str, tmp_path: Path) -> None:
    """Results, positions and order are the local ones; only the source names differ."""
    fs = fsspec.filesystem("memory")
    fs.get(bucket.removeprefix("memory://") + "/logs/", str(tmp_path), recursive=True)
    local = _view([str(tmp_path)])
    remote_ = _view([bucket + "/logs"])
    assert [row[1:] for row in remote_] == [row[1:] for row in local]
    assert len(remote_) == 1 + 5  # a.json, the five lines; the sniffed HAR holds no entry
    assert [row[0] for row in remote_] == [row[0].replace(str(tmp_path), bucket + "/logs") for row in local]


def test_file_urls_need_only_fsspec(tmp_path: Path) -> None:
    """file:// URLs go through fsspec's local filesystem: the report of the directory, named by URL."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "ok.json").write_text(json.dumps(conforming_session()))
    result = CliRunner().invoke(main, ["validate", "--format", "json", folder.as_uri()])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"][0]["source"] == (folder / "ok.json").as_uri()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("memory://nowhere-19/x.json", "memory://nowhere-19/x.json: no such file or object"),
        ("nosuch19://host/x.json", "nosuch19://host/x.json: no storage library reads nosuch19:// URLs"),
    ],
)
def test_an_unusable_url_is_an_input_error_naming_it(url: str, message: str) -> None:
    """Before any result, as for a missing file."""
    with pytest.raises(InputError) as caught:
        check_paths([url])
    assert str(caught.value) == message


def test_a_missing_filesystem_package_names_the_extra_that_brings_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without s3fs (or without fsspec at all) an s3:// URL says which extra to install."""
    registry = sys.modules["fsspec.registry"]  # the module: fsspec.registry names its read-only view
    monkeypatch.delitem(registry._registry, "s3", raising=False)
    monkeypatch.setitem(sys.modules, "s3fs", None)
    with pytest.raises(InputError, match=r"^s3://b/x\.json: .*s3fs.*; pip install 'chatkit-contract\[s3\]'$"):
        check_paths(["s3://b/x.json"])
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    with pytest.raises(
        InputError, match=r"^gs://b/x: reading gs:// URLs needs fsspec: pip install 'chatkit-contract\[gcs\]'$"
    ):
        check_paths(["gs://b/x"])


class _Breaking:
    """A storage file object that fails part way through, with a credential-bearing URL in its message."""

    def __init__(self) -> None:
        self.reads = 0

    def read(self, size: int) -> bytes:
        self.reads += 1
        if self.reads > 1:
            raise ConnectionError(f"reset by peer while reading https://user:{SECRET}@host/x?sig=abc123")
        return b'{"id": "cksess_1"}\n' * 3

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        pass


def test_a_storage_failure_mid_read_is_one_line_with_every_credential_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the storage library said is kept, one line, its URLs and tokens masked."""

    class _Fs:
        def open(self, path: str, mode: str, **options: Any) -> _Breaking:
            return _Breaking()

    monkeypatch.setattr(remote, "_filesystem", lambda url: (_Fs(), url))
    url = "https://reader:pw-19@host/log.jsonl?X-Amz-Signature=deadbeef"
    with open_input(url) as stream, pytest.raises(InputError) as caught:
        stream.read()
    message = str(caught.value)
    assert message.startswith("https://…(redacted)@host/log.jsonl?X-Amz-Signature=…(redacted): reset by peer")
    for secret in ("pw-19", "deadbeef", SECRET, "abc123", "user:"):
        assert secret not in message


def test_a_local_run_loads_no_storage_or_cluster_library() -> None:
    """fsspec, s3fs and dask are imported only once a URL or a scheduler is given."""
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from contract.cli import main\n"
        f"CliRunner().invoke(main, ['validate', '--jobs', '2', {str(ROOT / 'examples')!r}])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'fsspec', 's3fs', 'gcsfs', 'dask', 'distributed'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout == "[]\n"
