"""The packaged schema files, the registry and the bundle."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from contract.errors import ContractError
from contract.schemas import BASE_URI, CREATE_BODY, ROOT, SCHEMA_NAMES, bundle, closed_bundle, load_schema, registry
from tests.helpers import conforming_session

SCHEMA_DIR = Path(__file__).parents[2] / "schemas"


RESPONSE_TYPES = {
    "ChatSessionChatkitConfiguration",
    "ChatSessionAutomaticThreadTitling",
    "ChatSessionFileUpload",
    "ChatSessionHistory",
    "ChatSessionRateLimits",
    "ChatSessionStatus",
    "ChatkitWorkflow",
    "ChatkitWorkflowTracing",
}
REQUEST_TYPES = {
    "WorkflowParam",
    "WorkflowTracingParam",
    "ExpiresAfterParam",
    "RateLimitsParam",
    "ChatkitConfigurationParam",
    "AutomaticThreadTitlingParam",
    "FileUploadParam",
    "HistoryParam",
}


THREAD_TYPES = {
    "ActiveStatus",
    "LockedStatus",
    "ClosedStatus",
    "ThreadItem",
    "UserMessageItem",
    "UserMessageInputText",
    "UserMessageQuotedText",
    "Attachment",
    "AttachmentType",
    "InferenceOptions",
    "ToolChoice",
    "AssistantMessageItem",
    "ResponseOutputText",
    "FileAnnotation",
    "FileAnnotationSource",
    "UrlAnnotation",
    "UrlAnnotationSource",
    "WidgetMessageItem",
    "ClientToolCallItem",
    "ClientToolCallStatus",
    "TaskItem",
    "TaskType",
    "TaskGroupItem",
    "TaskGroupTask",
}
THREAD_RESOURCES = {"ThreadResource", "ThreadListResource", "DeletedThreadResource", "ThreadItemListResource"}
QUERY_TYPES = {"ListThreadsParameters", "ListThreadItemsParameters", "OrderEnum"}


def test_schema_dir_holds_exactly_the_packaged_types() -> None:
    """One file per type, no strays that would silently go unpackaged or unchecked: the session resource and its
    eight parts, the create request body and its eight, the four thread resources and their 24 parts, and the two
    list queries with their sort order."""
    assert sorted(p.stem for p in SCHEMA_DIR.glob("*.json")) == sorted(SCHEMA_NAMES)
    expected = {ROOT, *RESPONSE_TYPES, CREATE_BODY, *REQUEST_TYPES, *THREAD_RESOURCES, *THREAD_TYPES, *QUERY_TYPES}
    assert set(SCHEMA_NAMES) == expected
    assert len(SCHEMA_NAMES) == 49


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_each_file_is_valid_draft_2020_12_with_id_and_title(name: str) -> None:
    """Every schema passes the draft 2020-12 metaschema and names itself."""
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{BASE_URI}{name}.json"
    assert schema["title"]


def test_a_schema_missing_from_the_installed_package_is_a_contract_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Schemas are read from the installed package; a broken install is named, not a KeyError or a traceback."""
    import contract

    monkeypatch.setattr(contract, "__file__", str(tmp_path / "__init__.py"))
    load_schema.cache_clear()
    try:
        with pytest.raises(ContractError, match=r"packaged schema ChatkitWorkflow\.json is unreadable: .*No such file"):
            load_schema("ChatkitWorkflow")
    finally:
        load_schema.cache_clear()


