"""The result types are frozen the standard way: every assignment and deletion raises FrozenInstanceError."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from contract import Finding, Result, Summary

FINDING = Finding.of("schema.enum", "/status", "'canceled' is not one of …", 3, 5)
INSTANCES = [FINDING, Result("a.json", "line 2", (FINDING,)), Summary(1, 0, 1, 0, 0)]


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
