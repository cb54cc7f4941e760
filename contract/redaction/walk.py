"""One walk over a parsed record, collecting the strings that hold secrets and what the structure says of them.

Structure decides what plain text cannot: a member, header, parameter or cookie named like a credential
holds one whatever its shape; a HAR ``{"name": …, "value": …}`` pair is read as one header; a value in a
list takes the name of the list's member (VCR writes each header as a list of values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from contract.redaction.spanned import Encoded, Members, Spanned
from contract.secrets import Span, ValueForm, secret_name

if TYPE_CHECKING:
    from contract.redaction.record import Searcher

__all__ = ["Found", "Secret", "Walk"]

#: The credential a value is, by its name: its kind and how it is masked; ``None`` for other values.
Secret = tuple[str, ValueForm] | None
#: Where a literal is (an ordinal among the record's string literals, or a spanned value), its value, its spans.
Found = tuple[Any, Any, list[Span]]
_COOKIE_VALUE: Secret = ("cookie", "whole")


class Walk:
    """One walk over a parsed tree, collecting the strings that hold secrets."""

    __slots__ = ("count", "depth", "found", "searcher", "visited")

    def __init__(self, searcher: Searcher, depth: int) -> None:
        self.searcher = searcher
        self.depth = depth
        self.found: list[Found] = []
        self.visited: set[int] = set()
        self.count = 0  # strings seen so far (names included): the n-th is the n-th literal in plain JSON

    def node(self, node: Any, name: str | None, secret: Secret) -> None:
        kind = type(node)
        if kind is dict:
            self.plain_members(node, name)
        elif kind is str:
            self.plain_string(node, secret)
        elif kind is list:
            if id(node) not in self.visited:  # YAML aliases share nodes: each is walked once
                self.visited.add(id(node))
                for item in node:
                    self.node(item, name, secret)
        elif isinstance(node, Spanned):
            self.string(node, secret)
        elif isinstance(node, Members):
            if id(node) not in self.visited:
                self.visited.add(id(node))
                self.members(node, name)
        elif isinstance(node, Encoded):
            found = self.searcher.encoded_body(bytes(node), self.depth)
            if found is not None:
                span, cleaned = found
                self.found.append((node, cleaned, [span]))
        # numbers, booleans and null hold nothing

    def plain_string(self, value: str, secret: Secret) -> None:
        spans = self.searcher.string_spans(value, secret, self.depth)
        if spans:
            self.found.append((self.count, value, spans))
        self.count += 1

    def plain_members(self, node: dict[str, Any], name: str | None) -> None:
        """The members of a parsed object (no duplicates, no positions): the fast walk, for most records."""
        searcher, found, depth = self.searcher, self.found, self.depth
        seen, known_names = searcher.seen(depth), searcher.names
        # HAR writes headers, parameters and cookies as {"name": …, "value": …}: the value takes the name's meaning.
        pair = "value" in node and (
            isinstance(node.get("name"), str) or (name is not None and name.lower() == "cookies")
        )
        count = self.count
        for key, value in node.items():
            info = known_names.get(key) or searcher.name_info(key, depth)
            if info[0]:
                found.append((count, key, info[0]))
            secret = info[1] if not pair or key != "value" else self._pair_value(node, name)
            kind = type(value)
            if kind is str:
                spans = seen.get(value) if secret is None else None
                if spans is None:
                    spans = searcher.string_spans(value, secret, depth)
                if spans:
                    found.append((count + 1, value, spans))
                count += 2
            elif kind is dict:
                self.count = count + 1
                self.plain_members(value, key)
                count = self.count
            elif kind is list:
                self.count = count + 1
                self.node(value, key, secret)
                count = self.count
            else:
                count += 1
        self.count = count

    @staticmethod
    def _pair_value(node: dict[str, Any], name: str | None) -> Secret:
        if name is not None and name.lower() == "cookies":
            return _COOKIE_VALUE
        return secret_name(node.get("name"), parameter=True)

    def string(self, value: Spanned, secret: Secret) -> None:
        self.count += 1
        spans = self.searcher.string_spans(value, secret, self.depth)
        if spans:
            self.found.append((value, value, spans))

    def members(self, pairs: Members, name: str | None) -> None:
        """The members of a carefully parsed object: duplicates kept, every name of a HAR pair counted."""
        names = [value for key, value in pairs if key == "name" and isinstance(value, str)]
        in_cookies = name is not None and name.lower() == "cookies"
        for key, value in pairs:
            if not isinstance(key, str):
                self.node(key, None, None)
                self.node(value, None, None)
                continue
            self.string(key, None) if isinstance(key, Spanned) else self.plain_string(key, None)
            secret = secret_name(key)
            if key == "value" and (in_cookies or names):
                secret = _COOKIE_VALUE if in_cookies else _pair_secret(names)
            self.node(value, key, secret)


def _pair_secret(names: list[str]) -> Secret:
    for candidate in names:
        found = secret_name(candidate, parameter=True)
        if found is not None:
            return found
    return None
