"""One reading of request URLs, shared by recordings, live records and assert_conforms."""

from __future__ import annotations

import pytest

from contract.operations import (
    OPERATION_NAMES,
    OPERATIONS,
    cancelled_session,
    canonical_operation,
    endpoint_of,
    operation_named,
    route,
    selects,
)


@pytest.mark.parametrize(
    ("url", "session"),
    [
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel", "cksess_123"),
        ("/v1/chatkit/sessions/cksess_123/cancel/", "cksess_123"),
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel?trace=1#x", "cksess_123"),
        ("https://api.openai.com/v1/chatkit/sessions/cksess%2F1/cancel", "cksess/1"),
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123", None),
        ("https://api.openai.com/v1/chatkit/sessions/cksess_123/cancel/extra", None),
        ("http://[::1/chatkit/sessions/cksess_123/cancel", None),
    ],
)
def test_cancelled_session_reads_the_id_from_the_path(url: str, session: str | None) -> None:
    """The id is percent-decoded, queries and fragments are ignored, anything else is not a cancel."""
    assert cancelled_session(url) == session


def test_requests_route_to_their_operation_by_method_and_path() -> None:
    """A create is a POST to the sessions collection; a GET of the same URL is no operation of this tool."""
    url = "https://api.openai.com/v1/chatkit/sessions"
    create = route("POST", url)
    assert create is not None
    assert (create.operation.name, create.base, create.params) == ("create", "/v1", {})
    assert route("GET", url) is None
    assert route("GET", url + "/cksess_1/cancel") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1/chatkit/sessions/cksess_1/%63ancel",
        "https://api.openai.com/v1/%63hatkit/%73essions/cksess_1/cancel",
        "https://api.openai.com/v1/chatkit/sessions/cksess_1/CANCEL%5F",
    ],
    ids=["escaped-c", "escaped-path", "not-the-same-path"],
)
def test_escaped_unreserved_characters_are_the_same_path(url: str) -> None:
    """RFC 3986: %63 is 'c', so these are the cancel path; other changes are not."""
    expected = None if url.endswith("CANCEL%5F") else "cksess_1"
    assert cancelled_session(url) == expected


def test_the_operation_choice_selects_operations_and_accepts_the_older_names() -> None:
    """No choice checks every operation; a name selects that one; 'session', the older name, selects creates."""
    assert all(selects(None, op) for op in OPERATION_NAMES)
    assert [op for op in OPERATION_NAMES if selects("cancel", op)] == ["cancel"]
    assert [op for op in OPERATION_NAMES if selects("session", op)] == ["create"]
    assert [op for op in OPERATION_NAMES if selects("list-threads", op)] == ["list-threads"]
    assert (canonical_operation("session"), canonical_operation("cancel"), canonical_operation("threads")) == (
        "create",
        "cancel",
        None,
    )
    assert operation_named("session") is operation_named("create")


@pytest.mark.parametrize(
    ("method", "url", "name", "params"),
    [
        ("POST", "https://api.openai.com/v1/chatkit/sessions", "create", {}),
        ("POST", "https://api.openai.com/v1/chatkit/sessions/cksess_1/cancel", "cancel", {"session_id": "cksess_1"}),
        ("GET", "https://api.openai.com/v1/chatkit/threads", "list-threads", {}),
        ("get", "https://api.openai.com/v1/chatkit/threads/", "list-threads", {}),
        ("GET", "https://api.openai.com/v1/chatkit/threads/cthr_1", "get-thread", {"thread_id": "cthr_1"}),
        ("DELETE", "/v1/chatkit/threads/cthr%2F1", "delete-thread", {"thread_id": "cthr/1"}),
        ("GET", "https://api.openai.com/v1/chatkit/threads/cthr_1/items", "list-thread-items", {"thread_id": "cthr_1"}),
    ],
)
def test_each_of_the_six_operations_routes_by_method_and_path(
    method: str, url: str, name: str, params: dict[str, str]
) -> None:
    """Every ChatKit operation upstream declares is a row of the table, found by its method and path template."""
    found = route(method, url)
    assert found is not None
    assert (found.operation.name, found.base, found.params) == (name, "/v1", params)
    assert found.operation.path_parameters == tuple(params)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("PUT", "https://api.openai.com/v1/chatkit/threads/cthr_1"),
        ("POST", "https://api.openai.com/v1/chatkit/threads"),
        ("DELETE", "https://api.openai.com/v1/chatkit/threads/cthr_1/items"),
        ("GET", "https://api.openai.com/v1/chatkit/threads/cthr_1/items/cthi_1"),
    ],
)
def test_other_methods_and_paths_are_no_operation(method: str, url: str) -> None:
    """A method the path does not take, or a path no template matches, routes nowhere."""
    assert route(method, url) is None


def test_the_query_travels_with_the_route_and_path_parameters_win() -> None:
    """limit, order and the cursors come from the query (first value of each); a path parameter is never shadowed."""
    url = "https://api.openai.com/v1/chatkit/threads/cthr_1/items?limit=5&order=asc&after=cthi_2&limit=9&thread_id=x"
    found = route("GET", url)
    assert found is not None
    assert found.query == {"limit": "5", "order": "asc", "after": "cthi_2", "thread_id": "x"}
    assert found.request == {"limit": "5", "order": "asc", "after": "cthi_2", "thread_id": "cthr_1"}


def test_every_operation_names_its_resource_rules_and_upstream_id() -> None:
    """The table is the one place an operation is described: resource schema, rule families, upstream operationId."""
    from contract.schemas import SCHEMA_NAMES

    for operation in OPERATIONS:
        assert operation.resource in SCHEMA_NAMES
        assert operation.query is None or operation.query in SCHEMA_NAMES
        assert operation.upstream.endswith("Method")
        assert operation.families


def test_the_older_endpoint_names_still_read() -> None:
    """Code written against the two-operation table keeps working: create's rule set was 'session'."""
    assert [operation.endpoint for operation in OPERATIONS[:2]] == ["session", "cancel"]
    assert (endpoint_of("create", "cancel"), endpoint_of(None, "session"), endpoint_of("list-threads", "x")) == (
        "session",
        "session",
        "list-threads",
    )
