"""Mask credentials in recordings (JSON, JSON Lines, HAR, VCR cassettes) so they are safe to commit.

Secrets are found by where they sit (a ``client_secret`` member, an ``Authorization``, API-key, ``Cookie``
or ``Set-Cookie`` header, a HAR cookie, query or form field — also inside bodies carried as strings or
base64) and by their shape anywhere in the text (``ek_…``, ``sk-…``, ``Bearer …``, the run's own key).
Each is replaced where it is written; every other byte stays as it was. A file is never half-written:
the redacted copy is written beside it and renamed over it, and only when something changed.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from contract.errors import InputError
from contract.redaction.stream import Leak, Outcome, redact_stream
from contract.sources.detect import HEAD_SIZE, detect
from contract.sources.files import open_regular_file

__all__ = ["Leak", "Redaction", "redact_bytes", "redact_file"]


@dataclass(frozen=True, slots=True)
class Redaction:
    """What redaction found: the secrets masked, those that cannot be masked in place, and the parts of the
    file only searched by name and shape because they did not parse. ``data`` is the redacted bytes
    (from :func:`redact_bytes`; :func:`redact_file` writes them to the file instead and leaves it empty).

    A file can hold millions of secrets: the first thousand of each kind are listed, all are counted.
    """

    data: bytes = b""
    masked: tuple[Leak, ...] = ()
    unmaskable: tuple[Leak, ...] = ()
    notes: tuple[str, ...] = ()
    masked_count: int = 0
    unmaskable_count: int = 0

    @property
    def leaks(self) -> tuple[Leak, ...]:
        """The secrets the original held, masked or not (the first thousand of each, as counted above)."""
        return self.masked + self.unmaskable

    @classmethod
    def of(cls, outcome: Outcome, data: bytes = b"") -> Redaction:
        """The redaction an outcome describes."""
        return cls(
            data,
            tuple(outcome.masked),
            tuple(outcome.unmaskable),
            tuple(outcome.notes),
            outcome.masked_count,
            outcome.unmaskable_count,
        )


class _Buffer:
    def __init__(self) -> None:
        self.out = io.BytesIO()

    def keep(self, data: bytes) -> None:
        self.out.write(data)

    def change(self, data: bytes) -> None:
        self.out.write(data)


class _Discard:
    def keep(self, data: bytes) -> None:
        pass

    def change(self, data: bytes) -> None:
        pass


class _Replacement:
    """The redacted copy, written beside *path* once the first change comes (what came before is copied then)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._unchanged = 0
        self.file: BinaryIO | None = None
        self.name = path

    def keep(self, data: bytes) -> None:
        if self.file is None:
            self._unchanged += len(data)
        else:
            self.file.write(data)

    def change(self, data: bytes) -> None:
        if self.file is None:
            self._start()
        assert self.file is not None
        self.file.write(data)

    def _start(self) -> None:
        descriptor, name = tempfile.mkstemp(dir=self._path.parent, prefix=f".{self._path.name}.", suffix=".tmp")
        self.name = Path(name)
        self.file = os.fdopen(descriptor, "wb")
        with self._path.open("rb") as original:
            remaining = self._unchanged
            while remaining:
                chunk = original.read(min(remaining, 1 << 20))
                if not chunk:
                    raise OSError(5, "the file changed while it was read")
                self.file.write(chunk)
                remaining -= len(chunk)

    def finish(self, mode: int) -> bool:
        """Put the copy in place of the original; False when nothing changed."""
        if self.file is None:
            return False
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        self.name.chmod(mode)
        self.name.replace(self._path)
        return True

    def discard(self) -> None:
        """Remove the copy (closing it may fail the same way writing it did)."""
        if self.file is not None:
            with suppress(OSError):
                self.file.close()
            with suppress(OSError):
                self.name.unlink()


def redact_file(path: Path, *, check: bool = False) -> Redaction:
    """Redact the file at *path* in place (only if something changed); with *check*, only report.

    Raises :class:`InputError` when the file cannot be read, or the redacted copy cannot be written
    (the original is then left exactly as it was).
    """
    target = Path(os.path.realpath(path))  # a symbolic link stays one: the file it names is replaced
    try:
        source = open_regular_file(target)
    except OSError as err:
        raise InputError(f"{path}: {err.strerror}") from None
    with source:
        replacement = None if check else _Replacement(target)
        try:
            head = source.read(HEAD_SIZE)
            source.seek(0)
            outcome = redact_stream(source, replacement or _Discard(), detect(head, target.suffix))
            if replacement is not None:
                replacement.finish(stat.S_IMODE(os.fstat(source.fileno()).st_mode))
        except OSError as err:
            if replacement is not None:
                replacement.discard()
            reason = err.strerror or str(err)
            raise InputError(f"{path}: cannot rewrite: {reason}; the original is unchanged") from None
        except BaseException:
            if replacement is not None:
                replacement.discard()
            raise
    return Redaction.of(outcome)


def redact_bytes(data: bytes, *, suffix: str = "") -> Redaction:
    """Mask every secret in *data* (a recording, its format told by content and *suffix*).

    Bytes that are not secrets come back unchanged.
    """
    buffer = _Buffer()
    outcome = redact_stream(io.BytesIO(data), buffer, detect(data[:HEAD_SIZE], suffix))
    return Redaction.of(outcome, buffer.out.getvalue())
