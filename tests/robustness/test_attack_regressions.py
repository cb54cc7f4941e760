"""Named regressions from an independent attack: YAML values their tag cannot hold, and gate configurations of the
wrong shape. Each once ended in a traceback (and exit 1, the violation code) or never ended."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract.cli import EXIT_ERROR, EXIT_VIOLATION
from tests.helpers import conforming_session
from tests.plugin.support import run
from tests.robustness.catalogue import CANCEL_URL, LINE, SESSION
from tests.robustness.support import at, findings_of, invoke, run_command
from tests.upstream_fixture import UPSTREAM_YAML

# Values a YAML tag cannot be built from, as the attack wrote them, with the text that marks where each sits.
UNBUILDABLE = {
    "5000-digit-integer": ("9" * 5000, "9" * 5000),
    "bool-abc": ("!!bool 'abc'", "!!bool"),
    "float-abc": ("!!float 'abc'", "!!float"),
    "timestamp-month-13": ("!!timestamp '2024-13-45'", "!!timestamp"),
    "int-empty": ("!!int ''", "!!int"),
    "timestamp-words": ("!!timestamp 'tomorrow'", "!!timestamp"),
}


def _interaction(status: str) -> str:
    return (
        "- request:\n"
        "    method: POST\n"
        f"    uri: {CANCEL_URL}\n"
        "  response:\n"
        f"    status: {{code: {status}, message: OK}}\n"
        "    headers: {Content-Type: [application/json]}\n"
        f"    body: {{string: {json.dumps(LINE.decode())}}}\n"
    )


def _cassette(status: str) -> str:
    """Two cancel interactions; the first one's status code is *status*, the second is a conforming answer."""
    return "interactions:\n" + _interaction(status) + _interaction("200") + "version: 1\n"


@pytest.fixture(params=list(UNBUILDABLE), ids=list(UNBUILDABLE))
def unbuildable(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, tuple[int, int]]:
    """A cassette whose first interaction holds a value its tag cannot hold; the path, and where the value is."""
    value, marker = UNBUILDABLE[request.param]
    text = _cassette(value)
    path = tmp_path / "cassette.yaml"
    path.write_text(text, encoding="utf-8")
    return path, at(text, marker)


def test_a_yaml_value_its_tag_cannot_hold_is_unreadable_at_its_place_and_the_rest_is_checked(
    unbuildable: tuple[Path, tuple[int, int]],
) -> None:
    """The interaction holding it is one recording.unreadable finding at the value; the next interaction and a file
    after it are still checked, and the report is whole."""
    path, spot = unbuildable
    drifted = path.with_name("drifted.json")
    drifted.write_text(json.dumps(conforming_session(status="canceled"), indent=2))
    result = invoke(["validate", "--format", "json", str(path), str(drifted)])
    assert (result.exit_code, result.stderr) == (EXIT_VIOLATION, "")
    found = findings_of(result.stdout)
    assert found[0] == ("interaction 1", "recording.unreadable", "", *spot)
    assert [rule for _, rule, *_ in found[1:]] == ["schema.enum"]  # interaction 2 conforms; the next file does not
    summary = json.loads(result.stdout)["summary"]
    assert (summary["checked"], summary["failed"]) == (3, 2)


