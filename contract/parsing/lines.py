"""Line and column numbers (1-based, columns in characters), counted one way everywhere."""

from __future__ import annotations

import bisect

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


def shift(origin: tuple[int, int], spot: tuple[int, int]) -> tuple[int, int]:
    """*spot* (line, column inside a text that starts at *origin* of a file) as a position in that file."""
    line, column = spot
    if line == 1:
        return origin[0], origin[1] + column - 1
    return origin[0] + line - 1, column
