"""The documented maxima: each is enforced at its edge with a clear finding, and an input far past it costs
about what the limit costs, never what the input would."""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path

import pytest

from contract.limits import MAX_BODY_BYTES, MAX_DEPTH, MAX_ENTRY_BYTES, MAX_YAML_NODES
from tests.helpers import conforming_session
from tests.robustness.catalogue import CANCEL_URL, _cassette
from tests.robustness.support import at, findings_of, invoke, run_command

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
LINE = json.dumps(conforming_session())


def _rules(path: Path, *args: str) -> list[tuple[str | None, str, int | None, int | None]]:
    result = invoke(["validate", "--format", "json", *args, str(path)])
    assert result.exit_code in (0, 1), result.output
    return [(location, rule, line, column) for location, rule, _, line, column in findings_of(result.stdout)]


def test_the_readme_states_the_limits_the_code_enforces() -> None:
    """Limits and guarantees quotes each maximum with the value in contract.limits."""
    section = README.split("## Limits and guarantees", 1)[1]
    assert f"{MAX_BODY_BYTES >> 20} MiB" in section
    assert f"{MAX_ENTRY_BYTES >> 20} MiB" in section
    assert f"{MAX_DEPTH} levels" in section
    assert f"{MAX_YAML_NODES:,}" in section


