"""Format detection: the content decides, the extension only breaks ties."""

from __future__ import annotations

import pytest

from contract.sources.detect import detect


@pytest.mark.parametrize(
    ("head", "suffix", "expected"),
    [
        (b'{\n  "id": "cksess_1"\n}\n', ".json", "json"),
        (b'{"id": "a"}\n{"id": "b"}\n', ".json", "jsonl"),
        (b'{"id": "a"}\n', ".jsonl", "jsonl"),
        (b'{"id": "a"}\n\n{"id": "b"}\n', "", "jsonl"),
        (b'\xef\xbb\xbf{\n  "log": {\n    "version": "1.2"', ".txt", "har"),
        (b'{"log": {"entries": []}}', ".json", "har"),
        (b"interactions:\n- request:\n    method: POST\n", ".cassette", "cassette-yaml"),
        (b"---\n# recorded\ninteractions: []\nversion: 1\n", "", "cassette-yaml"),
        (b'{\n    "version": 1,\n    "interactions": [\n', ".json", "cassette-json"),
        (b'{"interactions": []}', "", "cassette-json"),
        (b"", ".json", "json"),
        (b"not json at all", ".json", "json"),
        (b"version: '3'\nservices: {}\n", ".yml", "cassette-yaml"),
        (b"# README\n", ".md", None),
        (b"", "", None),
    ],
)
def test_detects_the_format(head: bytes, suffix: str, expected: str | None) -> None:
    """Recognisable content wins over the extension; an unknown extension with unknown content is None."""
    assert detect(head, suffix) == expected


def test_pretty_printed_json_is_one_document_not_lines() -> None:
    """A multi-line document whose first line is not JSON on its own stays one document."""
    assert detect(b'{\n  "a": 1\n}\n{\n  "b": 2\n}\n', ".json") == "json"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"id": "a"} \r\n{"id": "b"}\n', "jsonl"),
        (b"[1, 2]\t\n[3]\n", "jsonl"),
        (b'{"a": }\n{"b": 1}\n', "json"),
        (b'{"a": [1,\n 2]}\n', "json"),
        (b'{"a": 1}\x0c\n{"b": 1}\n', "json"),
    ],
)
def test_a_first_line_is_a_whole_value_only_when_it_parses(head: bytes, expected: str) -> None:
    """Lines are told from a pretty-printed document by parsing the first line; JSON whitespace may end it."""
    assert detect(head, "") == expected
