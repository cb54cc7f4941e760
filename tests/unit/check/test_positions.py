"""Positions: JSON pointers mapped to the line and column a reader's editor would jump to."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract import Finding, Result
from contract.check.positions import (
    _ancestors,
    _Broken,
    _compact_offsets,
    _Scan,
    _value_offsets,
    locate,
    place,
    place_line,
)
from contract.exchange import Exchange
from contract.findings import escape_pointer

DOCUMENT = """{
  "id": "cksess_1",
  "workflow": {
    "id": "wf",
    "state_variables": {"a/b": 1, "t~": [true, {"deep": null}]}
  },
  "status": "canceled"
}"""


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("", (1, 1)),
        ("/id", (2, 9)),
        ("/workflow", (3, 15)),
        ("/workflow/state_variables/a~1b", (5, 32)),
        ("/workflow/state_variables/t~0/1/deep", (5, 57)),
        ("/status", (7, 13)),
    ],
)
def test_each_pointer_lands_on_its_value(pointer: str, position: tuple[int, int]) -> None:
    """Values are found at their first character, through escaped member names and array indices."""
    assert locate(DOCUMENT, [pointer]) == {pointer: position}


def test_missing_member_points_at_its_parent_object() -> None:
    """A member that is not there is reported where the object that should hold it starts."""
    assert locate(DOCUMENT, ["/workflow/tracing", "/workflow/tracing/enabled"]) == {
        "/workflow/tracing": (3, 15),
        "/workflow/tracing/enabled": (3, 15),
    }


def test_repeated_member_points_at_the_occurrence_a_parser_keeps() -> None:
    """With a duplicate key the last occurrence wins, so that is where the finding points."""
    assert locate('{"a": 1,\n "a": 2}', ["/a"]) == {"/a": (2, 7)}


def test_broken_document_still_yields_what_it_can() -> None:
    """A truncated document still locates the values before the cut."""
    assert locate('{"a": {"b": [1, 2', ["/a/b/1", "/a/c"]) == {"/a/b/1": (1, 17), "/a/c": (1, 7)}


def test_columns_count_characters_not_bytes() -> None:
    """Multi-byte characters before a value count as one column each, as editors count them."""
    assert locate('{"naïve": "é", "x": 1}', ["/x"]) == {"/x": (1, 21)}


def _result(*findings: Finding) -> Result:
    return Result("rec.jsonl", "line 7", findings)


def test_jsonl_line_is_placed_on_its_own_line_of_the_file() -> None:
    """A finding in the body of line 7 points at line 7, at the column inside that line."""
    body = b'{"id": "cksess_1", "status": "active"}'
    placed = place(_result(Finding.of("cancel.status", "/status", "m")), Exchange(body, line=7))
    assert [(f.line, f.column) for f in placed.findings] == [(7, 30)]


def test_parse_findings_keep_their_own_position_shifted_into_the_file() -> None:
    """json.* findings already know where they are in the body; placing shifts them by the body's start."""
    finding = Finding.of("json.parse", "", "m", line=2, column=3)
    placed = place(_result(finding), Exchange(b"{\n  x", line=10, column=5))
    assert [(f.line, f.column) for f in placed.findings] == [(11, 3)]
    first_line = place(_result(Finding.of("json.parse", "", "m", 1, 4)), Exchange(b"{x", line=10, column=5))
    assert [(f.line, f.column) for f in first_line.findings] == [(10, 8)]


def test_embedded_body_findings_point_at_where_the_body_starts() -> None:
    """A body stored as a HAR string cannot be mapped inside, so every finding points at its start."""
    findings = (Finding.of("cancel.status", "/status", "m"), Finding.of("http.status", "", "m"))
    exchange = Exchange(b'{"status": "active"}', line=40, column=17, embedded=True)
    assert [(f.line, f.column) for f in place(_result(*findings), exchange).findings] == [(40, 17), (40, 17)]


def test_clean_result_is_returned_untouched() -> None:
    """Conforming results never pay for a scan."""
    result = _result()
    assert place(result, Exchange(b"{}")) is result


def test_byte_order_mark_is_not_a_column() -> None:
    """Columns count from the first character after a BOM, as editors show them."""
    assert locate('\ufeff{"a": 1}', ["/a"]) == {"/a": (1, 7)}


def test_many_findings_in_any_order_land_where_one_at_a_time_would() -> None:
    """Placing every pointer at once (one walk over the lines) gives each the position it gets alone, whatever the
    order they are asked in, on one line or many."""
    pointers = ["/status", "", "/workflow/state_variables/t~0/1/deep", "/id", "/workflow/tracing", "/workflow"]
    one_by_one = {pointer: locate(DOCUMENT, [pointer])[pointer] for pointer in pointers}
    assert locate(DOCUMENT, pointers) == one_by_one
    assert locate(DOCUMENT, reversed(pointers)) == one_by_one
    flat = DOCUMENT.replace("\n", " ")
    assert {pointer: spot[0] for pointer, spot in locate(flat, pointers).items()} == dict.fromkeys(pointers, 1)


def test_a_document_of_many_undeclared_members_places_each_on_its_own_line() -> None:
    """Twenty thousand findings in one document: each lands on its member's line (the scaling itself is measured by
    benchmarks/findings_scaling.py)."""
    members = ",\n".join(f'  "extra_{n}": {n}' for n in range(20_000))
    spots = locate("{\n" + members + "\n}", [f"/extra_{n}" for n in range(20_000)])
    assert spots["/extra_0"] == (2, 14)
    assert spots["/extra_19999"] == (20_001, 18)
    assert len({line for line, _ in spots.values()}) == 20_000


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)  # what orjson writes
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(st.characters(exclude_categories=["Cs"]), max_size=4), children, max_size=4)
    ),
    max_leaves=20,
)


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, pointer + "/" + escape_pointer(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, f"{pointer}/{index}")
    return found


