"""The ChatKit API as data: where it lives, and the operations this tool checks, by method and path.

Readers, the live client, the stand-in server and the assertions all route requests through this one
table, so an operation is added here once (a row, its schema files and its rules) rather than matched by
hand in each of them.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import parse_qsl, unquote, urlsplit

from contract.parsing.patterns import lazy_compile
from contract.records import Record

__all__ = [
    "API_BASE_URL",
    "BETA_HEADER",
    "DEFAULT_ORDER",
    "DEFAULT_PAGE",
    "ITEM_ID_PREFIX",
    "MAX_PAGE",
    "OPERATIONS",
    "OPERATION_ALIASES",
    "OPERATION_CHOICES",
    "OPERATION_NAMES",
    "SESSION_ID_PREFIX",
    "THREAD_ID_PREFIX",
    "Operation",
    "Route",
    "cancelled_session",
    "canonical_operation",
    "endpoint_of",
    "operation_named",
    "route",
    "selects",
]

#: Where the official SDKs send requests unless told otherwise.
API_BASE_URL = "https://api.openai.com/v1"
#: Every official SDK sends this with ChatKit requests; the spec does not declare it.
BETA_HEADER = ("OpenAI-Beta", "chatkit_beta=v1")
#: Session ids start with this in every documented example and every live answer.
SESSION_ID_PREFIX = "cksess_"
#: Thread and thread item ids as the documented examples write them (``cthr_123``, ``cthi_user_001``).
THREAD_ID_PREFIX = "cthr_"
ITEM_ID_PREFIX = "cthi_"
#: A list page holds ``limit`` items: 20 unless the request asks otherwise, never more than 100.
DEFAULT_PAGE, MAX_PAGE = 20, 100
#: A list is in descending ``created_at`` order unless the request asks for ``order=asc``.
DEFAULT_ORDER = "desc"


# Fields are set once, in __init__, past the refusal every record makes of assignment.
_set = object.__setattr__
# The default query: each route without one gets a dict of its own, as a dataclass's default_factory gives.
_FRESH: dict[str, str] = {}


class Operation(Record):
    """One ChatKit operation: its name, method and path template, the resource it answers with, its rules.

    ``families`` are the prefixes of the semantic rule ids its responses are checked under (``session``,
    ``cancel``, ``list``, …); ``query`` names the bundled schema of its query parameters, if it takes any;
    ``upstream`` is the ``operationId`` OpenAI's OpenAPI document gives it.
    """

    _fields = ("name", "method", "template", "resource", "families", "upstream", "query")
    # _pattern is no field: the template's regular expression, compiled when a path is first matched.
    __slots__ = (*_fields, "_pattern")
    name: str
    method: str
    template: str
    resource: str
    families: tuple[str, ...]
    upstream: str
    query: str | None
    _pattern: re.Pattern[str] | None

    def __init__(  # noqa: PLR0917 - the fields in order, as the dataclass took them
        self,
        name: str,
        method: str,
        template: str,
        resource: str,
        families: tuple[str, ...],
        upstream: str,
        query: str | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "method", method)
        _set(self, "template", template)
        _set(self, "resource", resource)
        _set(self, "families", families)
        _set(self, "upstream", upstream)
        _set(self, "query", query)
        _set(self, "_pattern", None)

    def _matcher(self) -> re.Pattern[str]:
        pattern = getattr(self, "_pattern", None)  # unset in a copy or an unpickled operation
        if pattern is None:
            # A path matches when it ends with the template (after any base path such as /v1); a slash may close it.
            parts = re.split(r"\{(\w+)\}", self.template)
            body = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
            pattern = re.compile(rf"(?P<base>.*?){body}/?")
            _set(self, "_pattern", pattern)
        return pattern

    @property
    def endpoint(self) -> str:
        """The older name of the rule set: ``session`` for create, else the operation's name."""
        return "session" if self.name == "create" else self.name

    @property
    def path_parameters(self) -> tuple[str, ...]:
        """The names of the template's path parameters, in order (``("thread_id",)``)."""
        return tuple(re.findall(r"\{(\w+)\}", self.template))

    def match(self, path: str) -> tuple[str, dict[str, str]] | None:
        """The base path before the template and the percent-decoded path parameters, or ``None``."""
        found = self._matcher().fullmatch(path)
        if found is None:
            return None
        params = {name: unquote(value) for name, value in found.groupdict().items() if name != "base"}
        return found.group("base"), params


