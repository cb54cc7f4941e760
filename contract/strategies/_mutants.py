"""Nonconforming payloads: a conforming one broken in exactly one way, with the finding it must cause."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from contract.operations import OPERATION_NAMES, OPERATIONS, operation_named
from contract.rules import Profile, severity_of
from contract.schemas import bundle
from contract.strategies._mutations import OPERATORS as SESSION_OPERATORS
from contract.strategies._mutations import Operator, slots_of
from contract.strategies._page_mutations import MIN_ITEMS, PAGE_OPERATORS
from contract.strategies._resources import operation_strategy

__all__ = ["PAYLOAD_RULES", "Mutant", "mutant_strategy", "needed_profile", "operations_for", "resource_operations"]

_ITEM = "ThreadItem"

#: Every rule a payload alone can break, in catalogue order, with the operators that break it.
OPERATORS: dict[str, tuple[Operator, ...]] = {**SESSION_OPERATORS, **PAGE_OPERATORS}
#: The rules a payload alone can break; the others need the raw body (``json.*``) or the HTTP exchange.
PAYLOAD_RULES: tuple[str, ...] = tuple(OPERATORS)


@dataclass(frozen=True, slots=True)
class Mutant:
    """A payload that a validator with this operation and profile rejects with one finding: *rule* at *pointer*."""

    payload: Any
    rule: str
    pointer: str
    operation: str
    profile: Profile

    @property
    def endpoint(self) -> str:
        """The older name of :attr:`operation`."""
        return self.operation

    def expectation(self) -> dict[str, str]:
        """What validating the payload must report, and the settings to validate it with."""
        return {"rule": self.rule, "pointer": self.pointer, "operation": self.operation, "profile": self.profile}

    def to_dict(self) -> dict[str, Any]:
        """The payload and its expectation in one JSON-ready object."""
        return {"payload": self.payload, **self.expectation()}


def operations_for(rule: str) -> tuple[str, ...]:
    """The operations whose responses *rule* applies to: schema and drift rules to every one, the others to the
    operations whose rule families hold them (``session.*`` to create and cancel, ``list.*`` to both lists…)."""
    family = rule.partition(".")[0]
    if family in ("schema", "drift"):
        return tuple(name for name in OPERATION_NAMES if _has_slots(operation_named(name).resource, rule))
    return tuple(operation.name for operation in OPERATIONS if family in operation.families)


def needed_profile(rule: str) -> Profile:
    """The weakest profile under which breaking *rule* is an error rather than a warning."""
    return "strict" if severity_of(rule, "lenient") == "warning" else "lenient"


@cache
def _has_slots(resource: str, rule: str) -> bool:
    """Whether a resource has anything *rule* can break: an ``enum`` (or union tag) for ``schema.enum``."""
    return rule != "schema.enum" or _holds(bundle(resource), ("enum", "oneOf"))


def _holds(node: Any, keywords: tuple[str, ...]) -> bool:
    if isinstance(node, dict):
        return any(key in node for key in keywords) or any(_holds(value, keywords) for value in node.values())
    if isinstance(node, list):
        return any(_holds(item, keywords) for item in node)
    return False


def resource_operations(rule: str, resource: str | None) -> tuple[str, ...]:
    """The operations whose answers break *rule* on *resource* (``None``: any); a thread item is broken inside a
    page of items, the only answer that holds items, by the rules that apply to items."""
    if resource is None:
        return operations_for(rule)
    if resource == _ITEM:
        return ("list-thread-items",) if rule.partition(".")[0] in ("schema", "drift", "item") else ()
    return tuple(name for name in operations_for(rule) if operation_named(name).resource == resource)


@cache
def mutant_strategy(
    rules: tuple[str, ...], operation: str | None, profile: Profile | None, engine: str, resource: str | None = None
) -> st.SearchStrategy[Mutant]:
    """Mutants of the given rules (arguments already checked against each other)."""
    choices = []
    within = ("data",) if resource == _ITEM else ()
    for rule in rules:
        for chosen in (operation,) if operation else resource_operations(rule, resource):
            # Pages hold at least one item, so every slot a page's items have can be broken.
            base = operation_strategy(chosen, engine, min_size=MIN_ITEMS.get(rule, 1))
            for operator in OPERATORS[rule]:
                chosen_profile = profile or needed_profile(rule)
                choices.append(
                    _mutants(base, operator, rule=rule, operation=chosen, profile=chosen_profile, within=within)
                )
    return st.one_of(choices)


@cache
def _root(resource: str) -> dict[str, Any]:
    """The bundle the operators read (never written to, so one copy serves every draw)."""
    return bundle(resource)


@st.composite
def _mutants(
    draw: st.DrawFn,
    base: st.SearchStrategy[Any],
    operator: Operator,
    *,
    rule: str,
    operation: str,
    profile: Profile,
    within: tuple[str, ...] = (),
) -> Mutant:
    # A copy, so the conforming draw Hypothesis may show in a report is never changed under it.
    payload = copy.deepcopy(draw(base))
    slots = slots_of(_root(operation_named(operation).resource), payload)
    if within:
        # Only what lies inside one item of the page (the item itself included) is broken.
        slots = [slot for slot in slots if slot.path[: len(within)] == within and len(slot.path) > len(within)]
    mutated, pointer = operator(draw, payload, slots)
    return Mutant(mutated, rule, pointer, operation, profile)
