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

import os
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, Protocol

from contract.run.checking import Options, RunOutcome
from contract.run.tasks import Checked, Task, pack_batch, unpacked

__all__ = ["in_processes"]


def _worker(batch: list[Task], options: Options) -> Checked:
    """Run in a worker process (or this one): the batch's outcomes, packed, and the error of ours that cut it
    short, if any.

    Any other error is raised, to be raised again where the outcomes are read.
    """
    packed: list[Any] = []
    return packed, pack_batch(batch, options, packed, stopped=_stopped)


class _Worker:
    """What a worker process keeps between batches: the flag the parent sets when the run ends early."""

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


class _Work(Protocol):
    """A batch handed out: a :class:`~contract.run.forked.Job`, or a future of the spawned pool."""

    def done(self) -> bool: ...

    def cancel(self) -> bool: ...

    def result(self) -> Checked: ...


class _Pool(Protocol):
    def submit(self, batch: list[Task], options: Options) -> _Work: ...

    def shutdown(self) -> None: ...


def in_processes(
    batches: Iterator[list[Task]],
    options: Options,
    jobs: int,
    on_progress: Callable[[int], None] | None,
) -> Iterator[RunOutcome]:
    """Every outcome of *batches*, checked by *jobs* processes (this one and ``jobs - 1`` workers), in input order."""
    import threading

    # Forked workers start with everything already imported, but forking is only safe without other threads.
    if threading.active_count() == 1 and hasattr(os, "fork"):
        from contract.run.forked import ForkPool, StopFlag

        stop: Any = StopFlag()
        try:
            pool: _Pool = ForkPool(jobs - 1, _worker, partial(_start_worker, stop))
        except OSError:  # no process can be forked now (a process limit, memory): this one checks everything
            yield from _alone(batches, options, on_progress)
            return
    else:
        stop, pool = _spawned(jobs - 1)
    pending: deque[tuple[list[Task], _Work]] = deque()
    lines_before = [0]
    window = 4 * jobs  # batches handed out and not back: enough that no worker waits to be handed more
    most = 2 * window  # batches held at once, back or not: memory stays flat however far ahead this process is
    work, left = iter(batches), True
    try:
        while left or pending:
            if left and len(pending) < most and sum(not handed.done() for _, handed in pending) < window:
                batch = next(work, None)
                if batch is None:
                    left = False
                else:
                    pending.append((batch, pool.submit(batch, options)))
            elif pending[0][1].done() or not _steal(pending, options):
                # The oldest outcomes are next; while they are not back, this process checks a batch no worker
                # has begun, else it waits.
                yield from _collect(*pending.popleft(), lines_before, on_progress)
    finally:
        if pending:
            stop.set()  # the run ended early (Ctrl-C, the reader went away, an error): nobody wants the rest
        pool.shutdown()


class _Spawned:
    """Workers started afresh (another thread runs here, so forking is unsafe): a process pool of the stdlib."""

    def __init__(self, executor: Any) -> None:
        self._executor = executor

    def submit(self, batch: list[Task], options: Options) -> _Work:
        work: _Work = self._executor.submit(_worker, batch, options)
        return work

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _spawned(workers: int) -> tuple[Any, _Pool]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    return stop, _Spawned(ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(stop,)))


def _alone(
    batches: Iterator[list[Task]], options: Options, on_progress: Callable[[int], None] | None
) -> Iterator[RunOutcome]:
    lines_before = [0]
    for batch in batches:
        yield from _collect(batch, _here(batch, options), lines_before, on_progress)


def _steal(pending: deque[tuple[list[Task], _Work]], options: Options) -> bool:
    """Check here the oldest batch of *pending* still waiting for a worker; ``False`` if every one has begun.

    The oldest, so that this process and the workers go through the input in order and end together on the
    small spans a file ends with.
    """
    for index, (batch, handed) in enumerate(pending):
        if handed.cancel():
            pending[index] = (batch, _here(batch, options))
            return True
    return False


def _here(batch: list[Task], options: Options) -> _Work:
    """*batch* checked in this process, as finished work: an error is raised where its outcomes are read."""
    from contract.run.forked import Job

    try:
        return Job.finished(_worker(batch, options))
    except Exception as err:  # raised again where the outcomes are read, after those before
        return Job.finished(error=err)


def _collect(
    batch: list[Task], handed: _Work, lines_before: list[int], on_progress: Callable[[int], None] | None
) -> Iterator[RunOutcome]:
    yield from unpacked(batch, handed.result(), lines_before)
    if on_progress is not None:
        on_progress(sum(piece.size for piece in batch))
