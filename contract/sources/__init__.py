"""Sources: turn paths (files, directories, ``-`` for stdin) into exchanges, lazily and in order.

Formats are told apart by content (extension as a tie-breaker): a JSON document, JSON Lines,
HAR 1.2, and VCR.py / pytest-recording cassettes. HAR entries and cassette interactions that are no
ChatKit operation, or not the one chosen, come out of :func:`iter_records` as :class:`~contract.exchange.Skipped`,
and parts of a recording that cannot be read as :class:`~contract.exchange.Unreadable`.

Layer: above ``check`` (for placing positions inside recorded bodies) and the base modules; nothing higher.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from contract.exchange import Exchange, Skipped, Unreadable
from contract.sources.files import STDIN
from contract.sources.plan import pieces, read_piece

__all__ = ["STDIN", "iter_exchanges", "iter_records"]


def iter_records(paths: Iterable[str], *, operation: str | None = None) -> Iterator[Exchange | Skipped | Unreadable]:
    """Every exchange under *paths* in input order, with a marker for each one skipped or unreadable.

    Recorded requests of operations other than *operation* (``None``: every operation) are skipped.
    """
    for piece in pieces(paths):
        yield from read_piece(piece, operation=operation)


def iter_exchanges(paths: Iterable[str], *, operation: str | None = None) -> Iterator[Exchange]:
    """Every exchange under *paths* (recorded requests only of *operation*, when given), in input order.

    Part of a recording that cannot be read raises a :class:`~contract.errors.RecordingError` naming the place.
    """
    for record in iter_records(paths, operation=operation):
        if type(record) is Exchange:
            yield record
        elif type(record) is Unreadable:
            raise record.error()
