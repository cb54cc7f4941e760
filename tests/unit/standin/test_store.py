"""The stand-in's session memory: defaults, ids, cancellation and expiry."""

from __future__ import annotations

from typing import Any

import pytest

from contract.check.validator import Validator
from contract.standin.store import SessionExpired, SessionStore

NOW = 1_760_000_000.0


def _store() -> SessionStore:
    return SessionStore(clock=lambda: NOW)


def _status(session: dict[str, Any] | None) -> str:
    assert session is not None
    return str(session["status"])


def test_created_session_has_documented_defaults_and_conforms() -> None:
    """A minimal create resolves every default the spec documents and passes the session contract."""
    session = _store().create({"workflow": {"id": "wf"}, "user": "u"})
    assert session["id"].startswith("cksess_")
    assert session["client_secret"].startswith("ek_")
    assert session["expires_at"] == NOW + 600
    assert session["status"] == "active"
    assert session["max_requests_per_1_minute"] == session["rate_limits"]["max_requests_per_1_minute"] == 10
    assert session["workflow"] == {"id": "wf", "version": None, "state_variables": None, "tracing": {"enabled": True}}
    assert session["chatkit_configuration"] == {
        "automatic_thread_titling": {"enabled": True},
        "file_upload": {"enabled": False, "max_file_size": 512, "max_files": 10},
        "history": {"enabled": True, "recent_threads": None},
    }
    assert Validator(endpoint="session", profile="strict").validate(session).findings == ()


def test_requested_values_override_the_defaults() -> None:
    """expires_after, rate limits and configuration from the body show up in the resource."""
    session = _store().create(
        {
            "workflow": {"id": "wf", "version": "7", "state_variables": {"a": 1}, "tracing": {"enabled": False}},
            "user": "u",
            "expires_after": {"anchor": "created_at", "seconds": 30},
            "rate_limits": {"max_requests_per_1_minute": 3},
            "chatkit_configuration": {"history": {"recent_threads": 4}},
        }
    )
    assert session["expires_at"] == NOW + 30
    assert session["rate_limits"] == {"max_requests_per_1_minute": 3}
    assert session["workflow"]["tracing"] == {"enabled": False}
    assert session["chatkit_configuration"]["history"] == {"enabled": True, "recent_threads": 4}


def test_cancel_is_idempotent_and_unknown_ids_give_none() -> None:
    """Cancelling twice returns the cancelled session both times; an unknown id returns None."""
    store = _store()
    session_id = store.create({"workflow": {"id": "wf"}, "user": "u"})["id"]
    assert _status(store.cancel(session_id)) == "cancelled"
    assert _status(store.cancel(session_id)) == "cancelled"
    assert store.cancel("cksess_unknown") is None


def test_sessions_expire_when_the_clock_passes_expires_at() -> None:
    """After expires_after seconds the session reads as expired and can no longer be cancelled."""
    store = _store()
    session_id = store.create(
        {"workflow": {"id": "wf"}, "user": "u", "expires_after": {"anchor": "created_at", "seconds": 5}}
    )["id"]
    store.advance(4)
    assert _status(store.get(session_id)) == "active"
    store.advance(1)
    assert _status(store.get(session_id)) == "expired"
    with pytest.raises(SessionExpired):
        store.cancel(session_id)


def test_a_cancelled_session_stays_cancelled_after_its_expiry() -> None:
    """Cancellation wins over expiry, and repeating it later still answers."""
    store = _store()
    session_id = store.create({"workflow": {"id": "wf"}, "user": "u"})["id"]
    store.cancel(session_id)
    store.advance(3600)
    assert _status(store.cancel(session_id)) == "cancelled"


def test_returned_resources_are_copies() -> None:
    """Changing a returned resource (as faults do) never changes the stored session."""
    store = _store()
    session = store.create({"workflow": {"id": "wf"}, "user": "u"})
    session["workflow"].pop("tracing")
    stored = store.get(session["id"])
    assert stored is not None
    assert stored["workflow"]["tracing"] == {"enabled": True}
    assert store.ids() == (session["id"],)
