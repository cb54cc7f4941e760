"""The gate's self-check: prove the installed validator still accepts conforming payloads and rejects mutants.

It draws from ``contract.strategies`` (Hypothesis), imported only when a self-check runs.
Examples are derandomised, so a gate gives the same verdict on every run of the same installation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from contract.check.validator import Validator
from contract.errors import InputError
from contract.findings import Result
from contract.operations import OPERATION_CHOICES, OPERATION_NAMES, canonical_operation
from contract.rules import Profile

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["SelfCheck", "run_self_check"]

_MAX_REPORTED = 10


@dataclass(frozen=True, slots=True)
class SelfCheck:
    """How many generated payloads and mutants were checked, and what went wrong (secrets masked)."""

    conforming: int
    mutants: int
    failures: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every conforming payload passed and every mutant was rejected for its rule."""
        return not self.failures


def run_self_check(
    examples: int,
    *,
    operation: str | None = None,
    profile: Profile = "lenient",
    conforming: SearchStrategy[Any] | None = None,
    mutants: SearchStrategy[Any] | None = None,
    endpoint: str | None = None,
) -> SelfCheck:
    """Generate *examples* conforming payloads and *examples* mutants, and check the validator on each.

    ``conforming`` defaults to :mod:`contract.strategies`' answers to *operation* (``None``: to every
    operation, each checked as that operation's; ``endpoint`` is its older name), ``mutants`` to mutants of
    every resource; pass others to prove the self-check itself catches a validator that misbehaves (their
    payloads are checked as *operation*'s, default cancel).
    """
    from hypothesis import strategies as st

    from contract import strategies

    given = endpoint if endpoint is not None else operation
    chosen = canonical_operation(given) if given is not None else None
    if given is not None and chosen is None:
        raise InputError(f"unknown operation {given!r}; choose one of: {', '.join(OPERATION_CHOICES)}")
    if conforming is None:
        names = (chosen,) if chosen else OPERATION_NAMES
        conforming = st.one_of([strategies.responses(name).map(partial(_tagged, name)) for name in names])
    else:
        conforming = conforming.map(partial(_tagged, chosen or "cancel"))
    if mutants is None:
        mutants = strategies.nonconforming()
    failures: list[str] = []
    validators: dict[tuple[str, str], Validator] = {}

    def validator(operation: str, profile: Profile) -> Validator:
        if (operation, profile) not in validators:
            validators[operation, profile] = Validator(operation=operation, profile=profile)
        return validators[operation, profile]

    def check_conforming(drawn: tuple[str, Any]) -> None:
        name, payload = drawn
        result = validator(name, profile).validate(payload)
        if not result.ok:
            failures.append(f"a generated conforming {name} payload was rejected: {_first_error(result)}")

    def check_mutant(mutant: Any) -> None:
        result = validator(mutant.operation, mutant.profile).validate(mutant.payload)
        if result.ok:
            failures.append(f"a mutant breaking {mutant.rule} at {mutant.pointer or '(document)'} was accepted")
        elif mutant.rule not in {f.rule for f in result.findings}:
            found = ", ".join(sorted({f.rule for f in result.errors}))
            failures.append(f"a mutant breaking {mutant.rule} was rejected for other rules only ({found})")

    drawn = _run(conforming, examples, check_conforming), _run(mutants, examples, check_mutant)
    # The same failure drawn many times is one problem; keep each once, in order.
    return SelfCheck(*drawn, tuple(dict.fromkeys(failures))[:_MAX_REPORTED])


def _tagged(operation: str, payload: Any) -> tuple[str, Any]:
    return operation, payload


def _first_error(result: Result) -> str:
    finding = result.errors[0]
    return f"{finding.rule} {finding.pointer or '(document)'}: {finding.message}"


def _run(strategy: Any, examples: int, check: Callable[[Any], None]) -> int:
    """Draw up to *examples* values from *strategy* and pass each to *check*; return how many were drawn."""
    from hypothesis import HealthCheck, Phase, given, settings

    drawn = 0

    # Generation only: failures are collected rather than raised, so there is nothing to shrink,
    # and no example database is written into the user's project.
    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        nonlocal drawn
        drawn += 1
        check(value)

    run()
    return drawn
