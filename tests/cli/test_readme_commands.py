"""Every `chatkit-contract …` line in the README's shell snippets is a command line the tool accepts.

Each is parsed as the installed command would parse it (commands, options, choices, FORMAT=PATH values,
option callbacks); the tour's lines also run on the examples, as a reader trying them would.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from contract.cli import main
from tests.helpers import seeded_pages

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_lines(text: str) -> list[str]:
    """The `chatkit-contract` lines of every sh block in *text*, continuations joined, comments dropped."""
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```$", text, re.DOTALL | re.MULTILINE):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "chatkit-contract":
                lines.append(shlex.join(words[1:]))
    return lines


COMMANDS = _command_lines(README)


def test_the_snippets_cover_every_command() -> None:
    """A command without a README line would be undocumented."""
    shown = {shlex.split(line)[0] for line in COMMANDS if not line.startswith("-")}
    assert shown == set(main.list_commands(click.Context(main)))


@pytest.mark.parametrize("line", COMMANDS)
def test_each_documented_command_line_parses(line: str) -> None:
    """The command exists, and each option and value is accepted (no usage error), without running it."""
    args = shlex.split(line)
    if args[0].startswith("-"):  # a group option such as --version
        assert args[0] in {opt for param in main.params for opt in param.opts}
        return
    command = main.get_command(click.Context(main), args[0])
    assert command is not None, args[0]
    with command.make_context(args[0], args[1:], parent=click.Context(main, info_name="chatkit-contract")):
        pass


@pytest.fixture
def readers_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The files the tour names, made from the examples: recordings/, r.json, a create response, a page of items,
    a HAR holding a cancel and a list of threads."""
    shutil.copytree(ROOT / "examples", tmp_path / "recordings")
    shutil.copy(ROOT / "examples" / "cancel-ok.json", tmp_path / "r.json")
    shutil.copy(ROOT / "examples" / "cancel-ok.json", tmp_path / "create-response.json")
    body = (ROOT / "examples" / "cancel-ok.json").read_text(encoding="utf-8")
    url = f"https://api.openai.com/v1/chatkit/sessions/{json.loads(body)['id']}/cancel"
    entry = {
        "request": {"method": "POST", "url": url, "headers": []},
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": body}},
    }
    threads, items = seeded_pages()
    (tmp_path / "items.json").write_text(json.dumps(items), encoding="utf-8")
    listed = {
        "request": {"method": "GET", "url": "https://api.openai.com/v1/chatkit/threads?limit=20", "headers": []},
        "response": {
            "status": 200,
            "headers": [],
            "content": {"mimeType": "application/json", "text": json.dumps(threads)},
        },
    }
    har = {"log": {"version": "1.2", "entries": [entry, listed]}}
    (tmp_path / "session.har").write_text(json.dumps(har), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


TOUR = _command_lines(README.split("## A short tour", 1)[1].split("\n## ", 1)[0])


@pytest.mark.parametrize("line", [line for line in TOUR if line.split()[0] in {"validate", "rules", "schema"}])
def test_each_tour_command_runs_on_the_examples(readers_tree: Path, line: str) -> None:
    """Run as written: a verdict (0 or 1), never a usage error or the tool failing (2); report files appear."""
    result = CliRunner().invoke(main, shlex.split(line))
    assert result.exit_code in (0, 1), result.output
    for target in re.findall(r"-o \w+=(\S+)", line):
        assert (readers_tree / target).stat().st_size > 0
