"""Worker processes forked from this one and fed through pipes: the pool a run uses where forking is safe.

What :class:`concurrent.futures.ProcessPoolExecutor` does for a run, without importing ``multiprocessing`` and
``concurrent.futures`` (15 ms of start-up: what checking 6,000 lines takes). Each worker reads batches from a
pipe and writes what it made of each to another, in order. This process commits at most two batches to a worker
(one it checks, the next waiting), so the rest can still be taken back (:meth:`Job.cancel`) and checked here; a
thread here reads what workers send back, so that none waits on a full pipe while this process is busy. Only
the thread that submits writes to the workers: a worker busy with a batch never holds up the reading.
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import struct
import threading
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from contract.errors import ContractError

__all__ = ["ForkPool", "Job", "StopFlag"]

_HEADER = struct.Struct("<Q")
_COMMITTED = 2  # batches a worker holds: one it checks, the next, so that it never waits to be handed work
_PIPE_BYTES = 1 << 20  # a batch of many small files is written at once, not a pipe's 64 KiB at a time


class StopFlag:
    """A flag this process and its forked workers share (one byte of shared memory): set once a run ends early."""

    def __init__(self) -> None:
        self._byte = mmap.mmap(-1, 1)

    def set(self) -> None:
        self._byte[0] = 1

    def is_set(self) -> bool:
        return self._byte[0] == 1


class Job:
    """One call handed to a pool: what a run asks of a :class:`concurrent.futures.Future`, and no more."""

    __slots__ = ("_error", "_pool", "_state", "_value", "args")

    def __init__(self, pool: ForkPool | None, args: tuple[Any, ...]) -> None:
        self._pool, self.args = pool, args
        self._state = "waiting"  # then "sent" to a worker, "done", or "cancelled"
        self._value: Any = None
        self._error: BaseException | None = None

    @classmethod
    def finished(cls, value: Any = None, error: BaseException | None = None) -> Job:
        """A job already done here, with *value*, or *error* to raise where its result is asked."""
        job = cls(None, ())
        job._finish(value, error)
        return job

    def _finish(self, value: Any, error: BaseException | None) -> None:
        self._state, self._value, self._error = "done", value, error

    def done(self) -> bool:
        return self._state in {"done", "cancelled"}

    def cancel(self) -> bool:
        """Take the job back if no worker has it yet (once the workers hold all they may): ``True``, and it will
        never run."""
        pool = self._pool
        if pool is None:
            return False
        pool.feed()
        with pool.changed:
            if self._state != "waiting":
                return False
            pool.waiting.remove(self)
            self._state = "cancelled"
            return True

    def result(self) -> Any:
        """What the call returned in its worker; what it raised, raised here. Waits until it is back."""
        pool = self._pool
        if pool is not None:
            pool.wait_for(self)
        if self._error is not None:
            raise self._error
        return self._value


class _Worker:
    """A forked worker as this process sees it: its pid, its two pipes (file descriptors: unbuffered, so that
    what ``select`` says is ready is all there is), the jobs it holds in order."""

    def __init__(self, pid: int, inbox: int, outbox: int) -> None:
        self.pid, self.inbox, self.outbox = pid, inbox, outbox
        self.held: deque[Job] = deque()
        self.alive = True


class ForkPool:
    """*workers* processes forked now, each running *initializer* once (which sees to Ctrl-C: it reaches the whole
    process group), then *call* on each job's arguments."""

    def __init__(self, workers: int, call: Callable[..., Any], initializer: Callable[[], None]) -> None:
        self.changed = threading.Condition()
        self.waiting: deque[Job] = deque()
        self._workers: list[_Worker] = []
        try:
            for _ in range(workers):  # all before the thread starts
                self._workers.append(_fork(call, initializer, self._workers))
        except OSError:  # no more processes now (a process limit, memory): the ones forked end, and it is said
            for worker in self._workers:
                os.close(worker.inbox)
                os.close(worker.outbox)
                os.waitpid(worker.pid, 0)
            raise
        self._reader = threading.Thread(target=self._read, name="chatkit-contract-results", daemon=True)
        self._reader.start()

    def submit(self, *args: Any) -> Job:
        job = Job(self, args)
        with self.changed:
            self.waiting.append(job)
        self.feed()
        return job

    def wait_for(self, job: Job) -> None:
        """Until *job* is back (feeding the workers meanwhile, as they send results back)."""
        while True:
            self.feed()
            with self.changed:
                if job.done():
                    return
                if not any(worker.alive for worker in self._workers) and job.cancel():
                    job._finish(None, ContractError("no worker process is left to check this batch"))
                    return
                self.changed.wait(0.05)

    def feed(self) -> None:
        """Hand waiting jobs to the workers holding fewer than ``_COMMITTED``."""
        while True:
            with self.changed:
                worker = next((w for w in self._workers if w.alive and len(w.held) < _COMMITTED), None)
                if worker is None or not self.waiting:
                    return
                job = self.waiting.popleft()
                job._state = "sent"  # the pool's own job
                worker.held.append(job)
            with suppress(OSError):  # the worker is gone: the reader fails what it held
                _send(worker.inbox, pickle.dumps(job.args, pickle.HIGHEST_PROTOCOL))

    def _read(self) -> None:
        """In the reader thread: each message a worker sends is the result of the oldest job it holds."""
        try:
            self._read_all()
        except Exception as err:  # a result that does not unpickle, say: every job held fails, none waits for ever
            failure = ContractError(f"what a worker process sent back could not be read: {err}")
            with self.changed:
                for worker in self._workers:
                    worker.alive = False
                    while worker.held:
                        worker.held.popleft()._finish(None, failure)
                self.changed.notify_all()

    def _read_all(self) -> None:
        open_ = {worker.outbox: worker for worker in self._workers}
        while open_:
            ready, _, _ = select.select(list(open_), [], [])
            for fd in ready:
                worker = open_[fd]
                message = _receive(worker.outbox)
                with self.changed:
                    if message is None:
                        del open_[fd]
                        self._lost(worker)
                    else:
                        ok, value = message
                        worker.held.popleft()._finish(value if ok else None, None if ok else value)
                    self.changed.notify_all()

    def _lost(self, worker: _Worker) -> None:
        """*worker* closed its pipe: what it still held fails (its jobs can not be redone: they may be half sent)."""
        worker.alive = False
        if not worker.held:
            return
        _, status = os.waitpid(worker.pid, 0)
        how = (
            f"killed by signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exit {os.waitstatus_to_exitcode(status)}"
        )
        error = ContractError(f"a worker process ended ({how}) before sending back what it checked")
        while worker.held:
            worker.held.popleft()._finish(None, error)

    def shutdown(self) -> None:
        """Take back every waiting job, let the workers finish what they hold, and wait for them to exit."""
        with self.changed:
            for job in self.waiting:
                job._state = "cancelled"
            self.waiting.clear()
        for worker in self._workers:
            os.close(worker.inbox)  # the worker reads the end of its input and exits
        self._reader.join()
        for worker in self._workers:
            os.close(worker.outbox)
            with suppress(ChildProcessError):  # reaped already, by _lost
                os.waitpid(worker.pid, 0)


