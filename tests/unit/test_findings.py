"""The result types are frozen the standard way: every assignment and deletion raises FrozenInstanceError; they
copy, pickle, compare and replace as the dataclasses they once were."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from contract import Finding, Result, Summary
from contract.exchange import Exchange, Skipped, Unreadable
from contract.findings import CleanRun

FINDING = Finding.of("schema.enum", "/status", "'canceled' is not one of …", 3, 5)
INSTANCES = [
    FINDING,
    Result("a.json", "line 2", (FINDING,)),
    Summary(1, 0, 1, 0, 0),
    CleanRun("a.jsonl", range(3, 9)),
    Exchange(b"{}", "a.har", "entry 1", 200, {"content-type": "application/json"}, operation="cancel"),
    Exchange(b"{}", "a.har", "entry 3", 200, operation="cancel", where=lambda: (7, 19)),
    Skipped("a.har", "entry 2"),
    Unreadable("a.har", None, "recording.unreadable", "breaks off", 4, 1),
]


@pytest.mark.parametrize("instance", INSTANCES, ids=lambda value: type(value).__name__)
@pytest.mark.parametrize("name", ["ok", "source", "rule", "checked", "anything"])
def test_assigning_any_name_raises_frozen_instance_error(instance: object, name: str) -> None:
    """Regression: ``result.ok = True`` (a property, not a field) raised ``TypeError: super(type, obj)…``."""
    with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
        setattr(instance, name, True)


@pytest.mark.parametrize("instance", INSTANCES, ids=lambda value: type(value).__name__)
def test_deleting_raises_frozen_instance_error(instance: object) -> None:
    """Deleting a field or a property is refused the same way."""
    for name in (dataclasses.fields(instance)[0].name, "ok"):  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(instance, name)


@pytest.mark.parametrize("instance", INSTANCES, ids=lambda value: type(value).__name__)
def test_frozen_types_still_copy_pickle_and_replace(instance: object) -> None:
    """What builds instances without assignment (workers' pickles, copies, dataclasses.replace) still works."""
    assert pickle.loads(pickle.dumps(instance)) == instance
    assert copy.deepcopy(instance) == instance
    assert dataclasses.replace(instance) == instance  # type: ignore[type-var]


def test_replace_gives_a_changed_copy_and_runs_the_constructor() -> None:
    """``dataclasses.replace`` changes the named fields only, and a result's source is masked as it is built."""
    result = Result("a.json", "line 2", (FINDING,))
    assert dataclasses.replace(result, baselined=1) == Result("a.json", "line 2", (FINDING,), 1)
    assert dataclasses.replace(result, source="ek_9f8e7d6c5b4a39281706.json").source == "ek_…(redacted).json"
    assert [field.name for field in dataclasses.fields(Finding)] == [
        "rule",
        "severity",
        "pointer",
        "message",
        "line",
        "column",
    ]


def test_equal_records_hash_alike_and_differ_from_other_types() -> None:
    """Records are values: equal fields make equal, equally hashed records; another type is never equal."""
    copied = Finding.of("schema.enum", "/status", "'canceled' is not one of …", 3, 5)
    assert copied == FINDING
    assert hash(copied) == hash(FINDING)
    assert Finding.of("schema.enum", "/status", "'canceled' is not one of …", 3, 6) != FINDING
    assert Skipped("a", "b") != Unreadable("a", "b", "recording.unreadable", "")
    assert Skipped("a", "b") != ("a", "b", None)


def test_each_exchange_gets_headers_and_params_of_its_own() -> None:
    """Defaults are fresh dictionaries, as a dataclass's default_factory makes them."""
    first, second = Exchange(b"{}"), Exchange(b"{}")
    assert first.headers == second.headers == {}
    assert first.headers is not second.headers
    assert first.params is not second.params


def test_the_repr_names_every_field_but_an_exchange_hides_its_body() -> None:
    """As the dataclasses printed them; a body and headers carry credentials and are never shown."""
    assert repr(Skipped("a.har", "entry 2")) == "Skipped(source='a.har', location='entry 2', operation=None)"
    shown = repr(INSTANCES[4])
    assert shown == "Exchange(source='a.har', location='entry 1', status=200, body=<2 bytes>)"


def test_an_exchange_placed_on_demand_asks_once_and_only_when_read() -> None:
    """A reader that must search for where a body is written passes *where*: asked at the first reading of
    line or column, once, and the exchange is then the one the search's answer would have built."""
    asked: list[int] = []

    def where() -> tuple[int, int]:
        asked.append(1)
        return 7, 19

    lazy = Exchange(b"{}", "a.har", "entry 3", 200, operation="cancel", where=where)
    assert asked == []
    assert (lazy.column, lazy.line) == (19, 7)
    assert lazy == Exchange(b"{}", "a.har", "entry 3", 200, line=7, column=19, operation="cancel")
    assert asked == [1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lazy.line = 1  # type: ignore[misc]
