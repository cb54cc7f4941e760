"""What one failing JSON Lines record costs beyond a clean one, on the bulk path ``validate`` takes.

Run: ``python benchmarks/failing_record.py``. For each way ``validate_bulk.py``'s corpus breaks a record
(an enum typo, a missing member, milliseconds for seconds, a truncated line) and for an undeclared member,
2,000 such lines and 2,000 clean ones are checked and placed in their file exactly as a run does; the extra
CPU per failing line is the difference, in the same round. Target: at most 30 µs on average over the four
kinds of the bulk corpus. Medians of interleaved rounds, with their spread (min-max), because shared
machines are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))

from validate_bulk import response  # the records validate_bulk.py checks

from contract.check.validator import Validator
from contract.run.checking import check_lines
from contract.sources.plan import Piece

LINES = 2_000
TARGET_US = 30.0


def _enum_typo(body: dict[str, Any]) -> bytes:
    body["status"] = "canceled"
    return orjson.dumps(body)


def _missing_member(body: dict[str, Any]) -> bytes:
    del body["workflow"]["tracing"]
    return orjson.dumps(body)


def _milliseconds(body: dict[str, Any]) -> bytes:
    body["expires_at"] *= 1000
    return orjson.dumps(body)


def _truncated(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body)[:-25]


def _undeclared_member(body: dict[str, Any]) -> bytes:
    body["chatkit_configuration"]["history"]["retention_days"] = 30
    return orjson.dumps(body)


#: The four ways validate_bulk.py's corpus breaks records (the target's average), then drift.
KINDS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "enum typo": _enum_typo,
    "missing member": _missing_member,
    "milliseconds": _milliseconds,
    "truncated": _truncated,
    "undeclared member": _undeclared_member,
}
BULK_KINDS = ("enum typo", "missing member", "milliseconds", "truncated")


def _write(path: Path, make: Callable[[dict[str, Any]], bytes]) -> Piece:
    path.write_bytes(b"".join(make(response(number)) + b"\n" for number in range(LINES)))
    return Piece(str(path), path.stat().st_size, "jsonl")


def _cpu(piece: Piece, validator: Validator) -> float:
    started = time.process_time()
    for _ in check_lines(piece, validator):
        pass
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (median reported)")
    options = parser.parse_args()
    validator = Validator()
    with tempfile.TemporaryDirectory(prefix="chatkit-bench-") as tmp:
        clean = _write(Path(tmp) / "clean.jsonl", orjson.dumps)
        failing = {
            kind: _write(Path(tmp) / f"{number}.jsonl", make) for number, (kind, make) in enumerate(KINDS.items())
        }
        for piece in (clean, *failing.values()):
            _cpu(piece, validator)  # warm up: first-failure imports and caches are a run's, not a record's
        extra: dict[str, list[float]] = {kind: [] for kind in KINDS}
        per_clean: list[float] = []
        for _ in range(options.rounds):
            for kind, piece in failing.items():
                base = _cpu(clean, validator)
                per_clean.append(base / LINES * 1e6)
                extra[kind].append((_cpu(piece, validator) - base) / LINES * 1e6)
    print(f"a clean record: {statistics.median(per_clean):.1f} µs CPU (median of {len(per_clean)})")
    print(f"extra CPU of a failing record over a clean one, median of {options.rounds} (min-max):")
    for kind, values in extra.items():
        print(f"  {kind:18} {statistics.median(values):6.1f} µs  ({min(values):.1f}-{max(values):.1f})")
    average = [statistics.mean(values) for values in zip(*(extra[kind] for kind in BULK_KINDS), strict=True)]
    median = statistics.median(average)
    verdict = "met" if median <= TARGET_US else "NOT met"
    print(
        f"  average of the bulk corpus's four kinds: {median:.1f} µs ({min(average):.1f}-{max(average):.1f}); "
        f"target <= {TARGET_US:.0f} µs  ->  {verdict}"
    )


if __name__ == "__main__":
    main()
