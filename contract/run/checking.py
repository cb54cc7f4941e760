"""Check the records of one piece of work: the part of a run that is the same in this process and in a worker."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from contract.check.positions import place
from contract.check.validator import Validator
from contract.exchange import Exchange, Skipped, Unreadable
from contract.findings import Result
from contract.rules import Profile
from contract.sources.plan import Piece, piece_lines, read_piece, source_name

__all__ = ["Options", "Outcome", "check_batch", "check_lines", "check_piece", "check_records", "validator_for"]

Outcome = Result | Skipped
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
        yield place(result, record) if result.findings else result  # type: ignore[arg-type]


@cache
def validator_for(options: Options) -> Validator:
    """The run's validator; bodies whose request is unknown are checked as cancel responses unless told otherwise."""
    operation, profile, ignore = options
    return Validator(operation=operation or "cancel", profile=profile, ignore=ignore)


def check_piece(piece: Piece, options: Options) -> Iterator[Outcome]:
    """Every outcome in one piece of work; recorded requests of operations the options do not select are skipped."""
    validator = validator_for(options)
    if piece.format != "jsonl":
        yield from check_records(read_piece(piece, operation=options[0]), validator)
        return
    source = source_name(piece)
    for item in check_lines(piece, validator):
        yield Result(source, f"line {item}", ()) if type(item) is int else item  # type: ignore[misc]


def check_lines(
    piece: Piece, validator: Validator, lines: Iterable[tuple[int, bytes]] | None = None
) -> Iterator[int | Result]:
    """JSON Lines, the bulk case: a clean line is just its number; only a failing line builds an exchange.

    *lines* are the piece's ``(number, body)`` pairs when they come from elsewhere (a span a cluster worker read).
    """
    source = source_name(piece)
    findings_of = validator.findings
    for number, body in piece_lines(piece) if lines is None else lines:
        findings = findings_of(body)
        if not findings:
            yield number
            continue
        location = f"line {number}"
        yield place(Result(source, location, findings), Exchange(body, source, location, line=number))


def check_batch(batch: list[Piece], options: Options) -> Iterator[Outcome]:
    for piece in batch:
        yield from check_piece(piece, options)
