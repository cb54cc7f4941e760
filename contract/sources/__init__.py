"""Sources: turn paths (files, directories, ``-`` for stdin) into exchanges, lazily and in order."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from contract.errors import InputError
from contract.exchange import Exchange

__all__ = ["STDIN", "iter_exchanges"]

STDIN = "-"
_EXTENSIONS = (".json",)


def iter_exchanges(paths: Iterable[str]) -> Iterator[Exchange]:
    """Every exchange found under *paths*, in the order given; directories are walked sorted."""
    for path in paths:
        if path == STDIN:
            yield Exchange(sys.stdin.buffer.read(), "<stdin>")
        else:
            for file in _files(Path(path)):
                yield from _read_file(file)


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in _EXTENSIONS and p.is_file())
        if not found:
            raise InputError(f"{path}: no recordings ({', '.join(_EXTENSIONS)}) in this directory")
        yield from found
    elif path.exists():
        yield path
    else:
        raise InputError(f"{path}: no such file or directory")


def _read_file(path: Path) -> Iterator[Exchange]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: {os.strerror(err.errno) if err.errno else err}") from err
    yield Exchange(data, str(path))
