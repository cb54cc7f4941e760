"""An HTTP client for the live ChatKit API: every operation (create and cancel a session; list, read and delete
threads, page through their items), with bounded retries.

The API key goes into one request header and nowhere else: not into exchanges, messages or exceptions.
"""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from contract.errors import EndpointError, InputError
from contract.limits import MAX_BODY_BYTES
from contract.operations import API_BASE_URL, BETA_HEADER
from contract.parsing.numbers import ascii_decimal
from contract.secrets import mask, mask_headers, mask_text, mask_url, remember_secret

if TYPE_CHECKING:
    import httpx

__all__ = [
    "LiveClient",
    "LiveExchange",
    "Retry",
    "RetryPolicy",
    "api_key_from_env",
    "is_base_url",
    "is_header_token",
    "retry_after_seconds",
]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retry connection errors, 429 and 5xx up to *retries* times, waiting *backoff* seconds, doubling each time.

    A ``Retry-After`` (or ``retry-after-ms``) header replaces the computed wait, unless it asks for longer than
    *max_retry_after*: then the response is kept as the answer.
    """

    retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.retries < 0 or self.backoff < 0 or self.max_backoff < 0 or self.max_retry_after < 0:
            raise InputError("retry settings cannot be negative")

    def wait(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number *attempt* (1-based) when the server named no delay."""
        return min(self.backoff * 2.0 ** (attempt - 1), self.max_backoff)


@dataclass(frozen=True, slots=True)
class Retry:
    """A retry about to happen: the URL, which attempt failed (of how many allowed), why, and the wait."""

    url: str
    attempt: int
    attempts: int
    reason: str
    wait: float
    method: str = "POST"

    def describe(self) -> str:
        """One line for a log or a terminal."""
        where = f"{self.method} {mask_url(self.url)}: {self.reason}"
        return f"{where} (attempt {self.attempt} of {self.attempts}); retrying in {self.wait:g}s"


@dataclass(frozen=True, slots=True, repr=False)
class LiveExchange:
    """One request and the response finally accepted for it; request headers are already redacted.

    ``started`` (Unix time) and ``seconds`` time the accepted attempt, for recordings.
    """

    method: str
    url: str
    request_headers: Mapping[str, str]
    status: int
    headers: Mapping[str, str]
    body: bytes
    attempts: int = 1
    request_body: bytes = b""
    reason: str = ""
    started: float = 0.0
    seconds: float = 0.0

    def __repr__(self) -> str:
        size, url = len(self.body), mask_url(self.url)
        return f"LiveExchange({self.method} {url} -> {self.status}, {size} bytes, {self.attempts} attempt(s))"


def api_key_from_env(name: str = "OPENAI_API_KEY") -> str:
    """The API key held in environment variable *name*; an :class:`InputError` naming it when unset."""
    key = os.environ.get(name, "").strip()
    if not key:
        raise InputError(f"${name} is not set; export the API key there (or read it from another variable)")
    if not is_header_token(key):
        raise InputError(f"${name} does not hold a usable API key (it must be one printable ASCII token)")
    return key


def is_header_token(value: str) -> bool:
    """True for what can travel as an HTTP header value as-is: printable ASCII, no spaces."""
    return value.isascii() and value.isprintable() and " " not in value


def is_base_url(url: str) -> bool:
    """True for an http(s) URL with a host, usable as the API root."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and is_header_token(url)
    except ValueError:
        return False


def _query(**values: object) -> str:
    """``?name=value&…`` for the values given (none: ``""``), in the order named."""
    given = {name: str(value) for name, value in values.items() if value is not None}
    return f"?{urlencode(given)}" if given else ""


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date).

    *headers* has lower-case names, or is case-insensitive like ``httpx.Headers``.
    """
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        text = (headers.get(name) or "").strip()
        number = ascii_decimal(text.removeprefix("-"))  # ASCII digits: not "٣", "1_0" or "inf"
        if number is not None:
            return 0.0 if text.startswith("-") else number / divisor
    when = email.utils.parsedate_tz(headers.get("retry-after", ""))
    return None if when is None else max(0.0, email.utils.mktime_tz(when) - time.time())


