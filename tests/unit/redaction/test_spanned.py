"""Spanned parsing: every string remembers exactly where its literal sits, in JSON and in YAML."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from contract.parsing.yamlsafe import no_timestamp_loader
from contract.redaction.spanned import Encoded, Members, Spanned, json_spanned, scalar_spans, yaml_tree

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


def _strings(node: Any) -> Iterator[Spanned]:
    if isinstance(node, Members):
        for key, value in node:
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, Spanned):
        yield node


@given(JSON_VALUES, st.booleans())
def test_every_string_span_decodes_to_its_value(value: Any, ascii_only: bool) -> None:
    """Whatever the value and escaping, text[start:end] of each string (member names too) is its own literal."""
    text = json.dumps({"v": value}, indent=1, ensure_ascii=ascii_only)
    tree, end = json_spanned(text)
    assert end == len(text)
    for string in _strings(tree):
        assert json.loads(text[string.start : string.end]) == string


def test_duplicate_keys_keep_both_members_with_their_own_spans() -> None:
    """A repeated member name keeps both values (a duplicate can hide a secret too)."""
    text = '{"a": "first", "a": "second"}'
    document, _ = json_spanned(text)
    assert [(key, text[value.start : value.end]) for key, value in document] == [("a", '"first"'), ("a", '"second"')]


def test_yaml_scalars_and_binary_carry_their_spans_and_styles() -> None:
    """A cassette's plain, quoted and binary scalars all know their place in the text and how they were written."""
    text = "a: plain\nb: 'quoted ''x'''\nc: !!binary aGVsbG8=\nd: |\n  block\n"
    node = yaml.compose(text, Loader=no_timestamp_loader())
    values = dict(yaml_tree(node))
    assert (values["a"], values["a"].style) == ("plain", "")
    assert text[values["b"].start : values["b"].end] == "'quoted ''x'''"
    assert values["b"].style == "'"
    assert isinstance(values["c"], Encoded)
    assert bytes(values["c"]) == b"hello"
    assert text[values["c"].start : values["c"].end] == "!!binary aGVsbG8="
    assert (values["d"], values["d"].style) == ("block\n", "|")
    assert [text[start:end] for start, end in scalar_spans(node)][:3] == ["a", "plain", "b"]


def test_a_node_an_alias_names_twice_is_one_shared_tree_counted_from_the_base() -> None:
    """Aliases share their node (a few bytes can name a huge tree); spans count from the offset given."""
    node = yaml.compose("x: &n {k: v}\ny: *n\n", Loader=no_timestamp_loader())
    tree = yaml_tree(node, base=2)
    (_, first), (_, second) = tree
    assert first is second
    ((key, _),) = first
    assert (key.start, key.end) == (5, 6)  # "k" sits at offset 7