#: Every operation checked: a session's two, then the four on threads, in the order upstream lists them.
OPERATIONS = (
    Operation("create", "POST", "/chatkit/sessions", "ChatSessionResource", ("session",), "CreateChatSessionMethod"),
    Operation(
        "cancel",
        "POST",
        "/chatkit/sessions/{session_id}/cancel",
        "ChatSessionResource",
        ("session", "cancel"),
        "CancelChatSessionMethod",
    ),
    Operation(
        "list-threads",
        "GET",
        "/chatkit/threads",
        "ThreadListResource",
        ("list", "thread"),
        "ListThreadsMethod",
        "ListThreadsParameters",
    ),
    Operation("get-thread", "GET", "/chatkit/threads/{thread_id}", "ThreadResource", ("thread",), "GetThreadMethod"),
    Operation(
        "delete-thread",
        "DELETE",
        "/chatkit/threads/{thread_id}",
        "DeletedThreadResource",
        ("delete",),
        "DeleteThreadMethod",
    ),
    Operation(
        "list-thread-items",
        "GET",
        "/chatkit/threads/{thread_id}/items",
        "ThreadItemListResource",
        ("list", "item"),
        "ListThreadItemsMethod",
        "ListThreadItemsParameters",
    ),
)
_BY_NAME = {operation.name: operation for operation in OPERATIONS}
#: Every operation name, in table order.
OPERATION_NAMES: tuple[str, ...] = tuple(_BY_NAME)
#: Older names still accepted: ``session`` was the rule set of any session resource, a create response's.
OPERATION_ALIASES: dict[str, str] = {"session": "create"}
#: What an option naming an operation accepts: every name, then the aliases.
OPERATION_CHOICES: tuple[str, ...] = (*OPERATION_NAMES, *OPERATION_ALIASES)


def canonical_operation(name: str) -> str | None:
    """The operation *name* means (an alias gives the name it stands for), or ``None`` when it means none."""
    name = OPERATION_ALIASES.get(name, name)
    return name if name in _BY_NAME else None


def operation_named(name: str) -> Operation:
    """The operation called *name* (or an alias of it); ``KeyError`` when there is none."""
    return _BY_NAME[OPERATION_ALIASES.get(name, name)]


class Route(Record):
    """A request matched to an operation: the base path before it, its path parameters and its query."""

    _fields = ("operation", "base", "params", "query")
    __slots__ = _fields
    _factories: ClassVar[dict[str, Any]] = {"query": dict}
    operation: Operation
    base: str
    params: dict[str, str]
    query: dict[str, str]

    def __init__(self, operation: Operation, base: str, params: dict[str, str], query: dict[str, str] = _FRESH) -> None:
        _set(self, "operation", operation)
        _set(self, "base", base)
        _set(self, "params", params)
        _set(self, "query", {} if query is _FRESH else query)

    @property
    def request(self) -> dict[str, str]:
        """What the request said: its query parameters, then its path parameters (which win)."""
        return {**self.query, **self.params} if self.query else self.params


# RFC 3986, 2.3: these characters mean the same written plainly or percent-encoded (%63 is "c").
_UNRESERVED_ESCAPE = lazy_compile(r"%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[Dd]|2[Ee]|5[Ff]|7[Ee])")


def _parts_of(url: str) -> tuple[str, str] | None:
    """The URL's path (escaped unreserved characters decoded, so equivalent URLs route alike) and its query."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced "[" in the host: no request this tool can match
        return None
    return _UNRESERVED_ESCAPE.sub(lambda escape: chr(int(escape.group()[1:], 16)), parts.path), parts.query


def _query(text: str) -> dict[str, str]:
    """The query's parameters, the first value of each (as the service reads a repeated one)."""
    found: dict[str, str] = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        found.setdefault(name, value)
    return found


def route(method: object, url: object) -> Route | None:
    """The operation a request (method and URL or path) is for, or ``None`` when it is none of them."""
    if not isinstance(method, str) or not isinstance(url, str):
        return None
    parts = _parts_of(url)
    if parts is None:
        return None
    path, query = parts
    method = method.upper()
    for operation in OPERATIONS:
        if operation.method == method:
            found = operation.match(path)
            if found is not None:
                return Route(operation, *found, _query(query) if query else {})
    return None


def cancelled_session(url: str) -> str | None:
    """The session id a ``…/chatkit/sessions/{id}/cancel`` URL (or path) cancels, percent-decoded; else None."""
    found = route("POST", url)
    return found.params["session_id"] if found is not None and found.operation.name == "cancel" else None


def endpoint_of(operation: str | None, default: str) -> str:
    """The older name of the rule set a response to *operation* is checked under; *default* for an unknown one."""
    known = canonical_operation(operation) if operation is not None else None
    return operation_named(known).endpoint if known is not None else default


def selects(choice: str | None, operation: str) -> bool:
    """True when recordings of *operation* are checked under an operation choice (``None``: every operation)."""
    return choice is None or OPERATION_ALIASES.get(choice, choice) == operation