class LiveClient:
    """Sends ChatKit requests to *base_url* (create and cancel sessions; list, read and delete threads, list a
    thread's items), retrying within a :class:`RetryPolicy`."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = API_BASE_URL,
        organization: str | None = None,
        project: str | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy = RetryPolicy(),
        on_retry: Callable[[Retry], None] | None = None,
    ) -> None:
        import httpx

        if not is_base_url(base_url):
            raise InputError(f"base_url {mask_text(repr(base_url))} is not an http(s) URL")
        if timeout <= 0:
            raise InputError(f"timeout {timeout:g} must be more than 0 seconds")
        self.base_url = base_url.rstrip("/")
        self.retry = retry
        self._key = api_key
        # Whatever its shape, the key in use is masked wherever it shows up: an endpoint may echo it back.
        remember_secret(api_key)
        self._on_retry = on_retry
        headers = {"Authorization": f"Bearer {api_key}", BETA_HEADER[0]: BETA_HEADER[1]}
        for what, name, value in (
            ("organization", "OpenAI-Organization", organization),
            ("project", "OpenAI-Project", project),
        ):
            if value:
                if not is_header_token(value):
                    raise InputError(f"{what} {mask_text(repr(value))} must be one printable ASCII token")
                headers[name] = value
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout), follow_redirects=False)
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"LiveClient(base_url={mask_text(repr(self.base_url))}, api_key={mask(self._key)!r})"

    def create(self, *, workflow_id: str, user: str) -> LiveExchange:
        """``POST {base}/chatkit/sessions`` for *workflow_id* and *user*."""
        return self._send(f"{self.base_url}/chatkit/sessions", {"workflow": {"id": workflow_id}, "user": user})

    def cancel(self, session_id: str) -> LiveExchange:
        """``POST {base}/chatkit/sessions/{session_id}/cancel``."""
        return self._send(f"{self.base_url}/chatkit/sessions/{quote(session_id, safe='')}/cancel", None)

    def list_threads(
        self,
        *,
        user: str | None = None,
        limit: int | None = None,
        order: str | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> LiveExchange:
        """``GET {base}/chatkit/threads`` with the query parameters given (every user's threads without *user*)."""
        query = _query(limit=limit, order=order, after=after, before=before, user=user)
        return self._send(f"{self.base_url}/chatkit/threads{query}", None, "GET")

    def get_thread(self, thread_id: str) -> LiveExchange:
        """``GET {base}/chatkit/threads/{thread_id}``."""
        return self._send(self._thread_url(thread_id), None, "GET")

    def delete_thread(self, thread_id: str) -> LiveExchange:
        """``DELETE {base}/chatkit/threads/{thread_id}``."""
        return self._send(self._thread_url(thread_id), None, "DELETE")

    def list_thread_items(
        self,
        thread_id: str,
        *,
        limit: int | None = None,
        order: str | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> LiveExchange:
        """``GET {base}/chatkit/threads/{thread_id}/items`` with the query parameters given."""
        query = _query(limit=limit, order=order, after=after, before=before)
        return self._send(f"{self._thread_url(thread_id)}/items{query}", None, "GET")

    def _thread_url(self, thread_id: str) -> str:
        return f"{self.base_url}/chatkit/threads/{quote(thread_id, safe='')}"

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> LiveClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _scrub(self, text: str) -> str:
        return mask_text(text.replace(self._key, mask(self._key)))

    def _send(self, url: str, payload: Any, method: str = "POST") -> LiveExchange:
        import httpx

        attempts, attempt = self.retry.retries + 1, 0
        while True:
            attempt += 1
            started, clock = time.time(), time.monotonic()
            try:
                response, body = self._request(method, url, payload)
            except httpx.TransportError as err:
                reason = self._scrub(self._describe(err))
                if attempt == attempts:
                    where = mask_url(url)
                    raise EndpointError(f"{method} {where}: {reason}; gave up after {attempts} attempt(s)") from err
                self._wait(Retry(url, attempt, attempts, reason, self.retry.wait(attempt), method))
                continue
            delay = self._retry_delay(response, attempt)
            if delay is None or attempt == attempts:
                return self._exchange(response, body, attempt, started, time.monotonic() - clock)
            self._wait(Retry(url, attempt, attempts, f"HTTP {response.status_code}", delay, method))

    def _request(self, method: str, url: str, payload: Any) -> tuple[httpx.Response, bytes]:
        """One attempt, its body read up to one byte past the body limit, all within the timeout.

        httpx times each read on its own, so a server trickling a byte at a time would never time out;
        the deadline bounds the whole answer.
        """
        import httpx

        deadline = time.monotonic() + self._timeout
        body = bytearray()
        # A POST always carries a JSON body (cancel's is null), as the SDKs send it; GET and DELETE none.
        content = {"json": payload} if method == "POST" else {}
        with self._client.stream(method, url, **content) as response:
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    break  # enough to report the body as too large; the rest is never held
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the body kept arriving past the timeout", request=response.request)
        return response, bytes(body[: MAX_BODY_BYTES + 1])

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float | None:
        """How long to wait before retrying *response*, or ``None`` to keep it as the answer."""
        if response.status_code != 429 and response.status_code < 500:
            return None
        asked = retry_after_seconds(response.headers)
        if asked is None:
            return self.retry.wait(attempt)
        return asked if asked <= self.retry.max_retry_after else None

    def _wait(self, retry: Retry) -> None:
        if self._on_retry is not None:
            self._on_retry(retry)
        time.sleep(retry.wait)

    def _describe(self, err: httpx.TransportError) -> str:
        import httpx

        detail = str(err) or type(err).__name__
        if isinstance(err, httpx.ConnectTimeout):
            return f"no connection within {self._timeout:g}s"
        if isinstance(err, httpx.TimeoutException):
            return f"no response within {self._timeout:g}s"
        if isinstance(err, httpx.ConnectError):
            return f"cannot connect ({detail})"
        if isinstance(err, httpx.RemoteProtocolError):
            return f"the connection broke off mid-response ({detail})"
        if isinstance(err, (httpx.ReadError, httpx.WriteError)):
            return f"the connection failed mid-exchange ({detail})"
        return f"{type(err).__name__} ({detail})"

    def _exchange(
        self, response: httpx.Response, body: bytes, attempts: int, started: float, seconds: float
    ) -> LiveExchange:
        request = response.request
        return LiveExchange(
            method=request.method,
            url=str(request.url),
            request_headers=mask_headers(request.headers.items()),
            status=response.status_code,
            headers={name.lower(): value for name, value in response.headers.items()},
            body=body,
            attempts=attempts,
            request_body=request.content,
            reason=response.reason_phrase,
            started=started,
            seconds=seconds,
        )
