"""A credential's place in a text and what to write there instead; sorting, joining and applying such places."""

from __future__ import annotations

from typing import NamedTuple

from contract.secrets.catalogue import REDACTED

__all__ = ["Span", "apply_spans", "merge_spans"]


class Span(NamedTuple):
    """``text[start:end]`` is a credential of *kind*; *replacement* is what to write instead.

    ``faithful`` is false when the replacement cannot stand in for the original the way it was read —
    a secret inside a compressed body that is cut short cannot be compressed back — so the place can
    be reported but not rewritten.
    """

    start: int
    end: int
    kind: str
    replacement: str
    faithful: bool = True


def merge_spans(spans: list[Span]) -> list[Span]:
    """*spans* sorted, overlapping ones joined (the widest one's replacement wins)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda span: (span.start, -span.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = last._replace(end=span.end, replacement=REDACTED, faithful=last.faithful and span.faithful)
            elif not span.faithful:
                merged[-1] = last._replace(faithful=False)
        elif span.end > span.start:
            merged.append(span)
    return merged


def apply_spans(text: str, spans: list[Span]) -> str:
    """*text* with each span replaced (spans sorted and apart, as :func:`credential_spans` gives them)."""
    out, last = [], 0
    for span in spans:
        out += [text[last : span.start], span.replacement]
        last = span.end
    out.append(text[last:])
    return "".join(out)
