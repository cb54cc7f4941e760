"""Contract checks against a live API: cancel a given session; create, cancel and cancel again; walk a user's
threads read-only (list them page by page, read one, page through its items)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

import orjson

from contract.check.validator import Validator
from contract.errors import EndpointError
from contract.exchange import Exchange
from contract.findings import Result
from contract.live.client import LiveClient, LiveExchange
from contract.operations import route
from contract.rules import Profile
from contract.secrets import mask_text, mask_url

__all__ = ["DEFAULT_MAX_PAGES", "LiveCheck", "check_cancel", "check_lifecycle", "check_threads"]

#: Pages of threads, and of one thread's items, a walk reads at most: enough to see the cursors work.
DEFAULT_MAX_PAGES = 3


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
            message = f"{exchange.method} {where}: the credentials were refused: {_error_summary(exchange)}"
            raise EndpointError(message)
        return exchange

    def check_routed(self, exchange: LiveExchange, location: str) -> Result:
        """Check any response as an answer to the operation its request was, with what the request asked."""
        found = route(exchange.method, exchange.url)
        return self._cancel_rules.check(
            Exchange(
                exchange.body,
                source=exchange.url,
                location=location,
                status=exchange.status,
                headers=exchange.headers,
                operation=found.operation.name if found is not None else None,
                params=found.request if found is not None else {},
            )
        )

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


def check_threads(
    client: LiveClient,
    *,
    user: str | None = None,
    limit: int | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    on_exchange: Callable[[LiveExchange], None] | None = None,
) -> LiveCheck:
    """Walk threads read-only: list them (*user*'s, else every user's) a page of *limit* at a time following the
    cursors, read the first thread, page through its items; check every answer as its operation's.

    At most *max_pages* pages of each list are read. Nothing is created or deleted.
    """
    checker = _Checker(profile, ignore, on_exchange)
    results: list[Result] = []
    listed = partial(client.list_threads, user=user, limit=limit)
    threads, notes = _walk(checker, results, listed, "threads", max_pages)
    who = f" of user {mask_text(repr(user))}" if user is not None else ""
    notes.insert(0, f"{len(threads)} thread(s){who} listed")
    if not threads:
        return LiveCheck(tuple(results), tuple(notes))
    thread_id = threads[0]
    results.append(checker.check_routed(checker.send(partial(client.get_thread, thread_id)), "thread"))
    items, more = _walk(checker, results, partial(client.list_thread_items, thread_id, limit=limit), "items", max_pages)
    notes += [f"thread {mask_text(thread_id)}: {len(items)} item(s) listed", *more]
    return LiveCheck(tuple(results), tuple(notes))


def _walk(
    checker: _Checker, results: list[Result], page: Callable[..., LiveExchange], what: str, max_pages: int
) -> tuple[list[str], list[str]]:
    """Read up to *max_pages* pages of a list, each checked; the ids listed, and a note if pages were left."""
    ids: list[str] = []
    after: str | None = None
    for number in range(1, max_pages + 1):
        exchange = checker.send(partial(page, after=after) if after is not None else page)
        results.append(checker.check_routed(exchange, f"{what} page {number}"))
        body = _parsed(exchange.body) if exchange.status == 200 else None
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            return ids, []
        ids += [item["id"] for item in body["data"] if isinstance(item, dict) and isinstance(item.get("id"), str)]
        last = body.get("last_id")
        if body.get("has_more") is not True or not isinstance(last, str) or not last:
            return ids, []
        after = last
    return ids, [f"stopped after {max_pages} page(s) of {what}; the last said has_more"]
