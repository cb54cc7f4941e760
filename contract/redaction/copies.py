"""Where redacted bytes go: nowhere (only checking), memory, or a copy written beside the original file.

A copy is only started when the first change comes — up to then the original's bytes are only counted,
and copied over then — so a recording without secrets is never rewritten, and a directory the user may
not write to is no problem unless something must change.
"""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

__all__ = ["Buffer", "Copy", "Discard"]


class Discard:
    """Only looking: nothing is written."""

    def keep(self, data: bytes) -> None:
        """Forget *data*."""

    def change(self, data: bytes) -> None:
        """Forget *data*."""


class Buffer:
    """The redacted bytes, in memory."""

    def __init__(self) -> None:
        self.out = io.BytesIO()

    def keep(self, data: bytes) -> None:
        """Append *data*."""
        self.out.write(data)

    def change(self, data: bytes) -> None:
        """Append *data*."""
        self.out.write(data)


class Copy:
    """The redacted form of *original* (from byte *start* on) in a temporary file beside it, begun at the first
    change."""

    def __init__(self, original: Path, start: int = 0) -> None:
        self.original = original
        self._start = start
        self._unchanged = 0
        self._file: BinaryIO | None = None
        self.path: Path | None = None

    @property
    def changed(self) -> bool:
        """True once anything differs from the original."""
        return self._file is not None

    def keep(self, data: bytes) -> None:
        """Write bytes as the original has them."""
        if self._file is None:
            self._unchanged += len(data)
        else:
            self._file.write(data)

    def change(self, data: bytes) -> None:
        """Write bytes that differ from the original's."""
        if self._file is None:
            self._file = self._begin()
        self._file.write(data)

    def _begin(self) -> BinaryIO:
        descriptor, name = tempfile.mkstemp(dir=self.original.parent, prefix=f".{self.original.name}.", suffix=".tmp")
        self.path = Path(name)
        file = os.fdopen(descriptor, "wb")
        try:
            with self.original.open("rb") as source:
                source.seek(self._start)
                copy_bytes(source, file, self._unchanged)
        except BaseException:
            file.close()
            raise
        return file

    def close(self) -> None:
        """Flush the copy to disk and close it (first thing to fail when the disk is full)."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()

    def put_in_place(self, mode: int) -> None:
        """Replace the original by the (closed) copy, with the original's permission bits, in one rename."""
        assert self.path is not None
        self.path.chmod(mode)
        self.path.replace(self.original)
        self.path = None

    def discard(self) -> None:
        """Remove the copy, if one was begun (closing it may fail the same way writing it did)."""
        if self._file is not None:
            with suppress(OSError):
                self._file.close()
        if self.path is not None:
            with suppress(OSError):
                self.path.unlink()
            self.path = None


def copy_bytes(source: BinaryIO, target: BinaryIO, size: int) -> None:
    """Copy *size* bytes from *source* (where it stands) to *target*."""
    while size:
        chunk = source.read(min(size, 1 << 20))
        if not chunk:
            raise OSError(5, "the file changed while it was read")
        target.write(chunk)
        size -= len(chunk)
