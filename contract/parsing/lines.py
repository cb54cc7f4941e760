"""Line and column numbers (1-based, columns in characters), counted one way everywhere."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

__all__ = ["LineIndex", "line_column", "shift"]


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The line and column of *offset* in *text*; for one offset (many: :class:`LineIndex`)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


class LineIndex:
    """Line and column of any number of offsets in one text, for the cost of one pass over it."""

    def __init__(self, text: str) -> None:
        starts = [0]
        index = text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self._starts = starts

    def __call__(self, offset: int) -> tuple[int, int]:
        """The line and column of *offset*."""
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def positions(self, offsets: Iterable[int]) -> list[tuple[int, int]]:
        """The line and column of each of *offsets*, in order; ascending offsets are one merge over the lines.

        Walking forward from the last line found keeps a hundred thousand lookups as cheap as reading the
        line starts once, where a search each would jump around memory.
        """
        starts, found, line = self._starts, [], 1
        last = len(starts)
        for offset in offsets:
            if offset < starts[line - 1]:
                line = bisect.bisect_right(starts, offset)  # out of order: search, then walk on from there
            while line < last and starts[line] <= offset:
                line += 1
            found.append((line, offset - starts[line - 1] + 1))
        return found


def shift(origin: tuple[int, int], spot: tuple[int, int]) -> tuple[int, int]:
    """*spot* (line, column inside a text that starts at *origin* of a file) as a position in that file."""
    line, column = spot
    if line == 1:
        return origin[0], origin[1] + column - 1
    return origin[0] + line - 1, column
