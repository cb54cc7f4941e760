"""The strategies' public surface: arguments checked Hypothesis-style, engines guarded, imports kept cheap."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis.errors import InvalidArgument

from contract import strategies as cst
from contract.strategies._engine import incompatibility

BAD_ARGUMENTS: dict[str, tuple[Callable[[], Any], str]] = {
    "unknown status": (lambda: cst.sessions(status="canceled"), "status='canceled'"),
    "id without prefix": (lambda: cst.sessions(session_id="sess_1"), "'sess_1' must be a string starting 'cksess_'"),
    "id not a string": (lambda: cst.cancel_responses(session_id=7), "session_id=7"),  # type: ignore[arg-type]
    "unknown engine": (lambda: cst.sessions(engine="fast"), "engine='fast'"),
    "unknown schema": (lambda: cst.from_schema("ChatSession"), "unknown schema 'ChatSession'"),
    "rules as one string": (lambda: cst.nonconforming(rules="schema.type"), "rules=['schema.type']"),
    "no rules": (lambda: cst.nonconforming(rules=[]), "rules is empty"),
    "unknown rule": (lambda: cst.nonconforming(rules=["schema.nope"]), "unknown rule id 'schema.nope'"),
    "rule needing the body": (lambda: cst.nonconforming(rules=["json.parse"]), "cannot be broken by a payload"),
    "cancel rule off cancel": (
        lambda: cst.nonconforming(rules=["cancel.status"], endpoint="session"),
        "applies only to operation 'cancel', not 'create'",
    ),
    "list rule on a thread": (
        lambda: cst.nonconforming(rules=["list.order"], operation="get-thread"),
        "applies only to operation 'list-threads' or 'list-thread-items', not 'get-thread'",
    ),
    "session rule on an item": (
        lambda: cst.nonconforming(rules=["session.id-prefix"], resource="ThreadItem"),
        "rule 'session.id-prefix' does not apply to ThreadItem",
    ),
    "unknown resource": (lambda: cst.nonconforming(resource="Thread"), "resource='Thread'"),
    "unknown thread status": (lambda: cst.threads(status="archived"), "status='archived'"),
    "unknown item type": (lambda: cst.thread_items(type="user_message"), "type='user_message'"),
    "unknown order": (lambda: cst.thread_lists(order="newest"), "order='newest'"),
    "limit too large": (lambda: cst.thread_item_lists(limit=101), "limit=101 must be a whole number from 0 to 100"),
    "thread id not a string": (lambda: cst.deleted_threads(thread_id=7), "thread_id=7"),  # type: ignore[arg-type]
    "unknown operation": (lambda: cst.responses("update-thread"), "operation='update-thread'"),
    "warning rule when lenient": (
        lambda: cst.nonconforming(rules=["drift.unknown-field"], profile="lenient"),
        "use profile 'strict'",
    ),
    "unknown endpoint": (lambda: cst.nonconforming(endpoint="creat"), "operation='creat'"),
    "unknown profile": (lambda: cst.nonconforming(profile="loose"), "profile='loose'"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize(("build", "message"), BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_bad_arguments_raise_invalid_argument_naming_the_value(build: Callable[[], Any], message: str) -> None:
    """Each misuse raises Hypothesis's InvalidArgument at once, with the offending value in the message."""
    with pytest.raises(InvalidArgument) as caught:
        build()
    assert message in str(caught.value)


def test_options_are_keyword_only() -> None:
    """Options are keyword-only, as in Hypothesis, so sessions('cancelled') cannot silently mean something else."""
    with pytest.raises(TypeError):
        cst.sessions("cancelled")  # type: ignore[call-arg]


def test_strategies_are_compiled_once_per_option_set() -> None:
    """The same options give the same strategy object: the schema is compiled once, not per call."""
    assert cst.sessions(status="active") is cst.sessions(status="active")
    assert cst.nonconforming() is cst.nonconforming()
    assert cst.sessions(status="active") is not cst.sessions(status="expired")


def test_incompatible_jsonschema_engine_versions_are_named_with_the_ones_that_work() -> None:
    """The known-broken pair is refused with a message that names the working versions and the extra."""
    reason = incompatibility("6.170.10", "0.23.1")
    assert reason is not None
    assert "hypothesis 6.170.10" in reason
    assert "6.100 up to 6.170.9" in reason
    assert "pip install 'chatkit-contract[hypothesis-jsonschema]'" in reason


@pytest.mark.parametrize(
    ("hypothesis", "jsonschema"), [("6.170.9", "0.23.1"), ("6.100.0", "0.23.1"), ("7.0.0", "0.24.0")]
)
def test_working_jsonschema_engine_versions_are_accepted(hypothesis: str, jsonschema: str) -> None:
    """Older hypothesis with 0.23.1, and any newer hypothesis-jsonschema, are let through."""
    assert incompatibility(hypothesis, jsonschema) is None


def test_the_jsonschema_engine_refuses_an_installed_breaking_hypothesis(tmp_path: Path) -> None:
    """With hypothesis 6.170.10 recorded as installed, the engine raises EngineError naming working versions."""
    # The installed version is what importlib.metadata reads from a dist-info directory; put one first.
    record = tmp_path / "hypothesis-6.170.10.dist-info"
    record.mkdir()
    (record / "METADATA").write_text("Metadata-Version: 2.1\nName: hypothesis\nVersion: 6.170.10\n")
    check = (
        "from contract import strategies as cst\n"
        "from contract.errors import EngineError\n"
        "try:\n    cst.sessions(engine='hypothesis-jsonschema')\n"
        "except EngineError as err:\n    print(err)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    process = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env, check=False)
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("engine='hypothesis-jsonschema' cannot run: hypothesis-jsonschema 0.23.1 crashes")
    assert "pip install 'chatkit-contract[hypothesis-jsonschema]'" in process.stdout


def test_importing_contract_or_its_cli_does_not_import_hypothesis() -> None:
    """The package and the command stay cheap to import; strategies still import as a module on demand."""
    check = (
        "import sys, contract, contract.cli; contract.Validator; "
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported early'; "
        "from contract import strategies; assert 'hypothesis' in sys.modules; print(strategies.__name__)"
    )
    process = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "contract.strategies"


def test_mutant_serialises_its_payload_and_expectation() -> None:
    """A Mutant's dict form carries the payload and everything needed to check it."""
    mutant = cst.Mutant({"id": 1}, "schema.type", "/id", "cancel", "lenient")
    assert mutant.to_dict() == {
        "payload": {"id": 1},
        "rule": "schema.type",
        "pointer": "/id",
        "operation": "cancel",
        "profile": "lenient",
    }
    assert mutant.endpoint == "cancel"  # the older name still reads
