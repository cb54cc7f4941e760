"""Pruned detailed validation finds exactly what a full jsonschema run finds, only faster."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract.check.schema_findings import Failing, schema_findings
from contract.check.validator import Validator, _detailed
from tests.helpers import conforming_session, seeded_pages

DATA = Path(__file__).parents[1] / "data" / "invalid"
WRONG_VALUES: list[Any] = [None, "x", 1, 1.5, True, [], {}, {"x": [1]}]


def _paths(value: Any, *path: str) -> Iterator[tuple[str, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _paths(item, *path, key)


def _mutants() -> Iterator[Any]:
    """Every member deleted, and every member replaced by each wrong value, one at a time and in pairs."""
    base = conforming_session()
    paths = list(_paths(base))
    for path in paths:
        for change in [None, *WRONG_VALUES]:
            mutant = copy.deepcopy(base)
            parent = mutant
            for key in path[:-1]:
                parent = parent[key]
            if change is None:
                del parent[path[-1]]
            else:
                parent[path[-1]] = change
            yield mutant
    for first, second in zip(paths[:-3], paths[3:], strict=True):
        mutant = copy.deepcopy(base)
        mutant[first[0]], mutant[second[0]] = "x", None
        yield mutant
    for case in sorted(DATA.glob("*.json")):
        if not case.name.endswith(".expected.json"):
            try:
                yield json.loads(case.read_bytes())
            except ValueError:
                continue


@pytest.mark.parametrize("payload", list(_mutants()))
def test_pruned_run_equals_full_run(payload: Any) -> None:
    """Same findings, same order, whichever members or root keywords fail."""
    detailed = _detailed()
    full = list(schema_findings(detailed, payload))
    failing = Validator()._fast_failures(payload)
    # A verdict of True or False (no schema error at all) must mean the full run finds nothing either.
    pruned = [] if isinstance(failing, bool) else list(schema_findings(detailed, payload, failing=failing))
    assert pruned == full


@pytest.mark.parametrize(
    "instance",
    [{"a": 1, "b": 2}, {"a": "x", "b": "y"}, {"b": [1]}, {"a": 1, "n": {"c": "x"}}],
    ids=["extra-member", "declared-member", "missing-and-extra", "nested"],
)
def test_keywords_pruning_does_not_understand_are_evaluated_in_full(instance: dict[str, Any]) -> None:
    """Errors under additionalProperties (reported by the fast engine at an undeclared member) are not lost."""
    import jsonschema_rs
    from jsonschema import Draft202012Validator

    schema = {
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": "integer"}, "n": {"$ref": "#/$defs/N"}},
        "additionalProperties": {"type": "string"},
        "$defs": {"N": {"type": "object", "properties": {"c": {"type": "integer"}}}},
    }
    fast = jsonschema_rs.validator_for(schema)
    failing = Failing.at((e.instance_path, str(e.schema_path[-1])) for e in fast.iter_errors(instance))
    detailed = Draft202012Validator(schema)
    full = list(schema_findings(detailed, instance))
    assert full
    assert list(schema_findings(detailed, instance, failing=failing)) == full


def _every_place(value: Any, *path: str | int) -> Iterator[tuple[str | int, ...]]:
    """Every member and item below *value*, arrays included."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in children:
        yield (*path, key)
        yield from _every_place(item, *path, key)


def _page_mutants() -> Iterator[tuple[str, Any]]:
    """Every place of a page of threads and a page of items removed, or given a wrong value of three kinds."""
    for operation, base in zip(("list-threads", "list-thread-items"), seeded_pages(), strict=True):
        for path in _every_place(base):
            changes: list[Any] = [None, "x", 1.5, {}]
            for change in changes:
                mutant = copy.deepcopy(base)
                parent: Any = mutant
                for key in path[:-1]:
                    parent = parent[key]
                if change is None:
                    del parent[path[-1]]
                else:
                    parent[path[-1]] = change
                yield operation, mutant


@pytest.mark.parametrize(("operation", "payload"), list(_page_mutants()))
def test_pruned_run_equals_full_run_inside_lists_and_unions(operation: str, payload: Any) -> None:
    """Pruning walks into the items the fast engine failed (and a union's branch in full): same findings, same
    order as a full run, wherever in a page of threads or items the value broke."""
    validator = Validator(operation=operation)
    resource = "ThreadListResource" if operation == "list-threads" else "ThreadItemListResource"
    detailed = _detailed(resource)
    full = list(schema_findings(detailed, payload))
    failing = validator._fast_failures(payload)
    pruned = [] if isinstance(failing, bool) else list(schema_findings(detailed, payload, failing=failing))
    assert pruned == full
