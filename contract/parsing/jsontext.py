"""JSON string literals found in raw text, without parsing the document around them.

JSON has no other place a double quote can appear, so these patterns find every member name and
string value, escapes included, even in a document that does not parse.
"""

from __future__ import annotations

import re

__all__ = ["STRING", "STRING_LITERAL", "blank_strings"]

#: One string literal, unrolled so long strings stay inside the regex engine.
STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
STRING_LITERAL = re.compile(STRING, re.DOTALL)


def blank_strings(text: str) -> str:
    """*text* with every string literal replaced by spaces of the same length, so offsets still line up."""
    return STRING_LITERAL.sub(lambda match: " " * len(match.group()), text)
