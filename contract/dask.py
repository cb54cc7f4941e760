"""Contract checks inside your own Dask graphs.

``contract.check_paths(paths, scheduler=…)`` (and ``validate --scheduler``) stream a run's results back in
order; these build the same work as Dask collections instead, for a team's own pipeline::

    import dask.bag as db
    from contract.dask import recordings_bag, validate_bag

    failing = recordings_bag(["s3://logs/chatkit/2025-06/"]).filter(lambda r: not getattr(r, "ok", True))
    bodies = validate_bag(db.read_text("s3://exports/*.jsonl"), endpoint="session")

Layer: beside the runner (``contract.run``), which it builds on; dask is imported when a function here is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from contract.errors import InputError
from contract.exchange import Exchange
from contract.findings import Result
from contract.operations import OPERATION_CHOICES, canonical_operation
from contract.rules import Profile
from contract.run.checking import Options, Outcome, validator_for

__all__ = ["recordings_bag", "validate_bag"]


def recordings_bag(
    paths: str | Iterable[str],
    *,
    operation: str | None = None,
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    endpoint: str | None = None,
) -> Any:
    """A ``dask.bag.Bag`` of every outcome (:class:`~contract.findings.Result`, and
    :class:`~contract.exchange.Skipped` markers) under *paths* (files, directories, URLs), in input order.

    The partitions are the pieces ``check_paths`` plans for a cluster, so the bag holds exactly what
    ``check_paths(paths, scheduler=…)`` yields, line numbers included. Paths are checked here, before any task.
    """
    import dask.bag
    from dask.delayed import delayed

    from contract.run import runner
    from contract.run.tasks import batches, check_on_worker, plan
    from contract.sources.files import STDIN
    from contract.sources.plan import checked_inputs

    given = [paths] if isinstance(paths, str) else list(paths)
    if STDIN in given:
        raise InputError("stdin cannot be read by a Dask graph: pass files, directories or URLs")
    options = _options(endpoint or operation, profile, ignore)
    split = runner.SPLIT_SIZE
    parts: list[Any] = []
    before: Any = 0  # the lines of the spans before, in the file being read: a chain of small tasks
    for batch in batches(plan(checked_inputs(given), split), split):
        checked = delayed(check_on_worker, pure=True)(batch, options)
        parts.append(delayed(_outcomes, pure=True)(batch, checked, before))
        before = delayed(_lines_after, pure=True)(batch, checked, before)
    if not parts:
        return dask.bag.from_sequence([], npartitions=1)  # type: ignore[no-untyped-call]
    return dask.bag.from_delayed(parts)  # type: ignore[no-untyped-call]


def _outcomes(batch: list[Any], checked: Any, before: int) -> list[Outcome]:
    from contract.run.runner import each_result
    from contract.run.tasks import unpacked

    return list(each_result(unpacked(batch, checked, [before])))


def _lines_after(batch: list[Any], checked: Any, before: int) -> int:
    from contract.run.tasks import lines_after

    return lines_after(batch, checked, before)


def validate_bag(
    bag: Any,
    *,
    operation: str = "cancel",
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    endpoint: str | None = None,
) -> Any:
    """A ``dask.bag.Bag`` of one :class:`~contract.findings.Result` per item of *bag*, in the same order.

    Items are response bodies (``bytes``, or ``str`` such as the lines ``dask.bag.read_text`` gives) checked as
    *operation*'s answers (``endpoint`` is its older name), or :class:`~contract.exchange.Exchange` objects
    carrying their own source, location, status, headers and operation. Bad options fail here, not on a worker.
    """
    return bag.map_partitions(_check_partition, _options(endpoint or operation, profile, ignore))


def _options(operation: str | None, profile: Profile, ignore: Iterable[str]) -> Options:
    """The run's options, an operation given by an older name read as its own (``None``: every operation)."""
    name = canonical_operation(operation) if operation is not None else None
    if operation is not None and name is None:
        raise InputError(f"unknown operation {operation!r}; choose one of: {', '.join(OPERATION_CHOICES)}")
    options: Options = (name, profile, tuple(sorted(set(ignore))))
    validator_for(options)
    return options


def _check_partition(items: Iterable[Any], options: Options) -> list[Result]:
    """Run on a worker: each item's result, findings placed in its body (the validator compiles once per worker)."""
    from contract.check.positions import place

    validator = validator_for(options)
    results = []
    for item in items:
        if isinstance(item, Exchange):
            exchange = item
        elif isinstance(item, str):
            exchange = Exchange(item.encode("utf-8", "surrogatepass"), "<bag>")
        else:
            exchange = Exchange(bytes(item), "<bag>")
        result = validator.check(exchange)
        results.append(place(result, exchange) if result.findings else result)
    return results
