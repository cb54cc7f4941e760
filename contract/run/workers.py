"""Worker processes for large runs: each reads and checks its own pieces, and only results come back.

A bounded window of batches in flight keeps memory flat; Ctrl-C and an early end stop the workers
between lines, never half way through sending a result.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from contract.errors import ContractError
from contract.findings import Result
from contract.run.checking import Options, Outcome, check_lines, check_piece, validator_for
from contract.sources.plan import Piece, source_name

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["in_processes"]


# What a worker sends back: per piece, its source and each outcome, where a clean result is just its
# location (a line number for JSON Lines). Pickling a result object costs more than checking it.
_Packed = list[tuple[str, list[int | str | Outcome | None]]]


def _worker(batch: list[Piece], options: Options) -> tuple[_Packed, ContractError | None]:
    """Run in a worker process: the batch's outcomes, packed, and the error that cut it short, if any."""
    validator = validator_for(options)
    packed: _Packed = []
    try:
        for piece in batch:
            items: list[int | str | Outcome | None] = []
            packed.append((source_name(piece), items))
            if _stopped():
                break
            if piece.format == "jsonl":
                _extend_until_stopped(items, check_lines(piece, validator))
                continue
            for outcome in check_piece(piece, options):
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


def in_processes(
    batches: Iterator[list[Piece]],
    options: Options,
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
