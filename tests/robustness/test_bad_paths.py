"""Unusable paths: exit 2 with one line naming the path, before any report is started, for every command reading one."""

from __future__ import annotations

import ctypes
import json
import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import conforming_session
from tests.robustness.support import COMMAND, invoke

Make = Callable[[Path], str]


def _good(directory: Path) -> Path:
    path = directory / "good.json"
    path.write_text(json.dumps(conforming_session()))
    return path


def _missing(d: Path) -> str:
    return str(d / "missing.json")


def _dangling(d: Path) -> str:
    (d / "link.json").symlink_to(d / "gone.json")
    return str(d / "link.json")


def _file_link_loop(d: Path) -> str:
    (d / "a.json").symlink_to(d / "b.json")
    (d / "b.json").symlink_to(d / "a.json")
    return str(d / "a.json")


def _fifo(d: Path) -> str:
    os.mkfifo(d / "pipe.json")
    return str(d / "pipe.json")


def _fifo_in_directory(d: Path) -> str:
    _good(d)
    os.mkfifo(d / "pipe.jsonl")
    return str(d)


def _socket(d: Path) -> str:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(d / "sock.json"))
    return str(d / "sock.json")


def _unknown_format(d: Path) -> str:
    (d / "notes.txt").write_text("Remember to record the cancel response.\n")
    return str(d / "notes.txt")


def _empty_directory(d: Path) -> str:
    (d / "empty").mkdir()
    return str(d / "empty")


def _not_a_directory(d: Path) -> str:
    _good(d)
    return str(d / "good.json" / "inner.json")


PATHS: list[tuple[str, Make, str]] = [
    ("missing", _missing, "missing.json: no such file or directory"),
    ("dangling-symlink", _dangling, "link.json: no such file or directory"),
    ("file-symlink-loop", _file_link_loop, "a.json: too many levels of symbolic links"),
    ("fifo", _fifo, "pipe.json: not a regular file but a named pipe (FIFO); pass its content on stdin with -"),
    ("fifo-in-a-directory", _fifo_in_directory, "pipe.jsonl: not a regular file but a named pipe (FIFO)"),
    ("socket", _socket, "sock.json: not a regular file but a socket"),
    ("unknown-format", _unknown_format, "notes.txt: unknown format (not JSON, JSON Lines, HAR or a VCR cassette)"),
    ("empty-directory", _empty_directory, "empty: no recordings (JSON, JSON Lines, HAR, VCR cassettes)"),
    ("path-through-a-file", _not_a_directory, "inner.json: not a directory"),
]


@pytest.mark.parametrize(("make", "message"), [p[1:] for p in PATHS], ids=[p[0] for p in PATHS])
def test_an_unusable_path_is_one_line_and_exit_2_before_any_report(tmp_path: Path, make: Make, message: str) -> None:
    """Named first or after a good file, the path stops the run before a report starts: stdout stays empty."""
    bad = make(tmp_path)
    (tmp_path / "first").mkdir()
    for args in ([bad], [str(_good(tmp_path / "first")), bad]):
        result = invoke(["validate", "--format", "json", *args])
        assert result.exit_code == 2
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert line.startswith("chatkit-contract: error: ")
        assert message in line


def test_a_symlink_loop_in_a_directory_is_named(tmp_path: Path) -> None:
    """A link back to a parent directory would be walked for ever; it is reported with where it leads."""
    recordings = tmp_path / "recordings"
    (recordings / "nested").mkdir(parents=True)
    _good(recordings)
    (recordings / "nested" / "up").symlink_to(recordings)
    result = invoke(["validate", str(recordings)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"chatkit-contract: error: {recordings}/nested/up: symbolic link loop (it leads back to {recordings})\n"
    )


def test_a_linked_directory_that_is_no_loop_is_walked(tmp_path: Path) -> None:
    """Recordings shared through a link to a sibling directory are checked, not skipped."""
    shared = tmp_path / "shared"
    shared.mkdir()
    _good(shared)
    (tmp_path / "recordings").mkdir()
    (tmp_path / "recordings" / "shared").symlink_to(shared)
    result = invoke(["validate", str(tmp_path / "recordings")])
    assert result.exit_code == 0
    assert "OK: 1 checked" in result.stdout


def _without_read_override() -> None:
    """In the child: give up root's power to read any file, so file modes apply even when the suite runs as root."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP; fails harmlessly without the capability


def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A file whose mode forbids reading is named, with the reason, by the installed command."""
    path = _good(tmp_path)
    path.chmod(0)
    process = subprocess.run(
        [COMMAND, "validate", str(path)], capture_output=True, text=True, preexec_fn=_without_read_override, check=False
    )
    assert (process.returncode, process.stdout) == (2, "")
    assert process.stderr == f"chatkit-contract: error: {path}: permission denied\n"


def test_stdin_that_is_empty_is_a_finding_not_an_error() -> None:
    """Nothing piped in is an empty body, reported at <stdin>:1:1 like an empty file."""
    result = invoke(["validate", "-"], stdin=b"")
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:1:1: error json.empty")


# Every other command that reads a file the user names: the command, then how the path is passed.
READERS: list[tuple[str, Callable[[str], list[str]]]] = [
    ("upstream-diff", lambda path: ["upstream-diff", path]),
    ("redact", lambda path: ["redact", path]),
    ("redact-check", lambda path: ["redact", "--check", path]),
    ("gate-config", lambda path: ["gate", "--config", path]),
]


@pytest.mark.parametrize("command", [r[1] for r in READERS], ids=[r[0] for r in READERS])
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_fifo, "pipe.json: not a regular file but a named pipe (FIFO)"),
        (_missing, "missing.json: "),
        (str, "is a directory"),
    ],
    ids=["fifo", "missing", "directory"],
)
def test_other_commands_refuse_unusable_files_in_one_line(
    tmp_path: Path, command: Callable[[str], list[str]], make: Make, message: str
) -> None:
    """A FIFO is refused, never waited on; a missing file or a directory is named; all exit 2."""
    result = invoke(command(make(tmp_path)))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert message.lower() in lines[-1].lower()
    # One line of ours, or click's usage block for an option it checks itself (--config is dir_okay=False).
    assert len(lines) == 1 or lines[0].startswith("Usage: ")


@pytest.mark.parametrize(
    "args",
    [
        lambda d: ["validate", "-o", f"json={d}", str(_good(d))],
        lambda d: ["generate", "-o", str(d)],
        lambda d: ["check-live", "--session-id", "cksess_1", "--record", str(d)],
    ],
    ids=["validate-output", "generate-output", "check-live-record"],
)
def test_a_directory_given_as_an_output_file_is_refused(tmp_path: Path, args: Callable[[Path], list[str]]) -> None:
    """Where a file is written, a directory is refused with the option named, exit 2."""
    result = invoke(args(tmp_path))
    assert result.exit_code == 2
    assert f"'{tmp_path}' is a directory" in result.stderr
