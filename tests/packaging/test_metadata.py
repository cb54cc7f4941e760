"""Package metadata that tells the truth: extras that resolve to working versions, URLs, classifiers, CI.

Regression: ``pip install chatkit-contract`` pulled hypothesis-jsonschema 0.23.1 with hypothesis 6.170.x, the
pair the engine's own check refuses; the test group pinned around it, so the suite never saw what users got.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import trove_classifiers
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from contract.errors import EngineError
from contract.strategies import _engine

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).parents[2]
PROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OPTIONAL = "hypothesis-jsonschema"


def _requirements(entries: list[str]) -> dict[str, Requirement]:
    return {Requirement(entry).name: Requirement(entry) for entry in entries if isinstance(entry, str)}


def _dotted(release: tuple[int, ...]) -> str:
    return ".".join(map(str, release))


def test_the_default_install_does_not_pull_the_optional_engine() -> None:
    """hypothesis-jsonschema is in its extra only, so a plain install keeps the newest hypothesis."""
    dependencies = _requirements(PROJECT["project"]["dependencies"])
    assert OPTIONAL not in dependencies
    assert dependencies["hypothesis"].specifier == SpecifierSet(">=6.100")
    assert OPTIONAL in _requirements(PROJECT["project"]["optional-dependencies"][OPTIONAL])


def test_the_extra_pins_a_pair_the_engine_accepts_and_no_pair_it_refuses() -> None:
    """The extra caps hypothesis exactly below the first release the engine knows to break 0.23.1."""
    extra = _requirements(PROJECT["project"]["optional-dependencies"][OPTIONAL])
    hypothesis, engine = extra["hypothesis"].specifier, extra[OPTIONAL].specifier
    first_broken = _dotted(_engine._FIRST_BREAKING_HYPOTHESIS)
    last_working = "6.170.9"
    assert last_working in hypothesis
    assert first_broken not in hypothesis
    assert "0.23.1" in engine
    assert _engine.incompatibility(last_working, "0.23.1") is None
    assert _engine.incompatibility(first_broken, "0.23.1") is not None


def test_the_test_group_installs_the_package_with_its_extras_and_pins_nothing_around_them() -> None:
    """The suite gets the versions a user of the extras gets: no separate pins for what the extras decide."""
    group = PROJECT["dependency-groups"]["test"]
    (ours,) = (Requirement(entry) for entry in group if Requirement(entry).name == "chatkit-contract")
    assert ours.extras == set(PROJECT["project"]["optional-dependencies"])
    decided = {
        name for extra in ours.extras for name in _requirements(PROJECT["project"]["optional-dependencies"][extra])
    }
    others = _requirements([entry for entry in group if Requirement(entry).name != "chatkit-contract"])
    assert not decided & set(others)


@pytest.mark.parametrize("extra", ["hypothesis-jsonschema", "openai"])
def test_the_suite_runs_on_versions_the_extras_allow(extra: str) -> None:
    """What this environment has installed satisfies every pin of each extra (the README's test command)."""
    for name, requirement in _requirements(PROJECT["project"]["optional-dependencies"][extra]).items():
        assert metadata.version(name) in requirement.specifier, name
    _engine.check_engine(OPTIONAL)  # the pair the extra resolved to is one the engine accepts


def test_a_missing_engine_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without hypothesis-jsonschema, asking for the engine says which extra installs it."""
    real = metadata.version

    def without_engine(name: str) -> str:
        if name == OPTIONAL:
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", without_engine)  # the module _engine reads versions through
    with pytest.raises(EngineError, match=re.escape("pip install 'chatkit-contract[hypothesis-jsonschema]'")):
        _engine.check_engine(OPTIONAL)


def _repository(url: str) -> str:
    match = re.match(r"https://github\.com/([\w.-]+/[\w.-]+)", url)
    assert match, url
    return match.group(1)


def test_project_urls_name_the_repository_the_readme_snippets_use() -> None:
    """Home, source, issues and docs point at one repository: the one the Action and pre-commit snippets name."""
    urls = PROJECT["project"]["urls"]
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls)
    ours = {_repository(urls[key]) for key in ("Homepage", "Source", "Issues", "Documentation")}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"uses: ([\w.-]+/chatkit-contract)@", readme))
    named |= {_repository(url) for url in re.findall(r"repo: (https://github\.com/\S+)", readme)}
    assert ours == named
    assert len(ours) == 1


def test_classifiers_are_real_and_name_every_supported_python() -> None:
    """Every classifier is a registered trove classifier; the Python versions start at requires-python's minimum."""
    classifiers = PROJECT["project"]["classifiers"]
    assert set(classifiers) <= trove_classifiers.classifiers
    versions = [
        c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    minors = [int(v.split(".")[1]) for v in versions]
    assert minors == list(range(minors[0], minors[0] + len(minors)))
    assert PROJECT["project"]["requires-python"] == f">={versions[0]}"
    assert "Programming Language :: Python :: 3 :: Only" in classifiers


def test_ci_installs_the_package_as_a_user_would_and_smoke_tests_it() -> None:
    """.ci/run has a step that installs with plain `pip install .` in a fresh venv and runs what a user runs."""
    steps = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    step = steps[steps.index("a user's install") :]
    assert "python3 -m venv .venv-user" in step
    assert re.search(r"\.venv-user/bin/python -m pip install -q \. \\\n", step)  # no extras, no groups
    assert "--group" not in step
    assert "find_spec('hypothesis_jsonschema') is not None" in step
    for command in ("--version", "validate examples/", '"$command" --help', "main.list_commands"):
        assert command in step, command
