"""Check recordings on a Dask cluster: the runner's work as tasks (:mod:`contract.run.tasks`), results
streamed back in input order through a bounded window of tasks in flight.

A worker that dies mid-task is Dask's to handle: the scheduler runs the task again, and the report is whole.
When it cannot (the task killed too many workers, the scheduler went away), the run stops with a
:class:`~contract.errors.ClusterError` after the results before it: never a silently partial report.
dask.distributed is imported only here, and only when a run uses a cluster.
"""

from __future__ import annotations

import re
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from contract.errors import ClusterError
from contract.run.checking import Options, RunOutcome
from contract.run.tasks import Checked, Task, batches, check_on_worker, named, plan, unpacked
from contract.secrets import mask_urls
from contract.sources.files import STDIN
from contract.sources.plan import Piece

__all__ = ["LOCAL", "MAX_ADDRESS", "check_scheduler", "on_cluster"]

#: The scheduler value that starts a cluster of worker processes on this machine for the run.
LOCAL = "local"
_PROTOCOLS = ("tcp", "tls", "ws", "wss", "ucx")
_ADDRESS = re.compile(
    r"(?:(?P<protocol>[a-z]+)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r"(?::(?P<port>[0-9]{1,5}))?"
)
#: The longest scheduler address accepted (a DNS name is at most 253 characters).
MAX_ADDRESS = 300


def check_scheduler(value: object) -> str:
    """*value* when it names a scheduler: ``local``, or an address ``[PROTOCOL://]HOST[:PORT]`` (PROTOCOL one of
    tcp, tls, ws, wss, ucx; PORT 1 to 65535); else :class:`ValueError` saying why."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"must be 'local' or a scheduler address such as tcp://HOST:8786, not {value!r:.60}")
    if value == LOCAL:
        return value
    match = _ADDRESS.fullmatch(value) if len(value) <= MAX_ADDRESS else None
    if match is None:
        raise ValueError(f"{value!r:.80} is not 'local' nor a scheduler address such as tcp://HOST:8786")
    protocol, port = match.group("protocol"), match.group("port")
    if protocol is not None and protocol not in _PROTOCOLS:
        raise ValueError(f"{value!r:.80}: the protocol must be one of {', '.join(_PROTOCOLS)}")
    if port is not None and not 1 <= int(port) <= 65535:
        raise ValueError(f"{value!r:.80}: the port must be from 1 to 65535")
    return value


def on_cluster(
    paths: list[str],
    options: Options,
    scheduler: Any,
    *,
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[RunOutcome]:
    """Every outcome for *paths* (already checked by the runner), computed on a Dask cluster, in input order.

    *scheduler* is ``"local"`` (a cluster of *workers* processes on this machine, for this run), a scheduler
    address, or a ``distributed.Client`` the caller owns. The cluster is reached here, before any result,
    so that a scheduler out of reach is an error before any report is started.
    """
    from contract.run import runner

    stack = ExitStack()
    try:
        client = _connect(scheduler, workers, stack)
        threads = sum(client.nthreads().values())
    except BaseException:
        stack.close()
        raise
    split = runner.SPLIT_SIZE
    work = batches(plan(paths, split), split)
    return _Run(stack, _stream(client, work, options, max(4, 2 * threads), on_progress))


def _connect(scheduler: Any, workers: int, stack: ExitStack) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        message = "running on a Dask cluster needs dask.distributed: pip install 'chatkit-contract[dask]'"
        raise ClusterError(message) from None
    if not isinstance(scheduler, str):
        return scheduler  # a client of the caller's: theirs to close
    try:
        if scheduler == LOCAL:
            import logging

            with _workers_ignore_ctrl_c():
                cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=max(1, workers),
                    threads_per_worker=1,  # checking holds the GIL: one process per core does the work
                    processes=True,
                    dashboard_address="127.0.0.1:0",
                    silence_logs=logging.ERROR,
                )
            stack.enter_context(cluster)
            return stack.enter_context(Client(cluster, set_as_default=False))  # type: ignore[no-untyped-call]
        return stack.enter_context(Client(scheduler, set_as_default=False))  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as err:
        reason = mask_urls(" ".join(str(err).split())) or type(err).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {reason}") from None


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start processes that ignore SIGINT: Ctrl-C reaches the whole process group, and it is this process's to
    handle (it stops the run and closes the cluster); a worker would die printing a traceback."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may change signal handlers; nor does Ctrl-C reach a library call in another
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a child process inherits what is ignored
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Run(Iterator[RunOutcome]):
    """The outcomes of a cluster run; closing it (or reaching its end) cancels what is in flight and lets the
    cluster go."""

    def __init__(self, stack: ExitStack, outcomes: Iterator[RunOutcome]) -> None:
        self._stack = stack
        self._outcomes = outcomes

    def __next__(self) -> RunOutcome:
        try:
            return next(self._outcomes)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the run: cancel the tasks in flight, close a client (and cluster) this run started."""
        close = getattr(self._outcomes, "close", None)
        if close is not None:
            close()
        self._stack.close()

    def __del__(self) -> None:
        self.close()


def _stream(
    client: Any,
    batches: Iterator[list[Task]],
    options: Options,
    window: int,
    on_progress: Callable[[int], None] | None,
) -> Iterator[RunOutcome]:
    run = uuid.uuid4().hex[:12]
    pending: deque[tuple[list[Task], Any]] = deque()
    lines_before = [0]
    try:
        for number, batch in enumerate(batches):
            # stdin is this process's alone: its batch is checked here, in its turn.
            task = None
            if not any(type(p) is Piece and p.path == STDIN for p in batch):
                key = f"chatkit-contract-{run}-{number}"
                task = client.submit(check_on_worker, batch, options, key=key, pure=False)
            pending.append((batch, task))
            if len(pending) >= window:
                yield from _collect(*pending.popleft(), options, lines_before, on_progress)
        while pending:
            yield from _collect(*pending.popleft(), options, lines_before, on_progress)
    finally:
        left = [task for _, task in pending if task is not None]
        if left:
            client.cancel(left)


def _collect(
    batch: list[Task],
    task: Any,
    options: Options,
    lines_before: list[int],
    on_progress: Callable[[int], None] | None,
) -> Iterator[RunOutcome]:
    checked = check_on_worker(batch, options) if task is None else _result(task, batch)
    yield from unpacked(batch, checked, lines_before)
    if on_progress is not None:
        on_progress(sum(piece.size for piece in batch))


def _result(task: Any, batch: list[Task]) -> Checked:
    """What the task sent back; what Dask could not deliver is a :class:`ClusterError`."""
    from distributed import CancelledError, KilledWorker

    try:
        return task.result()  # type: ignore[no-any-return]
    except KilledWorker:
        message = "a Dask worker died checking it, each time it was tried; the run stopped (the report would lack it)"
        raise ClusterError(f"{named(batch)}: {message}") from None
    except CancelledError:
        raise ClusterError("the Dask cluster dropped the run's work (its scheduler restarted or went away)") from None
    except ImportError as err:
        message = "install chatkit-contract, the version this client runs, on every worker"
        raise ClusterError(f"a Dask worker cannot run the checks ({mask_urls(str(err))}): {message}") from None
    except (OSError, TimeoutError) as err:
        reason = mask_urls(" ".join(str(err).split())) or type(err).__name__
        raise ClusterError(f"lost the Dask cluster mid-run: {reason}") from None
