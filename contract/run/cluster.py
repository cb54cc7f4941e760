"""Check recordings on a Dask cluster: the runner's work as tasks, results streamed back in input order.

The client plans from sizes alone (whole files, and large JSON Lines files as spans a worker reads where the
data is, :mod:`contract.sources.spans`); it never reads the data itself. Each task checks a batch with the
functions a local worker uses (:mod:`contract.run.checking`): the options travel as a small tuple and the
validator compiles once per worker process. Results come back in input order through a bounded window of
tasks in flight, and the lines of a span are numbered here, from the spans of its file before it.

A worker that dies mid-task is Dask's to handle: the scheduler runs the task again, and the report is whole.
When it cannot (the task killed too many workers, the scheduler went away), the run stops with a
:class:`~contract.errors.ClusterError` after the results before it: never a silently partial report.
dask.distributed is imported only here, and only when a run uses a cluster.
"""

from __future__ import annotations

import re
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import Any, cast

from contract.errors import ClusterError, ContractError
from contract.findings import Result
from contract.run.checking import Options, Outcome, check_lines, check_piece, validator_for
from contract.secrets import mask_urls
from contract.sources.detect import HEAD_SIZE, detect
from contract.sources.files import STDIN, expand, input_size, open_input, os_error
from contract.sources.plan import Piece, source_name
from contract.sources.remote import extension, is_remote, read_range
from contract.sources.spans import Span, SpanLines, spans

__all__ = ["LOCAL", "batches", "check_on_worker", "check_scheduler", "lines_after", "on_cluster", "plan", "unpacked"]

#: The scheduler value that starts a cluster of worker processes on this machine for the run.
LOCAL = "local"
_PROTOCOLS = ("tcp", "tls", "ws", "wss", "ucx")
_ADDRESS = re.compile(
    r"(?:(?P<protocol>[a-z]+)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r"(?::(?P<port>[0-9]{1,5}))?"
)
#: The longest scheduler address accepted (a DNS name is at most 253 characters).
MAX_ADDRESS = 300
# A batch of small files handed to one task, as for local workers: enough to outweigh the hand-over.
_BATCH_FILES = 2048

Task = Piece | Span
# What a task sends back, per piece: its source, the lines it counted (spans only), and each outcome, where a
# clean result is just its location and a run of clean JSON Lines lines is one range.
_Item = int | range | str | None | Outcome
_Packed = list[tuple[str, int | None, list[_Item]]]


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


def plan(paths: Iterable[str], split_size: int) -> Iterator[Task]:
    """Every input as tasks' pieces, in order; a JSON Lines file over *split_size* bytes becomes spans.

    Only sizes are read, and the first bytes of a large file to learn its format.
    """
    for path in expand(paths):
        if path == STDIN:
            yield Piece(STDIN)
            continue
        try:
            size = input_size(path)
        except OSError as err:
            raise os_error(path, err) from err
        if size <= split_size:
            yield Piece(path, size)
            continue
        fmt = detect(_head(path), extension(path))
        if fmt == "jsonl":
            yield from spans(path, size, split_size)
        else:
            yield Piece(path, size, fmt)


def _head(path: str) -> bytes:
    if is_remote(path):
        return read_range(path, 0, HEAD_SIZE)
    with open_input(path) as stream:
        return stream.read(HEAD_SIZE)


def batches(work: Iterable[Task], batch_bytes: int) -> Iterator[list[Task]]:
    """Group small pieces so that one task carries enough work to outweigh handing it over."""
    batch: list[Task] = []
    size = 0
    for piece in work:
        batch.append(piece)
        size += piece.size
        if size >= batch_bytes or len(batch) >= _BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def check_on_worker(batch: list[Task], options: Options) -> tuple[_Packed, ContractError | str | None]:
    """Run as a Dask task: the batch's outcomes, packed, and what cut it short, if anything.

    Nothing is raised: an error travels back as a value, to be reported after the outcomes before it (and so
    that Dask never logs the task's arguments, which hold the URLs as given).
    """
    validator = validator_for(options)
    packed: _Packed = []
    try:
        for piece in batch:
            items: list[_Item] = []
            if type(piece) is Span:
                # A span is read whole before its first line: it comes back complete or not at all.
                lines = SpanLines(piece)
                whole = Piece(piece.path)
                _pack(check_lines(whole, validator, lines), items)
                packed.append((source_name(whole), lines.count, items))
                continue
            packed.append((source_name(piece), None, items))  # type: ignore[arg-type]
            if piece.format == "jsonl":  # type: ignore[union-attr]
                _pack(check_lines(piece, validator), items)  # type: ignore[arg-type]
                continue
            for outcome in check_piece(piece, options):  # type: ignore[arg-type]
                clean = type(outcome) is Result and not outcome.findings
                items.append(outcome.location if clean else outcome)
    except ContractError as err:
        return packed, err
    except Exception as err:
        return packed, f"{type(err).__name__}: {mask_urls(str(err))}"
    return packed, None


