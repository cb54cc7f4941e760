"""The GitHub Action and the pre-commit hooks: linted with the real tools, and their commands actually run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from contract.report import REPORTERS
from tests.helpers import conforming_session

ROOT = Path(__file__).parents[1]
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent


def _tool(
    name: str, *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / name), *args], cwd=cwd, capture_output=True, text=True, check=False, env=env)


def _action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _readme_block(heading: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"### {heading}\n.*?```yaml\n(.*?)```", readme, re.DOTALL)
    assert block, f"README lost its {heading} snippet"
    return block.group(1)


def _env_with_bin(**extra: str) -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **extra}


def test_action_metadata_passes_the_schemastore_schema() -> None:
    """check-jsonschema's vendored GitHub Action schema accepts action.yml."""
    process = _tool("check-jsonschema", "--builtin-schema", "vendor.github-actions", str(ACTION))
    assert process.returncode == 0, process.stdout + process.stderr


def test_action_steps_are_wired_and_injection_safe() -> None:
    """Every input and step referenced exists, run steps name a shell and splice no expression into scripts."""
    action = _action()
    text = ACTION.read_text(encoding="utf-8")
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert set(re.findall(r"inputs\.([\w-]+)", text)) <= set(action["inputs"])
    assert set(re.findall(r"steps\.([\w-]+)\.", text)) <= {step.get("id") for step in steps}
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], f"{step['name']}: pass inputs through env, not into the script"
            syntax = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True, check=False)
            assert syntax.returncode == 0, syntax.stderr
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]


def _gate_step(project: Path, output: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """Run the action's gate step as the runner would: bash, env rendered from the inputs' defaults."""
    action = _action()
    (step,) = (s for s in action["runs"]["steps"] if s.get("id") == "gate")
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | inputs
    env = {
        key: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: values[m.group(1)], value)
        for key, value in step["env"].items()
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=_env_with_bin(GITHUB_OUTPUT=str(output), **env),
    )


def _project(root: Path, payload: dict[str, Any]) -> Path:
    (root / "rec").mkdir()
    (root / "rec" / "cancel.json").write_bytes(orjson.dumps(payload))
    (root / "pyproject.toml").write_text('[tool.chatkit-contract]\nrecordings = ["rec/*.json"]\n', encoding="utf-8")
    return root


def test_action_gate_step_fails_the_job_and_reports_no_sarif_when_the_gate_cannot_run(tmp_path: Path) -> None:
    """A configuration error exits 2 through the step, and no SARIF output is announced for upload."""
    project = _project(tmp_path, conforming_session())
    (project / "pyproject.toml").write_text("[tool.chatkit-contract]\nrecordings = 1\n", encoding="utf-8")
    output = tmp_path / "github_output"
    process = _gate_step(project, output, args="--output json=report.json")
    assert process.returncode == 2
    assert "rror" in process.stderr  # click's usage error or the gate's own one-line error
    assert not output.exists() or "sarif=" not in output.read_text()


@pytest.mark.skipif("sarif" not in REPORTERS, reason="the SARIF reporter is not registered in this build")
def test_action_gate_step_writes_sarif_and_passes_the_verdict_through(tmp_path: Path) -> None:
    """A violation exits 1 through the step, after writing SARIF 2.1.0 and announcing it for upload."""
    project = _project(tmp_path, conforming_session(status="canceled"))
    output = tmp_path / "github_output"
    process = _gate_step(project, output, args="--output json=extra.json")
    assert process.returncode == 1, process.stderr
    assert output.read_text() == "sarif=chatkit-contract.sarif\n"
    assert orjson.loads((project / "chatkit-contract.sarif").read_bytes())["version"] == "2.1.0"
    assert (project / "extra.json").exists()


def test_readme_workflow_is_a_valid_workflow_using_real_inputs(tmp_path: Path) -> None:
    """The copy-paste workflow passes the workflow schema and only sets inputs the action declares."""
    workflow = tmp_path / "contract.yml"
    workflow.write_text(_readme_block("GitHub Action"), encoding="utf-8")
    process = _tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow))
    assert process.returncode == 0, process.stdout + process.stderr
    steps = yaml.safe_load(workflow.read_text())["jobs"]["gate"]["steps"]
    (ours,) = (step for step in steps if step["uses"].split("@")[0].endswith("/chatkit-contract"))
    assert set(ours["with"]) <= set(_action()["inputs"])


