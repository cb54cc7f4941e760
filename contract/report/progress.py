"""A progress bar for long runs, drawn on a terminal's stderr and never in CI logs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO

__all__ = ["Progress", "wanted"]

_WIDTH = 30
_CLEAR = "\r\033[K"


def wanted(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """True when *stream* is an interactive terminal and this is not a CI job."""
    return stream.isatty() and not environ.get("CI") and environ.get("TERM") != "dumb"


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


class Progress:
    """Counts input bytes done against a total; draws only once a run has taken more than *delay* seconds."""

    def __init__(
        self,
        stream: TextIO,
        total: int,
        *,
        delay: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._total = max(total, 1)
        self._done = 0
        self._clock = clock
        self._show_from = clock() + delay
        self._shown = False

    def advance(self, size: int) -> None:
        """Count *size* more bytes done and redraw if the bar is due."""
        self._done += size
        if self._shown or self._clock() >= self._show_from:
            self._draw()

    def _draw(self) -> None:
        fraction = min(self._done / self._total, 1.0)
        filled = int(fraction * _WIDTH)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self._stream.write(
            f"{_CLEAR}checking [{bar}] {fraction:4.0%}  {_megabytes(self._done)} of {_megabytes(self._total)}"
        )
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Remove the bar from the terminal (before other output, and at the end)."""
        if self._shown:
            self._stream.write(_CLEAR)
            self._stream.flush()
            self._shown = False

    def guard(self, stream: TextIO) -> TextIO:
        """*stream*, clearing the bar before each write so report lines never mix with it."""
        return _Guarded(stream, self)  # type: ignore[return-value]


class _Guarded:
    """Forwards to a stream; every write first clears the progress bar sharing the terminal."""

    def __init__(self, stream: TextIO, progress: Progress) -> None:
        self._stream = stream
        self._progress = progress

    def write(self, text: str) -> int:
        self._progress.clear()
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
