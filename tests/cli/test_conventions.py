"""What click users expect of a command line: --version, -q/-v, help on every option, suggestions, completion."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import contract
from contract.cli import main
from contract.standin import FAULT_KINDS

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent


def _validate(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["validate", *args, "examples/"])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_validate_loads_no_other_command() -> None:
    """Commands load on demand, so validate's start-up pays for no other command's options and imports."""
    check = (
        "import sys\n"
        "from contract.cli import main\n"
        "try:\n    main(['validate', 'examples/cancel-ok.json'], prog_name='chatkit-contract')\n"
        "except SystemExit as done:\n    assert done.code == 0\n"
        "print(*sorted(m for m in sys.modules if m.startswith('contract.cli.')))\n"
    )
    process = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = set(process.stdout.splitlines()[-1].split())
    assert "contract.cli.validate" in loaded
    assert not {"contract.cli.check_live", "contract.cli.serve", "contract.cli.generate", "contract.cli.gate"} & loaded


def test_a_mistyped_command_is_suggested() -> None:
    """click's "Did you mean" still knows every command, though they load on demand."""
    result = CliRunner().invoke(main, ["validat"])
    assert result.exit_code == 2
    assert "Error: No such command 'validat'. Did you mean 'validate'?" in result.output


def test_version_is_the_installed_distribution_version() -> None:
    """--version prints contract.__version__, which is the installed metadata's version; also as a process."""
    assert contract.__version__ == version("chatkit-contract")
    expected = f"chatkit-contract, version {contract.__version__}\n"
    assert CliRunner().invoke(main, ["--version"]).output == expected
    process = subprocess.run([str(BIN / "chatkit-contract"), "--version"], capture_output=True, text=True, check=True)
    assert process.stdout == expected


def test_quiet_prints_the_summary_line_only() -> None:
    """-q: one line, the verdict; the exit code is unchanged."""
    assert _validate("-q") == ["FAILED: 3 checked, 1 passed, 2 failed, 1 warning"]


def test_verbose_adds_each_passing_response() -> None:
    """-v: the findings as usual, plus ``path: ok`` for the response that passed, in input order."""
    lines = _validate("-v")
    assert lines[:2] == _validate()[:2]
    assert "examples/cancel-ok.json: ok" in lines
    # After the findings, before the closing "findings by rule" and verdict lines.
    assert lines.index("examples/cancel-ok.json: ok") == len(lines) - 3
    assert len(lines) == len(_validate()) + 1


def test_quiet_and_verbose_together_are_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", "-q", "-v", "examples/"])
    assert result.exit_code == 2
    assert "--quiet and --verbose cannot be combined" in result.output


def test_text_findings_are_in_file_then_line_then_column_order() -> None:
    """Regression: line 34 was shown before line 5 in the README's own sample."""
    positions = []
    for line in _validate()[:-2]:  # the findings; then the counts per rule and the verdict
        match = re.match(r"(.+?):(\d+):(\d+): ", line)
        assert match, line
        positions.append((match.group(1), int(match.group(2)), int(match.group(3))))
    assert positions == sorted(positions)
    assert [line for path, line, _ in positions if path.endswith("drifted.json")] == [5, 6, 19, 34]


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(main)
    commands = {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}
    return [("chatkit-contract", main), *((f"chatkit-contract {name}", cmd) for name, cmd in commands.items() if cmd)]


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[name for name, _ in _commands()])
def test_every_command_and_option_has_help_text(name: str, command: click.Command) -> None:
    """Regression: check-live --format/-o/--profile, rules --format and upstream-diff --format had none."""
    assert command.help or command.short_help, name
    ctx = click.Context(command, info_name=name)
    for param in command.get_params(ctx):
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{name} {param.opts[0]} has no help text"


def test_serve_help_lists_every_fault_kind() -> None:
    """`serve --help` names each kind --fault accepts, so nobody has to read the README to find them."""
    shown = " ".join(CliRunner().invoke(main, ["serve", "--help"], terminal_width=200).output.split())
    listed = re.search(r"KIND one of ([\w, -]+);", shown)
    assert listed, shown
    assert listed.group(1).split(", ") == list(FAULT_KINDS)


@pytest.mark.parametrize(
    ("typed", "meant"), [("ChatkitWorkflw", "ChatkitWorkflow"), ("chatsessionresource", "ChatSessionResource")]
)
def test_schema_suggests_the_name_that_was_meant(typed: str, meant: str) -> None:
    """Regression: `schema ChatkitWorkflw` listed every name instead of the one it was close to."""
    result = CliRunner().invoke(main, ["schema", typed])
    assert result.exit_code == 2
    assert result.output == f"chatkit-contract: error: unknown schema {typed!r}; did you mean {meant!r}?\n"


def _completion_lines() -> list[str]:
    block = re.search(r"Shell completion comes from click.*?```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "README lost its completion snippet"
    return block.group(1).splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_scripts_are_generated(shell: str) -> None:
    """Each README line's environment variable makes the command print that shell's completion script."""
    (line,) = (line for line in _completion_lines() if f"={shell}_source" in line)
    variable = re.search(r"(_CHATKIT_CONTRACT_COMPLETE)=(\w+)", line)
    assert variable
    env = {**os.environ, variable.group(1): variable.group(2)}
    script = subprocess.run([str(BIN / "chatkit-contract")], capture_output=True, text=True, env=env, check=True)
    assert "_chatkit_contract_completion" in script.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("chatkit-contract val", ["validate"]),
        ("chatkit-contract validate --col", ["--color"]),
        ("chatkit-contract validate --color ", ["always", "auto", "never"]),
        ("chatkit-contract validate -o j", ["json=", "junit="]),
        ("chatkit-contract schema ChatkitW", ["ChatkitWorkflow", "ChatkitWorkflowTracing"]),
    ],
)
def test_bash_completion_from_the_readme_line_completes(words: str, offered: list[str]) -> None:
    """The README's bash line, evaluated in a real bash, completes commands, options, choices, formats, schemas."""
    (line,) = (line for line in _completion_lines() if "bash_source" in line)
    setup = line.split("#")[0].strip()
    current = '""' if words.endswith(" ") else ""  # an empty word being completed
    script = (
        f"{setup}\n"
        f"COMP_WORDS=({words}{current}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n"
        "_chatkit_contract_completion chatkit-contract\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    process = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True, env=env, check=True)
    assert sorted(process.stdout.split()) == offered
