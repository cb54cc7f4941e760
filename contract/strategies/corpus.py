"""Fixtures and corpora without writing Python: draw payloads and mutants reproducibly, write JSON Lines."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar

import orjson

from contract.errors import ContractError, InputError
from contract.rules import Profile

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from contract.strategies import Mutant

__all__ = ["conforming_payloads", "draw_examples", "mutants", "write_mutants", "write_payloads"]

T = TypeVar("T")
# Examples per Hypothesis run: small enough to stream, large enough that run start-up does not show.
_RUN = 256


def draw_examples(strategy: SearchStrategy[T], *, count: int, seed: int) -> Iterator[T]:
    """Exactly *count* examples of *strategy*; the same seed gives the same examples in the same environment.

    Examples come in runs of at most ``_RUN`` so output streams instead of waiting for the whole count.
    """
    produced, run = 0, 0
    simplest: list[T] = []
    while produced < count:
        wanted = min(count - produced, _RUN)
        batch = _run(strategy, wanted + bool(simplest), f"{seed}.{run}")
        # Hypothesis opens every run with the simplest example: keep it once, not once per run.
        if simplest and batch[:1] == simplest:
            batch = batch[1:]
        batch = batch[:wanted]
        if not batch:
            raise ContractError("the strategy ran out of distinct examples")
        simplest = simplest or batch[:1]
        yield from batch
        produced += len(batch)
        run += 1


def _run(strategy: SearchStrategy[T], wanted: int, key: str) -> list[T]:
    """One Hypothesis run that only generates: no database, no shrinking, no health checks."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as fix_seed

    found: list[T] = []
    quiet = settings(
        database=None,
        max_examples=wanted,
        phases=(Phase.generate,),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )

    @quiet
    @fix_seed(key)
    @given(strategy)
    def collect(example: T) -> None:
        found.append(example)

    collect()
    return found


def _strategy(build: Callable[[], SearchStrategy[T]]) -> SearchStrategy[T]:
    """Build a strategy, turning Hypothesis's InvalidArgument into the package's InputError."""
    from hypothesis.errors import InvalidArgument

    try:
        return build()
    except InvalidArgument as err:
        raise InputError(str(err)) from err


def conforming_payloads(
    *, count: int, seed: int | None = None, status: str | None = None, resource: str = "ChatSessionResource"
) -> Iterator[dict[str, Any]]:
    """*count* conforming instances of *resource* (a session resource by default; with *status*, or any)."""
    from contract.strategies import from_schema, sessions

    if status is not None and resource != "ChatSessionResource":
        raise InputError(f"a status picks session resources only, not {resource}")
    strategy = _strategy(lambda: sessions(status=status) if status is not None else from_schema(resource))
    return draw_examples(strategy, count=count, seed=_seed(seed))


def mutants(
    *,
    count: int,
    seed: int | None = None,
    rules: Iterable[str] | None = None,
    operation: str | None = None,
    profile: Profile | None = None,
    resource: str | None = None,
) -> Iterator[Mutant]:
    """*count* one-rule mutants (see :func:`contract.strategies.nonconforming`)."""
    from contract.strategies import nonconforming

    strategy = _strategy(lambda: nonconforming(rules=rules, operation=operation, profile=profile, resource=resource))
    return draw_examples(strategy, count=count, seed=_seed(seed))


def _seed(seed: int | None) -> int:
    return random.SystemRandom().getrandbits(64) if seed is None else seed


def write_payloads(stream: IO[bytes], payloads: Iterable[Any]) -> int:
    """Write one JSON document per line; return how many."""
    written = 0
    for payload in payloads:
        stream.write(orjson.dumps(payload) + b"\n")
        written += 1
    return written


def write_mutants(stream: IO[bytes], items: Iterable[Mutant], expectations: IO[bytes] | None = None) -> int:
    """Write each mutant as ``{"payload", "rule", "pointer", "operation", "profile"}`` on one line.

    With *expectations*, *stream* gets the bare payloads (so ``validate`` can read them) and
    *expectations* gets, line for line, ``{"line", "rule", "pointer", "operation", "profile"}``.
    """
    written = 0
    for written, mutant in enumerate(items, start=1):
        if expectations is None:
            stream.write(orjson.dumps(mutant.to_dict()) + b"\n")
        else:
            stream.write(orjson.dumps(mutant.payload) + b"\n")
            expectations.write(orjson.dumps({"line": written, **mutant.expectation()}) + b"\n")
    return written