def test_a_package_whose_loader_reads_no_data_is_a_contract_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loader without ``get_data`` is named like a missing file, not an AttributeError."""
    import contract

    assert contract.__spec__ is not None
    monkeypatch.setattr(contract.__spec__, "loader", object())
    load_schema.cache_clear()
    try:
        with pytest.raises(ContractError, match=r"packaged schema ChatkitWorkflow\.json is unreadable: the package"):
            load_schema("ChatkitWorkflow")
    finally:
        load_schema.cache_clear()


def test_unknown_schema_name_is_a_contract_error() -> None:
    """A typo names the choices instead of raising KeyError."""
    with pytest.raises(ContractError, match="ChatkitWorkflow"):
        load_schema("ChatkitWorkfow")


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []


@pytest.mark.parametrize(
    ("root", "parts"),
    [
        (ROOT, RESPONSE_TYPES),
        (CREATE_BODY, REQUEST_TYPES),
        ("ThreadItemListResource", THREAD_TYPES - {"ActiveStatus", "LockedStatus", "ClosedStatus"}),
        ("ThreadListResource", {"ThreadResource", "ActiveStatus", "LockedStatus", "ClosedStatus"}),
        ("ListThreadsParameters", {"OrderEnum"}),
    ],
)
def test_bundle_is_self_contained_and_holds_only_its_own_side(root: str, parts: set[str]) -> None:
    """Every $ref in a bundle is local, every local target exists, and the response bundle holds no request type
    (nor the other way round)."""
    document = bundle(root)
    refs = _refs(document)
    assert refs, "the root bundle should reference its nested types"
    for ref in refs:
        assert ref.startswith("#/$defs/"), ref
        assert ref.removeprefix("#/$defs/") in document["$defs"]
    assert set(document["$defs"]) == parts


def test_bundle_of_a_leaf_type_has_no_defs() -> None:
    """Bundling a nested type pulls in only what it references."""
    assert "$defs" not in bundle("ChatkitWorkflowTracing")
    assert set(bundle("ChatkitWorkflow")["$defs"]) == {"ChatkitWorkflowTracing"}


def test_bundle_returns_independent_copies() -> None:
    """Callers may mutate what they get without corrupting later bundles."""
    first = bundle()
    first["properties"].clear()
    assert bundle()["properties"]


def test_validating_through_the_registry_agrees_with_the_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The referencing registry resolves the relative $refs to the same verdicts, without any network."""

    def _no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("schema resolution tried to open a socket")

    monkeypatch.setattr(socket, "create_connection", _no_network)
    by_registry = Draft202012Validator(load_schema(ROOT), registry=registry())
    by_bundle = Draft202012Validator(bundle())
    broken = conforming_session()
    del broken["workflow"]["tracing"]
    for instance in (conforming_session(), broken):
        assert by_registry.is_valid(instance) == by_bundle.is_valid(instance)
    assert not by_registry.is_valid(broken)


def test_registry_refuses_to_retrieve_unknown_uris() -> None:
    """A $ref outside the packaged set fails loudly rather than fetching."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "https://example.com/x.json"}
    with pytest.raises(Unresolvable):
        Draft202012Validator(schema, registry=registry()).is_valid({})


def test_closed_bundle_rejects_undeclared_members_but_keeps_state_variables_open() -> None:
    """Closing objects must not close the free-form state_variables map."""
    closed = Draft202012Validator(closed_bundle())
    assert closed.is_valid(conforming_session())
    assert not closed.is_valid(conforming_session(scope={}))
    session = conforming_session()
    session["workflow"]["state_variables"] = {"anything": "goes", "n": 2}
    assert closed.is_valid(session)


def test_state_variables_deviation_is_recorded_in_the_schema() -> None:
    """The one deliberate deviation from upstream carries a $comment explaining it."""
    values = load_schema("ChatkitWorkflow")["properties"]["state_variables"]["anyOf"][0]["additionalProperties"]
    assert "oneOf" in values["$comment"]
    assert sorted(values["type"]) == ["boolean", "number", "string"]


@pytest.mark.parametrize(
    "name", [ROOT, CREATE_BODY, *sorted(THREAD_RESOURCES), "ThreadItem", *sorted(QUERY_TYPES - {"OrderEnum"})]
)
def test_schemas_record_their_upstream_revision(name: str) -> None:
    """Every root schema says which upstream commit it was derived from."""
    assert load_schema(name)["x-upstream"]["commit"].startswith("f85dbe2")


def _unions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return ([node] if "oneOf" in node else []) + [u for value in node.values() for u in _unions(value)]
    if isinstance(node, list):
        return [u for item in node for u in _unions(item)]
    return []


@pytest.mark.parametrize("name", ["ThreadResource", "ThreadItemListResource"])
def test_every_union_is_discriminated_by_a_distinct_constant(name: str) -> None:
    """Each oneOf names its discriminator and each branch fixes it to its own value: a draw from one branch
    matches no other, and a finding can name the branch the value meant (contract.check.schema_findings)."""
    document = bundle(name)
    unions = _unions(document)
    assert unions
    for union in unions:
        tag = union["discriminator"]["propertyName"]
        values = [
            document["$defs"][branch["$ref"].removeprefix("#/$defs/")]["properties"][tag]["const"]
            for branch in union["oneOf"]
        ]
        assert len(set(values)) == len(values) > 1
