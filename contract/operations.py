"""The ChatKit API as data: where it lives, and the operations this tool checks, by method and path.

Readers, the live client, the stand-in server and the assertions all route requests through this one
table, so an operation is added here once rather than matched by hand in each of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from contract.rules import Endpoint

__all__ = [
    "API_BASE_URL",
    "BETA_HEADER",
    "OPERATIONS",
    "SESSION_ID_PREFIX",
    "Operation",
    "Route",
    "cancelled_session",
    "endpoint_of",
    "route",
    "selects",
]

#: Where the official SDKs send requests unless told otherwise.
API_BASE_URL = "https://api.openai.com/v1"
#: Every official SDK sends this with ChatKit requests; the spec does not declare it.
BETA_HEADER = ("OpenAI-Beta", "chatkit_beta=v1")
#: Session ids start with this in every documented example and every live answer.
SESSION_ID_PREFIX = "cksess_"


@dataclass(frozen=True, slots=True)
class Operation:
    """One ChatKit operation: its name, method and path template, the resource it answers with, and its rule set."""

    name: str
    method: str
    template: str
    resource: str
    endpoint: Endpoint
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A path matches when it ends with the template (after any base path such as /v1); a slash may close it.
        parts = re.split(r"\{(\w+)\}", self.template)
        body = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
        object.__setattr__(self, "_pattern", re.compile(rf"(?P<base>.*?){body}/?"))

    def match(self, path: str) -> tuple[str, dict[str, str]] | None:
        """The base path before the template and the percent-decoded path parameters, or ``None``."""
        found = self._pattern.fullmatch(path)
        if found is None:
            return None
        params = {name: unquote(value) for name, value in found.groupdict().items() if name != "base"}
        return found.group("base"), params


#: Every operation checked, in the order a session lives through them.
OPERATIONS = (
    Operation("create", "POST", "/chatkit/sessions", "ChatSessionResource", "session"),
    Operation("cancel", "POST", "/chatkit/sessions/{session_id}/cancel", "ChatSessionResource", "cancel"),
)
_BY_NAME = {operation.name: operation for operation in OPERATIONS}


@dataclass(frozen=True, slots=True)
class Route:
    """A request matched to an operation: the base path before it and its path parameters."""

    operation: Operation
    base: str
    params: dict[str, str]


# RFC 3986, 2.3: these characters mean the same written plainly or percent-encoded (%63 is "c").
_UNRESERVED_ESCAPE = re.compile(r"%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[Dd]|2[Ee]|5[Ff]|7[Ee])")


def _path_of(url: str) -> str | None:
    """The URL's path with escaped unreserved characters decoded, so equivalent URLs route alike."""
    try:
        path = urlsplit(url).path
    except ValueError:  # an unbalanced "[" in the host: no request this tool can match
        return None
    return _UNRESERVED_ESCAPE.sub(lambda escape: chr(int(escape.group()[1:], 16)), path)


def route(method: object, url: object) -> Route | None:
    """The operation a request (method and URL or path) is for, or ``None`` when it is none of them."""
    if not isinstance(method, str) or not isinstance(url, str):
        return None
    path = _path_of(url)
    if path is None:
        return None
    for operation in OPERATIONS:
        if operation.method == method.upper():
            found = operation.match(path)
            if found is not None:
                return Route(operation, *found)
    return None


def cancelled_session(url: str) -> str | None:
    """The session id a ``…/chatkit/sessions/{id}/cancel`` URL (or path) cancels, percent-decoded; else None."""
    found = route("POST", url)
    return found.params["session_id"] if found is not None and found.operation.name == "cancel" else None


def endpoint_of(operation: str | None, default: Endpoint) -> Endpoint:
    """The rule set a response to *operation* is checked under; *default* when the request is unknown."""
    return _BY_NAME[operation].endpoint if operation in _BY_NAME else default


def selects(endpoint: Endpoint | None, operation: str) -> bool:
    """True when recordings of *operation* are checked under an endpoint choice (``None``: every operation)."""
    return endpoint is None or _BY_NAME[operation].endpoint == endpoint
