"""Check many recordings: read, validate, place findings in their files, in input order.

Large inputs are spread over worker processes (``jobs``); each worker reads its own pieces, so
only results cross process boundaries, and a bounded window of pieces in flight keeps memory flat.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from contract.errors import ContractError
from contract.exchange import Exchange, Skipped, Unreadable
from contract.findings import Result
from contract.positions import place
from contract.rules import Endpoint, Profile
from contract.sources.files import STDIN
from contract.sources.plan import Piece, checked_inputs, piece_lines, pieces, read_piece, source_name
from contract.validator import Validator

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Outcome", "available_cpus", "check_paths", "check_records"]

Outcome = Result | Skipped
_Options = tuple[Endpoint, Profile, tuple[str, ...]]
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


def check_records(records: Iterable[Exchange | Skipped | Unreadable], validator: Validator) -> Iterator[Outcome]:
    """Check each exchange, placing the findings of failing ones in their source file; skips pass through.

    An unreadable part of a recording becomes a result with its one ``recording.*`` finding.
    """
    check = validator.check
    for record in records:
        kind = type(record)
        if kind is Skipped:
            yield record  # type: ignore[misc]
            continue
        if kind is Unreadable:
            yield validator.unreadable(record)  # type: ignore[arg-type]
            continue
        result = check(record)  # type: ignore[arg-type]
        yield place(result, record) if result.findings else result  # type: ignore[arg-type]


def check_paths(
    paths: Iterable[str],
    *,
    endpoint: Endpoint = "cancel",
    profile: Profile = "lenient",
    ignore: Iterable[str] = (),
    jobs: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """Every result (and skip marker) for the recordings under *paths*, in input order.

    Bad options and unusable paths (missing, unreadable, not a regular file, a link loop, an unknown
    format) fail here, before any result, so no report is half written. A recording that breaks off
    is a ``recording.unreadable`` finding, and the run goes on. With ``jobs > 1`` and more than one
    batch of work, batches run in that many processes.
    *on_progress* is called with the input bytes done after each batch.
    """
    options = (endpoint, profile, tuple(sorted(set(ignore))))
    _validator(options)
    return _outcomes(checked_inputs(paths), options, jobs, on_progress)


def _outcomes(
    paths: list[str], options: _Options, jobs: int, on_progress: Callable[[int], None] | None
) -> Iterator[Outcome]:
    # Cutting large JSON Lines files costs a read; it pays for workers and for a moving progress bar.
    split = SPLIT_SIZE if jobs > 1 or on_progress is not None else None
    batches = _batches(pieces(paths, split_size=split))
    first = next(batches, None)
    if first is None:
        return
    # Worker processes get /dev/null for stdin, so a run that reads stdin stays in this process.
    second = next(batches, None) if jobs > 1 and STDIN not in paths else None
    if second is None:
        yield from _in_process(_chain([first], batches), options, on_progress)
    else:
        yield from _in_processes(_chain([first, second], batches), options, jobs, on_progress)


def _chain(heads: list[list[Piece]], rest: Iterator[list[Piece]]) -> Iterator[list[Piece]]:
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


@cache
def _validator(options: _Options) -> Validator:
    endpoint, profile, ignore = options
    return Validator(endpoint=endpoint, profile=profile, ignore=ignore)


def _check_piece(piece: Piece, validator: Validator) -> Iterator[Outcome]:
    if piece.format != "jsonl":
        yield from check_records(read_piece(piece, endpoint=validator.endpoint), validator)
        return
    source = source_name(piece)
    for item in _check_lines(piece, validator):
        yield Result(source, f"line {item}", ()) if type(item) is int else item  # type: ignore[misc]


def _check_lines(piece: Piece, validator: Validator) -> Iterator[int | Result]:
    """JSON Lines, the bulk case: a clean line is just its number; only a failing line builds an exchange."""
    source = source_name(piece)
    findings_of = validator.findings
    for number, body in piece_lines(piece):
        findings = findings_of(body)
        if not findings:
            yield number
            continue
        location = f"line {number}"
        yield place(Result(source, location, findings), Exchange(body, source, location, line=number))


def _check_batch(batch: list[Piece], options: _Options) -> Iterator[Outcome]:
    validator = _validator(options)
    for piece in batch:
        yield from _check_piece(piece, validator)


def _in_process(
    batches: Iterator[list[Piece]],
    options: _Options,
    on_progress: Callable[[int], None] | None,
) -> Iterator[Outcome]:
    for batch in batches:
        yield from _check_batch(batch, options)
        if on_progress is not None:
            on_progress(sum(piece.size for piece in batch))


# What a worker sends back: per piece, its source and each outcome, where a clean result is just its
# location (a line number for JSON Lines). Pickling a result object costs more than checking it.
_Packed = list[tuple[str, list[int | str | Outcome | None]]]


def _worker(batch: list[Piece], options: _Options) -> tuple[_Packed, ContractError | None]:
    """Run in a worker process: the batch's outcomes, packed, and the error that cut it short, if any."""
    validator = _validator(options)
    packed: _Packed = []
    try:
        for piece in batch:
            items: list[int | str | Outcome | None] = []
            packed.append((source_name(piece), items))
            if _stopped():
                break
            if piece.format == "jsonl":
                _extend_until_stopped(items, _check_lines(piece, validator))
                continue
            for outcome in _check_piece(piece, validator):
                clean = type(outcome) is Result and not outcome.findings
                items.append(outcome.location if clean else outcome)
    except ContractError as err:
        # Reported after the outcomes before it, as a run in one process would.
        return packed, err
    return packed, None


