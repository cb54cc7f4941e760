"""Measure coverage over recordings: read every input ``validate`` reads, and count what each response shows.

Counting needs no verdict, so it does not validate: a response is parsed once and its variants counted
(each variant tests its own value's type, so a wrong value counts for nothing). Large JSON Lines files take
the bulk path, lines straight from the file with no exchange built; with ``jobs > 1`` pieces of work run in
worker processes that send back only their counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from contract.coverage.catalogue import assumed_operation, operation_variants, selected_operations
from contract.coverage.model import Coverage, Tally
from contract.coverage.variants import compile_counter
from contract.exchange import Exchange, Skipped
from contract.limits import MAX_BODY_BYTES
from contract.run.runner import SPLIT_SIZE
from contract.sources.files import STDIN
from contract.sources.plan import Piece, checked_inputs, piece_lines, pieces, read_piece

__all__ = ["count_records", "measure_coverage"]

# Small files handed to one worker together, so a hand-over carries enough work to pay for itself.
_BATCH_FILES = 2048


def measure_coverage(
    paths: Iterable[str], *, operation: str | None = None, jobs: int = 1, endpoint: str | None = None
) -> Coverage:
    """Which contract variants the responses under *paths* show, per operation.

    Recorded requests (HAR entries, cassette interactions) count for the operation they were; *operation*
    narrows the run to one operation's answers as it does for ``validate``, and says which operation a body
    recorded without its request answered (default: cancel; ``endpoint`` is its older name). Unusable paths
    raise :class:`InputError` first.
    """
    operation = operation if endpoint is None else endpoint
    operation = selected_operations(operation)[0].name if operation is not None else None  # unknown: fails now
    inputs = checked_inputs(paths)
    split = SPLIT_SIZE if jobs > 1 else None
    batches = list(_batches(pieces(inputs, split_size=split)))
    tally = Tally()
    if jobs > 1 and len(batches) > 1 and STDIN not in inputs:
        for counted in _in_processes(batches, operation, jobs):
            tally.merge(counted)
    else:
        for batch in batches:
            _count_batch(batch, operation, tally)
    return tally.coverage(operation)


def count_records(records: Iterable[Exchange | object], tally: Tally, *, operation: str | None = None) -> None:
    """Count already read records (exchanges; skip markers and unreadable parts are noted) into *tally*."""
    assumed = assumed_operation(operation).name
    observe = tally.observe
    for record in records:
        if type(record) is Exchange:
            observe(record, assumed)
        elif type(record) is Skipped:
            tally.skipped += 1
        else:
            tally.unreadable += 1


def _batches(work: Iterable[Piece]) -> Iterator[list[Piece]]:
    batch: list[Piece] = []
    size = 0
    for piece in work:
        batch.append(piece)
        size += piece.size
        if size >= SPLIT_SIZE or len(batch) >= _BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _count_batch(batch: list[Piece], operation: str | None, tally: Tally) -> Tally:
    for piece in batch:
        if piece.format == "jsonl":
            _count_lines(piece, operation, tally)
        else:
            count_records(read_piece(piece, operation=operation), tally, operation=operation)
    return tally


def _count_lines(piece: Piece, operation: str | None, tally: Tally) -> None:
    """The bulk path: every line a body of the assumed operation, parsed once and counted, nothing else built."""
    name = assumed_operation(operation).name
    count = compile_counter(operation_variants(name).operation.resource)
    counts = tally.counts_for(name)
    loads, error = orjson.loads, orjson.JSONDecodeError
    lines = 0
    for _, body in piece_lines(piece):
        lines += 1
        if len(body) > MAX_BODY_BYTES:
            continue
        try:
            value = loads(body)
        except error:
            continue
        count(value, counts)
    tally.responses[name] = tally.responses.get(name, 0) + lines


def _worker(batch: list[Piece], operation: str | None) -> Tally:
    return _count_batch(batch, operation, Tally())


def _quiet_worker() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) is the parent's to handle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _in_processes(batches: list[list[Piece]], operation: str | None, jobs: int) -> Iterator[Tally]:
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # As in the runner: fork starts workers with everything imported, but is only safe without other threads.
    alone = threading.active_count() == 1
    method = "fork" if alone and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_quiet_worker)
    try:
        # Counts add up in any order, so the batches are simply handed out; each answer is one small Tally.
        yield from pool.map(_worker, batches, [operation] * len(batches))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
