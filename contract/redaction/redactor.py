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
from dataclasses import dataclass
from pathlib import Path

from contract.errors import InputError
from contract.redaction.copies import Buffer, Copy, Discard
from contract.redaction.pieces import redact_in_pieces
from contract.redaction.stream import Leak, Outcome, redact_stream
from contract.sources.detect import HEAD_SIZE, detect
from contract.sources.files import open_regular_file

__all__ = ["PARALLEL_FROM", "Leak", "Redaction", "redact_bytes", "redact_file"]

#: JSON Lines files larger than this many bytes are redacted by several processes, when more than one is allowed.
PARALLEL_FROM = 48 << 20


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


def redact_file(path: Path, *, check: bool = False, jobs: int = 1) -> Redaction:
    """Redact the file at *path* in place (only if something changed); with *check*, only report.

    A JSON Lines file of more than :data:`PARALLEL_FROM` bytes is shared among *jobs* processes.
    Raises :class:`InputError` when the file cannot be read, or the redacted copy cannot be written
    (the original is then left exactly as it was).
    """
    target = Path(os.path.realpath(path))  # a symbolic link stays one: the file it names is replaced
    try:
        source = open_regular_file(target)
    except OSError as err:
        raise InputError(f"{path}: {err.strerror}") from None
    with source:
        copy = None if check else Copy(target)
        try:
            head = source.read(HEAD_SIZE)
            source.seek(0)
            fmt = detect(head, target.suffix)
            size = os.fstat(source.fileno()).st_size
            if fmt == "jsonl" and jobs > 1 and size > PARALLEL_FROM:
                return Redaction.of(redact_in_pieces(target, size, check=check, jobs=jobs))
            outcome = redact_stream(source, copy or Discard(), fmt)
            if copy is not None and copy.changed:
                copy.close()
                copy.put_in_place(stat.S_IMODE(os.fstat(source.fileno()).st_mode))
        except OSError as err:
            reason = err.strerror or str(err)
            raise InputError(f"{path}: cannot rewrite: {reason}; the original is unchanged") from None
        except InputError as err:  # a YAML alias bomb, say: nothing is written
            raise InputError(f"{path}: {err}") from None
        finally:
            if copy is not None:
                copy.discard()
    return Redaction.of(outcome)


def redact_bytes(data: bytes, *, suffix: str = "") -> Redaction:
    """Mask every secret in *data* (a recording, its format told by content and *suffix*).

    Bytes that are not secrets come back unchanged.
    """
    buffer = Buffer()
    outcome = redact_stream(io.BytesIO(data), buffer, detect(data[:HEAD_SIZE], suffix))
    return Redaction.of(outcome, buffer.out.getvalue())
