"""Fuzzing the YAML readers with tags: any standard, Python or unknown tag on any value of a cassette or an OpenAPI
document. A value its tag cannot hold is a finding at its place (cassettes) or one line and exit 2
(``upstream-diff``); never PyYAML's bare KeyError or ValueError, never exit 1 for a document that was not read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.robustness.support import bounded, invoke
from tests.robustness.test_fuzz import CASSETTE, FUZZ, MIB, SECONDS, _one_line_or_ok, _paths, _planted, _read_and_check
from tests.upstream_fixture import upstream_document


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the files each example writes."""
    return tmp_path_factory.mktemp("fuzz-tags")


# Standard tags, Python and unknown ones, and values that trip PyYAML's constructors (bare KeyError, ValueError,
# IndexError, AttributeError) or mean nothing to JSON.
YAML_TAGS = [
    *(f"!!{name}" for name in ("null", "bool", "int", "float", "binary", "timestamp", "omap", "pairs", "set")),
    *(f"!!{name}" for name in ("str", "seq", "map", "merge", "value", "python/tuple", "python/int", "python/name:os")),
    "!!python/object/apply:os.system",
    "!custom",
    "!<tag:yaml.org,2002:int>",
]
YAML_SCALARS = st.one_of(
    st.sampled_from(
        [
            "''",
            "abc",
            "'0x'",
            "'0b2'",
            "'1:2:x'",
            "'2024-13-45'",
            "'2024-02-30T25:61:00'",
            "9" * 5000,
            "'_'",
            "'-'",
            "'1_000'",
            ".inf",
            ".nan",
            "'aGVsbG8='",
            "'@@ not base64'",
            "{a: 1}",
            "[1, 2]",
            "[[a, b]]",
            "[{a: 1}, {a: 2}]",
            "{[1]: 2}",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12).map(json.dumps),
)
MARKER = "planted-value-here"


@st.composite
def tagged(draw: st.DrawFn, document: Any) -> str:
    """*document* as YAML with a tagged value (``!!bool 'abc'``) planted in place of any one of its values."""
    path = draw(st.sampled_from(_paths(document)[1:]))
    text = yaml.safe_dump(_planted(document, path, MARKER), sort_keys=False)
    return text.replace(MARKER, f"{draw(st.sampled_from(YAML_TAGS))} {draw(YAML_SCALARS)}", 1)


@FUZZ
@given(cassette=tagged(CASSETTE))
def test_the_yaml_cassette_reader_survives_any_tag_on_any_value(scratch: Path, cassette: str) -> None:
    """A value its tag cannot hold is a recording.unreadable finding for its interaction; the others are read."""
    path = scratch / "tagged.yaml"
    path.write_text(cassette, encoding="utf-8")
    outcomes = _read_and_check(path, "cassette-yaml")
    # One finding for a cassette that is no longer one; else one per interaction, and one more where the file
    # breaks after them (the reader reads on past the interactions, to refuse a second 'interactions').
    assert len(outcomes) in (1, 2, 3)


@pytest.mark.slow
@FUZZ
@given(document=tagged(upstream_document()))
def test_upstream_diff_survives_any_tag_on_any_value(scratch: Path, document: str) -> None:
    """An OpenAPI document holding a value that is not JSON data is compared, or refused in one line: never exit 1
    for a document that could not be read."""
    path = scratch / "tagged-openapi.yaml"
    path.write_text(document, encoding="utf-8")
    with bounded(SECONDS, MIB):
        result = invoke(["upstream-diff", str(path)])
    _one_line_or_ok(result)


@FUZZ
@given(cassette=tagged(CASSETTE))
def test_redact_survives_any_tag_on_any_value(scratch: Path, cassette: str) -> None:
    """redact --check on a cassette holding any tagged value reports, or refuses in one line."""
    path = scratch / "tagged-redact.yaml"
    path.write_text(cassette, encoding="utf-8")
    with bounded(SECONDS, MIB):
        result = invoke(["redact", "--check", str(path)])
    _one_line_or_ok(result)
