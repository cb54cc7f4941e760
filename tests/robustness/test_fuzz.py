"""Fuzzing every source reader and the CLI: random bytes, mutated recordings, and recordings of the right
shape holding values of any type. Whatever comes in: no exception, no hang, bounded memory.

Each example runs under :func:`~tests.robustness.support.bounded` (time by an alarm, memory by tracemalloc);
examples are few and deadlines off, as the machine is shared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.check.validator import Validator
from contract.exchange import Skipped
from contract.findings import Result
from contract.rules import RULES
from contract.run import check_records
from contract.sources.detect import Format
from contract.sources.plan import Piece, read_piece
from tests.helpers import conforming_session
from tests.robustness.catalogue import CANCEL_URL, LINE, SESSION, _cassette
from tests.robustness.support import bounded, findings_of, invoke
from tests.upstream_fixture import UPSTREAM_YAML, upstream_document

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Generous bounds: a real hang or explosion blows far past them; a slow shared machine does not.
SECONDS, MIB = 20.0, 96.0

_ENTRY = {
    "request": {"method": "POST", "url": CANCEL_URL, "headers": [{"name": "Authorization", "value": "Bearer sk-x"}]},
    "response": {
        "status": 200,
        "headers": [{"name": "Content-Type", "value": "application/json"}],
        "content": {"mimeType": "application/json", "text": LINE.decode()},
    },
}
_OTHER = {"request": {"method": "GET", "url": "https://example.com/"}, "response": {"status": 204, "content": {}}}
HAR: dict[str, Any] = {"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": [_ENTRY, _OTHER]}}
_INTERACTION = {
    "request": {"method": "POST", "uri": CANCEL_URL, "headers": {}, "body": None},
    "response": {"status": {"code": 200}, "headers": {"Content-Type": ["application/json"]}, "body": {"string": "{}"}},
}
CASSETTE: dict[str, Any] = {"interactions": [_INTERACTION, _INTERACTION], "version": 1}

SEEDS: dict[Format, bytes] = {
    "json": SESSION,
    "jsonl": LINE + b"\n" + LINE + b"\n",
    "har": json.dumps(HAR, indent=2).encode(),
    "cassette-yaml": _cassette(json.dumps(LINE.decode())),
    "cassette-json": json.dumps(CASSETTE).encode(),
}
SUFFIX: dict[Format, str] = {
    "json": ".json",
    "jsonl": ".jsonl",
    "har": ".har",
    "cassette-yaml": ".yaml",
    "cassette-json": ".json",
}
# Bytes that mean something to one of the parsers: brackets, escapes, encodings, YAML anchors and tags.
TOKENS = [
    *(bytes([c]) for c in b'{}[]":,\\\n'),
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"NaN",
    b"-Infinity",
    b"1e999",
    b"9" * 40,
    b"\\ud800",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"!!python/object/apply:os.system ",
    b"- ",
    b": ",
    b"    ",
    b"[" * 50,
    b'"log"',
    b'"entries"',
    b'"interactions"',
    b'"base64"',
]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """*seed* after a few deletions, insertions, replacements, duplications and truncations."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 64)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate"]))
        piece = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
        if kind == "delete":
            del data[start:end]
        elif kind == "insert":
            data[start:start] = piece
        elif kind == "replace":
            data[start:end] = piece
        elif kind == "duplicate":
            data[start:start] = data[start:end]
        else:
            del data[start:]
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in *value* a fuzzed value can be planted."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _planted(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