def _unpack(packed: _Packed) -> Iterator[Outcome]:
    for source, items in packed:
        for item in items:
            kind = type(item)
            if kind is int:
                yield Result(source, f"line {item}", ())
            elif item is None or kind is str:
                yield Result(source, item, ())  # type: ignore[arg-type]
            else:
                yield item  # type: ignore[misc]


class _Worker:
    """What a worker process keeps between batches: the event the parent sets when the run ends early."""

    stop: Any = None


def _stopped() -> bool:
    """In a worker: true once the parent wants no more results, so a batch in progress ends within a few lines."""
    return _Worker.stop is not None and bool(_Worker.stop.is_set())


# Lines checked between looks at the stop event: often enough to stop at once, rare enough to cost nothing.
_STOP_EVERY = 1024


def _start_worker(stop: Any) -> None:
    """In a worker: Ctrl-C (sent to the whole process group) is the parent's to handle; it sets *stop*.

    A worker killed outright could die half way through sending a result, and the pool would wait for
    the rest of it for ever; stopping between lines keeps every message whole.
    """
    import signal

    _Worker.stop = stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extend_until_stopped(items: list[Any], produced: Iterator[Any]) -> None:
    """``items.extend(produced)``, a slice at a time, until it runs out or the parent says stop."""
    done = -1
    while len(items) != done and not _stopped():
        done = len(items)
        items.extend(islice(produced, _STOP_EVERY))


def _in_processes(
    batches: Iterator[list[Piece]],
    options: _Options,
    jobs: int,
    on_progress: Callable[[int], None] | None,
) -> Iterator[Outcome]:
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork starts workers with everything already imported, but is only safe without other threads.
    alone = threading.active_count() == 1
    method = "fork" if alone and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    stop = context.Event()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(stop,))
    pending: deque[tuple[int, Future[tuple[_Packed, ContractError | None]]]] = deque()
    try:
        for batch in batches:
            pending.append((sum(piece.size for piece in batch), pool.submit(_worker, batch, options)))
            if len(pending) >= 2 * jobs:
                yield from _collect(pending.popleft(), on_progress)
        while pending:
            yield from _collect(pending.popleft(), on_progress)
    finally:
        if pending:
            stop.set()  # the run ended early (Ctrl-C, the reader went away, an error): nobody wants the rest
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(
    done: tuple[int, Future[tuple[_Packed, ContractError | None]]], on_progress: Callable[[int], None] | None
) -> Iterator[Outcome]:
    size, future = done
    packed, error = future.result()
    yield from _unpack(packed)
    if error is not None:
        raise error
    if on_progress is not None:
        on_progress(size)
