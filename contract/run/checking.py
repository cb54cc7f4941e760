"""Check the records of one piece of work: the part of a run that is the same in this process and in a worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from contract.check.validator import Validator
from contract.exchange import Exchange, Skipped, Unreadable
from contract.findings import CleanRun, Result
from contract.rules import Profile
from contract.sources.plan import Piece, piece_blocks, read_piece, source_name

__all__ = [
    "RUN_LINES",
    "Options",
    "Outcome",
    "RunOutcome",
    "check_batch",
    "check_lines",
    "check_piece",
    "check_records",
    "validator_for",
]

#: What a check yields: a result, or the marker of a recorded request not checked.
Outcome = Result | Skipped
#: What a run yields inside: an outcome, or a run of clean JSON Lines lines standing for their results.
RunOutcome = Result | CleanRun | Skipped
#: The most lines one run of clean lines holds, so a run's outcomes keep flowing (and a worker can stop) on
#: a file whose every line passes.
RUN_LINES = 4096
#: What a worker needs to check a piece: the operation chosen (``None``: every operation), profile, sorted ignores.
Options = tuple[str | None, Profile, tuple[str, ...]]


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
        yield _placed(result, record) if result.findings else result  # type: ignore[arg-type]


def _placed(result: Result, exchange: Exchange) -> Result:
    """*result*'s findings placed in the source file (positions are imported by the runs that have a finding)."""
    from contract.check.positions import place

    return place(result, exchange)


@cache
def validator_for(options: Options) -> Validator:
    """The run's validator; bodies whose request is unknown are checked as cancel responses unless told otherwise."""
    operation, profile, ignore = options
    return Validator(operation=operation or "cancel", profile=profile, ignore=ignore)


def check_piece(piece: Piece, options: Options) -> Iterator[RunOutcome]:
    """Every outcome in one piece of work; recorded requests of operations the options do not select are skipped."""
    validator = validator_for(options)
    if piece.format != "jsonl":
        yield from check_records(read_piece(piece, operation=options[0]), validator)
        return
    source = source_name(piece)
    for item in check_lines(piece, validator):
        yield CleanRun(source, item) if type(item) is range else item


def check_lines(
    piece: Piece, validator: Validator, blocks: Iterable[list[tuple[int, bytes]]] | None = None
) -> Iterator[range | Result]:
    """JSON Lines, the bulk case: each run of consecutive clean lines is just their numbers (at most
    :data:`RUN_LINES` of them); only a failing line builds a result, its findings placed in the file.

    *blocks* are the piece's ``(number, body)`` pairs, a list at a time, when they come from elsewhere (a span a
    worker read).
    """
    source = source_name(piece)
    findings_of = validator.line_findings
    first = end = -1  # the run of clean lines so far: range(first, end)
    try:
        # Nested loops over lists of lines, not one loop over a generator: no generator step per line.
        for block in piece_blocks(piece) if blocks is None else blocks:
            for number, body in block:
                findings = findings_of(body, number)
                if not findings:
                    if number == end and end - first < RUN_LINES:
                        end += 1
                        continue
                    if end != -1:
                        yield range(first, end)
                    first, end = number, number + 1
                    continue
                if end != -1:
                    yield range(first, end)
                    first = end = -1
                yield Result(source, f"line {number}", findings)
    except Exception:
        if end != -1:
            yield range(first, end)  # the lines that passed before the error are reported before it
        raise
    if end != -1:
        yield range(first, end)


def check_batch(batch: list[Piece], options: Options) -> Iterator[RunOutcome]:
    for piece in batch:
        yield from check_piece(piece, options)