def _pack(produced: Iterable[int | Result], items: list[_Item]) -> None:
    """Append *produced* to *items*, each run of consecutive clean line numbers as one range."""
    first = end = -1
    try:
        for item in produced:
            if type(item) is int:
                if item == end:
                    end += 1
                    continue
                if end != -1:
                    items.append(range(first, end))
                first, end = item, item + 1
                continue
            if end != -1:
                items.append(range(first, end))
                first = end = -1
            items.append(item)
    finally:
        if end != -1:
            items.append(range(first, end))


def unpacked(
    batch: list[Task], checked: tuple[_Packed, ContractError | str | None], lines_before: list[int]
) -> Iterator[Outcome]:
    """The outcomes a task sent back for *batch*, then the error that cut it short, raised.

    *lines_before* holds the lines of the spans already taken from the file being read; it is updated.
    """
    packed, error = checked
    yield from _unpack(batch, packed, lines_before)
    if isinstance(error, ContractError):
        raise error
    if error is not None:
        raise ClusterError(f"{_named(batch)}: checking it failed on a Dask worker: {error}")


def lines_after(batch: list[Task], checked: tuple[_Packed, ContractError | str | None], before: int) -> int:
    """The lines of the spans taken from the file being read, once *batch*'s are added to *before*."""
    lines_before = [before]
    for _ in _shifts(batch, checked[0], lines_before):
        pass
    return lines_before[0]


def _shifts(batch: list[Task], packed: _Packed, lines_before: list[int]) -> Iterator[int]:
    """What to add to each piece's line numbers: for a span, the lines of the spans of its file before it."""
    for piece, (_, count, _) in zip(batch, packed, strict=False):  # an error cuts packed short
        if count is None or type(piece) is not Span:
            yield 0
            continue
        if piece.start == 0:
            lines_before[0] = 0
        yield lines_before[0]
        lines_before[0] += count


def _unpack(batch: list[Task], packed: _Packed, lines_before: list[int]) -> Iterator[Outcome]:
    """The outcomes of a task's batch, each span's lines numbered in its file."""
    for shift, (source, _, items) in zip(_shifts(batch, packed, lines_before), packed, strict=False):
        for item in items:
            kind = type(item)  # exact types, not isinstance: this loop runs once per line
            if kind is range:
                for number in cast(range, item):
                    yield Result(source, f"line {number + shift}", ())
            elif kind is int:
                yield Result(source, f"line {cast(int, item) + shift}", ())
            elif item is None or kind is str:
                yield Result(source, cast("str | None", item), ())
            elif shift and kind is Result:
                yield _shifted(cast(Result, item), shift)
            else:
                yield cast(Outcome, item)


def _shifted(result: Result, by: int) -> Result:
    """A span's failing line, numbered in its file: its location and every finding's line move by *by*."""
    number = int(str(result.location).removeprefix("line ")) + by
    findings = tuple(f if f.line is None else replace(f, line=f.line + by) for f in result.findings)
    return replace(result, location=f"line {number}", findings=findings)


def on_cluster(
    paths: list[str],
    options: Options,
    scheduler: Any,
    *,
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
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


class _Run(Iterator[Outcome]):
    """The outcomes of a cluster run; closing it (or reaching its end) cancels what is in flight and lets the
    cluster go."""

    def __init__(self, stack: ExitStack, outcomes: Iterator[Outcome]) -> None:
        self._stack = stack
        self._outcomes = outcomes

    def __next__(self) -> Outcome:
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
) -> Iterator[Outcome]:
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
) -> Iterator[Outcome]:
    checked = check_on_worker(batch, options) if task is None else _result(task, batch)
    yield from unpacked(batch, checked, lines_before)
    if on_progress is not None:
        on_progress(sum(piece.size for piece in batch))


def _named(batch: list[Task]) -> str:
    first = source_name(Piece(batch[0].path))
    return first if len(batch) == 1 else f"{first} (and {len(batch) - 1} more inputs)"


def _result(task: Any, batch: list[Task]) -> tuple[_Packed, ContractError | str | None]:
    """What the task sent back; what Dask could not deliver is a :class:`ClusterError`."""
    from distributed import CancelledError, KilledWorker

    try:
        return task.result()  # type: ignore[no-any-return]
    except KilledWorker:
        message = "a Dask worker died checking it, each time it was tried; the run stopped (the report would lack it)"
        raise ClusterError(f"{_named(batch)}: {message}") from None
    except CancelledError:
        raise ClusterError("the Dask cluster dropped the run's work (its scheduler restarted or went away)") from None
    except ImportError as err:
        message = "install chatkit-contract, the version this client runs, on every worker"
        raise ClusterError(f"a Dask worker cannot run the checks ({mask_urls(str(err))}): {message}") from None
    except (OSError, TimeoutError) as err:
        reason = mask_urls(" ".join(str(err).split())) or type(err).__name__
        raise ClusterError(f"lost the Dask cluster mid-run: {reason}") from None
