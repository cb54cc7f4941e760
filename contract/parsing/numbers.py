"""Numbers in text as HTTP headers and command-line specs write them: ASCII digits, nothing else.

Python's ``int()`` and ``float()`` also take other scripts' digits (``٣``), full-width ones (U+FF11),
underscores (``1_0``), exponents and ``inf``; ``str.isdigit()`` passes superscripts (``²``) that ``int()``
then refuses, and a few thousand digits make ``int()`` raise. Read a header or spec value with these instead.
"""

from __future__ import annotations

from contract.parsing.patterns import lazy_compile

__all__ = ["ascii_decimal", "ascii_whole"]

# Twenty digits hold any 64-bit value; more is never a real header or spec value.
_WHOLE = lazy_compile(r"[0-9]{1,20}")
_DECIMAL = lazy_compile(r"[0-9]{1,20}(?:\.[0-9]{1,20})?")


def ascii_whole(text: str) -> int | None:
    """*text* as a whole number of ASCII digits (``"429"``), else ``None``."""
    return int(text) if _WHOLE.fullmatch(text) else None


def ascii_decimal(text: str) -> float | None:
    """*text* as ASCII digits with an optional decimal part (``"0.5"``), else ``None``."""
    return float(text) if _DECIMAL.fullmatch(text) else None
