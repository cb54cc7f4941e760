"""Time the validator on one conforming cancel response against an orjson parse and plain jsonschema.

Run: ``python benchmarks/validator.py``. Prints ratios to the orjson parse measured in the same
run, because absolute times on shared machines lie. Target: Validator.validate(bytes) <= 3x parse.
"""

from __future__ import annotations

import statistics
import timeit
from collections.abc import Callable
from pathlib import Path

import orjson
from jsonschema import Draft202012Validator

from contract import Validator
from contract.schemas import bundle

# The bundled conforming example, compacted as an API sends it.
PAYLOAD = orjson.dumps(orjson.loads((Path(__file__).parents[1] / "examples" / "cancel-ok.json").read_bytes()))


def _per_call(fn: Callable[[], object], number: int, repeat: int = 7) -> float:
    """Median seconds per call over *repeat* rounds of *number* calls."""
    return statistics.median(t / number for t in timeit.repeat(fn, number=number, repeat=repeat))


def _interleaved_ratio(fn: Callable[[], object], base: Callable[[], object], number: int, rounds: int = 9) -> float:
    """Median over *rounds* of fn's time / base's time, each round timing both back to back.

    Interleaving keeps a burst of load on the shared machine from landing on one side only.
    """
    ratios = []
    for _ in range(rounds):
        base_time = timeit.timeit(base, number=number)
        ratios.append(timeit.timeit(fn, number=number) / base_time)
    return statistics.median(ratios)


def main() -> None:
    validator = Validator()
    reference = Draft202012Validator(bundle())
    assert validator.validate(PAYLOAD).findings == ()
    assert reference.is_valid(orjson.loads(PAYLOAD))

    parse = _per_call(lambda: orjson.loads(PAYLOAD), 100_000)
    ours = _per_call(lambda: validator.validate(PAYLOAD), 100_000)
    plain = _per_call(lambda: reference.is_valid(orjson.loads(PAYLOAD)), 1_000)

    print(f"payload: {len(PAYLOAD)} bytes")
    print(f"orjson.loads                    {parse * 1e6:8.2f} us   1.00x")
    ratio = _interleaved_ratio(lambda: validator.validate(PAYLOAD), lambda: orjson.loads(PAYLOAD), 50_000)
    print(f"Validator.validate(bytes)       {ours * 1e6:8.2f} us  {ratio:5.2f}x   (target <= 3x; interleaved median)")
    print(f"jsonschema is_valid(loads(...)) {plain * 1e6:8.2f} us  {plain / parse:5.0f}x")


if __name__ == "__main__":
    main()