@given(
    value=_JSON,
    indent=st.sampled_from([None, 0, 2]),
    separators=st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : ")]),
    ascii_only=st.booleans(),
    data=st.data(),
)
def test_the_member_scanner_finds_what_the_tokeniser_finds(
    value: Any, indent: int | None, separators: tuple[str, str], ascii_only: bool, data: st.DataObject
) -> None:
    """On a well-formed document, however it is spaced, the fast scanner gives the tokeniser's offsets."""
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=ascii_only)
    wanted = data.draw(st.lists(st.sampled_from([*_pointers(value), "/missing", "/0/missing"]), max_size=4))
    interesting = {a for p in wanted for a in _ancestors(p)} | {""}
    assert _Scan(text, interesting).document() == list(_value_offsets(text, interesting))


@given(value=_JSON, data=st.data())
def test_offsets_added_up_from_orjson_text_are_the_tokenisers(value: Any, data: st.DataObject) -> None:
    """A record exactly as orjson writes it is placed by arithmetic, at the offsets the tokeniser finds."""
    text = orjson.dumps(value).decode()
    wanted = data.draw(st.lists(st.sampled_from([*_pointers(value), "/missing", "/0/missing"]), max_size=4))
    interesting = {a for p in wanted for a in _ancestors(p)} | {""}
    compact = _compact_offsets(text, interesting)
    assert compact is None or dict(compact) == dict(_value_offsets(text, interesting))
    if text.isascii() and isinstance(value, (dict, list)):
        assert compact is not None


@given(value=_JSON, data=st.data())
def test_a_line_placed_from_its_value_is_placed_as_from_its_text(value: Any, data: st.DataObject) -> None:
    """A JSON Lines record whose parsed value is at hand gets the positions its text gives, written by orjson
    (added up from the value) or otherwise (read from the text), present members and missing ones alike."""
    compact = data.draw(st.booleans())
    body = orjson.dumps(value) if compact else json.dumps(value, separators=(", ", ": ")).encode()
    pointers = data.draw(st.lists(st.sampled_from([*_pointers(value), "/missing", "/0/missing"]), max_size=4))
    findings = tuple(Finding.of("schema.type", pointer, "wrong") for pointer in pointers)
    findings += (Finding.of("json.duplicate-key", "", "placed already", 1, 3),)
    number = data.draw(st.integers(1, 10**6))
    in_file = place(Result("a.jsonl", "line", findings), Exchange(body, "a.jsonl", "line", line=number)).findings
    assert place_line(findings, body, number, orjson.loads(body)) == in_file
    assert place_line(findings, body, number) == in_file


@pytest.mark.parametrize(
    ("value", "pointer"),
    [
        ({"x": {"b": 1}, "b": 2}, "/b"),  # the name written twice: at another depth first
        ({'a"b': 1, "b": 2}, "/b"),  # inside another name, after an escaped quote
        ({"s": '{"b":1}', "b": 2}, "/b"),  # inside a string value
        ({"a": [{"b": 1}, {"b": 2}]}, "/a/1/b"),
        ({"a": [{"b": 1}, {"c": 2}]}, "/a/1/b"),  # missing: its parent, an array item
        ({"a": {"b": 1}}, "/a/b/c"),  # below a scalar
        ({"a~b/c": {"d": 1}}, "/a~0b~1c/d"),
        ({"a": 1, "b": [{"c": 2}]}, "/b"),
        ({"a": 1, "b": [{"c": 2}]}, "/b/0/c"),
    ],
)
@pytest.mark.parametrize("spaced", [False, True])
def test_a_member_found_by_its_name_is_the_one_at_the_pointer(value: Any, pointer: str, spaced: bool) -> None:
    """Names written more than once, or inside other names and strings, do not mislead the placing of a record,
    written by orjson or with blanks around its members."""
    body = (" \t" + json.dumps(value).replace(":", " :\t", 1) + "\r").encode() if spaced else orjson.dumps(value)
    findings = (Finding.of("schema.type", pointer, "wrong"), Finding.of("schema.type", "", "wrong"))
    in_file = place(Result("a.jsonl", "line", findings), Exchange(body, "a.jsonl", "line", line=3)).findings
    assert place_line(findings, body, 3, value) == in_file


@pytest.mark.parametrize(
    "text", ["[" * 300 + "]" * 300, '{"a": 1}', '{"a":1,"a":2}', '{"a":1e5}', '{"a":"\\u00e9"}', "[1,2] ", "5"]
)
def test_text_orjson_would_write_otherwise_is_not_added_up(text: str) -> None:
    """Nesting orjson reads but will not write, spaces, a repeated member, an exponent, an escape orjson would not
    write, trailing space, a scalar."""
    assert _compact_offsets(text, {"", "/a", "/0"}) is None


@pytest.mark.parametrize("text", ['{"a": 1} 2', '{"a": [1, 2,]}', '{"a" 1}', "[1, 2", '{"a": {"b": 1}', ""])
def test_a_malformed_document_is_left_to_the_tokeniser(text: str) -> None:
    """Trailing data, a stray comma, a missing colon, a cut: the scanner refuses, so placing stays tolerant."""
    with pytest.raises((_Broken, IndexError)):
        _Scan(text, {"", "/a", "/a/b", "/0"}).document()
