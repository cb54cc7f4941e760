"""The stand-in server's memory: ChatKit sessions created, cancelled and expired the way the service does it."""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from contract.operations import SESSION_ID_PREFIX
from contract.secrets import CLIENT_SECRET_PREFIX

__all__ = ["DEFAULT_TTL_SECONDS", "SessionExpired", "SessionStore"]

#: ``expires_after`` defaults to 10 minutes, as ``CreateChatSessionBody`` documents.
DEFAULT_TTL_SECONDS = 600
_DEFAULT_RATE_LIMIT = 10
_DEFAULT_MAX_FILES = 10
_DEFAULT_MAX_FILE_SIZE_MB = 512


class SessionExpired(Exception):
    """Cancel of a session whose ``expires_at`` has passed: there is nothing left to cancel."""


def _configuration(requested: dict[str, Any]) -> dict[str, Any]:
    """The resolved ``chatkit_configuration``: the documented defaults, overridden by the request."""
    titling = requested.get("automatic_thread_titling", {})
    upload = requested.get("file_upload", {})
    history = requested.get("history", {})
    return {
        "automatic_thread_titling": {"enabled": titling.get("enabled", True)},
        "file_upload": {
            "enabled": upload.get("enabled", False),
            "max_file_size": upload.get("max_file_size", _DEFAULT_MAX_FILE_SIZE_MB),
            "max_files": upload.get("max_files", _DEFAULT_MAX_FILES),
        },
        "history": {"enabled": history.get("enabled", True), "recent_threads": history.get("recent_threads")},
    }


def _workflow(requested: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": requested["id"],
        "version": requested.get("version"),
        "state_variables": requested.get("state_variables"),
        "tracing": {"enabled": requested.get("tracing", {}).get("enabled", True)},
    }


class SessionStore:
    """Sessions by id, safe across threads; *clock* gives Unix seconds and can be moved forward."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._offset = 0.0
        self._lock = threading.Lock()
        self._sessions: dict[str, dict[str, Any]] = {}
        self._cancelled: set[str] = set()

    def now(self) -> int:
        """The store's current Unix time in whole seconds."""
        return int(self._clock() + self._offset)

    def advance(self, seconds: float) -> None:
        """Move the store's clock forward, so tests can see sessions expire without waiting."""
        with self._lock:
            self._offset += seconds

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a session from a valid ``CreateChatSessionBody`` and return the resource."""
        ttl = body.get("expires_after", {}).get("seconds", DEFAULT_TTL_SECONDS)
        limit = body.get("rate_limits", {}).get("max_requests_per_1_minute", _DEFAULT_RATE_LIMIT)
        session = {
            "id": SESSION_ID_PREFIX + secrets.token_hex(24),
            "object": "chatkit.session",
            "expires_at": self.now() + ttl,
            "client_secret": CLIENT_SECRET_PREFIX + secrets.token_hex(24),
            "workflow": _workflow(body["workflow"]),
            "user": body["user"],
            "rate_limits": {"max_requests_per_1_minute": limit},
            "max_requests_per_1_minute": limit,
            "status": "active",
            "chatkit_configuration": _configuration(body.get("chatkit_configuration", {})),
        }
        with self._lock:
            self._sessions[session["id"]] = session
        return copy.deepcopy(session)

    def get(self, session_id: str) -> dict[str, Any] | None:
        """The session resource as it stands now, or ``None`` for an unknown id."""
        with self._lock:
            session = self._sessions.get(session_id)
            return None if session is None else self._current(session_id, session)

    def cancel(self, session_id: str) -> dict[str, Any] | None:
        """Cancel a session (again is fine) and return it; ``None`` for an unknown id.

        Raises :class:`SessionExpired` for a session that expired before it was cancelled.
        """
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if session_id not in self._cancelled and self.now() >= session["expires_at"]:
                raise SessionExpired(session_id)
            self._cancelled.add(session_id)
            return self._current(session_id, session)

    def ids(self) -> tuple[str, ...]:
        """Every session id, in creation order."""
        with self._lock:
            return tuple(self._sessions)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def _current(self, session_id: str, session: dict[str, Any]) -> dict[str, Any]:
        current = copy.deepcopy(session)
        if session_id in self._cancelled:
            current["status"] = "cancelled"
        elif self.now() >= session["expires_at"]:
            current["status"] = "expired"
        return current
