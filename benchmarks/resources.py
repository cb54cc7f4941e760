"""Time the validator on one conforming response of every resource against an orjson parse of the same bytes.

Run: ``python benchmarks/resources.py``. One row per resource, each checked as its operation's answer (a page
of 20 threads, a page of 20 items of every type, as the API's default page holds): the fast path's cost as a
ratio to ``orjson.loads`` of the same body, in CPU time, measured interleaved in the same run because absolute
times on shared machines lie. Target: ``Validator.validate(bytes)`` at most 3x the parse, as for the session resource
(``benchmarks/validator.py``); below ~200 bytes the fixed cost of a call (~1.5 us) is more than a parse costs,
so those rows also print the absolute overhead.
"""

from __future__ import annotations

import copy
import statistics
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from contract import Validator
from contract.operations import DEFAULT_PAGE
from contract.standin.threads import ThreadStore

TARGET = 3.0


def _payloads() -> dict[str, tuple[str, bytes]]:
    """A conforming body per resource, compacted as the API sends it, with the operation that answers it."""
    session = orjson.loads((Path(__file__).parents[1] / "examples" / "cancel-ok.json").read_bytes())
    store = ThreadStore(lambda: 1_712_345_678)
    for user in range(7):
        store.seed(f"user_{user}")
    threads = store.list_threads(limit=DEFAULT_PAGE)
    thread = threads["data"][0]
    six = store.list_items(thread["id"])
    assert six is not None
    items: list[dict[str, Any]] = []
    for number in range(DEFAULT_PAGE):
        item = copy.deepcopy(six["data"][number % len(six["data"])])
        item.update(id=f"cthi_{number:04d}", created_at=1_712_345_678 - number)
        items.append(item)
    page = {"object": "list", "data": items, "first_id": items[0]["id"], "last_id": items[-1]["id"], "has_more": True}
    deleted = {"id": thread["id"], "object": "chatkit.thread.deleted", "deleted": True}
    return {
        "ChatSessionResource": ("cancel", orjson.dumps(session)),
        "ThreadResource": ("get-thread", orjson.dumps(thread)),
        "ThreadListResource": ("list-threads", orjson.dumps(threads)),
        "DeletedThreadResource": ("delete-thread", orjson.dumps(deleted)),
        "ThreadItemListResource": ("list-thread-items", orjson.dumps(page)),
    }


def _interleaved(fn: Callable[[], object], base: Callable[[], object], number: int, rounds: int) -> list[float]:
    """fn's time / base's time in each of *rounds* rounds, both timed back to back (a burst of load lands on both)."""
    ratios = []
    for _ in range(rounds):
        base_time = _cpu(base, number)
        ratios.append(_cpu(fn, number) / base_time)
    return ratios


def _cpu(fn: Callable[[], object], number: int) -> float:
    """CPU seconds for *number* calls: other processes on a shared machine stretch wall time, not this."""
    return timeit.Timer(fn, timer=time.process_time).timeit(number=number)


def main(rounds: int = 9) -> None:
    print(f"{'resource':24} {'bytes':>6} {'parse':>9} {'validate':>9}  ratio (median, min-max)   target <= {TARGET:g}x")
    for name, (operation, body) in _payloads().items():
        validator = Validator(operation=operation)
        assert validator.validate(body).findings == (), name

        def parse(body: bytes = body) -> object:
            return orjson.loads(body)

        def check(body: bytes = body, validator: Validator = validator) -> object:
            return validator.validate(body)

        number = max(300, 2_500_000 // len(body))  # about 5 ms of parsing per timing
        ratios = _interleaved(check, parse, number, rounds)
        parsed = min(_cpu(parse, number) for _ in range(3)) / number
        checked = min(_cpu(check, number) for _ in range(3)) / number
        ratio = statistics.median(ratios)
        verdict = "ok" if ratio <= TARGET else f"over (+{(checked - parsed) * 1e6:.1f} us a call)"
        print(
            f"{name:24} {len(body):6d} {parsed * 1e6:7.2f}us {checked * 1e6:7.2f}us  "
            f"{ratio:5.2f}x ({min(ratios):.2f}-{max(ratios):.2f})   {verdict}"
        )


if __name__ == "__main__":
    main()
