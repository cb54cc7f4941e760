"""The ``session.*`` and ``cancel.*`` rules: what the JSON Schema cannot say."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, TypeGuard

from contract.findings import Finding
from contract.operations import SESSION_ID_PREFIX
from contract.rules import Endpoint

__all__ = ["MILLISECONDS_FROM", "semantic_findings"]

#: Unix seconds reach 10**11 only in the year 5138; a value this large is milliseconds.
MILLISECONDS_FROM = 10**11


def semantic_findings(payload: Any, endpoint: Endpoint, session_id: str | None = None) -> list[Finding]:
    """Check the cross-member rules on a parsed payload; values of the wrong type are left to the schema.

    Written as straight-line checks because every conforming response runs through it.
    """
    if not isinstance(payload, dict):
        return []
    found = []
    get = payload.get
    copy, limits = get("max_requests_per_1_minute"), get("rate_limits")
    resolved = limits.get("max_requests_per_1_minute") if type(limits) is dict else None
    if copy != resolved and _is_whole(copy) and _is_whole(resolved):
        message = f"{copy} differs from /rate_limits/max_requests_per_1_minute ({resolved})"
        found.append(Finding.of("session.rate-limit-mismatch", "/max_requests_per_1_minute", message))
    expires_at = get("expires_at")
    # Compared before the wholeness check, which conforming values then never pay for.
    if isinstance(expires_at, (int, float)) and expires_at >= MILLISECONDS_FROM and _is_whole(expires_at):
        found.append(Finding.of("session.expires-at-unit", "/expires_at", _milliseconds_message(expires_at)))
    session = get("id")
    if isinstance(session, str) and not session.startswith(SESSION_ID_PREFIX):
        found.append(
            Finding.of("session.id-prefix", "/id", f"session id {session!r} does not start with {SESSION_ID_PREFIX!r}")
        )
    secret = get("client_secret")
    if isinstance(secret, str) and not secret.strip():
        found.append(Finding.of("session.client-secret-empty", "/client_secret", "client_secret is empty"))
    if endpoint == "cancel":
        status = get("status")
        if status in ("active", "expired"):
            message = f"a cancel response has status {status!r}; expected 'cancelled'"
            found.append(Finding.of("cancel.status", "/status", message))
        if session_id is not None and isinstance(session, str) and session != session_id:
            message = f"the request cancelled {session_id!r} but the body describes {session!r}"
            found.append(Finding.of("cancel.session-id", "/id", message))
    return found


def _is_whole(value: Any) -> TypeGuard[int | float]:
    # JSON Schema counts 1712349876000.0 as an integer, so the schema lets whole floats through: check them too.
    return type(value) is int or (type(value) is float and value.is_integer())


def _milliseconds_message(expires_at: float) -> str:
    message = f"{expires_at} is not Unix seconds"
    try:
        when = datetime.fromtimestamp(expires_at / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return message
    return f"{message}; read as milliseconds it is {when:%Y-%m-%dT%H:%M:%SZ}"