def test_a_yaml_value_its_tag_cannot_hold_is_a_finding_under_worker_processes(
    unbuildable: tuple[Path, tuple[int, int]],
) -> None:
    """With -j 2 and enough input to start workers, the worker reports it the same way instead of crashing the run."""
    path, spot = unbuildable
    bulk = path.with_name("bulk.jsonl")
    bulk.write_bytes((LINE + b"\n") * ((5 << 20) // len(LINE)))  # over one 4 MB piece: a second batch, so workers
    done = run_command(["validate", "--format", "json", "-j", "2", str(path), str(bulk)])
    assert (done.returncode, done.stderr) == (EXIT_VIOLATION, b"")
    found = findings_of(done.stdout.decode())
    assert found == [("interaction 1", "recording.unreadable", "", *spot)]


def test_a_yaml_value_its_tag_cannot_hold_fails_the_gate_with_its_finding(
    unbuildable: tuple[Path, tuple[int, int]],
) -> None:
    """gate reports the finding and fails on it (exit 1), one line per finding, no traceback."""
    path, spot = unbuildable
    config = path.with_name("pyproject.toml")
    config.write_text('[tool.chatkit-contract]\nrecordings = ["*.yaml"]\n')
    result = invoke(["gate", "--config", str(config)])
    assert result.exit_code == EXIT_VIOLATION
    assert f"cassette.yaml:{spot[0]}:{spot[1]}: error recording.unreadable" in result.stdout
    assert "Traceback" not in result.output


def test_a_yaml_value_its_tag_cannot_hold_is_a_failing_item_not_a_collection_error(pytester: pytest.Pytester) -> None:
    """pytest --chatkit-recordings collects the interaction as an item failing with its finding, and runs the rest."""
    (pytester.path / "cassette.yaml").write_text(_cassette("!!bool 'abc'"), encoding="utf-8")
    result = run(pytester, "--chatkit-recordings=cassette.yaml", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "cassette.yaml::interaction-1 FAILED*",
            "cassette.yaml::interaction-2 PASSED*",
            "*error  recording.unreadable  (document)  not a valid YAML cassette: 'abc' is not a valid !!bool value*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("9" * 5000, "is not a valid !!int value (an integer of more than 4,300 digits)"),
        ("!!bool 'abc'", "'abc' is not a valid !!bool value"),
        ("!!float 'abc'", "'abc' is not a valid !!float value"),
        ("!!timestamp '2024-13-45'", "a !!timestamp value has no JSON equivalent"),
        ("!!binary aGVsbG8=", "a !!binary value has no JSON equivalent"),
        ("!!set {a, b}", "a !!set value has no JSON equivalent"),
    ],
    ids=["5000-digit-integer", "bool-abc", "float-abc", "timestamp", "binary", "set"],
)
def test_upstream_diff_on_a_yaml_value_it_cannot_read_is_exit_2_not_drift(
    tmp_path: Path, value: str, problem: str
) -> None:
    """Exit 1 would read as "upstream drifted"; a document that cannot be read is exit 2, one line at the value."""
    text = UPSTREAM_YAML.replace("title: OpenAI API\n", f"title: OpenAI API\n  x-odd: {value}\n", 1)
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(["upstream-diff", str(path)])
    assert result.exit_code == EXIT_ERROR
    (line,) = result.stderr.splitlines()
    line_number, column = at(text, value[:20])
    assert line.startswith(f"chatkit-contract: error: {path}:{line_number}:{column}: not valid YAML (")
    assert problem in line


def _gate(tmp_path: Path, toml: str) -> tuple[int, str]:
    config = tmp_path / "pyproject.toml"
    config.write_text(toml, encoding="utf-8")
    (tmp_path / "r.json").write_bytes(SESSION)
    result = invoke(["gate", "--config", str(config)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("tool = 5\n", "[tool] must be a table, not 5"),
        ('tool = "chatkit-contract"\n', "[tool] must be a table, not 'chatkit-contract'"),
        ("tool = [1, 2]\n", "[tool] must be a table, not [1, 2]"),
        ("[[tool]]\nx = 1\n", "[tool] must be a table, not [{'x': 1}]"),
        ("[tool]\nchatkit-contract = 5\n", "[tool.chatkit-contract] must be a table, not 5"),
    ],
    ids=["tool-integer", "tool-string", "tool-array", "tool-array-of-tables", "table-integer"],
)
def test_gate_with_a_tool_table_that_is_not_one_is_one_line_exit_2(tmp_path: Path, toml: str, message: str) -> None:
    """`tool = 5` raised AttributeError; the type of the table itself is checked like every value in it."""
    code, stderr = _gate(tmp_path, toml)
    assert code == EXIT_ERROR
    assert stderr == f"chatkit-contract: error: {tmp_path / 'pyproject.toml'}: {message}\n"


@pytest.mark.parametrize("key", ["baseline", "upstream", "recordings"])
def test_gate_with_a_nul_in_a_path_is_one_line_exit_2(tmp_path: Path, key: str) -> None:
    """A NUL reached the operating system (ValueError: embedded null byte) mid-run; it is refused up front."""
    value = '"a\\u0000b"' if key != "recordings" else '["r/\\u0000/*.json"]'
    extra = "" if key == "recordings" else 'recordings = ["r.json"]\n'
    code, stderr = _gate(tmp_path, f"[tool.chatkit-contract]\n{extra}{key} = {value}\n")
    assert code == EXIT_ERROR
    (line,) = stderr.splitlines()
    assert line.startswith(f"chatkit-contract: error: {tmp_path / 'pyproject.toml'}: [tool.chatkit-contract] {key}: ")
    assert line.endswith("holds a NUL character")


def test_gate_refuses_a_self_check_past_its_documented_bound_at_once(tmp_path: Path) -> None:
    """self-check = 99999999999999999999 ran for ever; past 10,000 it is refused before anything runs."""
    toml = '[tool.chatkit-contract]\nrecordings = ["r.json"]\nself-check = 99999999999999999999\n'
    code, stderr = _gate(tmp_path, toml)
    assert code == EXIT_ERROR
    assert "self-check: must be a whole number of examples from 0 (off) to 10,000, not 99999999999999999999" in stderr
