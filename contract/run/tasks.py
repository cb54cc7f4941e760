"""The work a cluster task does, and its way back: pieces planned from sizes, the task function, and the
outcomes unpacked in input order. No dask here: :mod:`contract.run.cluster` and :mod:`contract.dask` send
these to workers, and a test can run them in one process.

The client plans from sizes alone (whole files, and large JSON Lines files as spans a worker reads where the
data is, :mod:`contract.sources.spans`); it never reads the data itself. A task checks a batch with the
functions a local worker uses (:mod:`contract.run.checking`) and sends back clean results as their locations
(runs of clean lines as ranges); a span's lines are numbered on the way back, from the spans of its file
before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import cast

from contract.errors import ClusterError, ContractError
from contract.findings import CleanRun, Finding, Result
from contract.run.checking import Options, RunOutcome, check_lines, check_piece, validator_for
from contract.secrets import mask_urls
from contract.sources.detect import HEAD_SIZE, detect
from contract.sources.files import STDIN, expand, input_size, open_input, os_error
from contract.sources.plan import Piece, source_name
from contract.sources.remote import extension, is_remote, read_range
from contract.sources.spans import Span, SpanLines, spans

__all__ = ["Checked", "Task", "batches", "check_on_worker", "lines_after", "named", "pack_batch", "plan", "unpacked"]

# A batch of small files handed to one task, as for local workers: enough to outweigh the hand-over.
_BATCH_FILES = 2048

Task = Piece | Span
# What a task sends back, per piece: its source, the lines it counted (spans only), and each outcome, where a
# clean result is just its location and a run of clean JSON Lines lines is one range.
_Item = range | str | None | RunOutcome
_Packed = list[tuple[str, int | None, list[_Item]]]
#: What a task returns: the packed outcomes, and the error that cut the batch short (a message if not ours).
Checked = tuple[_Packed, ContractError | str | None]


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
    """Group small pieces so that one task carries enough work to outweigh handing it over; a span is a task of
    its own (it is cut to the size a task should have, the last ones of a file smaller on purpose)."""
    batch: list[Task] = []
    size = 0
    for piece in work:
        if type(piece) is Span:
            if batch:
                yield batch
                batch, size = [], 0
            yield [piece]
            continue
        batch.append(piece)
        size += piece.size
        if size >= batch_bytes or len(batch) >= _BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def check_on_worker(batch: list[Task], options: Options) -> Checked:
    """Run as a Dask task: the batch's outcomes, packed, and what cut it short, if anything.

    Nothing is raised: an error travels back as a value, to be reported after the outcomes before it (and so
    that Dask never logs the task's arguments, which hold the URLs as given).
    """
    packed: _Packed = []
    try:
        return packed, pack_batch(batch, options, packed)
    except Exception as err:
        return packed, f"{type(err).__name__}: {mask_urls(str(err))}"


def pack_batch(
    batch: list[Task], options: Options, packed: _Packed, *, stopped: Callable[[], bool] | None = None
) -> ContractError | None:
    """Check *batch*, appending each piece's packed outcomes to *packed*; the error of ours that cut it short.

    *stopped* is asked between pieces and every few thousand lines: once true, the batch ends there.
    """
    validator = validator_for(options)
    try:
        for piece in batch:
            if stopped is not None and stopped():
                break
            items: list[_Item] = []
            if type(piece) is Span:
                # A span is read whole before its first line: it comes back complete or not at all.
                lines = SpanLines(piece)
                whole = Piece(piece.path)
                items.extend(_until(stopped, check_lines(whole, validator, lines.blocks())))
                packed.append((source_name(whole), lines.count, items))
                continue
            packed.append((source_name(piece), None, items))  # type: ignore[arg-type]
            if piece.format == "jsonl":  # type: ignore[union-attr]
                items.extend(_until(stopped, check_lines(piece, validator)))  # type: ignore[arg-type]
                continue
            for outcome in check_piece(piece, options):  # type: ignore[arg-type]
                clean = type(outcome) is Result and not outcome.findings
                items.append(outcome.location if clean else outcome)  # type: ignore[union-attr]
    except ContractError as err:
        return err
    return None


def _until(stopped: Callable[[], bool] | None, produced: Iterator[range | Result]) -> Iterator[range | Result]:
    """*produced*, ending early once *stopped* says so: it is asked after each failing line and each run of clean
    lines (at most ``RUN_LINES`` of them)."""
    if stopped is None:
        return produced
    return _checking(stopped, produced)


def _checking(stopped: Callable[[], bool], produced: Iterator[range | Result]) -> Iterator[range | Result]:
    for item in produced:
        yield item
        if stopped():
            return


def unpacked(batch: list[Task], checked: Checked, lines_before: list[int]) -> Iterator[RunOutcome]:
    """The outcomes a task sent back for *batch*, then the error that cut it short, raised.

    *lines_before* holds the lines of the spans already taken from the file being read; it is updated.
    """
    packed, error = checked
    yield from _unpack(batch, packed, lines_before)
    if isinstance(error, ContractError):
        raise error
    if error is not None:
        raise ClusterError(f"{named(batch)}: checking it failed on a Dask worker: {error}")


def lines_after(batch: list[Task], checked: Checked, before: int) -> int:
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


def _unpack(batch: list[Task], packed: _Packed, lines_before: list[int]) -> Iterator[RunOutcome]:
    """The outcomes of a task's batch, each span's lines numbered in its file."""
    for shift, (source, _, items) in zip(_shifts(batch, packed, lines_before), packed, strict=False):
        for item in items:
            kind = type(item)  # exact types, not isinstance: this loop runs once per line
            if kind is range:
                lines = cast(range, item)
                yield CleanRun(source, range(lines.start + shift, lines.stop + shift) if shift else lines)
            elif item is None or kind is str:
                yield Result(source, cast("str | None", item), ())
            elif shift and kind is Result:
                yield _shifted(cast(Result, item), shift)
            else:
                yield cast(RunOutcome, item)


def _shifted(result: Result, by: int) -> Result:
    """A span's failing line, numbered in its file: its location and every finding's line move by *by*."""
    number = int(str(result.location).removeprefix("line ")) + by
    findings = tuple(
        f if f.line is None else Finding(f.rule, f.severity, f.pointer, f.message, f.line + by, f.column)
        for f in result.findings
    )
    return Result(result.source, f"line {number}", findings, result.baselined)


def named(batch: list[Task]) -> str:
    first = source_name(Piece(batch[0].path))
    return first if len(batch) == 1 else f"{first} (and {len(batch) - 1} more inputs)"
