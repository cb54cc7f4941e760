"""The one path every byte a command writes takes: stdout, report files, generated lines, recordings.

Any error while writing (a full disk, a file-size limit, an I/O error) becomes ``cannot write NAME: reason``,
a :class:`ContractError` the group shows as one line with exit 2, so a run that could not deliver its report
never passes for one that did. A reader gone from a pipe stays a ``BrokenPipeError``: the group ends that run
quietly, as a process killed by SIGPIPE.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, ParamSpec, TextIO, TypeVar

from contract.errors import ContractError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = ["STDOUT", "guarded_stdout", "open_binary", "open_text", "write_error", "writing_to"]

#: How stdout is named in a write error.
STDOUT = "stdout"

_P = ParamSpec("_P")
_R = TypeVar("_R")


def write_error(name: str, err: OSError) -> ContractError:
    """The error for a failed write to *name*."""
    return ContractError(f"cannot write {name}: {err.strerror or err}")


def writing_to(name: str, write: Callable[_P, _R]) -> Callable[_P, _R]:
    """*write* (a writer's method that opens no file through this module), its OS errors named for *name*."""

    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return write(*args, **kwargs)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise write_error(name, err) from err

    return guarded


class _Guarded(io.RawIOBase):
    """A raw file whose write errors are :func:`write_error` (a broken pipe passes as it is); after the first
    error, later writes are dropped.

    Dropping matters: the buffer above still holds the bytes that failed, and flushing it again when it is
    closed or collected must not raise a second time (Python would print "Exception ignored in …").
    """

    def __init__(self, raw: io.FileIO, name: str) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        self._failed = False

    def write(self, data: ReadableBuffer, /) -> int:
        if self._failed:
            return memoryview(data).nbytes
        try:
            return self._raw.write(data)
        except OSError as err:
            self._failed = True
            if isinstance(err, BrokenPipeError):
                raise
            raise write_error(self._name, err) from err

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._raw.fileno()

    def isatty(self) -> bool:
        return self._raw.isatty()

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def _open_raw(path: str, mode: str) -> _Guarded:
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        pass  # a file stands where a directory must: opening says so ("Not a directory"), where this says less
    except OSError as err:
        raise write_error(path, err) from err
    try:
        return _Guarded(io.FileIO(path, mode), path)
    except OSError as err:
        raise write_error(path, err) from err


def open_text(path: str, *, append: bool = False) -> TextIO:
    """*path* for writing UTF-8 text (truncated, or appended to), its parent directories created."""
    return io.TextIOWrapper(io.BufferedWriter(_open_raw(path, "a" if append else "w")), encoding="utf-8")


def open_binary(path: str) -> BinaryIO:
    """*path* for writing bytes (truncated), its parent directories created."""
    return io.BufferedWriter(_open_raw(path, "w"))


def _descriptor(stream: TextIO | None) -> int | None:
    """The file descriptor under *stream*, or None when it has none (a test runner's capture, a closed stdout)."""
    try:
        return stream.fileno() if stream is not None else None
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return None


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """While the body runs, ``sys.stdout`` is the same descriptor, written through :class:`_Guarded`.

    Replacing the stream (not wrapping each writer) covers every write: reporters, ``click.echo``, bytes on
    ``sys.stdout.buffer``. It is flushed on the way out, so an error is raised while it can still be reported.
    """
    original = sys.stdout
    descriptor = _descriptor(original)
    if descriptor is None:
        yield
        return
    original.flush()
    raw = _Guarded(io.FileIO(descriptor, "w", closefd=False), STDOUT)
    guarded = io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=original.encoding,
        errors=original.errors,
        line_buffering=bool(original.line_buffering),
    )
    sys.stdout = guarded
    try:
        yield
    finally:
        try:
            guarded.flush()
        finally:
            sys.stdout = original
