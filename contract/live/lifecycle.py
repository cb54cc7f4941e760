"""Contract checks against a live endpoint: cancel a given session, or create, cancel and cancel again."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from contract.check.validator import Validator
from contract.errors import EndpointError
from contract.exchange import Exchange
from contract.findings import Result
from contract.live.client import LiveClient, LiveExchange
from contract.rules import Profile
from contract.secrets import mask_text, mask_url

__all__ = ["LiveCheck", "check_cancel", "check_lifecycle"]


@dataclass(frozen=True, slots=True)
class LiveCheck:
    """A result per checked response, in request order, and notes on what the service did besides."""

    results: tuple[Result, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every checked response conforms."""
        return all(result.ok for result in self.results)


def _parsed(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def _error_summary(exchange: LiveExchange) -> str:
    """``HTTP 404 invalid_request_error: …`` from an OpenAI error envelope, or just the status."""
    payload = _parsed(exchange.body)
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        kind = f" {error['type']}" if isinstance(error.get("type"), str) else ""
        return f"HTTP {exchange.status}{kind}: {mask_text(error['message'])}"
    return f"HTTP {exchange.status}"


def _created_session_id(exchange: LiveExchange) -> str | None:
    payload = _parsed(exchange.body) if exchange.status == 200 else None
    session_id = payload.get("id") if isinstance(payload, dict) else None
    return session_id if isinstance(session_id, str) and session_id else None


def _repeat_behaviour(exchange: LiveExchange) -> str:
    """What a second cancel of the same session got, in words."""
    if exchange.status != 200:
        return _error_summary(exchange)
    payload = _parsed(exchange.body)
    status = payload.get("status") if isinstance(payload, dict) else None
    if status == "cancelled":
        return "HTTP 200 with status 'cancelled': cancelling twice is accepted"
    return f"HTTP 200 with status {mask_text(repr(status))}"


class _Checker:
    """Sends through the client, hands every exchange to the recorder, refuses auth failures, validates."""

    def __init__(self, profile: Profile, ignore: Iterable[str], on_exchange: Callable[[LiveExchange], None] | None):
        # Both validators are built before any request, so a bad rule id costs no session.
        ignored = tuple(ignore)
        self._cancel_rules = Validator(endpoint="cancel", profile=profile, ignore=ignored)
        self._session_rules = Validator(endpoint="session", profile=profile, ignore=ignored)
        self._on_exchange = on_exchange

    def send(self, request: Callable[[], LiveExchange]) -> LiveExchange:
        exchange = request()
        if self._on_exchange is not None:
            self._on_exchange(exchange)
        if exchange.status in (401, 403):
            where = mask_url(exchange.url)
            raise EndpointError(f"POST {where}: the credentials were refused: {_error_summary(exchange)}")
        return exchange

    def check_created(self, exchange: LiveExchange) -> Result:
        """Check a create response as a session resource."""
        return self._session_rules.check(self._exchange(exchange, "create", None))

    def check_cancelled(self, exchange: LiveExchange, session_id: str, location: str = "cancel") -> Result:
        """Check a cancel response, including that it names the session in the request path."""
        return self._cancel_rules.check(self._exchange(exchange, location, session_id))

    @staticmethod
    def _exchange(exchange: LiveExchange, location: str, session_id: str | None) -> Exchange:
        return Exchange(
            exchange.body,
            source=mask_url(exchange.url),
            location=location,
            status=exchange.status,
            headers=exchange.headers,
            session_id=session_id,
        )


def check_cancel(
    client: LiveClient,
    session_id: str,
    *,
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    on_exchange: Callable[[LiveExchange], None] | None = None,
) -> LiveCheck:
    """Cancel *session_id* and check the response as a cancel response, HTTP rules included."""
    checker = _Checker(profile, ignore, on_exchange)
    cancelled = checker.send(lambda: client.cancel(session_id))
    return LiveCheck((checker.check_cancelled(cancelled, session_id),))


def check_lifecycle(
    client: LiveClient,
    *,
    workflow_id: str,
    user: str,
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    on_exchange: Callable[[LiveExchange], None] | None = None,
) -> LiveCheck:
    """Create a session (checked as a session resource), cancel it (checked as a cancel), then cancel it again.

    The repeated cancel is reported as a note; a 200 answer to it is also checked as a cancel response.
    """
    checker = _Checker(profile, ignore, on_exchange)
    created = checker.send(lambda: client.create(workflow_id=workflow_id, user=user))
    results = [checker.check_created(created)]
    session_id = _created_session_id(created)
    if session_id is None:
        return LiveCheck(tuple(results), ("the create response carries no session id, so nothing was cancelled",))
    try:
        cancelled = checker.send(lambda: client.cancel(session_id))
    except EndpointError as err:
        raise EndpointError(f"{err} (session {session_id} was created and may still be active)") from err
    results.append(checker.check_cancelled(cancelled, session_id))
    try:
        repeated = checker.send(lambda: client.cancel(session_id))
    except EndpointError as err:
        return LiveCheck(tuple(results), (f"repeated cancel of {session_id}: no answer: {err}",))
    if repeated.status == 200:
        results.append(checker.check_cancelled(repeated, session_id, "repeated cancel"))
    return LiveCheck(tuple(results), (f"repeated cancel of {session_id}: {_repeat_behaviour(repeated)}",))
