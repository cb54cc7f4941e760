"""Finding a string member's place in raw JSON text without tokenising it: the tokeniser's answer, or none."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.check.positions import locate
from contract.parsing.jsontext import string_offset
from contract.parsing.lines import line_column

PATH = ("response", "content", "text")
POINTER = "/response/content/text"


def _agrees(text: str) -> int | None:
    """string_offset's answer, after checking it is where the tokeniser places the member."""
    offset = string_offset(text, json.loads(text), PATH)
    if offset is not None:
        assert line_column(text, offset) == locate(text, [POINTER])[POINTER]
    return offset


@pytest.mark.parametrize(
    "text",
    [
        '{"response": {"content": {"text": "{\\"a\\": 1}"}}}',
        '{"request": {"text": "same"}, "response": {"content": {"text": "same"}}}',
        '{"response": {"content": {"text": "same"}}, "after": {"text": "same"}}',
        '{"response": {"content": {"text": "first", "text": "kept"}}}',
        '{"response": {"content": {"text": "kept"}}, "response": {"content": {"text": "kept"}}}',
        '{"response": {"content": {"te\\u0078t": "\\u00e9t\\u00e9"}}}',
        '{"response": {"content": {"text": "été"}}}',
        '{"response": {"content": {"text": ""}}, "note": "\\"\\""}',
        '{"response": {"content": {"text": "x"}}, "note": "\\"x\\""}',
        '{"response":\n  {"content": {"size": 3,\n    "text": "a\\nb"}}}',
    ],
)
def test_the_offset_found_is_where_the_tokeniser_places_the_member(text: str) -> None:
    """Repeated members, copies of the body elsewhere, escapes and line breaks: never a wrong place."""
    _agrees(text)


def test_a_copy_inside_another_string_is_not_taken_for_the_member() -> None:
    """The body's spelling also appears, quotes and all, inside a later string: the member itself is found."""
    text = '{"response": {"content": {"text": "v"}}, "log": "say \\"v\\" twice: \\"v\\""}'
    assert _agrees(text) == text.index('"v"')


def test_a_spelling_no_writer_uses_is_left_to_the_tokeniser() -> None:
    """An escape where none is needed is not searched for: the caller tokenises instead."""
    text = '{"response": {"content": {"text": "\\u0061"}}}'
    assert string_offset(text, json.loads(text), PATH) is None


def test_no_string_at_the_path_is_no_offset() -> None:
    """A missing member, or one that is not a string, has no string offset."""
    assert string_offset('{"response": {"content": {}}}', {"response": {"content": {}}}, PATH) is None
    assert string_offset('{"response": {"content": {"text": 1}}}', {"response": {"content": {"text": 1}}}, PATH) is None


_texts = st.text(alphabet=st.sampled_from('ab"\\/é\n{}:,'), max_size=6)


@given(body=_texts, decoys=st.lists(st.tuples(st.sampled_from(["text", "note", "response"]), _texts), max_size=4))
def test_any_arrangement_of_decoys_never_gives_a_wrong_place(body: str, decoys: list[tuple[str, str]]) -> None:
    """Members before and after the body holding its spelling, whole or quoted, never mislead the search."""
    members = [f"{json.dumps(name)}: {json.dumps(value)}" for name, value in decoys]
    half = len(members) // 2
    inner = ", ".join([*members[:half], f'"content": {{"text": {json.dumps(body, ensure_ascii=False)}}}'])
    text = "{" + ", ".join([*members[half:], f'"response": {{{inner}}}']) + "}"
    _agrees(text)
