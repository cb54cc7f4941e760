"""Start-up: ``validate`` imports what its run uses, so that checking one file costs little more than Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.helpers import conforming_session

#: Libraries a conforming JSON document never needs: the engines (jsonschema-rs for what the quiet check does not
#: pass, the reference engine to explain failures), YAML (cassettes),
#: HTTP and Hypothesis (live checks, generation), fsspec (URLs); the decoders of encoded bodies, suggestions for
#: typos, the package-data machinery of importlib.resources.
HEAVY = (
    "jsonschema_rs",
    "jsonschema",
    "referencing",
    "yaml",
    "httpx",
    "hypothesis",
    "fsspec",
    "hashlib",
    "gzip",
    "difflib",
    "importlib.resources",
    "zipfile",
    "tempfile",
)
#: Parts of the package such a run never needs: other commands, other formats, the gate, upstream, the readers
#: of recorded requests, positions of findings, the planning of work for worker processes, the progress bar, the
#: masking of URLs and headers, and the credential finders that look after a name (a file name has none); the
#: checker's parts for status and headers, for explaining failures, and the rules of threads.
UNUSED = (
    "contract.check.positions",
    "contract.run.tasks",
    "contract.run.workers",
    "contract.sources.spans",
    "contract.sources.jsonl",
    "contract.sources.jsondoc",
    "contract.parsing.views",
    "contract.report.progress",
    "contract.secrets.masking",
    "contract.secrets.names",
    "contract.secrets.values",
    "contract.check.error_findings",
    "contract.check.http_rules",
    "contract.check.simple_findings",
    "contract.check.thread_rules",
    "contract.parsing.numbers",
    "contract.cli.gate",
    "contract.cli.generate",
    "contract.cli.redact",
    "contract.gate.run",
    "contract.gate.baseline",
    "contract.upstream",
    "contract.sources.har",
    "contract.sources.cassette",
    "contract.strategies",
    "contract.standin",
    "contract.live",
    "contract.coverage",
)
_REPORTERS = ("text", "json_reporter", "junit", "sarif", "github", "html")


def _imported_by(tmp_path: Path, *args: str) -> set[str]:
    """The modules a ``chatkit-contract`` process run with *args* (in *tmp_path*) has imported when it exits."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(*sorted(sys.modules), file=sys.stderr))\n"
        "from contract.cli import main\n"
        f"main({list(args)!r}, prog_name='chatkit-contract')\n"
    )
    process = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stderr
    return set(process.stderr.split())


@pytest.mark.parametrize(("format_", "reporter"), [("text", "text"), ("json", "json_reporter")])
def test_validating_one_json_file_imports_only_what_that_run_uses(tmp_path: Path, format_: str, reporter: str) -> None:
    """No schema engine (the quiet check passes the file), no YAML, HTTP or Hypothesis, no other command, reader
    or report format."""
    (tmp_path / "ok.json").write_bytes(orjson.dumps(conforming_session()))
    loaded = _imported_by(tmp_path, "validate", "--format", format_, "ok.json")
    assert "msgspec" in loaded  # the quiet check, which passes it whole
    assert [name for name in loaded if name in HEAVY or name.startswith(tuple(f"{heavy}." for heavy in HEAVY))] == []
    assert [name for name in loaded if name.startswith(UNUSED)] == []
    assert {name for name in loaded if name.startswith("contract.report.")} & {
        f"contract.report.{module}" for module in _REPORTERS
    } == {f"contract.report.{reporter}"}


def test_the_version_loads_no_command(tmp_path: Path) -> None:
    """``--version`` loads none of the commands, nor the checking machinery."""
    loaded = _imported_by(tmp_path, "--version")
    unused = ("contract.cli.validate", "contract.check", "contract.run", "contract.report")
    assert [name for name in loaded if name.startswith(unused)] == []


def _console(tmp_path: Path, prelude: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The console script's entry run in a fresh interpreter (in *tmp_path*) after *prelude*, with *args*."""
    code = f"{prelude}\nimport sys\nsys.argv = ['chatkit-contract', *{list(args)!r}]\n"
    code += "from contract.cli import run\nrun()\n"
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)


#: An object whose finaliser writes to stderr when the interpreter tears its module down.
_TEARDOWN_WITNESS = (
    "import sys\n"
    "class _Witness:\n"
    "    def __del__(self):\n"
    "        sys.stderr.write('torn down\\n')\n"
    "witness = _Witness()\n"
)


def test_the_console_script_exits_without_tearing_the_interpreter_down(tmp_path: Path) -> None:
    """Nothing left to do at exit: the report is whole, the exit code is the run's, and teardown is skipped."""
    for number in range(300):
        body = conforming_session() if number % 100 else conforming_session(status="active")
        (tmp_path / f"r{number:03}.json").write_bytes(orjson.dumps(body))
    process = _console(tmp_path, _TEARDOWN_WITNESS, "validate", "--format", "json", ".")
    assert process.returncode == 1
    assert orjson.loads(process.stdout)["summary"]["failed"] == 3
    assert process.stderr == ""


def test_the_console_script_exits_as_python_does_when_exit_has_work_left(tmp_path: Path) -> None:
    """An atexit callback (coverage's, say) still runs, and so does the usual teardown after it."""
    prelude = _TEARDOWN_WITNESS + "import atexit\natexit.register(lambda: sys.stderr.write('atexit ran\\n'))\n"
    process = _console(tmp_path, prelude, "--version")
    assert process.returncode == 0
    assert process.stdout.startswith("chatkit-contract, version ")
    assert process.stderr == "atexit ran\ntorn down\n"


def test_a_profiled_run_still_writes_its_profile(tmp_path: Path) -> None:
    """``python -m cProfile`` writes its file after the script returns: the run must return to it."""
    script = tmp_path / "chatkit_contract.py"
    script.write_text("import sys\nfrom contract.cli import run\nsys.argv[1:] = ['--version']\nrun()\n")
    profile = tmp_path / "run.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), str(script)]
    process = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert process.stdout.startswith("chatkit-contract, version ")
    assert profile.stat().st_size > 0
