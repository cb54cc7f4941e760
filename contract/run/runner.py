"""Check many recordings: read, validate, place findings in their files, in input order.

Large inputs are spread over processes (``jobs``: this one and ``jobs - 1`` workers); each reads its own
pieces, so only results cross process boundaries, and a bounded window of pieces in flight keeps memory flat.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from contract.errors import InputError
from contract.findings import CleanRun
from contract.operations import OPERATION_CHOICES, canonical_operation
from contract.rules import Profile
from contract.run.checking import Options, Outcome, RunOutcome, check_batch, validator_for
from contract.sources.files import STDIN
from contract.sources.plan import Inputs, Piece, checked_inputs, pieces

if TYPE_CHECKING:
    from contract.run.tasks import Task

__all__ = ["SPLIT_SIZE", "available_cpus", "check_paths", "check_runs", "each_result"]

#: JSON Lines files larger than this are cut into ranges of about this size.
SPLIT_SIZE = 4 << 20
# A batch of small files handed to one worker: enough to outweigh the cost of the hand-over.
_BATCH_BYTES = SPLIT_SIZE
_BATCH_FILES = 2048


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_paths(
    paths: Iterable[str],
    *,
    operation: str | None = None,
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    jobs: int = 1,
    on_progress: Callable[[int], None] | None = None,
    scheduler: Any = None,
    endpoint: str | None = None,
) -> Iterator[Outcome]:
    """Every result (and skip marker) for the recordings under *paths*, in input order.

    Recorded requests (HAR entries, cassette interactions) are checked as the operation they were (create,
    cancel, list-threads, …); *operation* narrows them to one and says how bodies whose request is unknown
    are checked (default: as cancel responses; ``endpoint`` is its older name). Count the outcomes with
    :func:`contract.findings.summarise`: a summary whose ``checked`` is 0 means nothing was checked, and says why.

    Bad options and unusable paths (missing, unreadable, not a regular file, a link loop, an unknown
    format) fail here, before any result, so no report is half written. A recording that breaks off
    is a ``recording.unreadable`` finding, and the run goes on. With ``jobs > 1`` and more than one
    batch of work, batches run in that many processes.
    *on_progress* is called with the input bytes done after each batch.

    Paths may be fsspec URLs (``s3://…``, ``gs://…``, ``https://…``, ``file://…``). With a *scheduler* (a Dask
    scheduler address, ``"local"`` for a cluster of *jobs* worker processes here, or a ``distributed.Client``)
    the work runs on that cluster, with the same results in the same order; the cluster is reached here too.
    """
    runs = check_runs(
        paths,
        operation=operation,
        profile=profile,
        ignore=ignore,
        jobs=jobs,
        on_progress=on_progress,
        scheduler=scheduler,
        endpoint=endpoint,
    )
    return each_result(runs)


def check_runs(
    paths: Iterable[str],
    *,
    operation: str | None = None,
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    jobs: int = 1,
    on_progress: Callable[[int], None] | None = None,
    scheduler: Any = None,
    endpoint: str | None = None,
) -> Iterator[RunOutcome]:
    """As :func:`check_paths`, but consecutive JSON Lines lines that passed without a finding come as one
    :class:`~contract.findings.CleanRun` instead of a result each: what the command-line reports are written
    from, since a large run costs far less so. Reporters and :func:`contract.findings.summarise` take either."""
    chosen = operation if endpoint is None else endpoint
    name = canonical_operation(chosen) if chosen is not None else None
    if chosen is not None and name is None:
        raise InputError(f"unknown operation {chosen!r}; choose one of: {', '.join(OPERATION_CHOICES)}")
    options = (name, profile, tuple(sorted(set(ignore))))
    validator_for(options)
    if scheduler is not None:
        from contract.run.cluster import on_cluster

        outcomes = on_cluster(checked_inputs(paths), options, scheduler, workers=jobs, on_progress=on_progress)
    else:
        outcomes = _outcomes(checked_inputs(paths), options, jobs, on_progress)
    return outcomes


def each_result(outcomes: Iterator[RunOutcome]) -> Iterator[Outcome]:
    """*outcomes* with each run of clean lines given as its results, one by one; closing this closes *outcomes*."""
    try:
        for outcome in outcomes:
            if type(outcome) is CleanRun:
                yield from outcome.results()
            else:
                yield outcome  # type: ignore[misc]
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()


def _outcomes(
    paths: list[str], options: Options, jobs: int, on_progress: Callable[[int], None] | None
) -> Iterator[RunOutcome]:
    if jobs > 1 and STDIN not in paths:  # worker processes get /dev/null for stdin: a run that reads it stays here
        split = SPLIT_SIZE
        whole = _one_batch(paths, split)
        if whole is not None:
            # One batch of whole files: a worker would cost more than it saves.
            yield from _in_process(iter([whole]), options, on_progress)
            return
        # Planned from sizes alone: large JSON Lines files become spans each worker reads for itself.
        from contract.run.tasks import batches, plan

        work = batches(plan(paths, split), split)
        first = next(work, None)
        if first is None:
            return
        second = next(work, None)
        if second is None and all(type(piece) is Piece for piece in first):
            # One batch of whole files: a worker would cost more than it saves.
            yield from _in_process(iter([cast("list[Piece]", first)]), options, on_progress)
            return
        from contract.run.workers import in_processes

        heads = [first] if second is None else [first, second]
        yield from in_processes(_chain(heads, work), options, jobs, on_progress)
        return
    # Cutting large JSON Lines files costs a read; it pays for a moving progress bar.
    cut = SPLIT_SIZE if on_progress is not None else None
    yield from _in_process(_batches(pieces(paths, split_size=cut)), options, on_progress)


def _one_batch(paths: list[str], split: int) -> list[Piece] | None:
    """The inputs as one batch of whole files, when that is how :func:`~contract.run.tasks.plan` and
    :func:`~contract.run.tasks.batches` would cut them (few enough small local files, sized by the one ``stat``
    that checked them); else ``None``, and the run is planned in full."""
    sizes = paths.sizes if isinstance(paths, Inputs) else {}
    if not paths or len(paths) > _BATCH_FILES:
        return None
    batch, total = [], 0
    for path in paths:
        size = sizes.get(path)
        if size is None or size > split or total >= _BATCH_BYTES:  # a URL, a file to cut, or a second batch
            return None
        batch.append(Piece(path, size))
        total += size
    return batch


def _chain(heads: list[list[Task]], rest: Iterator[list[Task]]) -> Iterator[list[Task]]:
    yield from heads
    yield from rest


def _batches(work: Iterable[Piece]) -> Iterator[list[Piece]]:
    """Group small pieces so one hand-over to a worker carries enough work."""
    batch: list[Piece] = []
    size = 0
    for piece in work:
        batch.append(piece)
        size += piece.size
        if size >= _BATCH_BYTES or len(batch) >= _BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _in_process(
    batches: Iterator[list[Piece]],
    options: Options,
    on_progress: Callable[[int], None] | None,
) -> Iterator[RunOutcome]:
    for batch in batches:
        yield from check_batch(batch, options)
        if on_progress is not None:
            on_progress(sum(piece.size for piece in batch))
