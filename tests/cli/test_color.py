"""Colour the way the ecosystem does: --color auto|always|never, NO_COLOR and FORCE_COLOR, on a real terminal.

Regression: ``NO_COLOR=1`` still printed escape codes on a terminal, ``FORCE_COLOR`` was ignored, and there
was no ``--color``.
"""

from __future__ import annotations

import errno
import os
import pty
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from contract.cli import main
from contract.cli.reporting import use_color
from tests.helpers import conforming_session

COMMAND = str(Path(sys.executable).with_name("chatkit-contract"))
RED_ERROR = "\033[31merror\033[0m"


@pytest.fixture(scope="module")
def drifted(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("colour") / "bad.json"
    path.write_bytes(orjson.dumps(conforming_session(status="canceled")))
    return str(path)


def _environment(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "TERM"}}
    return {**base, "TERM": "xterm-256color", **extra}


def _on_a_terminal(args: list[str], **env: str) -> str:
    """What the command prints with stdout on a pseudo-terminal, as in an interactive shell."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [COMMAND, *args], stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=_environment(**env)
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError as err:  # EIO: the terminal's other side is closed, the command is done
            if err.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(60) == 1
    return b"".join(chunks).decode()


def _through_a_pipe(args: list[str], **env: str) -> str:
    process = subprocess.run([COMMAND, *args], capture_output=True, text=True, env=_environment(**env), check=False)
    assert process.returncode == 1, process.stderr
    return process.stdout


def test_a_terminal_is_coloured_by_default(drifted: str) -> None:
    """auto on a terminal: the severity is red, the verdict too."""
    shown = _on_a_terminal(["validate", drifted])
    assert RED_ERROR in shown
    assert "\033[31mFAILED\033[0m:" in shown


def test_no_color_turns_colour_off_on_a_terminal(drifted: str) -> None:
    """NO_COLOR=1 (any non-empty value): plain text even on a terminal."""
    shown = _on_a_terminal(["validate", drifted], NO_COLOR="1")
    assert "error schema.enum" in shown
    assert "\033[" not in shown


def test_force_color_colours_a_pipe(drifted: str) -> None:
    """FORCE_COLOR=1 colours output that goes to a pipe (a CI log that renders ANSI)."""
    assert RED_ERROR in _through_a_pipe(["validate", drifted], FORCE_COLOR="1")
    assert "\033[" not in _through_a_pipe(["validate", drifted])


def test_the_option_wins_over_the_environment(drifted: str) -> None:
    """--color never on a terminal is plain; --color always through a pipe with NO_COLOR set is coloured."""
    assert "\033[" not in _on_a_terminal(["validate", "--color", "never", drifted])
    assert RED_ERROR in _through_a_pipe(["validate", "--color", "always", drifted], NO_COLOR="1")


def test_no_color_wins_over_force_color_and_a_dumb_terminal_is_plain(drifted: str) -> None:
    """Both set: no colour, as CPython decides; TERM=dumb: no colour on a terminal."""
    assert "\033[" not in _on_a_terminal(["validate", drifted], NO_COLOR="1", FORCE_COLOR="1")
    assert "\033[" not in _on_a_terminal(["validate", drifted], TERM="dumb")


@pytest.mark.parametrize(
    ("mode", "environ", "tty", "coloured"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # set but empty does not count (no-color.org)
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": ""}, False, False),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_use_color_decides_as_documented(mode: str, environ: dict[str, str], tty: bool, coloured: bool) -> None:
    """The option, then NO_COLOR, then FORCE_COLOR, then TERM=dumb, then whether stdout is a terminal."""

    class Stream:
        def isatty(self) -> bool:
            return tty

    assert use_color(mode, Stream(), environ) is coloured  # type: ignore[arg-type]


def test_gate_and_check_live_take_the_same_color_option(tmp_path: Path) -> None:
    """The gate's text report is coloured with --color always, like validate's."""
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "bad.json").write_bytes(orjson.dumps(conforming_session(status="canceled")))
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.chatkit-contract]\nrecordings = ["rec/*.json"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["gate", "--config", str(config), "--color", "always"])
    assert result.exit_code == 1
    assert RED_ERROR in result.output
    assert "--color" in CliRunner().invoke(main, ["check-live", "--help"]).output
