"""Soundness: everything the conforming strategies draw, the validator accepts, and they reach every branch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from contract import strategies as cst
from contract.check.semantics import EXPIRES_AFTER, EXPIRES_BEFORE
from contract.check.validator import Validator
from contract.schemas import ROOT, SCHEMA_NAMES, closed_bundle

SESSION_STRICT = Validator(endpoint="session", profile="strict")
CANCEL_STRICT = Validator(endpoint="cancel", profile="strict")
INT64_MAX = 2**63 - 1
# Derandomized, so a branch that is reachable is found the same way on every run.
BRANCH_SEARCH = settings(database=None, phases=[Phase.generate], derandomize=True, max_examples=1000)


@given(cst.sessions())
def test_every_session_passes_the_strictest_check_as_a_dict_and_as_bytes(payload: dict[str, Any]) -> None:
    """A drawn session has no finding at all, neither parsed nor as JSON text (the fast path)."""
    assert SESSION_STRICT.validate(payload).findings == ()
    assert SESSION_STRICT.validate(orjson.dumps(payload)).findings == ()
    assert Validator(endpoint="session").validate(orjson.dumps(payload)).findings == ()


@given(cst.cancel_responses(session_id="cksess_68f2c3d1"))
def test_cancel_responses_pass_as_answers_to_their_request(payload: dict[str, Any]) -> None:
    """A drawn cancel response is cancelled, carries the requested id, and passes the cancel rules."""
    assert payload["status"] == "cancelled"
    assert CANCEL_STRICT.validate(payload, session_id="cksess_68f2c3d1").findings == ()


@pytest.mark.parametrize("status", cst.STATUSES)
@given(data=st.data())
def test_status_option_fixes_the_status(status: str, data: st.DataObject) -> None:
    """sessions(status=...) draws only that status, and the payload still conforms."""
    payload = data.draw(cst.sessions(status=status))
    assert payload["status"] == status
    assert SESSION_STRICT.validate(payload).findings == ()


@pytest.mark.parametrize("name", SCHEMA_NAMES)
@given(data=st.data())
def test_every_bundled_type_draws_conforming_instances(name: str, data: st.DataObject) -> None:
    """from_schema(name) draws instances the reference validator accepts with every object closed."""
    instance = data.draw(cst.from_schema(name))
    assert Draft202012Validator(closed_bundle(name)).is_valid(instance)
    if name == ROOT:
        assert SESSION_STRICT.validate(instance).findings == ()


def _state(session: dict[str, Any]) -> dict[str, Any]:
    return session["workflow"]["state_variables"] or {}


def _upload(session: dict[str, Any]) -> dict[str, Any]:
    return session["chatkit_configuration"]["file_upload"]  # type: ignore[no-any-return]


def _recent(session: dict[str, Any]) -> Any:
    return session["chatkit_configuration"]["history"]["recent_threads"]


BRANCHES: dict[str, Callable[[dict[str, Any]], bool]] = {
    "version null": lambda s: s["workflow"]["version"] is None,
    "version string": lambda s: isinstance(s["workflow"]["version"], str),
    "state_variables null": lambda s: s["workflow"]["state_variables"] is None,
    "state_variables empty": lambda s: s["workflow"]["state_variables"] == {},
    "state value string": lambda s: any(isinstance(v, str) for v in _state(s).values()),
    "state value integer": lambda s: any(type(v) is int for v in _state(s).values()),
    "state value float": lambda s: any(isinstance(v, float) for v in _state(s).values()),
    "state value boolean": lambda s: any(isinstance(v, bool) for v in _state(s).values()),
    "max_file_size null": lambda s: _upload(s)["max_file_size"] is None,
    "max_file_size integer": lambda s: isinstance(_upload(s)["max_file_size"], int),
    "max_files null": lambda s: _upload(s)["max_files"] is None,
    "max_files integer": lambda s: isinstance(_upload(s)["max_files"], int),
    "recent_threads null": lambda s: _recent(s) is None,
    "recent_threads integer": lambda s: isinstance(_recent(s), int),
    "tracing on": lambda s: s["workflow"]["tracing"]["enabled"] is True,
    "uploads on": lambda s: _upload(s)["enabled"] is True,
    "non-ASCII id": lambda s: not s["id"].isascii(),
    "secret not ek_": lambda s: not s["client_secret"].startswith("ek_"),
    "expires_at at the latest plausible second": lambda s: s["expires_at"] == EXPIRES_BEFORE - 1,
    "rate limit at int64 max": lambda s: s["max_requests_per_1_minute"] == INT64_MAX,
    "rate limit negative": lambda s: s["max_requests_per_1_minute"] < 0,
    "user with astral character": lambda s: any(ord(c) > 0xFFFF for c in s["user"]),
}


@pytest.mark.parametrize("predicate", BRANCHES.values(), ids=BRANCHES.keys())
def test_sessions_reach_every_branch_the_contract_allows(predicate: Callable[[dict[str, Any]], bool]) -> None:
    """Each nullable member null and not, each kind of state value, Unicode, boundary integers: all drawn."""
    found = find(cst.sessions(), predicate, settings=BRANCH_SEARCH)
    assert predicate(found)


def test_the_simplest_draw_is_the_minimal_session() -> None:
    """Hypothesis shrinks toward the simplest draw; here it is the minimal session: nulls, zeros, empty strings."""
    simplest = settings(database=None, phases=[Phase.generate], max_examples=1)
    minimal = find(cst.sessions(), lambda _: True, settings=simplest)
    assert minimal == {
        "id": "cksess_",
        "object": "chatkit.session",
        "expires_at": EXPIRES_AFTER,
        "client_secret": "ek_",
        "workflow": {"id": "", "version": None, "state_variables": None, "tracing": {"enabled": False}},
        "user": "",
        "rate_limits": {"max_requests_per_1_minute": 0},
        "max_requests_per_1_minute": 0,
        "status": "active",
        "chatkit_configuration": {
            "automatic_thread_titling": {"enabled": False},
            "file_upload": {"enabled": False, "max_file_size": None, "max_files": None},
            "history": {"enabled": False, "recent_threads": None},
        },
    }