def test_a_body_at_the_limit_is_checked_and_one_byte_more_is_too_large(tmp_path: Path) -> None:
    """Exactly 16 MiB is parsed and judged (here: not an object); 16 MiB and one byte is json.too-large."""
    at_limit = tmp_path / "at.json"
    at_limit.write_bytes(b'"' + b"x" * (MAX_BODY_BYTES - 2) + b'"')
    over = tmp_path / "over.json"
    over.write_bytes(b'"' + b"x" * (MAX_BODY_BYTES - 1) + b'"')
    assert _rules(at_limit) == [(None, "schema.type", 1, 1)]
    assert _rules(over) == [(None, "json.too-large", 1, 1)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_too_long_json_lines_line_is_reported_and_the_lines_after_it_keep_their_numbers(
    tmp_path: Path, jobs: str
) -> None:
    """A 20 MB line is json.too-large at its own line; the next line is still read, at the right number."""
    path = tmp_path / "long.jsonl"
    with path.open("w") as file:
        file.write(LINE + "\n")
        file.write('{"id": "' + "x" * (20 << 20) + '"}\n')
        file.write(json.dumps(conforming_session(status="canceled")) + "\n")
    assert _rules(path, "-j", jobs) == [
        ("line 2", "json.too-large", 2, 1),
        ("line 3", "schema.enum", 3, LINE.index('"cancelled"') + 1),
    ]


@pytest.mark.parametrize(
    ("depth", "found"),
    [
        (300, [(None, "schema.type", 1, 1)]),  # past the fast engine's 255 levels: judged by the reference engine
        (MAX_DEPTH, [(None, "json.too-deep", 1, 1)]),  # parsed, but deeper than any schema engine follows
        (MAX_DEPTH + 1, [(None, "json.too-deep", 1, MAX_DEPTH + 1)]),  # not parsed: found at the crossing bracket
    ],
)
def test_deep_nesting_is_judged_or_too_deep_never_a_crash(tmp_path: Path, depth: int, found: list[object]) -> None:
    """Regression: 256 to 1024 levels crashed the fast engine (ValueError: Recursion limit reached)."""
    path = tmp_path / "deep.json"
    path.write_text("[" * depth + "]" * depth)
    assert _rules(path) == found
    inside = tmp_path / "inside.json"
    inside.write_text(json.dumps(conforming_session(user=[])).replace("[]", "[" * (depth - 1) + "]" * (depth - 1)))
    assert {rule for _, rule, _, _ in _rules(inside)} <= {"schema.type", "json.too-deep"}


def _laughs(levels: int) -> str:
    """A cassette whose one interaction holds nine-fold aliases *levels* deep (9**levels values)."""
    lines = ['      l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"      l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return _cassette("'not json'").decode().replace("    headers: {}\n", "    headers:\n" + "\n".join(lines) + "\n", 1)


def test_yaml_aliases_are_followed_up_to_the_limit_and_refused_past_it(tmp_path: Path) -> None:
    """9**6 (531,441) values through aliases are read; 9**7 (4.8 million) are recording.unreadable."""
    assert 9**6 < MAX_YAML_NODES < 9**7
    within, beyond = tmp_path / "within.yaml", tmp_path / "beyond.yaml"
    within.write_text(_laughs(6))
    beyond.write_text(_laughs(7))
    body = at(within.read_text(), "'not json'")
    assert _rules(within) == [("interaction 1", "json.parse", *body)]  # read, and its body judged
    assert _rules(beyond) == [("interaction 1", "recording.unreadable", 2, 3)]


@pytest.mark.slow
def test_a_har_entry_past_the_entry_limit_stops_that_file_in_bounded_memory(tmp_path: Path) -> None:
    """A 100 MB HAR entry is recording.unreadable at its start; reading it stops at 32 MiB."""
    path = tmp_path / "huge.har"
    with path.open("w") as file:
        file.write(f'{{"log": {{"entries": [{{"request": {{"method": "POST", "url": "{CANCEL_URL}"}}, ')
        file.write('"response": {"status": 200, "content": {"text": "')
        for _ in range(100):
            file.write("x" * 1_000_000)
        file.write('"}}}]}}')
    run = run_command(["validate", "--format", "json", str(path)])
    assert [f[1:] for f in findings_of(run.stdout.decode())] == [("recording.unreadable", "", 1, 22)]
    assert f"larger than {MAX_ENTRY_BYTES >> 20} MiB" in run.stdout.decode()
    assert run.peak_mib < 250, f"peak {run.peak_mib:.0f} MiB"


@pytest.mark.slow
def test_a_cassette_interaction_past_the_entry_limit_stops_that_file_in_bounded_memory(tmp_path: Path) -> None:
    """A 100 MB YAML interaction is recording.unreadable at its start; the parser is never fed more."""
    path = tmp_path / "huge.yaml"
    with path.open("w") as file:
        file.write(f"interactions:\n- request:\n    method: POST\n    uri: {CANCEL_URL}\n  response:\n")
        file.write("    body:\n      string: '")
        for _ in range(100):
            file.write("x" * 1_000_000)
        file.write("'\nversion: 1\n")
    run = run_command(["validate", "--format", "json", str(path)])
    assert [f[1:] for f in findings_of(run.stdout.decode())] == [("recording.unreadable", "", 2, 3)]
    assert run.peak_mib < 200, f"peak {run.peak_mib:.0f} MiB"


@pytest.mark.slow
def test_a_gigabyte_gzip_bomb_is_decompressed_only_to_the_limit(tmp_path: Path) -> None:
    """1 GiB of zeros, gzipped to about 1 MB in a cassette, is json.too-large after 16 MiB of it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    bomb = b"".join(compressor.compress(block) for _ in range(1024)) + compressor.flush()
    path = tmp_path / "bomb.yaml"
    path.write_bytes(_cassette("!!binary |\n        " + base64.b64encode(bomb).decode(), "gzip"))
    run = run_command(["validate", "--format", "json", str(path)])
    assert [f[1] for f in findings_of(run.stdout.decode())] == ["json.too-large"]
    assert run.peak_mib < 120, f"peak {run.peak_mib:.0f} MiB"


@pytest.mark.slow
def test_har_entries_are_streamed_so_their_number_has_no_limit(tmp_path: Path) -> None:
    """50,000 entries are all read (skipped ones counted), at a steady small memory."""
    entry = {"request": {"method": "GET", "url": "https://example.com/"}, "response": {"status": 200}}
    path = tmp_path / "many.har"
    path.write_text(json.dumps({"log": {"entries": [entry] * 50_000}}))
    run = run_command(["validate", "--format", "json", str(path)])
    assert re.search(rb'"skipped":50000', run.stdout.replace(b" ", b""))
    assert run.peak_mib < 100, f"peak {run.peak_mib:.0f} MiB"
