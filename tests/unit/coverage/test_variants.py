"""Variants come from the bundled schemas and the operation table alone: what is added there is covered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from contract import operations, schemas
from contract.coverage import Tally, body_variants, catalogue, measure_coverage, operation_variants, variants
from contract.exchange import Exchange
from contract.operations import Operation
from tests.helpers import conforming_session


def _clear_caches() -> None:
    for cached in (
        schemas.load_schema,
        schemas._bundle,
        variants._derived,
        variants.compile_counter,
        catalogue.operation_variants,
    ):
        cached.cache_clear()


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Schemas a test adds or changes, served as if they were packaged files (caches cleared either side)."""
    added: dict[str, Any] = {}
    real = schemas.load_schema.__wrapped__

    def load(name: str) -> Any:
        return json.loads(json.dumps(added[name])) if name in added else real(name)

    _clear_caches()
    monkeypatch.setattr(schemas, "load_schema", load)
    monkeypatch.setattr(schemas, "SCHEMA_NAMES", schemas.SCHEMA_NAMES)
    yield added
    monkeypatch.undo()
    _clear_caches()


def test_the_session_resource_has_one_variant_per_choice_its_schema_allows() -> None:
    """Three statuses, each nullable member null and not, booleans both ways, state variables by type and size."""
    names = [variant.name for variant in body_variants("ChatSessionResource")]
    assert names[:9] == [
        "workflow.version:null",
        "workflow.version:non-null",
        "workflow.state_variables:null",
        "workflow.state_variables:non-null",
        "workflow.state_variables:empty",
        "workflow.state_variables:non-empty",
        "workflow.state_variables{}:string",
        "workflow.state_variables{}:number",
        "workflow.state_variables{}:boolean",
    ]
    assert {"status:active", "status:expired", "status:cancelled", "workflow.tracing.enabled:false"} <= set(names)
    assert len(names) == 26
    assert not any(name.startswith(("id:", "object:", "expires_at:")) for name in names)  # one allowed shape each


def test_a_cancel_answer_has_only_the_status_its_rules_allow() -> None:
    """The cancel rules refuse active and expired, so they are no variants of cancel; create keeps all three."""
    cancel = {variant.name for variant in operation_variants("cancel").variants}
    create = {variant.name for variant in operation_variants("create").variants}
    assert create - cancel == {"status:active", "status:expired"}
    assert {"http:2xx", "http:4xx", "http:5xx"} <= cancel


def test_the_counter_counts_each_value_where_it_stands_and_nothing_of_the_wrong_type() -> None:
    """A null version, an empty state, a false boolean; and a status typo or a string max_files count for nothing."""
    session = conforming_session(status="canceled")
    session["workflow"] |= {"version": None, "state_variables": {}}
    session["chatkit_configuration"]["file_upload"]["max_files"] = "20"
    tally = Tally()
    tally.observe(Exchange(orjson.dumps(session), operation="create"), "cancel")
    counts = {variant.name: count for variant, count in tally.coverage().operations[0].variants}
    assert counts["workflow.version:null"] == counts["workflow.state_variables:empty"] == 1
    assert counts["workflow.version:non-null"] == counts["workflow.state_variables{}:number"] == 0
    assert counts["status:active"] == counts["status:expired"] == counts["status:cancelled"] == 0
    assert counts["chatkit_configuration.file_upload.max_files:null"] == 0
    assert counts["chatkit_configuration.file_upload.max_files:non-null"] == 0
    assert counts["workflow.tracing.enabled:true"] == 1


def test_an_enum_value_added_to_the_schema_is_a_variant_with_no_code_change(
    registry: dict[str, Any], tmp_path: Any
) -> None:
    """``paused`` added to ChatSessionStatus.json appears in the report, counted where a response shows it."""
    status = schemas.load_schema("ChatSessionStatus")
    registry["ChatSessionStatus"] = status | {"enum": [*status["enum"], "paused"]}
    recording = tmp_path / "paused.json"
    recording.write_bytes(orjson.dumps(conforming_session(status="paused")))
    create = measure_coverage([str(recording)], endpoint="session").operations[0]
    assert [(variant.name, count) for variant, count in create.variants if variant.path == "status"] == [
        ("status:active", 0),
        ("status:expired", 0),
        ("status:cancelled", 0),
        ("status:paused", 1),
    ]


THREAD_LIST = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://chatkit-contract.invalid/schemas/FixtureThreadList.json",
    "type": "object",
    "properties": {
        "object": {"const": "list"},
        "data": {"type": "array", "items": {"$ref": "FixtureThread.json"}},
        "has_more": {"type": "boolean"},
        "after": {"type": "string"},
    },
    "required": ["object", "data", "has_more"],
}
THREAD = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://chatkit-contract.invalid/schemas/FixtureThread.json",
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "status": {
            "oneOf": [
                {"type": "object", "properties": {"type": {"const": "active"}}, "required": ["type"]},
                {
                    "type": "object",
                    "properties": {
                        "type": {"const": "locked"},
                        "reason": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    },
                    "required": ["type", "reason"],
                },
            ],
            "discriminator": {"propertyName": "type"},
        },
    },
    "required": ["id", "status"],
}


def test_a_new_resource_and_operation_are_covered_as_they_land(
    registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list resource with a discriminated union, and a table row answering with it: its variants are counted."""
    registry.update({"FixtureThreadList": THREAD_LIST, "FixtureThread": THREAD})
    monkeypatch.setattr(schemas, "SCHEMA_NAMES", (*schemas.SCHEMA_NAMES, "FixtureThreadList", "FixtureThread"))
    row = Operation("list_threads", "GET", "/chatkit/threads", "FixtureThreadList", (), "FixtureListThreads")
    monkeypatch.setattr(operations, "OPERATIONS", (*operations.OPERATIONS, row))
    page = {"object": "list", "has_more": False, "data": [{"id": "t1", "status": {"type": "locked", "reason": None}}]}
    tally = Tally()
    tally.observe(Exchange(orjson.dumps(page), status=200, operation="list_threads"), "cancel")
    (threads,) = (op for op in tally.coverage().operations if op.operation == "list_threads")
    assert {variant.name: count for variant, count in threads.variants} == {
        "data:empty": 0,
        "data:non-empty": 1,
        "data[].status:active": 0,
        "data[].status:locked": 1,
        "data[].status(locked).reason:null": 1,
        "data[].status(locked).reason:non-null": 0,
        "has_more:true": 0,
        "has_more:false": 1,
        "after:absent": 1,
        "after:present": 0,
        "http:2xx": 1,
        "http:4xx": 0,
        "http:5xx": 0,
    }
