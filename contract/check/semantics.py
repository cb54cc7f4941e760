"""The ``session.*`` and ``cancel.*`` rules: what the JSON Schema cannot say about a session resource."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypeGuard

from contract.findings import Finding
from contract.operations import SESSION_ID_PREFIX

__all__ = [
    "EXPIRES_AFTER",
    "EXPIRES_BEFORE",
    "INVISIBLE_CATEGORIES",
    "MILLISECONDS_FROM",
    "has_visible_characters",
    "is_whole",
    "milliseconds_message",
    "quiet_check",
    "quiet_constraints",
    "semantic_findings",
]

#: Unix seconds reach 10**11 only in the year 5138; a value this large is milliseconds.
MILLISECONDS_FROM = 10**11
#: A plausible ``expires_at`` (Unix seconds) lies in [2020-01-01, 2100-01-01): ChatKit did not exist before,
#: and a session lives minutes, not centuries.
EXPIRES_AFTER, EXPIRES_BEFORE = 1_577_836_800, 4_102_444_800
#: Unicode categories a reader cannot see: separators, controls (U+0000), format characters (U+200B), surrogates.
INVISIBLE_CATEGORIES: tuple[Literal["Zs", "Zl", "Zp", "Cc", "Cf", "Cs"], ...] = ("Zs", "Zl", "Zp", "Cc", "Cf", "Cs")
#: The member a session copies from its rate limits.
_COPY = "max_requests_per_1_minute"


def semantic_findings(
    payload: Any,
    endpoint: str,
    session_id: str | None = None,
    params: Mapping[str, str] | None = None,
    *,
    assumed: bool = False,
) -> list[Finding]:
    """Check the cross-member rules on a parsed session resource; values of the wrong type are left to the schema.

    *endpoint* is the operation the response answers (``cancel`` adds the ``cancel.*`` rules); *params*, the
    request's other parameters, say nothing a session rule needs. *assumed* says no request named the
    operation: a cancel-rule finding then says how to check a create response instead. Written as
    straight-line checks because every conforming response runs through it.
    """
    if not isinstance(payload, dict):
        return []
    found = []
    get = payload.get
    copy, limits = get(_COPY), get("rate_limits")
    resolved = limits.get(_COPY) if type(limits) is dict else None
    if copy != resolved and is_whole(copy) and is_whole(resolved):
        message = f"{copy} differs from /rate_limits/max_requests_per_1_minute ({resolved})"
        found.append(Finding.of("session.rate-limit-mismatch", "/max_requests_per_1_minute", message))
    expires_at = get("expires_at")
    # Compared before the wholeness check, which conforming values then never pay for.
    if isinstance(expires_at, (int, float)) and not EXPIRES_AFTER <= expires_at < EXPIRES_BEFORE:
        found.extend(_expiry_findings(expires_at))
    session = get("id")
    if isinstance(session, str) and not session.startswith(SESSION_ID_PREFIX):
        found.append(
            Finding.of("session.id-prefix", "/id", f"session id {session!r} does not start with {SESSION_ID_PREFIX!r}")
        )
    secret = get("client_secret")
    if isinstance(secret, str) and not has_visible_characters(secret):
        message = "client_secret is empty" if not secret else "client_secret has no visible characters"
        found.append(Finding.of("session.client-secret-empty", "/client_secret", message))
    if endpoint == "cancel":
        status = get("status")
        if status in ("active", "expired"):
            message = f"a cancel response has status {status!r}; expected 'cancelled'"
            if assumed and status == "active":
                message += " (a create response? check it under operation 'create')"
            found.append(Finding.of("cancel.status", "/status", message))
        if session_id is not None and isinstance(session, str) and session != session_id:
            message = f"the request cancelled {session_id!r} but the body describes {session!r}"
            found.append(Finding.of("cancel.session-id", "/id", message))
    return found


def quiet_constraints(endpoint: str) -> dict[str, dict[str, Any]]:
    """Schema constraints, per member, that a conforming payload meets only where the range and status rules of
    :func:`semantic_findings` find nothing; :func:`quiet_check` checks the other rules itself.

    Each is stricter than its rule or equal to it, never looser: a record they refuse is checked in full.
    """
    constraints: dict[str, dict[str, Any]] = {
        "expires_at": {"minimum": EXPIRES_AFTER, "exclusiveMaximum": EXPIRES_BEFORE},
    }
    if endpoint == "cancel":
        constraints["status"] = {"not": {"enum": ["active", "expired"]}}
    return constraints


def quiet_check(decode: Callable[[bytes], Any]) -> Callable[[bytes], bool]:
    """True only for the JSON text of a payload :func:`semantic_findings` (given no session id) has nothing to say
    about, given *decode*: the schema with :func:`quiet_constraints` on its members, as types
    (:func:`contract.check.typed.decoder_for`), raising ``ValueError`` for any text outside them.

    The rules cheaper to ask in Python than as patterns are asked here, as the rules ask them: the convenience copy
    of the per-minute limit equals the resolved one, the id has its prefix, the secret shows something (a
    member absent is left to the full check). Written out in one function because every clean record in bulk
    runs through it.
    """

    def quiet(body: bytes) -> bool:
        try:
            payload = decode(body)
        except (ValueError, RecursionError):
            return False
        # Decoded objects have their members as attributes; an absent member is msgspec's UNSET, not a str.
        session, secret = getattr(payload, "id", None), getattr(payload, "client_secret", None)
        return (
            getattr(payload, _COPY, None) == getattr(getattr(payload, "rate_limits", None), _COPY, False)
            and type(session) is str
            and session.startswith(SESSION_ID_PREFIX)
            and type(secret) is str
            and has_visible_characters(secret)
        )

    return quiet


def has_visible_characters(text: str) -> bool:
    """True when *text* shows something: not only whitespace, control or format characters (U+200B, U+0000)."""
    if text.isascii() and text.isprintable():
        return not text.isspace() and bool(text)  # the common case, decided in C
    return any(unicodedata.category(char) not in INVISIBLE_CATEGORIES for char in text)


def _expiry_findings(expires_at: float) -> list[Finding]:
    """Milliseconds where seconds belong, or seconds outside any plausible session lifetime (whole values only)."""
    if not is_whole(expires_at):
        return []
    if expires_at >= MILLISECONDS_FROM:
        return [Finding.of("session.expires-at-unit", "/expires_at", milliseconds_message(expires_at))]
    message = (
        f"{expires_at} is {_utc(expires_at) or 'out of range'}, outside {_utc(EXPIRES_AFTER)} to {_utc(EXPIRES_BEFORE)}"
    )
    return [Finding.of("session.expires-at-range", "/expires_at", message)]


def _utc(seconds: float) -> str | None:
    """*seconds* as ``2026-01-01T00:00:07Z``, or ``None`` beyond what a datetime holds."""
    try:
        when = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    if when.year < 1000:  # strftime writes such years unpadded on some platforms, isoformat never does
        return f"{when:%Y-%m-%dT%H:%M:%SZ}"
    return when.isoformat(timespec="seconds")[:-6] + "Z"  # without "+00:00"; isoformat is twice as fast


def is_whole(value: Any) -> TypeGuard[int | float]:
    """True for an integer, or a float with no fraction."""
    # JSON Schema counts 1712349876000.0 as an integer, so the schema lets whole floats through: check them too.
    return type(value) is int or (type(value) is float and value.is_integer())


def milliseconds_message(seconds: float) -> str:
    """Why *seconds* (at least :data:`MILLISECONDS_FROM`) is no Unix time, and what it is read as milliseconds."""
    message = f"{seconds} is not Unix seconds"
    when = _utc(seconds / 1000)
    return message if when is None else f"{message}; read as milliseconds it is {when}"