def test_hook_manifest_and_readme_config_pass_pre_commit_validation(tmp_path: Path) -> None:
    """pre-commit itself accepts the manifest and the README's config, which names hooks the manifest has."""
    manifest = _tool("pre-commit", "validate-manifest", str(HOOKS))
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(_readme_block("pre-commit"), encoding="utf-8")
    validated = _tool("pre-commit", "validate-config", str(config))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    declared = {hook["id"] for hook in yaml.safe_load(HOOKS.read_text())}
    used = {hook["id"] for repo in yaml.safe_load(config.read_text())["repos"] for hook in repo["hooks"]}
    assert used <= declared


def _hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("recordings/cancel.json", True),
        ("tests/recordings/a/b.har", True),
        ("cassettes/cancel.yaml", True),
        ("recordings/notes.md", False),
        ("package.json", False),
    ],
)
def test_hooks_default_to_recordings_and_cassettes(path: str, matched: bool) -> None:
    """The default files pattern picks recordings, not every JSON file in a repository."""
    for hook in _hooks().values():
        assert bool(re.search(hook["files"], path)) is matched


def _run_entry(hook: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry the way pre-commit does: the entry's words, then the file names."""
    entry = _hooks()[hook]["entry"].split()
    return subprocess.run([*entry, *map(str, files)], capture_output=True, text=True, check=False, env=_env_with_bin())


def test_hook_entries_run_the_commands_they_declare(tmp_path: Path) -> None:
    """validate passes a good recording and fails a drifted one; redact-check fails a leak; redact masks it."""
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(orjson.dumps(conforming_session(client_secret="ek_…(redacted)")))
    bad.write_bytes(orjson.dumps(conforming_session(status="canceled")))
    assert _run_entry("chatkit-contract-validate", good).returncode == 0
    failed = _run_entry("chatkit-contract-validate", good, bad)
    assert failed.returncode == 1
    assert f"{bad}:1:349: error schema.enum /status" in failed.stdout
    assert _run_entry("chatkit-contract-redact-check", good).returncode == 0
    leak = _run_entry("chatkit-contract-redact-check", bad)
    assert leak.returncode == 1
    assert f"{bad}:1:" in leak.stdout
    assert _run_entry("chatkit-contract-redact", bad).returncode == 0
    assert _run_entry("chatkit-contract-redact-check", bad).returncode == 0


def _git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.mark.slow
def test_pre_commit_runs_the_hooks_on_a_repository(tmp_path: Path) -> None:
    """pre-commit try-repo runs the declared hooks on staged recordings and fails the leaky, drifted one.

    The hook repository is this manifest with ``language: system``, so pre-commit uses the
    installed command instead of building an environment from the network.
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hooks_repo, project = tmp_path / "hooks", tmp_path / "project"
    hooks_repo.mkdir()
    manifest = HOOKS.read_text(encoding="utf-8").replace("language: python", "language: system")
    (hooks_repo / ".pre-commit-hooks.yaml").write_text(manifest, encoding="utf-8")
    _git(hooks_repo, "init", "-q")
    _git(hooks_repo, "add", ".")
    _git(hooks_repo, "commit", "-qm", "hooks")
    (project / "recordings").mkdir(parents=True)
    (project / "recordings" / "cancel.json").write_bytes(orjson.dumps(conforming_session(status="canceled")))
    (project / "package.json").write_text("{}")
    _git(project, "init", "-q")
    _git(project, "add", ".")
    env = _env_with_bin(PRE_COMMIT_HOME=str(tmp_path / "cache"))
    for hook, message in [
        ("chatkit-contract-validate", "recordings/cancel.json:1:349: error schema.enum /status"),
        ("chatkit-contract-redact-check", "recordings/cancel.json:1:"),
    ]:
        process = _tool("pre-commit", "try-repo", str(hooks_repo), hook, "--all-files", cwd=project, env=env)
        assert process.returncode == 1, process.stdout + process.stderr
        assert message in process.stdout
        assert "package.json" not in process.stdout
