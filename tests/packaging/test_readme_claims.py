"""README claims about the world outside this package: release tags, the official SDK's types, timings.

Regressions: the Action and pre-commit snippets used a ``v0.1.0`` tag that does not exist; the schema notes
said the SDKs type ``state_variables`` values ``str | bool | float``; ``upstream-diff`` was said to take
"about a second" where it took 2.5 s.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PLACEHOLDER = "COMMIT"


def _tags() -> set[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    listed = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(listed.stdout.split())


def _references() -> list[str]:
    """Every ref the README pins this repository at: Action ``uses: …@REF`` and pre-commit ``rev: REF``."""
    refs = re.findall(r"uses: [\w.-]+/chatkit-contract@(\S+)", README)
    refs += re.findall(r"^\s+rev: (\S+)", README, re.MULTILINE)
    assert len(refs) == 2, "README lost its Action or pre-commit snippet"
    return refs


def test_snippets_pin_an_existing_tag_or_a_commit_and_say_how() -> None:
    """A ref is a release tag that exists here, or the COMMIT placeholder the text explains how to fill in."""
    for ref in _references():
        assert ref in _tags() or ref == PLACEHOLDER, f"{ref} is neither a tag of this repository nor {PLACEHOLDER}"
    if PLACEHOLDER in _references():
        flat = " ".join(README.split())
        assert f"replace `{PLACEHOLDER}` with a full 40-character SHA" in flat
        assert f"replaces `{PLACEHOLDER}` with the SHA of the newest commit" in flat


def test_git_ls_remote_gives_the_sha_the_action_text_says() -> None:
    """`git ls-remote REPO HEAD`'s first column is a full SHA (shown on this repository as a remote)."""
    _tags()
    listed = subprocess.run(["git", "ls-remote", str(ROOT), "HEAD"], capture_output=True, text=True, check=True)
    # A clone also lists its remote's HEAD (refs/remotes/origin/HEAD); the first line is the repository's own.
    assert re.match(r"[0-9a-f]{40}\tHEAD\n", listed.stdout)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    assert listed.stdout.split("\t", 1)[0] == head.stdout.strip()


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def test_pre_commit_autoupdate_fills_in_the_commit_as_the_readme_says(tmp_path: Path) -> None:
    """The documented `pre-commit autoupdate --bleeding-edge --freeze --repo URL` turns COMMIT into the SHA."""
    command = re.search(r"`(pre-commit autoupdate [^`]*)`", README)
    assert command, "README lost the autoupdate command"
    hooks, project = tmp_path / "hooks", tmp_path / "project"
    hooks.mkdir()
    project.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", hooks)
    _git(hooks, "init", "-q")
    _git(hooks, "add", ".")
    _git(hooks, "commit", "-qm", "hooks")
    _git(project, "init", "-q")
    block = re.search(r"### pre-commit\n.*?```yaml\n(.*?)```", README, re.DOTALL)
    assert block
    url = re.search(r"repo: (\S+)", block.group(1))
    assert url
    (project / ".pre-commit-config.yaml").write_text(block.group(1).replace(url.group(1), str(hooks)))
    args = command.group(1).replace(url.group(1), str(hooks)).split()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    pre_commit = Path(sys.executable).with_name("pre-commit")
    subprocess.run([str(pre_commit), *args[1:]], cwd=project, check=True, capture_output=True, env=env)
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    assert config["repos"][0]["rev"] == _git(hooks, "rev-parse", "HEAD").strip()


def test_the_state_variables_note_quotes_what_openai_python_declares() -> None:
    """The README and the schema's $comment quote the value types of openai-python's returned workflow."""
    from openai.types.beta import chatkit_workflow

    declared = re.search(
        r"state_variables: Optional\[Dict\[str, Union\[([^\]]+)\]\]\]", inspect.getsource(chatkit_workflow)
    )
    assert declared, "openai-python changed how it declares state_variables"
    members = " | ".join(name.strip() for name in declared.group(1).split(","))
    assert f"returned workflow `{members}`" in " ".join(README.split())
    assert members in (ROOT / "schemas" / "ChatkitWorkflow.json").read_text(encoding="utf-8")


def test_the_upstream_diff_time_claim_is_the_benchmark_target() -> None:
    """The README promises what benchmarks/upstream.py measures as its target, not a figure of one run."""
    claim = re.search(r"chatkit-contract upstream-diff openapi\.yaml .*\((.*)\)", README)
    assert claim
    assert claim.group(1).endswith("a few seconds at most")
    assert "in a few seconds" in (ROOT / "benchmarks" / "upstream.py").read_text(encoding="utf-8")
