"""Carry a change to a decoded string back into the literal that wrote it: a JSON string, a YAML scalar,
a YAML ``!!binary`` block — changing as few characters of the source as the literal's syntax allows.
"""

from __future__ import annotations

import json

from contract.parsing.bodies import Base64
from contract.parsing.views import json_escape, unescape_view
from contract.redaction.spanned import Spanned
from contract.secrets import Span

__all__ = ["in_binary", "in_json_literal", "in_yaml_scalar"]


def _odd_backslashes_before(text: str, index: int, floor: int) -> bool:
    count = 0
    while index - count - 1 >= floor and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _by_occurrence(raw: str, start: int, end: int, *, decoded: str, span: Span, plain: bool) -> tuple[int, int] | None:
    """Where ``decoded[span]`` sits in ``raw[start:end]`` when it is written there as it reads.

    The n-th occurrence in the decoded text is the n-th in the literal when both hold it equally often
    and none sits right after an escaping backslash.
    """
    piece = decoded[span.start : span.end]
    if not piece or not plain:
        return None
    wanted: list[int] = []
    index = decoded.find(piece)
    while index != -1:
        wanted.append(index)
        index = decoded.find(piece, index + len(piece))
    if span.start not in wanted:
        return None
    found: list[int] = []
    index = raw.find(piece, start, end)
    while index != -1 and len(found) <= len(wanted):
        if _odd_backslashes_before(raw, index, start):
            return None
        found.append(index)
        index = raw.find(piece, index + len(piece), end)
    if len(found) != len(wanted):
        return None
    nth = found[wanted.index(span.start)]
    return nth, nth + len(piece)


_JSON_PLAIN = str.maketrans("", "", '\\"')


def in_json_literal(raw: str, start: int, end: int, decoded: str, spans: list[Span]) -> list[Span]:
    """*spans* of the string that the JSON literal ``raw[start:end]`` decodes to, as spans of *raw*."""
    out, view = [], None
    for span in spans:
        piece = decoded[span.start : span.end]
        plain = piece.isprintable() and piece.translate(_JSON_PLAIN) == piece and piece.isascii()
        place = _by_occurrence(raw, start + 1, end - 1, decoded=decoded, span=span, plain=plain)
        if place is None:
            view = view or unescape_view(raw[start + 1 : end - 1])
            first, last = view.span(span.start, span.end) if view is not None else (span.start, span.end)
            place = start + 1 + first, start + 1 + last
        out.append(span._replace(start=place[0], end=place[1], replacement=json_escape(span.replacement)))
    return out


def _apply(decoded: str, spans: list[Span]) -> str:
    out, last = [], 0
    for span in spans:
        out += [decoded[last : span.start], span.replacement]
        last = span.end
    return "".join([*out, decoded[last:]])


def in_yaml_scalar(raw: str, scalar: Spanned, spans: list[Span]) -> list[Span]:
    """*spans* of a YAML scalar's value, as spans of *raw*: in place where the secret is written as it
    reads, else the whole scalar written again, double-quoted, with the same tag."""
    start, end, style, decoded = scalar.start, scalar.end, scalar.style, str(scalar)
    forbidden = {"'": "'", '"': '"\\'}.get(style, "")
    placed = []
    for span in spans:
        piece = decoded[span.start : span.end]
        plain = piece.isprintable() and " " not in piece and not any(char in piece for char in forbidden)
        plain = plain and style in ("", "'", '"', "|", ">")
        place = _by_occurrence(raw, start, end, decoded=decoded, span=span, plain=plain)
        if place is None:
            break
        placed.append(span._replace(start=place[0], end=place[1]))
    else:
        return placed
    literal = raw[start:end]
    tag = literal.split(None, 1)[0] + " " if literal.startswith("!") else ""
    trailing = literal[len(literal.rstrip("\n")) :] if style in ("|", ">") else ""
    rewritten = tag + json.dumps(_apply(decoded, spans)) + (trailing or "")
    kind = spans[0].kind
    return [Span(start, end, kind, rewritten, all(span.faithful for span in spans))]


def in_binary(raw: str, start: int, end: int, data: bytes, span: Span) -> Span:
    """A YAML ``!!binary`` scalar at ``raw[start:end]`` written again holding *data*, laid out as before."""
    literal = raw[start:end]
    head, _, body = literal.partition("\n")
    lines = [line for line in body.split("\n") if line.strip()]
    if "|" in head and lines:
        indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())]
        width = max(len(line.strip()) for line in lines)
        text = Base64(width=width).encode(data)
        trailing = literal[len(literal.rstrip("\n")) :]
        rewritten = head + "\n" + "\n".join(indent + line for line in text.split("\n")) + trailing
    else:
        tag = literal.split(None, 1)[0] if literal.startswith("!") else "!!binary"
        rewritten = f'{tag} "{Base64().encode(data)}"'
    return span._replace(start=start, end=end, replacement=rewritten)