def _fork(call: Callable[..., Any], initializer: Callable[[], None], others: list[_Worker]) -> _Worker:
    jobs_out, jobs_in = os.pipe()
    results_out, results_in = os.pipe()
    for fd in (jobs_in, results_in):
        _widen(fd)
    try:
        pid = os.fork()
    except OSError:
        for fd in (jobs_out, jobs_in, results_out, results_in):
            os.close(fd)
        raise
    if pid == 0:  # the worker: it never returns into the caller's frames
        code = 1
        try:
            # This process's ends only: a copy of another worker's input kept open here would hide its end.
            for fd in (jobs_in, results_out, *(end for other in others for end in (other.inbox, other.outbox))):
                os.close(fd)
            initializer()
            _serve(jobs_out, results_in, call)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of buffers this process copied from its parent
    os.close(jobs_out)
    os.close(results_in)
    return _Worker(pid, jobs_in, results_out)


def _serve(jobs: int, results: int, call: Callable[..., Any]) -> None:
    """In a worker: each job read is called, and what it returned (or raised) written back, until the input ends."""
    while (args := _receive(jobs)) is not None:
        try:
            message = (True, call(*args))
        except Exception as err:  # raised again where the result is asked
            message = (False, err)
        try:
            data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # one that does not pickle still says what it was
            data = pickle.dumps((False, ContractError(f"{type(err).__name__}: {err}")), pickle.HIGHEST_PROTOCOL)
        try:
            _send(results, data)
        except BrokenPipeError:
            return  # nobody wants it any more


def _send(fd: int, data: bytes) -> None:
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> Any:
    """The next message on *fd*, or ``None`` at its end (or a message cut short: its writer died)."""
    header = _read(fd, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    data = _read(fd, size)
    return None if data is None else pickle.loads(data)  # written by a process this one forked


def _read(fd: int, size: int) -> bytes | None:
    """Exactly *size* bytes from *fd*, or ``None`` if it ends first."""
    chunks = []
    while size:
        chunk = os.read(fd, min(size, _PIPE_BYTES))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _widen(fd: int) -> None:
    """Give a pipe room for a large batch or result (Linux; elsewhere pipes keep their size)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass
