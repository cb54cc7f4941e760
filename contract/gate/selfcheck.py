"""The gate's self-check: prove the installed validator still accepts conforming payloads and rejects mutants.

It draws from ``contract.strategies`` (Hypothesis), imported only when a self-check runs.
Examples are derandomised, so a gate gives the same verdict on every run of the same installation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from contract.check.validator import Validator
from contract.findings import Result
from contract.rules import Endpoint, Profile

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
    endpoint: Endpoint = "cancel",
    profile: Profile = "lenient",
    conforming: SearchStrategy[Any] | None = None,
    mutants: SearchStrategy[Any] | None = None,
) -> SelfCheck:
    """Generate *examples* conforming payloads and *examples* mutants, and check the validator on each.

    ``conforming`` and ``mutants`` default to :mod:`contract.strategies` for *endpoint*; pass others to
    prove the self-check itself catches a validator that misbehaves.
    """
    from contract import strategies

    if conforming is None:
        conforming = strategies.cancel_responses() if endpoint == "cancel" else strategies.sessions()
    if mutants is None:
        mutants = strategies.nonconforming()
    failures: list[str] = []
    validator = Validator(endpoint=endpoint, profile=profile)

    def check_conforming(payload: Any) -> None:
        result = validator.validate(payload)
        if not result.ok:
            failures.append(f"a generated conforming {endpoint} payload was rejected: {_first_error(result)}")

    validators: dict[tuple[str, str], Validator] = {}

    def check_mutant(mutant: Any) -> None:
        key = (mutant.endpoint, mutant.profile)
        if key not in validators:
            validators[key] = Validator(endpoint=mutant.endpoint, profile=mutant.profile)
        result = validators[key].validate(mutant.payload)
        if result.ok:
            failures.append(f"a mutant breaking {mutant.rule} at {mutant.pointer or '(document)'} was accepted")
        elif mutant.rule not in {f.rule for f in result.findings}:
            found = ", ".join(sorted({f.rule for f in result.errors}))
            failures.append(f"a mutant breaking {mutant.rule} was rejected for other rules only ({found})")

    drawn = _run(conforming, examples, check_conforming), _run(mutants, examples, check_mutant)
    # The same failure drawn many times is one problem; keep each once, in order.
    return SelfCheck(*drawn, tuple(dict.fromkeys(failures))[:_MAX_REPORTED])


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
