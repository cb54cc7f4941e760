"""Find the inputs (files, directories walked, ``-`` for stdin, URLs) and open them for reading.

URLs (``s3://``, ``gs://``, ``https://``, ``file://``) are handed to :mod:`contract.sources.remote`; the local
path is unchanged by them.
"""

# String paths throughout: a walk over thousands of recordings should not build a Path for each.
# ruff: noqa: PTH114, PTH116, PTH118, PTH123, PTH206

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import BinaryIO

from contract.errors import InputError
from contract.sources.detect import EXTENSIONS, HEAD_SIZE, detect
from contract.sources.remote import expand_url, is_remote, open_url, url_size

__all__ = [
    "STDIN",
    "check_readable",
    "expand",
    "input_size",
    "open_input",
    "open_regular_file",
    "os_error",
    "read_head",
    "read_regular_file",
    "read_start",
]

STDIN = "-"
# Extensions a directory walk takes without looking inside; anything else must sniff as a recording.
_JSON_FAMILY = frozenset(suffix for suffix, fmt in EXTENSIONS.items() if not fmt.startswith("cassette"))


def os_error(path: str, err: OSError) -> InputError:
    """A one-line input error naming *path* and what the operating system said."""
    reason = os.strerror(err.errno) if err.errno else str(err)
    return InputError(f"{path}: {reason[0].lower() + reason[1:] if reason else 'cannot be read'}")


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Every input under *paths*, in the order given; directories are walked recursively, sorted."""
    for path in paths:
        if path == STDIN:
            yield STDIN
        elif is_remote(path):
            yield from expand_url(path)
        else:
            try:
                mode = os.stat(path).st_mode  # missing, a dangling link or a link loop: the error says which
            except OSError as err:
                raise os_error(path, err) from err
            if not stat.S_ISDIR(mode):
                yield path
                continue
            found = sorted(_recordings_in(path), key=lambda p: p.split(os.sep))
            if not found:
                raise InputError(f"{path}: no recordings (JSON, JSON Lines, HAR, VCR cassettes) in this directory")
            yield from found


def check_readable(path: str) -> int | None:
    """Raise :class:`InputError` naming *path* unless it is stdin or a regular file this process may read; return
    the file's size in bytes from the one ``stat`` that checked it (``None`` for stdin and URLs).

    A FIFO or device would block or never end; refusing it up front keeps a run bounded.
    """
    if path == STDIN or is_remote(path):
        return None  # a URL was found readable by listing it
    try:
        status = os.stat(path)
    except OSError as err:
        raise os_error(path, err) from err
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{path}: {_not_regular(status.st_mode)}; pass its content on stdin with -")
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: permission denied")
    return status.st_size


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file but {kind}"


def read_regular_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file at *path*; anything else (a directory, a FIFO) is an :class:`InputError`.

    Errors opening it are raised as the :class:`OSError` they are, for the caller to word.
    """
    with open_regular_file(path) as file:
        return file.read()


def open_regular_file(path: str | os.PathLike[str]) -> BinaryIO:
    """The regular file at *path*, open for reading; anything else (a directory, a FIFO) is an :class:`InputError`.

    Opened without blocking and checked before reading, so a FIFO is refused, never waited on. Errors
    opening it are raised as the :class:`OSError` they are, for the caller to word.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise InputError(f"{os.fspath(path)}: {_not_regular(mode)}")
    return open(descriptor, "rb")


def _loop(root: str, name: str) -> str | None:
    """The directory a symbolic link *name* in *root* leads back to, when it is *root* or one of its parents."""
    link = os.path.join(root, name)
    if not os.path.islink(link):
        return None
    here, target = os.path.realpath(root), os.path.realpath(link)
    return target if here == target or here.startswith(target.rstrip(os.sep) + os.sep) else None


def _recordings_in(directory: str) -> Iterator[str]:
    # Linked directories are walked too (recordings are often shared that way); a link back up is a loop.
    for root, dirs, names in os.walk(directory, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in dirs:
            target = _loop(root, name)
            if target is not None:
                raise InputError(f"{os.path.join(root, name)}: symbolic link loop (it leads back to {target})")
        for name in names:
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            # The extension as os.path.splitext gives it for a name not starting with a dot, without its cost.
            dot = name.rfind(".")
            if (dot > 0 and name[dot:].lower() in _JSON_FAMILY) or _sniffs_as_recording(path):
                yield path


def _sniffs_as_recording(path: str) -> bool:
    """True when the content alone (not the extension) says this is a recording (never opens a FIFO)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as file:
            return detect(file.read(HEAD_SIZE), "") is not None
    except OSError:
        return False


def open_input(path: str) -> AbstractContextManager[BinaryIO]:
    """The input as a binary stream to use in a ``with``: stdin for ``-`` (left open), else the file."""
    if path == STDIN:
        return nullcontext(sys.stdin.buffer)
    if is_remote(path):
        return open_url(path)
    try:
        # A plain file object, not a generator-based context manager: thousands of files pay for it.
        return open(path, "rb")
    except OSError as err:
        raise os_error(path, err) from err


def read_start(path: str) -> bytes:
    """The first :data:`HEAD_SIZE` bytes of the local file *path* (all of a smaller one), read through a bare
    descriptor: a run over thousands of small files pays for no file object per file.

    Errors opening it are an :class:`InputError` naming *path*, as :func:`open_input` words them; errors reading
    it are raised as the :class:`OSError` they are.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError as err:
        raise os_error(path, err) from err
    try:
        chunks = []
        left = HEAD_SIZE
        while left and (chunk := os.read(descriptor, left)):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def input_size(path: str) -> int:
    """The size in bytes of an input :func:`expand` found (a URL's from its listing)."""
    return url_size(path) if is_remote(path) else os.stat(path).st_size


def read_head(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first bytes of *stream*, and a stream that still starts at the beginning."""
    head = stream.read(HEAD_SIZE)
    if stream.seekable():
        stream.seek(0)
        return head, stream
    return head, io.BufferedReader(_Rejoined(head, stream), buffer_size=HEAD_SIZE)


class _Rejoined(io.RawIOBase):
    """A pipe whose first bytes were already read to sniff its format, made whole again."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
