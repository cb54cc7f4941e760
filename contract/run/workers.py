"""Worker processes for large runs: each reads and checks its own pieces, and only results come back.

Work is planned from sizes alone (large JSON Lines files as byte spans, :mod:`contract.run.tasks`), so this
process never reads the data to cut it; a worker reads its span, checks it and sends back its failing results
and runs of clean line numbers, which are numbered in their file on the way out. This process is one of the
*jobs*: it starts ``jobs - 1`` workers, hands them every batch, and while the outcomes it is to report next are
not back, it takes the oldest batch no worker has begun and checks it itself (work stealing: the workers are
never left without work, this process never waits while there is some, and nothing it checks crosses a pipe).
A bounded window of batches keeps memory flat; Ctrl-C and an early end stop the workers between lines, never
half way through sending a result.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from contract.run.checking import Options, RunOutcome
from contract.run.tasks import Checked, Task, pack_batch, unpacked

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["in_processes"]


def _worker(batch: list[Task], options: Options) -> Checked:
    """Run in a worker process (or this one): the batch's outcomes, packed, and the error of ours that cut it
    short, if any.

    Any other error is raised, to be raised again where the outcomes are read.
    """
    packed: list[Any] = []
    return packed, pack_batch(batch, options, packed, stopped=_stopped)


class _Worker:
    """What a worker process keeps between batches: the event the parent sets when the run ends early."""

    stop: Any = None


def _stopped() -> bool:
    """In a worker: true once the parent wants no more results, so a batch in progress ends within a few lines."""
    return _Worker.stop is not None and bool(_Worker.stop.is_set())


def _start_worker(stop: Any) -> None:
    """In a worker: Ctrl-C (sent to the whole process group) is the parent's to handle; it sets *stop*.

    A worker killed outright could die half way through sending a result, and the pool would wait for
    the rest of it for ever; stopping between lines keeps every message whole.
    """
    import signal

    _Worker.stop = stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def in_processes(
    batches: Iterator[list[Task]],
    options: Options,
    jobs: int,
    on_progress: Callable[[int], None] | None,
) -> Iterator[RunOutcome]:
    """Every outcome of *batches*, checked by *jobs* processes (this one and ``jobs - 1`` workers), in input order."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork starts workers with everything already imported, but is only safe without other threads.
    alone = threading.active_count() == 1
    method = "fork" if alone and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    stop = context.Event()
    pool = ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_start_worker, initargs=(stop,))
    pending: deque[tuple[list[Task], Future[Checked]]] = deque()
    lines_before = [0]
    window = 4 * jobs  # batches handed out and not back: enough that no worker waits to be handed more
    most = 2 * window  # batches held at once, back or not: memory stays flat however far ahead this process is
    work, left = iter(batches), True
    try:
        while left or pending:
            if left and len(pending) < most and sum(not future.done() for _, future in pending) < window:
                batch = next(work, None)
                if batch is None:
                    left = False
                else:
                    pending.append((batch, pool.submit(_worker, batch, options)))
            elif pending[0][1].done() or not _steal(pending, options):
                # The oldest outcomes are next; while they are not back, this process checks a batch no worker
                # has begun, else it waits.
                yield from _collect(*pending.popleft(), lines_before, on_progress)
    finally:
        if pending:
            stop.set()  # the run ended early (Ctrl-C, the reader went away, an error): nobody wants the rest
        pool.shutdown(wait=True, cancel_futures=True)


def _steal(pending: deque[tuple[list[Task], Future[Checked]]], options: Options) -> bool:
    """Check here the oldest batch of *pending* still waiting for a worker; ``False`` if every one has begun.

    The oldest, so that this process and the workers go through the input in order and end together on the
    small spans a file ends with.
    """
    for index, (batch, future) in enumerate(pending):
        if future.cancel():
            pending[index] = (batch, _here(batch, options))
            return True
    return False


def _here(batch: list[Task], options: Options) -> Future[Checked]:
    """*batch* checked in this process, as a finished future: an error is raised where its outcomes are read."""
    from concurrent.futures import Future

    done: Future[Checked] = Future()
    try:
        done.set_result(_worker(batch, options))
    except Exception as err:
        done.set_exception(err)
    return done


def _collect(
    batch: list[Task], future: Future[Checked], lines_before: list[int], on_progress: Callable[[int], None] | None
) -> Iterator[RunOutcome]:
    yield from unpacked(batch, future.result(), lines_before)
    if on_progress is not None:
        on_progress(sum(piece.size for piece in batch))
