"""upstream-diff: the bundled schemas against documents in OpenAI's shape, change by change, classified."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from contract.errors import InputError
from contract.upstream.diff import KNOWN_DEVIATIONS, diff_document, diff_excerpt, upstream_diff
from contract.upstream.openapi import extract, load_openapi
from contract.upstream.shape import normalise
from tests.helpers import SHARED_UPSTREAM
from tests.upstream_fixture import UPSTREAM_YAML, schemas, upstream_document, write_yaml

UPSTREAM_EXCERPT = SHARED_UPSTREAM / "openapi-chatkit-sessions.yaml"
FULL_UPSTREAM = SHARED_UPSTREAM / "openapi-full.json"


def _diff(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    result = diff_excerpt(extract(document, "ChatSessionResource"))
    return [(c.pointer, c.kind, c.impact) for c in result.drift]


def _no_refs(ref: str) -> tuple[str, Any]:
    raise AssertionError(f"unexpected $ref {ref}")


def test_bundled_schemas_match_the_upstream_shape_except_the_known_deviation(tmp_path: Path) -> None:
    """The transcribed upstream document, all six operations and every component, differs from the bundled schemas
    only by the state_variables oneOf (in the session resource and in the create request)."""
    path = tmp_path / "openapi.yaml"
    path.write_text(UPSTREAM_YAML, encoding="utf-8")
    result = upstream_diff(path)
    assert result.ok
    assert result.drift == ()
    assert [(c.where, c.kind) for c in result.known] == [
        ("ChatSessionResource#/workflow/state_variables/*", "shape-changed"),
        ("CreateChatSessionBody#/workflow/state_variables/*", "shape-changed"),
    ]
    assert "oneOf [string, integer, boolean, number]" in result.known[0].detail
    assert result.api_version == "2.3.0"


# CI always has the excerpt: there a missing file is a failure, not a skip.
@pytest.mark.skipif(
    not UPSTREAM_EXCERPT.exists() and not os.environ.get("CI"),
    reason="the shared upstream excerpt is not on this machine",
)
def test_real_session_excerpt_agrees_and_lacks_only_the_thread_operations() -> None:
    """The real excerpt holds the session operations only: their components agree but for the known deviations,
    and the four thread operations and their resources are reported missing (as a document without them would be)."""
    result = upstream_diff(UPSTREAM_EXCERPT)
    assert len(result.known) == 2
    assert sorted((c.where, c.kind) for c in result.drift) == sorted(
        [
            ("GET /chatkit/threads", "operation-removed"),
            ("GET /chatkit/threads/{thread_id}", "operation-removed"),
            ("DELETE /chatkit/threads/{thread_id}", "operation-removed"),
            ("GET /chatkit/threads/{thread_id}/items", "operation-removed"),
            ("ThreadResource", "component-removed"),
            ("ThreadListResource", "component-removed"),
            ("DeletedThreadResource", "component-removed"),
            ("ThreadItemListResource", "component-removed"),
        ]
    )
    assert all(c.impact == "breaking" for c in result.drift)


@pytest.mark.skipif(
    not FULL_UPSTREAM.exists() and not os.environ.get("CI"),
    reason="the shared upstream document is not on this machine",
)
def test_the_full_upstream_document_reports_only_documented_deviations_across_all_chatkit_components() -> None:
    """OpenAI's whole document (its JSON copy, which loads fast): every ChatKit operation and component agrees with
    the bundled ones but for the deviations KNOWN_DEVIATIONS lists, each found, each documented in the README."""
    result = upstream_diff(FULL_UPSTREAM)
    assert result.ok, [c.where for c in result.drift]
    assert [(c.component, c.pointer, c.kind, c.detail) for c in result.known] == [
        (d.component, d.pointer, d.kind, d.detail) for d in KNOWN_DEVIATIONS
    ]
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    for deviation in KNOWN_DEVIATIONS:
        assert f"`{deviation.component}#{deviation.pointer}`" in readme


@pytest.mark.slow
@pytest.mark.skipif(
    not FULL_UPSTREAM.with_suffix(".yaml").exists() and not os.environ.get("CI"),
    reason="the shared upstream document is not on this machine",
)
def test_the_full_upstream_yaml_compares_as_its_json_copy() -> None:
    """The YAML original (unquoted dates and all) gives the same comparison as the JSON copy."""
    from_yaml = upstream_diff(FULL_UPSTREAM.with_suffix(".yaml"))
    from_json = upstream_diff(FULL_UPSTREAM)
    assert from_yaml.changes == from_json.changes
    assert from_yaml.ok


def test_added_required_member_new_status_removed_member_and_changed_type_are_each_classified() -> None:
    """Each kind of drift is reported at its instance pointer, breaking or additive for a consumer."""
    document = upstream_document()
    resource = schemas(document)["ChatSessionResource"]
    resource["properties"]["region"] = {"type": "string", "description": "new"}
    resource["required"].append("region")
    del resource["properties"]["user"]
    resource["required"].remove("user")
    resource["properties"]["expires_at"] = {"type": "string", "format": "date-time"}
    schemas(document)["ChatSessionStatus"]["enum"].append("paused")
    assert sorted(_diff(document)) == [
        ("/expires_at", "type-changed", "breaking"),
        ("/region", "member-added", "additive"),
        ("/status", "enum-value-added", "breaking"),
        ("/user", "member-removed", "breaking"),
    ]


def test_widening_breaks_consumers_and_narrowing_does_not() -> None:
    """May-now-be-null and no-longer-required break consumers; a dropped enum value or a new requirement does not."""
    document = upstream_document()
    upload = schemas(document)["ChatSessionFileUpload"]
    upload["properties"]["enabled"] = {"anyOf": [{"type": "boolean"}, {"type": "null"}]}
    upload["required"].remove("max_files")
    history = schemas(document)["ChatSessionHistory"]
    history["properties"]["recent_threads"] = {"type": "integer"}
    schemas(document)["ChatSessionStatus"]["enum"].remove("expired")
    assert sorted(_diff(document)) == [
        ("/chatkit_configuration/file_upload/enabled", "type-widened", "breaking"),
        ("/chatkit_configuration/file_upload/max_files", "required-removed", "breaking"),
        ("/chatkit_configuration/history/recent_threads", "type-narrowed", "additive"),
        ("/status", "enum-value-removed", "additive"),
    ]


def test_a_further_change_to_the_known_deviation_is_drift() -> None:
    """The known deviation is matched exactly: upstream adding a type to that oneOf is reported."""
    document = upstream_document()
    variables = schemas(document)["ChatkitWorkflow"]["properties"]["state_variables"]["anyOf"][0]
    variables["additionalProperties"]["oneOf"].append({"type": "array"})
    assert _diff(document) == [("/workflow/state_variables/*", "shape-changed", "breaking")]


@pytest.mark.parametrize(
    ("upstream", "bundled"),
    [
        ({"type": "string", "enum": ["chatkit.session"]}, {"type": "string", "const": "chatkit.session"}),
        ({"type": "integer", "nullable": True}, {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        ({"type": ["integer", "number"]}, {"type": "number"}),
        ({"type": "string", "description": "x", "x-oaiMeta": {}, "format": "uri"}, {"type": "string"}),
    ],
    ids=["const-is-one-value-enum", "oas30-nullable", "integer-within-number", "annotations-ignored"],
)
def test_equivalent_spellings_normalise_alike(upstream: dict[str, Any], bundled: dict[str, Any]) -> None:
    """Spellings that accept the same payloads are not drift."""
    assert normalise(upstream, _no_refs) == normalise(bundled, _no_refs)


def test_overlapping_one_of_is_not_read_as_a_union() -> None:
    """oneOf [integer, number] rejects integers, so it must not normalise like type [integer, number]."""
    one_of = {"oneOf": [{"type": "integer"}, {"type": "number"}]}
    assert normalise(one_of, _no_refs) != normalise({"type": ["integer", "number"]}, _no_refs)


def test_json_document_is_read_too(tmp_path: Path) -> None:
    """The JSON rendering of the document compares the same as the YAML one."""
    path = tmp_path / "openapi.json"
    document = upstream_document()
    schemas(document)["ChatSessionStatus"]["enum"].append("paused")
    path.write_bytes(orjson.dumps(document))
    assert [(c.where, c.kind) for c in upstream_diff(path).drift] == [
        ("ChatSessionResource#/status", "enum-value-added")
    ]


def test_yaml_dates_stay_strings(tmp_path: Path) -> None:
    """The unquoted 2024-10-01 example is read as text, as a JSON reader would see it."""
    path = tmp_path / "openapi.yaml"
    path.write_text(UPSTREAM_YAML, encoding="utf-8")
    example = load_openapi(path)["components"]["schemas"]["ChatSessionResource"]["example"]
    assert example["workflow"]["version"] == "2024-10-01"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("openapi: 3.1.0\ninfo: {}\n", "not an OpenAPI document (no components.schemas)"),
        ("components:\n  schemas:\n    Other: {}\n", "components.schemas has no 'ChatSessionResource'"),
        ("components: [\n", "not valid YAML"),
    ],
)
def test_unusable_documents_are_input_errors(tmp_path: Path, content: str, message: str) -> None:
    """A document without the schema, or not YAML at all, is named in an InputError."""
    path = tmp_path / "openapi.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        upstream_diff(path)
    assert str(path) in str(caught.value)


def test_external_refs_are_refused(tmp_path: Path) -> None:
    """A $ref to another file is not followed (nothing is ever fetched)."""
    document = upstream_document()
    schemas(document)["ChatSessionResource"]["properties"]["user"] = {"$ref": "https://example.invalid/user.json"}
    with pytest.raises(InputError, match="cannot follow \\$ref"):
        upstream_diff(write_yaml(tmp_path / "openapi.yaml", document))


def _drift_of(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((c.where, c.kind, c.impact) for c in diff_document(document).drift)


def test_changes_to_thread_components_are_reported_where_a_consumer_reads_them() -> None:
    """A new thread status, a widget member, a reason no longer required, a new task type: each at its instance
    pointer in the resource that carries it (a thread item inside a page of items)."""
    document = upstream_document()
    parts = schemas(document)
    parts["WidgetMessageItem"]["properties"]["size"] = {"type": "string"}
    parts["LockedStatus"]["required"].remove("reason")
    parts["TaskType"]["enum"].append("tool")
    assert _drift_of(document) == [
        ("ThreadItemListResource#/data/*/size", "member-added", "additive"),
        ("ThreadItemListResource#/data/*/task_type", "enum-value-added", "breaking"),
        ("ThreadItemListResource#/data/*/tasks/*/type", "enum-value-added", "breaking"),
        ("ThreadListResource#/data/*/status/reason", "required-removed", "breaking"),
        ("ThreadResource#/status/reason", "required-removed", "breaking"),
    ]
    # A fourth kind of status is a union of another shape: every consumer's switch over status.type breaks.
    document = upstream_document()
    schemas(document)["ThreadResource"]["properties"]["status"]["oneOf"].append(
        {"$ref": "#/components/schemas/ActiveStatus"}
    )
    assert _drift_of(document) == [
        ("ThreadListResource#/data/*/status", "shape-changed", "breaking"),
        ("ThreadResource#/status", "shape-changed", "breaking"),
    ]


def test_operations_are_compared_as_the_table_has_them() -> None:
    """An operation gone, one answering another resource, a path parameter renamed, a query parameter widened, and
    a ChatKit operation the table does not know: each reported against its method and path."""
    document = upstream_document()
    paths = document["paths"]
    del paths["/chatkit/threads/{thread_id}"]["delete"]
    paths["/chatkit/threads"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/ThreadResource"
    }
    paths["/chatkit/threads/{thread_id}/items"]["get"]["parameters"][0]["name"] = "id"
    limit = next(p for p in paths["/chatkit/threads"]["get"]["parameters"] if p["name"] == "limit")
    limit["schema"]["maximum"] = 1000
    paths["/chatkit/threads/{thread_id}/archive"] = {"post": {"operationId": "ArchiveThreadMethod", "responses": {}}}
    assert _drift_of(document) == [
        ("DELETE /chatkit/threads/{thread_id}", "operation-removed", "breaking"),
        ("GET /chatkit/threads", "response-changed", "breaking"),
        ("GET /chatkit/threads/{thread_id}/items", "parameters-changed", "breaking"),
        ("ListThreadsParameters#/limit", "constraint-changed", "breaking"),
        ("POST /chatkit/threads/{thread_id}/archive", "operation-added", "additive"),
    ]
