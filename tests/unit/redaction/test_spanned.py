"""Spanned parsing: every string remembers exactly where its literal sits, whichever parser path read it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from contract.redaction.spanned import Encoded, Members, Spanned, parse_spanned

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


def _strings(node: Any) -> Iterator[Spanned]:
    if isinstance(node, Members):
        for _, value in node:
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, Spanned):
        yield node


def _assert_spans_decode(text: str, documents: list[Any] | None) -> None:
    assert documents is not None
    for string in (s for document in documents for s in _strings(document)):
        assert json.loads(text[string.start : string.end]) == string


@given(JSON_VALUES, st.booleans())
def test_every_string_span_decodes_to_its_value(value: Any, ascii_only: bool) -> None:
    """Whatever the value and escaping, text[start:end] of each string is its own literal."""
    text = json.dumps({"v": value}, indent=1, ensure_ascii=ascii_only)
    _assert_spans_decode(text, parse_spanned(text))


@given(st.lists(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3), min_size=1, max_size=4))
def test_json_lines_are_each_a_document(values: list[dict[str, Any]]) -> None:
    """A JSON Lines recording (an object per line) parses into one document per line, spans into the whole text."""
    text = "\n".join(json.dumps(v) for v in values) + "\n"
    documents = parse_spanned(text)
    assert documents is not None
    assert len(documents) == len(values)
    _assert_spans_decode(text, documents)


def test_duplicate_keys_keep_both_members_with_their_own_spans() -> None:
    """A repeated member name keeps both values (a duplicate can hide a secret too)."""
    text = '\ufeff{"a": "first", "a": "second"}'
    (document,) = parse_spanned(text) or []
    assert [(key, text[value.start : value.end]) for key, value in document] == [("a", '"first"'), ("a", '"second"')]


def test_yaml_scalars_and_binary_carry_their_spans() -> None:
    """A cassette's plain, quoted and binary scalars all know their place in the text."""
    text = "a: plain\nb: 'quoted ''x'''\nc: !!binary aGVsbG8=\n"
    (document,) = parse_spanned(text) or []
    values = dict(document)
    assert values["a"] == "plain"
    assert text[values["b"].start : values["b"].end] == "'quoted ''x'''"
    assert isinstance(values["c"], Encoded)
    assert bytes(values["c"]) == b"hello"


def test_text_that_is_neither_json_nor_yaml_is_none() -> None:
    """Unparseable text gives None, so only shape matching applies to it."""
    assert parse_spanned('{"broken": "\n  - [') is None
