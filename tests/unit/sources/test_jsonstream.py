"""Streaming array items out of a large document: exact values and positions, whatever the chunking."""

from __future__ import annotations

import io
import json

import pytest

from contract.check.positions import locate
from contract.errors import InputError
from contract.sources import jsonstream
from contract.sources.jsonstream import array_items

DOCUMENT = json.dumps(
    {
        "log": {
            "version": "1.2",
            "pages": [{"id": "p", "nested": {"entries": ["not these"]}}],
            "entries": [
                {"n": 1, "text": "a" * 50},
                {"n": 22.5e3, "text": 'é\\"{[', "list": [1, 2, {"x": None}]},
                12345678,
            ],
            "after": True,
        }
    },
    indent=2,
)


def _items(text: str | bytes) -> list[tuple[object, int, int]]:
    stream = io.BytesIO(text.encode() if isinstance(text, str) else text)
    return [(item.value, item.line, item.column) for item in array_items(stream, "x.har", ("log", "entries"), "HAR")]


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_items_and_positions_do_not_depend_on_chunk_size(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Values split across reads (numbers included) come out whole, at the line where each starts."""
    monkeypatch.setattr(jsonstream, "_CHUNK", chunk)
    items = _items(DOCUMENT)
    assert [value for value, _, _ in items] == json.loads(DOCUMENT)["log"]["entries"]
    expected = locate(DOCUMENT, [f"/log/entries/{n}" for n in range(3)])
    assert [(line, column) for _, line, column in items] == [expected[f"/log/entries/{n}"] for n in range(3)]


def test_item_text_is_the_raw_slice_of_the_file() -> None:
    """The raw text lets findings be placed inside an item later."""
    stream = io.BytesIO(b'{"interactions": [ {"a": [1,2]} , {"b": "c"} ]}')
    texts = [item.text for item in array_items(stream, "c.json", ("interactions",), "cassette")]
    assert texts == ['{"a": [1,2]}', '{"b": "c"}']


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"log": {"pages": []}}', "x.har:1:21: HAR has no 'entries' member"),
        ('{"log": {"entries": {}}}', "x.har:1:21: expected an array at log.entries (HAR)"),
        ('{"log": {"entries": [{"a": 1} {"b": 2}]}}', "x.har:1:31: expected ',' or ']' between items"),
        ('{"log": {"entries": [{"a": 1}, {"b": ', "x.har:1:38: HAR is not valid JSON"),
        ("[]", "x.har:1:1: expected a JSON object (HAR)"),
    ],
)
def test_malformed_documents_are_one_line_errors_with_a_position(text: str, message: str) -> None:
    """A broken HAR names the file, line and column, and what was expected there."""
    with pytest.raises(InputError) as raised:
        _items(text)
    assert str(raised.value).startswith(message)


def test_invalid_utf8_is_an_input_error() -> None:
    """Bytes that are not UTF-8 stop the read with a message naming the file."""
    with pytest.raises(InputError, match=r"^x\.har:1:\d+: not UTF-8"):
        _items(b'{"log": {"entries": ["\xff"]}}')


def test_integers_are_read_as_orjson_reads_them_whatever_else_the_item_holds() -> None:
    """Within 64 bits an integer stays exact; beyond, it is the nearest float, even in an item of long digit runs."""
    first = {"id": "ek_" + "0" * 24, "n": 18446744073709551615}
    text = json.dumps({"interactions": [first, {"n": 18446744073709551616}]})
    values = [item.value for item in array_items(io.BytesIO(text.encode()), "c.json", ("interactions",), "cassette")]
    assert values == [first, {"n": 1.8446744073709552e19}]
    assert isinstance(values[0]["n"], int)
    assert isinstance(values[1]["n"], float)
