"""Examples per second: contract.strategies.sessions() against hypothesis-jsonschema on the same bundle.

Run: ``python benchmarks/strategies.py [COUNT]``. Both strategies are drawn through the same Hypothesis
settings (generate phase only, no database, no deadline, health checks off); the figure that matters
is the ratio, measured in one run. Target: sessions() at least 20x hypothesis-jsonschema.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from hypothesis.strategies import SearchStrategy

from contract.errors import EngineError
from contract.schemas import bundle
from contract.strategies import sessions
from contract.strategies._engine import HYPOTHESIS_JSONSCHEMA, check_engine, jsonschema_strategy
from contract.strategies.corpus import draw_examples

TARGET = 20.0


def _rate(strategy: SearchStrategy[Any], count: int) -> float:
    """Examples per second drawing *count* examples (after one warm-up draw that compiles the strategy)."""
    list(draw_examples(strategy, count=1, seed=0))
    started = time.perf_counter()
    drawn = sum(1 for _ in draw_examples(strategy, count=count, seed=1))
    return drawn / (time.perf_counter() - started)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    try:
        check_engine(HYPOTHESIS_JSONSCHEMA)
    except EngineError as err:
        print(f"cannot compare: {err}")
        return 2
    ours = _rate(sessions(), count)
    # The same count for each: Hypothesis draws larger examples as a run goes on, so counts must match.
    theirs = _rate(jsonschema_strategy(bundle()), count)
    tightened = _rate(sessions(engine=HYPOTHESIS_JSONSCHEMA), count)
    print("ChatSessionResource, examples per second (generate phase only)")
    print(
        f"sessions()                                   {ours:8.1f}/s   {ours / theirs:5.1f}x  (target >= {TARGET:.0f}x)"
    )
    print(f"hypothesis-jsonschema from_schema(bundle())  {theirs:8.1f}/s    1.0x")
    print(f"sessions(engine='hypothesis-jsonschema')     {tightened:8.1f}/s   {tightened / theirs:5.1f}x")
    return 0 if ours / theirs >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