@st.composite
def reshaped(draw: st.DrawFn, document: Any) -> Any:
    """*document* with any value of any type planted somewhere inside it."""
    path = draw(st.sampled_from(_paths(document)))
    return _planted(document, path, draw(JSON_VALUES))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for the files each example writes."""
    return tmp_path_factory.mktemp("fuzz")


def _read_and_check(path: Path, fmt: Format) -> list[Result | Skipped]:
    """Read *path* as *fmt* and check what it holds, as a run does; every outcome is a result or a skip."""
    validator = Validator(operation="create", profile="strict")
    with bounded(SECONDS, MIB):
        outcomes = list(
            check_records(read_piece(Piece(str(path), path.stat().st_size, fmt), operation=None), validator)
        )
    for outcome in outcomes:
        assert isinstance(outcome, (Result, Skipped))
        for finding in outcome.findings if isinstance(outcome, Result) else ():
            assert finding.rule in RULES
            assert finding.line is None or (finding.line >= 1 and (finding.column or 0) >= 1)
    return outcomes


FORMATS: list[Format] = list(SEEDS)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.binary(max_size=4096))
def test_every_reader_survives_random_bytes(scratch: Path, fmt: Format, data: bytes) -> None:
    """Random bytes read as any format give results and skips: findings for what is wrong, never an exception."""
    path = scratch / f"random{SUFFIX[fmt]}"
    path.write_bytes(data)
    _read_and_check(path, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.data())
def test_every_reader_survives_mutated_recordings(scratch: Path, fmt: Format, data: st.DataObject) -> None:
    """A real recording with bytes deleted, inserted, duplicated or cut off is read without an exception."""
    path = scratch / f"mutated{SUFFIX[fmt]}"
    path.write_bytes(data.draw(mutated(SEEDS[fmt])))
    _read_and_check(path, fmt)


@FUZZ
@given(har=reshaped(HAR))
def test_the_har_reader_survives_any_value_anywhere(scratch: Path, har: Any) -> None:
    """A HAR whose members hold values of unexpected types (a list for headers, a number for text) is read."""
    path = scratch / "reshaped.har"
    path.write_text(json.dumps(har))
    _read_and_check(path, "har")


@pytest.mark.parametrize("fmt", ["cassette-yaml", "cassette-json"])
@FUZZ
@given(cassette=reshaped(CASSETTE))
def test_the_cassette_readers_survive_any_value_anywhere(scratch: Path, fmt: Format, cassette: Any) -> None:
    """A cassette (YAML or JSON) with a value of any type in any place is read."""
    path = scratch / f"reshaped{SUFFIX[fmt]}"
    path.write_text(yaml.safe_dump(cassette) if fmt == "cassette-yaml" else json.dumps(cassette))
    _read_and_check(path, fmt)


@FUZZ
@given(session=reshaped(conforming_session()))
def test_the_validator_survives_any_value_anywhere(session: Any) -> None:
    """Any JSON value in any place of a session is judged: findings with catalogued rules, never an exception."""
    validator = Validator(profile="strict")
    with bounded(SECONDS, MIB):
        result = validator.validate(json.dumps(session).encode())
    assert all(finding.rule in RULES for finding in result.findings)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.data())
def test_validate_command_survives_mutated_recordings(scratch: Path, fmt: Format, data: st.DataObject) -> None:
    """Through the CLI, a mutated recording exits 0 or 1 with a complete JSON report and nothing on stderr."""
    path = scratch / f"cli{SUFFIX[fmt]}"
    path.write_bytes(data.draw(mutated(SEEDS[fmt]) | st.binary(max_size=1024)))
    with bounded(SECONDS, MIB):
        result = invoke(["validate", "--format", "json", "--allow-empty", "-j1", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""
    findings_of(result.stdout)  # parses: the report is whole


@FUZZ
@given(data=st.data())
def test_validate_command_survives_anything_on_stdin(data: st.DataObject) -> None:
    """Whatever is piped in, validate - exits 0 or 1 with a report."""
    stdin = data.draw(st.binary(max_size=1024) | st.sampled_from(list(SEEDS.values())).flatmap(mutated))
    with bounded(SECONDS, MIB):
        result = invoke(["validate", "--format", "json", "--allow-empty", "-"], stdin=stdin)
    assert result.exit_code in (0, 1), result.output
    findings_of(result.stdout)


def _one_line_or_ok(result: Any) -> None:
    """Exit 0 or 1, or exit 2 with a single ``chatkit-contract: error:`` line."""
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        (line,) = result.stderr.splitlines()
        assert line.startswith("chatkit-contract: error: ")


@FUZZ
@given(data=st.data())
def test_redact_survives_mutated_recordings(scratch: Path, data: st.DataObject) -> None:
    """redact --check on any mutated recording reports, or refuses in one line; it never crashes."""
    fmt = data.draw(st.sampled_from(FORMATS))
    path = scratch / f"redact{SUFFIX[fmt]}"
    path.write_bytes(data.draw(mutated(SEEDS[fmt])))
    with bounded(SECONDS, MIB):
        result = invoke(["redact", "--check", str(path)])
    _one_line_or_ok(result)


@FUZZ
@given(document=st.one_of(mutated(UPSTREAM_YAML.encode()), mutated(json.dumps(upstream_document()).encode())))
def test_upstream_diff_survives_mutated_openapi_documents(scratch: Path, document: bytes) -> None:
    """A damaged OpenAPI document is compared, or refused in one line naming it."""
    path = scratch / "openapi.yaml"
    path.write_bytes(document)
    with bounded(SECONDS, MIB):
        result = invoke(["upstream-diff", str(path)])
    _one_line_or_ok(result)


@pytest.mark.slow
@FUZZ
@given(openapi=reshaped(upstream_document()))
def test_upstream_diff_survives_any_value_anywhere(scratch: Path, openapi: Any) -> None:
    """Schemas holding values of the wrong type (a list for properties, a number for a $ref) are refused or compared."""
    path = scratch / "reshaped.json"
    path.write_text(json.dumps(openapi))
    with bounded(SECONDS, MIB):
        result = invoke(["upstream-diff", str(path)])
    _one_line_or_ok(result)


# Every kind of value TOML has, written as TOML: the JSON ones, then what only TOML has (dates, times, inf, nan,
# integers past 64 bits, strings holding NUL and control characters).
def _toml(value: Any) -> str:
    """*value* as a TOML value (null becomes an empty inline table: TOML has no null)."""
    if value is None:
        return "{}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return json.dumps(value)


TOML_VALUES = st.one_of(
    JSON_VALUES.map(_toml),
    st.sampled_from(
        [
            "1979-05-27T07:32:00Z",
            "1979-05-27",
            "07:32:00",
            "1979-05-27T07:32:00",
            "inf",
            "-inf",
            "nan",
            "99999999999999999999",
            "-1",
            "0",
            "10001",
            "1e300",
            '"a\\u0000b"',
            '"\\u001b[31m"',
            '"r.json"',
            '["r.json"]',
            '"strict"',
            '"session"',
            "[[1, 2], [3]]",
            "[{}]",
        ]
    ),
)
CONFIG_KEYS = ["recordings", "profile", "operation", "endpoint", "ignore", "baseline", "upstream", "self-check"]


@FUZZ
@given(table=st.dictionaries(st.sampled_from(CONFIG_KEYS), TOML_VALUES), tool=st.none() | TOML_VALUES)
def test_gate_survives_any_configuration_values(scratch: Path, table: dict[str, str], tool: str | None) -> None:
    """Any value of any TOML type under any key of [tool.chatkit-contract], or in place of the [tool] table itself,
    is run or refused in one line naming the key (and every number is bounded: nothing runs for ever)."""
    if tool is not None:
        lines = [f"tool = {tool}"]
    else:
        lines = ["[tool.chatkit-contract]"] + [f"{key} = {value}" for key, value in table.items()]
    config = scratch / "pyproject.toml"
    config.write_text("\n".join(lines) + "\n")
    (scratch / "r.json").write_bytes(SESSION)
    with bounded(SECONDS, MIB):
        result = invoke(["gate", "--config", str(config)])
    _one_line_or_ok(result)
    if result.exit_code == 2:
        assert "not valid TOML" in result.stderr or any(key in result.stderr for key in ("[tool", *CONFIG_KEYS))
