"""Conforming session resources: the bundle's shape plus the rules JSON Schema cannot state, built in."""

from __future__ import annotations

import string
from functools import cache
from typing import Any

from hypothesis import strategies as st

from contract.check.semantics import EXPIRES_AFTER, EXPIRES_BEFORE, INVISIBLE_CATEGORIES
from contract.operations import SESSION_ID_PREFIX
from contract.schemas import ROOT, bundle, closed_bundle, load_schema
from contract.secrets import CLIENT_SECRET_PREFIX
from contract.strategies._compile import INT64_MAX, INT64_MIN, compile_schema, integers, texts
from contract.strategies._engine import BUILTIN, check_engine, jsonschema_strategy

__all__ = ["STATUSES", "bounded", "session_strategy"]

STATUSES: tuple[str, ...] = tuple(load_schema("ChatSessionStatus")["enum"])
_RATE_LIMIT = "max_requests_per_1_minute"
_TOKEN = string.ascii_letters + string.digits + "_-"
# Characters a reader can see: no separators, controls, format characters or surrogates.
_VISIBLE = st.characters(exclude_categories=INVISIBLE_CATEGORIES)


@cache
def session_strategy(status: str | None, session_id: str | None, engine: str) -> st.SearchStrategy[dict[str, Any]]:
    """Conforming ``ChatSessionResource`` dicts, compiled once per option set (arguments already checked)."""
    check_engine(engine)
    if engine == BUILTIN:
        shape = compile_schema(bundle(ROOT), _overrides(status, session_id))
    else:
        shape = jsonschema_strategy(_tightened(status, session_id))
    return shape.map(_copy_rate_limit)


def _client_secrets() -> st.SearchStrategy[str]:
    """Secret-shaped ``ek_`` tokens first, then any text with something besides whitespace."""
    visible = st.tuples(texts(), _VISIBLE, texts()).map("".join)
    return st.one_of(st.text(_TOKEN).map(CLIENT_SECRET_PREFIX.__add__), visible)


def _overrides(status: str | None, session_id: str | None) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "/id": st.just(session_id) if session_id is not None else texts().map(SESSION_ID_PREFIX.__add__),
        "/client_secret": _client_secrets(),
        "/expires_at": integers(EXPIRES_AFTER, EXPIRES_BEFORE - 1),
        "/status": st.just(status) if status is not None else st.sampled_from(STATUSES),
        # A placeholder: the value is copied from rate_limits after the draw, so the two are equal.
        f"/{_RATE_LIMIT}": st.none(),
    }


def _copy_rate_limit(session: dict[str, Any]) -> dict[str, Any]:
    session[_RATE_LIMIT] = session["rate_limits"][_RATE_LIMIT]
    return session


def _tightened(status: str | None, session_id: str | None) -> dict[str, Any]:
    """The closed bundle with the session rules spelled as JSON Schema, for engines that read only schemas."""
    document: dict[str, Any] = bounded(closed_bundle(ROOT))
    members = document["properties"]
    members["id"] = (
        {"const": session_id} if session_id is not None else {"type": "string", "pattern": "^" + SESSION_ID_PREFIX}
    )
    members["client_secret"] = {"type": "string", "pattern": "[!-~]"}  # at least one visible character
    members["expires_at"] = {"type": "integer", "minimum": EXPIRES_AFTER, "maximum": EXPIRES_BEFORE - 1}
    if status is not None:
        members["status"] = {"const": status}
    return document


def bounded(node: Any) -> Any:
    """Give every number the 64-bit bounds the builtin engine uses, so both engines cover the same values."""
    if isinstance(node, dict):
        kinds = node.get("type")
        names = {kinds} if isinstance(kinds, str) else set(kinds or ())
        if names & {"integer", "number"}:
            node.setdefault("minimum", INT64_MIN)
            node.setdefault("maximum", INT64_MAX)
        for value in node.values():
            bounded(value)
    elif isinstance(node, list):
        for item in node:
            bounded(item)
    return node
